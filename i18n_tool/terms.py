"""Glossary terms found in the forms German writes them: inflected, in compounds, by a name's
head alone.

German inflects names and nouns: "Putins Truppen", "des NATO-Generalsekretärs", "Soldaten",
"Truppenanstieg". A term is found here when a word of the text is

- the term, or one of its spelling `variants`, as the glossary writes it (`exact`, `variant`);
- an inflected form: a name's genitive (`Putins`, `Boris’`), or for a common noun any form
  the lemmatizer takes back to the term's lemma (`Truppen` → `Truppe`) (`inflected`);
- the name's `head` alone, where the glossary gives one (`Selenskyj`, `Kims`) (`head`); not
  where it starts or ends another name (`Kim Il Sung`, `Ivanka Trump`);
- a hyphenated compound with the term (or its inflected form) as a part (`NATO-Generalsekretär`,
  `CC-Abmahnungen`) (`compound`);
- for a common noun, a closed compound with the term as its first or last part, the other part
  a German word (`Truppenanstieg`, `Mietenstreik`, `Mitmieter`) (`closed`).

A term is a common noun when its translations are written in lower case (Truppe → troop,
troupe): a name is not inflected by a lemmatizer and never forms closed compounds here, so
"Kimchi" is not "Kim". The lemmatizer is simplemma (MIT licence, dictionary data for German,
English, French, Spanish and 45 other languages, offline; see docs/translator.md, "Glossary").

The same matcher runs on translations, to accept a target term in any inflected form of the
target language (`troupes` for `troupe`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .languages import base_language


class Form(StrEnum):
    """How an occurrence writes its term."""

    EXACT = "exact"
    INFLECTED = "inflected"
    VARIANT = "variant"
    HEAD = "head"
    COMPOUND = "compound"  # hyphenated: the term is one part
    CLOSED = "closed"  # one word: the term is its first or last part


@dataclass(frozen=True)
class TermEntry:
    """One glossary term, for one target language."""

    source: str
    target: str
    head: str | None = None  # the name's head alone ("Selenskyj"), if the glossary gives one
    variants: tuple[str, ...] = ()  # other spellings of the source term
    avoid: tuple[str, ...] = ()  # target spellings the glossary forbids
    common_noun: bool = False

    @property
    def head_first(self) -> bool:
        """Is the head the source's first word (Kim of Kim Jong-un), not its last?"""
        return self.source.split()[0] == self.head

    @property
    def head_target(self) -> str:
        """The target's head: its first word if the head is the source's first, else its last."""
        if not self.head:
            return self.target
        words = self.target.split()
        return words[0] if self.head_first else words[-1]


@dataclass(frozen=True)
class Occurrence:
    """A term in a text: the whole word(s) at `start:end`, the term's own part at
    `part_start:part_end` (the same, except in a hyphenated compound), and the ending a name's
    genitive added (`s`, `’`), which MT puts back in the target language's way."""

    entry: TermEntry
    form: Form
    start: int
    end: int
    part_start: int
    part_end: int
    text: str
    genitive: str = ""

    @property
    def part(self) -> str:
        """The term's own part of the occurrence (NATO of NATO-Generalsekretär)."""
        return self.text[self.part_start - self.start : self.part_end - self.start]

    @property
    def required(self) -> str:
        """The target text a translation must contain for this occurrence."""
        return self.entry.head_target if self.form is Form.HEAD else self.entry.target


# A word: letters, digits and inner hyphens, with a genitive apostrophe after s/x/z/ß; or an
# initial ("J.") inside a name.
_WORD = re.compile(r"[A-ZÄÖÜ]\.(?=\s)|[^\W\d_][\w]*(?:[-‐][\w]+)*(?:(?<=[sxzßSXZ])[’'](?!\w))?")
_LINKS = ("", "n", "en", "s", "es", "e")  # what joins a noun to the next in a closed compound
_GENITIVE = {"de": ("s",), "en": ("'s", "’s")}
_GENITIVE_APOSTROPHE = {"de": ("’", "'"), "en": ("'", "’")}  # after s, x, z, ß


# simplemma is imported on first use: a run without an inflected term never pays for it (its
# German dictionary takes about a second to load, once per process).


@lru_cache(maxsize=65536)
def lemma(word: str, language: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=language).casefold()
    except ValueError:  # a language simplemma has no data for: the word as it is
        return word.casefold()


@lru_cache(maxsize=65536)
def known(word: str, language: str) -> bool:
    import simplemma

    try:
        return simplemma.is_known(word, lang=language)
    except ValueError:
        return False


@dataclass(frozen=True)
class _Form:
    entry: TermEntry
    words: tuple[str, ...]
    form: Form  # EXACT, VARIANT or HEAD


class TermMatcher:
    """Finds the terms of `entries` in texts of `language` (the article's language)."""

    def __init__(self, entries: list[TermEntry], language: str = "de") -> None:
        self.language = base_language(language)
        self._forms: dict[str, list[_Form]] = {}  # a stem of the last word → forms
        for entry in entries:
            forms = [_Form(entry, tuple(entry.source.split()), Form.EXACT)]
            forms += [_Form(entry, tuple(v.split()), Form.VARIANT) for v in entry.variants]
            if entry.head:
                forms.append(_Form(entry, (entry.head,), Form.HEAD))
            for form in forms:
                last = form.words[-1]
                stems = {self._stem(last, entry.common_noun)}
                if entry.common_noun:
                    stems.add(self._stem(last[0].lower() + last[1:], True))
                for stem in stems:
                    self._forms.setdefault(stem, []).append(form)
        self._stems = (
            re.compile("|".join(re.escape(s) for s in sorted(self._forms, key=len, reverse=True)))
            if self._forms
            else None
        )

    @staticmethod
    def _stem(word: str, common_noun: bool) -> str:
        """What every form of `word` starts with: the word, or for a noun its first letters
        (Truppe, Truppen; Soldat, Soldaten; Miete, Mieten)."""
        return word[: max(3, len(word) - 1)] if common_noun else word

    def find(self, text: str) -> list[Occurrence]:
        """Every term occurrence in `text`, in order, none overlapping (the longest wins)."""
        if self._stems is None or not self._stems.search(text):
            return []
        words = list(_WORD.finditer(text))
        starts = [w.start() for w in words]
        hit_words: set[int] = set()
        for hit in self._stems.finditer(text):
            index = bisect_right(starts, hit.start()) - 1
            if index >= 0 and words[index].end() >= hit.end():
                hit_words.add(index)
        found: list[Occurrence] = []
        for index in sorted(hit_words):
            word = words[index].group(0)
            for stem, forms in self._forms.items():  # every stem in the word, not only the hit
                if stem in word:
                    for form in forms:
                        occurrence = self._match(text, words, index, form)
                        if occurrence is not None:
                            found.append(occurrence)
        found.sort(key=lambda o: (o.start, -(o.end - o.start)))
        result: list[Occurrence] = []
        for occurrence in found:
            if not result or occurrence.start >= result[-1].end:
                result.append(occurrence)
        return result

    # --- one word against one form ---------------------------------------------------------

    def _match(
        self, text: str, words: list[re.Match[str]], index: int, form: _Form
    ) -> Occurrence | None:
        word = words[index]
        entry, last = form.entry, form.words[-1]
        first = index - (len(form.words) - 1)
        if first < 0:
            return None
        for offset, expected in enumerate(form.words[:-1]):  # the words before the last
            before, after = words[first + offset], words[first + offset + 1]
            if before.group(0) != expected or not text[before.end() : after.start()].isspace():
                return None
        start = words[first].start()
        how, genitive = self._word_form(word.group(0), last, entry.common_noun)
        if how is not None:
            if form.form is Form.HEAD and self._other_name(text, words, index, form, genitive):
                return None
            kind = form.form if how is Form.EXACT or form.form is not Form.EXACT else how
            return Occurrence(
                entry, kind, start, word.end(), start, word.end(), text[start : word.end()],
                genitive,
            )  # fmt: skip
        if len(form.words) > 1:
            return None
        return self._compound(word, last, entry)

    def _word_form(self, word: str, term: str, common_noun: bool) -> tuple[Form | None, str]:
        """EXACT or INFLECTED (with the genitive ending a name took), or None."""
        if word == term:
            return Form.EXACT, ""
        if word.startswith(term):
            ending = word[len(term) :]
            if ending in _GENITIVE.get(self.language, ()):
                return Form.INFLECTED, ending
            if term[-1] in "sxzß" and ending in _GENITIVE_APOSTROPHE.get(self.language, ()):
                return Form.INFLECTED, ending
        if (
            common_noun
            and word[:1] == term[:1]
            and lemma(word, self.language) == lemma(term, self.language)
        ):
            return Form.INFLECTED, ""
        return None, ""

    def _compound(self, word: re.Match[str], term: str, entry: TermEntry) -> Occurrence | None:
        text = word.group(0)
        parts = re.split(r"[-‐]", text)
        position = word.start()
        for part in parts if len(parts) > 1 else ():
            how, _ = self._word_form(part, term, entry.common_noun)
            if how is not None:
                return Occurrence(
                    entry, Form.COMPOUND, word.start(), word.end(), position, position + len(part),
                    text,
                )  # fmt: skip
            position += len(part) + 1
        if entry.common_noun and any(self._closed(part, term) for part in parts):
            return Occurrence(
                entry, Form.CLOSED, word.start(), word.end(), word.start(), word.end(), text
            )
        return None

    def _closed(self, word: str, term: str) -> bool:
        """Is `word` a closed compound of the noun `term` and another German word?"""
        for link in _LINKS:
            stem = term + link
            rest = word[len(stem) :]
            if (
                word.startswith(stem)
                and len(rest) >= 4
                and rest[0].islower()
                and known(rest[0].upper() + rest[1:], self.language)
            ):
                return True
        lowered = term[0].lower() + term[1:]
        cut = word.find(lowered, 3)
        if cut > 0:
            how, _ = self._word_form(term[0] + word[cut + 1 :], term, True)
            return how is not None and known(word[:cut], self.language)
        return False

    def _other_name(
        self, text: str, words: list[re.Match[str]], index: int, form: _Form, genitive: str
    ) -> bool:
        """Does this head start or end another person's name (`Kim Il Sung`, `Ivanka Trump`)?"""
        if form.entry.head_first:
            if genitive or index + 1 == len(words):
                return False  # "Kims Vater": a genitive is followed by its noun
            after = words[index + 1]
            return text[words[index].end() : after.start()] == " " and after.group(0)[0].isupper()
        if index == 0:
            return False
        before = words[index - 1]
        previous = before.group(0)
        return (
            text[before.end() : words[index].start()] == " "
            and previous[0].isupper()
            and not previous.endswith(".")
            and not known(previous, self.language)
        )


_TARGET_WORD = re.compile(r"\w+(?:[-‐]\w+)*")


def contains_term(text: str, required: str, language: str) -> bool:
    """Does the translation `text` use `required`, as written or in an inflected form of
    `language` (troupes for troupe, soldados for soldado)? A word written with a capital (a
    name) must stand as written: "Kim Jong Un" is not "Kim Jong-un"."""
    return required in text or bool(target_spans(text, required, language))


def target_spans(text: str, required: str, language: str) -> list[tuple[int, int]]:
    """Where the translation `text` uses `required` (as `contains_term` accepts it)."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(required), text)]
    language = base_language(language)
    wanted = [_target_key(w, language) for w in _TARGET_WORD.findall(required)]
    if not wanted:
        return spans
    words = list(_TARGET_WORD.finditer(text))
    size = len(wanted)
    as_written = {start for start, _ in spans}
    for i in range(len(words) - size + 1):
        window = words[i : i + size]
        if window[0].start() in as_written:
            continue
        if all(
            word.group() == key
            if key[:1].isupper()
            else lemma(word.group()[:1].lower() + word.group()[1:], language) == key
            for word, key in zip(window, wanted, strict=True)
        ):
            spans.append((window[0].start(), window[-1].end()))
    return sorted(spans)


def _target_key(word: str, language: str) -> str:
    """A capitalised word as it is (a name); another word by its lemma."""
    return word if word[:1].isupper() else lemma(word, language)


def stands_in(text: str, words: str) -> bool:
    """Does `text` hold `words` as whole words (not inside a longer one)?"""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def avoided(text: str, entry: TermEntry) -> list[str]:
    """The spellings the glossary forbids that `text` uses."""
    return [spelling for spelling in entry.avoid if stands_in(text, spelling)]


class Terminology:
    """The glossary for one target language: its entries, and the matcher that finds them in
    the source language's texts (built once, on first use)."""

    def __init__(self, entries: list[TermEntry], target: str, source: str = "de") -> None:
        self.entries = tuple(entries)
        self.target_language = target
        self.source_language = source
        self._matcher: TermMatcher | None = None
        self._targets = frozenset(entry.target for entry in entries)

    @classmethod
    def from_mapping(cls, terms: dict[str, str], target: str, source: str = "de") -> Terminology:
        """From plain `source term → target text` pairs (a target in lower case makes the term
        a common noun)."""
        entries = [TermEntry(s, t, common_noun=t[:1].islower()) for s, t in terms.items()]
        return cls(entries, target, source)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def find(self, text: str) -> list[Occurrence]:
        if not self.entries:
            return []
        if self._matcher is None:
            self._matcher = TermMatcher(list(self.entries), self.source_language)
        return self._matcher.find(text)

    def is_target(self, text: str) -> bool:
        """Is `text` (a whole unit) one of the glossary's target texts, such as a name?"""
        return text.strip() in self._targets
