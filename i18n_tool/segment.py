"""Sentence segmentation for German news text (conventions: shared/specs/segmentation-de.md).

Every `.`, `!`, `?` or `…` (with the quotes, brackets and footnote markers that close the
sentence) followed by whitespace is a candidate boundary. Each candidate is decided by, in order:
the project's break rules, the built-in break rules (both SRX-style `before`/`after` regular
expressions), then the word lists of `GermanRules` (abbreviations, sentence starters). All of it
is data, so a project extends it in its config without touching the code.

Spans, not copies: `sentence_spans` returns character offsets, so callers keep the source's own
spacing between sentences and rebuild the block exactly. Every decision looks at a bounded
window around the candidate, so the time is linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

from .errors import ConfigError

LEXICON = resources.files(__package__) / "data" / "abbreviations-de.toml"
LEXICON_CLASSES = ("never-final", "ambiguous", "final", "units", "magnitudes", "cardinal-nouns")


def abbreviation_key(written: str) -> str:
    """How an abbreviation is looked up: without spaces and final period ("u. Ä." -> "u.Ä")."""
    return "".join(written.split()).rstrip(".")


def read_lexicon(text: str) -> dict[str, dict[str, frozenset[str]]]:
    """The abbreviation lexicon's classes, each by source (data/abbreviations-de.toml)."""
    data = tomllib.loads(text)
    return {
        name: {
            source: frozenset(
                abbreviation_key(word)
                for word in (words.split() if isinstance(words, str) else words)
            )
            for source, words in data.get(name, {}).items()
        }
        for name in LEXICON_CLASSES
    }


def _lexicon_class(name: str, lexicon: dict[str, dict[str, frozenset[str]]]) -> frozenset[str]:
    """One class of a lexicon, all its sources together."""
    return frozenset().union(*lexicon.get(name, {}).values())


_LEXICON = read_lexicon(LEXICON.read_text(encoding="utf-8"))

# Endings of compound abbreviations ("Bahnhofstr. 5"): never a boundary before a number,
# always one before a capitalised word ("in der Bahnhofstr. Zeugen ...").
ABBREVIATION_SUFFIXES = ("str",)

# Words of two letters that are real words, not abbreviations ("Er kam an."); any other short
# word, and any word without a vowel, ending in a period is read as an abbreviation ("Dt.",
# "em.", "Bgm.") unless a sentence starter follows. Acronyms ("SPD.") are words.
SHORT_WORDS = frozenset("ab am an da du ei er es im in ja je ob öl so um wo zu".split())


# Dashes that open a turn of dialogue after a sentence: "Haben Sie gerechnet? – Nein."
DIALOGUE_DASHES = frozenset("–—")

# Capitalised words that start sentences; after an ambiguous period they tip the balance to a
# boundary ("Platz 3. Die ...", "Thomas K. Er ...", "1,3 Mio. Das ...").
SENTENCE_STARTERS = frozenset(
    """
    Der Die Das Dem Den Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ich Ihr Man Dies
    Diese Dieser Dieses Diesem Diesen Damit Danach Dann Doch Aber Und Auch Seit Sein Seine
    Ihre Im In Am An Auf Aus Bei Mit Nach Von Vom Vor Zu Zum Zur Für Als Wie Was Wer Wo
    Warum Wann Noch Nun So Da Dort Hier Heute Jetzt Bisher Zudem Außerdem Allerdings
    Trotzdem Deshalb Daher Dabei Dafür Dagegen Darauf Darüber Denn Jedoch Zwar Später Zuvor
    Inzwischen Mittlerweile Gleichzeitig Bereits Schon Nur Immer Viele Alle Einige Mehrere
    Kein Keine Unter Über Gegen Ohne Durch Wegen Trotz Während Obwohl Weil Wenn Ob Dass Laut
    Zunächst Anschließend Derzeit Somit Also Ebenso Stattdessen Insgesamt Vielmehr Hinzu
    Damals Seither Seitdem Sonst Zuletzt Erst Bis Jeder Jede Jedes Dazu Darin Davon Deren
    Dessen Mehr Ihm Ihn Ihnen Uns Mir Mich Wieder Gestern Ab Eben Hierzu Hingegen Unser
    Unsere Mein Meine Dahinter Davor Dennoch Deswegen Darum Dadurch Daraufhin Demnach
    Folglich Vorher Nachher Zuerst Schließlich Endlich Letztlich Immerhin Offenbar
    Vermutlich Wahrscheinlich Möglicherweise Tatsächlich Eigentlich Natürlich Leider Beim
    Ins Neben Zwischen Statt Anstatt Innerhalb Außerhalb Sowohl Weder Entweder Sobald
    Solange Sofern Falls Nachdem Bevor Indem Wobei Womit Wodurch Worauf Wozu Wohin Woher
    Weshalb Wieso Welche Welcher Welches Jene Jener Solche Manche Beide Andere Nichts Etwas
    Jemand Niemand Keiner Alles Ebenfalls Sogar Selbst Gerade Besonders Genau Rund Fast
    Knapp Etwa Kaum Mindestens Lediglich Unterdessen Andererseits Einerseits Zugleich Ferner
    Weiterhin Erstmals Bislang Künftig Bald Nie Niemals Oft Meist Nicht Zwei Drei Vier Fünf
    Sechs Sieben Acht Neun Zehn Elf Zwölf Zwanzig Dreißig Hundert Tausend Hunderte Tausende
    Dutzende Ihren Ihrem Ihres Ihrer Seinen Seinem Seines Seiner Unseren Unserem Euer Eure
    """.split()
)


@dataclass(frozen=True)
class BreakRule:
    """An SRX-style rule: where `before` matches the text up to a candidate boundary (its
    punctuation included) and `after` the text from there (its whitespace included), the
    candidate is a boundary if `breaks`, else not. The first matching rule decides."""

    before: str
    after: str = ""
    breaks: bool = False
    _before: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _after: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "_before", re.compile(f"(?:{self.before})\\Z"))
            object.__setattr__(self, "_after", re.compile(self.after))
        except re.error as exc:
            raise ConfigError(
                f"bad break rule pattern before={self.before!r} after={self.after!r}: {exc}"
            ) from exc

    def matches(self, text: str, position: int) -> bool:
        window = text[max(0, position - _WINDOW) : position]
        return bool(self._before.search(window)) and bool(self._after.match(text, position))


# Built-in rules that are most naturally patterns.
BREAK_RULES = (
    # "(!)", "[…]", "(?)": an aside or an omission mark, never an end.
    BreakRule(before=r"[(\[][.!?…]+[)\]]", after=r"\s", breaks=False),
    # Spaced dates: "am 24. 12. 2024".
    BreakRule(before=r"(?<![\d.])\d{1,2}\.", after=r"\s+\d{1,2}\.\s*\d{2,4}\b", breaks=False),
)


@dataclass(frozen=True)
class GermanRules:
    """The segmenter's data; extend it to teach it a newsroom's abbreviations and rules."""

    never_final_abbreviations: frozenset[str] = _lexicon_class("never-final", _LEXICON)
    final_abbreviations: frozenset[str] = _lexicon_class("final", _LEXICON)
    ambiguous_abbreviations: frozenset[str] = _lexicon_class("ambiguous", _LEXICON)
    unit_abbreviations: frozenset[str] = _lexicon_class("units", _LEXICON)
    magnitude_abbreviations: frozenset[str] = _lexicon_class("magnitudes", _LEXICON)
    # nouns after which a number is a cardinal, not an ordinal ("auf Platz 2. Gold ging an",
    # "zeigt Abb. 4. Auffällig ist"), while "den 2. Platz" goes on: data, in the lexicon
    cardinal_nouns: frozenset[str] = _lexicon_class("cardinal-nouns", _LEXICON)
    abbreviation_suffixes: tuple[str, ...] = ABBREVIATION_SUFFIXES
    sentence_starters: frozenset[str] = SENTENCE_STARTERS
    short_words: frozenset[str] = SHORT_WORDS
    break_rules: tuple[BreakRule, ...] = BREAK_RULES

    def starts_sentence(self, word: str) -> bool:
        """Whether the word (its trailing punctuation aside) is a sentence starter."""
        return word.rstrip(",;:.!?") in self.sentence_starters

    @functools.cached_property
    def known_abbreviations(self) -> frozenset[str]:
        """Every abbreviation the rules list, in any class."""
        return (
            self.never_final_abbreviations
            | self.ambiguous_abbreviations
            | self.final_abbreviations
            | self.unit_abbreviations
        )

    def with_lexicon(self, lexicon: dict[str, dict[str, frozenset[str]]]) -> GermanRules:
        """These rules plus a lexicon's classes (a project's learned abbreviations)."""
        return replace(
            self,
            never_final_abbreviations=self.never_final_abbreviations
            | _lexicon_class("never-final", lexicon),
            ambiguous_abbreviations=self.ambiguous_abbreviations
            | _lexicon_class("ambiguous", lexicon),
            final_abbreviations=self.final_abbreviations | _lexicon_class("final", lexicon),
            unit_abbreviations=self.unit_abbreviations | _lexicon_class("units", lexicon),
            magnitude_abbreviations=self.magnitude_abbreviations
            | _lexicon_class("magnitudes", lexicon),
        )

    def extended(
        self,
        abbreviations: Iterable[str] = (),
        ambiguous_abbreviations: Iterable[str] = (),
        final_abbreviations: Iterable[str] = (),
        sentence_starters: Iterable[str] = (),
        break_rules: Iterable[BreakRule] = (),
    ) -> GermanRules:
        """These rules plus a project's (abbreviations with or without the final period);
        the project's break rules are tried before the built-in ones."""

        def bare(words: Iterable[str]) -> frozenset[str]:
            return frozenset(abbreviation_key(word) for word in words)

        return replace(
            self,
            never_final_abbreviations=self.never_final_abbreviations | bare(abbreviations),
            ambiguous_abbreviations=self.ambiguous_abbreviations | bare(ambiguous_abbreviations),
            final_abbreviations=self.final_abbreviations | bare(final_abbreviations),
            sentence_starters=self.sentence_starters | frozenset(sentence_starters),
            break_rules=(*break_rules, *self.break_rules),
        )


DEFAULT_RULES = GermanRules()

_WINDOW = 80  # characters of context a decision may look back at
# What may close a sentence after its final punctuation: quotes, brackets, footnote marks,
# emoji, and closing tags (`eingetroffen.</strong> Das`).
_CLOSERS = (
    r"""[")\]'“”»«‘’›‹]|\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s*[\U0001F000-\U0001FAFF\u2600-\u27BF]+"""
    r"|</[A-Za-z][A-Za-z0-9-]*>"
)
# A candidate: terminal punctuation, what closes the sentence with it, then whitespace, or no
# whitespace at all between a lowercase word and a capitalised one ("Gedanken.Verschiedene").
_CANDIDATE = re.compile(
    rf"""(?P<term>[.!?…]+)
        (?P<close>(?:{_CLOSERS})*)
        (?P<space>\s+|(?<=[a-zäöüß]{{2}}[.!?])(?=[A-ZÄÖÜ][a-zäöüß]))""",
    re.VERBOSE,
)
# What may stand before a word without being part of it (quotes, brackets, a comma).
OPENERS = "„“\"»«‚‘'›‹([¿¡,"
_WORD_BEFORE = re.compile(r"\S+\Z")
# Tags around words (an HTML unit's placeholders, inline HTML in Markdown) are not the words.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*/?>")
_OPENING_TAGS = re.compile(r"(?:<[A-Za-z][A-Za-z0-9-]*(?: translate=\"no\")?>)+")
_WORD_AFTER = re.compile(r"\S+")
_NUMBER = re.compile(r"[-–]?[\d.,]*\d")
_ROMAN = re.compile(r"[IVXLC]+")
_BRAND = re.compile(r"[a-z]+[A-Z]")  # "eBay", "iPhone": lowercase words that start sentences
_VOWELS = re.compile("[aeiouyäöü]")
_WEB_ADDRESS = re.compile(r"@|/|www\.|\w{4,}\.[a-z]{2,}\b")


def _is_boundary(text: str, match: re.Match[str], rules: GermanRules, lead: int) -> bool:
    """`lead` is where the block's text starts (after leading whitespace)."""
    position = match.start("space")
    for rule in rules.break_rules:
        if rule.matches(text, position):
            return rule.breaks
    term, close = match.group("term"), match.group("close")
    tags = _OPENING_TAGS.match(text, match.end())  # "unklar. <a>Mehr dazu</a>": the word
    next_word = _WORD_AFTER.match(text, tags.end() if tags else match.end())
    if next_word is None:
        return True
    following = next_word.group(0).lstrip(OPENERS)
    before = _WORD_BEFORE.search(text, max(0, match.start() - _WINDOW), match.start())
    word = _TAG.sub("", before.group(0)).lstrip(OPENERS) if before else ""
    if match.start("space") == match.end():  # glued: "Gedanken.Verschiedene", not "www.Bund"
        return not _WEB_ADDRESS.search(word + term + following)
    if not following:
        return True
    if not close and _inside_quoted_title(text, match.start(), match.end()):
        return False  # „Kunst?! Fragen an die Moderne“ ist, „Faust. Eine Tragödie“ erschien
    if following in DIALOGUE_DASHES:
        # A dash after a sentence opens the next turn when a capital follows it.
        turn = _WORD_AFTER.search(text, next_word.end(), next_word.end() + _WINDOW)
        return turn is not None and turn.group(0).lstrip(OPENERS)[:1].isupper()
    first = following[0]
    if first.isdigit() and (term.startswith("…") or term == "..."):
        return False  # "von 1.200 auf … 312 gesunken": an ellipsis inside a phrase
    if first.islower():
        # A sentence may start with a lowercase brand ("eBay"), never with a plain word.
        return bool(_BRAND.match(following)) and not (
            term == "." and not close and _is_abbreviation(word, rules)
        )
    if not (first.isupper() or first.isdigit()):
        return False
    if term != "." or close or not word:
        return True
    starter = rules.starts_sentence(following)
    if _NUMBER.fullmatch(word) and _opens_a_list_item(text, before, lead, rules):
        return False  # "drei Schritte vor: 1. Die Grundsteuer ...": its number, not a unit
    if _NUMBER.fullmatch(word):
        noun = _word_before(text, before)
        cardinal = abbreviation_key(noun) in rules.cardinal_nouns or noun in ("…", "...")
        if cardinal and not first.isdigit():
            return True  # "auf Platz 2. Gold ging an", "auf … 312. Weitere": a cardinal ends it
        return _after_number(before, lead, word, first, starter)
    if first.isdigit():
        # "S. 225", "Nr. 5", "ca. 300": an abbreviation before a number goes on.
        return not _is_abbreviation(word, rules)
    if _known(word, rules.known_abbreviations):
        listed = _listed_abbreviation(text, before, word, rules, starter)
        if listed is not None:
            return listed
    elif len(word) <= 3 and _known(_word_before(text, before) + word, rules.final_abbreviations):
        return True  # "Decken, Kleidung u. Ä. Abgabe ist ..."
    if len(word) > 3 and word.endswith(rules.abbreviation_suffixes):
        return True  # "in der Bahnhofstr. Zeugen ..."
    if "." in word:
        # "z. B.", "u.a.", "o.ä.", but not a web address: "... auf tagesschau.de. Dort ..."
        return starter or bool(_WEB_ADDRESS.search(word))
    if (len(word) == 1 and word.isalpha()) or _ROMAN.fullmatch(word):
        return starter  # initials "J. R. R. Tolkien", "Thomas K. Er ...", "Benedikt XVI."
    if _looks_abbreviated(word, rules):
        return starter  # "bei der Dt. Bahn", "Prof. em. Hans Müller"
    return True


def _opens_a_list_item(
    text: str, number: re.Match[str] | None, lead: int, rules: GermanRules
) -> bool:
    """Whether the number before a period stands where a list item of an inline enumeration
    starts: at the block's start, or after a colon or a sentence's end ("vor: 1. Die ...",
    "gesenkt. 2. Die ..."), not after an abbreviation ("zeigt Abb. 4. Auffällig"). A list
    number alone is never a unit."""
    if number is None:
        return False
    if number.start() <= lead:
        return True
    window = text[max(0, number.start() - _WINDOW) : number.start()]
    end = number.start() - (len(window) - len(window.rstrip()))
    if end == number.start():
        return False  # glued to what stands before it
    previous = _WORD_BEFORE.search(text, max(0, end - _WINDOW), end)
    if previous is None:
        return False
    word = previous.group(0).rstrip("\"“”»«'’)")
    if word.endswith((":", "!", "?")):
        return True
    bare = word[:-1]
    return (
        word.endswith(".")
        and not word.endswith("..")
        and bare.isalpha()
        and not _is_abbreviation(bare, rules)
    )


def _looks_abbreviated(word: str, rules: GermanRules) -> bool:
    if not word.isalpha() or word.isupper():
        return False
    lowered = word.lower()
    return (len(word) == 2 and lowered not in rules.short_words) or not _VOWELS.search(lowered)


_QUOTED_TITLE_END = re.compile(r"[^„“.!?]*“\s+[a-zäöüß]")


def _inside_quoted_title(text: str, start: int, end: int) -> bool:
    """Whether the candidate from `start` to `end` lies inside „…“ whose closing mark is
    followed by a lowercase word, as a title with its own `?!` inside a sentence that goes on."""
    opened = text.rfind("„", max(0, start - _WINDOW), start)
    if opened < 0 or "“" in text[opened:start]:
        return False
    return bool(_QUOTED_TITLE_END.match(text, end, end + _WINDOW))


def _after_number(
    before: re.Match[str] | None, lead: int, word: str, first: str, starter: bool
) -> bool:
    """A period after a number: an ordinal ("am 28. Oktober", "den 3. Platz") goes on, a plain
    number ("im Jahr 2019.", "10.000.") ends the sentence; list numbering never does."""
    if before is not None and before.start() <= lead:
        return False  # "1. Die Steuer wird gesenkt.": list numbering at the start of a block
    if "," in word or "." in word or len(word.lstrip("-–")) >= 4:
        return True
    if first.isdigit():
        return False  # "vom 1. 2. bis 3. 2."
    return starter  # "Platz 3. Die ..."


def _known(word: str, abbreviations: frozenset[str]) -> bool:
    """Whether the lexicon lists the word, or its lowercase form at a sentence start ("Örtl.")."""
    return word in abbreviations or (
        word[:1].isupper() and word[:1].lower() + word[1:] in abbreviations
    )


def _listed_abbreviation(
    text: str, before: re.Match[str] | None, word: str, rules: GermanRules, starter: bool
) -> bool | None:
    """How the lexicon's classes decide a period after one of its words; None for a unit
    that stands after no number, which its shape decides."""
    if _known(word, rules.unit_abbreviations) and _after_quantity(text, before, rules):
        return True  # "kostet 250 Fr. Zudem ...", "4,7 Mrd. Fr. Er ...", "auf 12 km. Grund"
    if _known(word, rules.final_abbreviations):
        return True  # "... Fahrrad fahren, usw. Worauf ..."
    if _known(word, rules.never_final_abbreviations):
        return starter and _known(word, rules.ambiguous_abbreviations)
    if _known(word, rules.ambiguous_abbreviations):
        return starter
    return None


def _after_quantity(text: str, unit: re.Match[str] | None, rules: GermanRules) -> bool:
    """Whether a number or a magnitude ("4,7 Mrd.") stands before the unit."""
    previous = _word_before(text, unit)
    return bool(_NUMBER.fullmatch(previous)) or _known(
        previous.rstrip("."), rules.magnitude_abbreviations
    )


def _word_before(text: str, word: re.Match[str] | None) -> str:
    """The word before `word`, when a space separates them ("u." before "Ä.")."""
    if word is None or word.start() < 2 or not text[word.start() - 1].isspace():
        return ""
    found = _WORD_BEFORE.search(text, max(0, word.start() - _WINDOW), word.start() - 1)
    return found.group(0).lstrip(OPENERS) if found else ""


def _is_abbreviation(word: str, rules: GermanRules) -> bool:
    return (
        _known(word, rules.never_final_abbreviations)
        or _known(word, rules.ambiguous_abbreviations)
        or (len(word) > 3 and word.endswith(rules.abbreviation_suffixes))
        or ("." in word and not _WEB_ADDRESS.search(word))
        or (len(word) == 1 and word.isalpha())
        or _looks_abbreviated(word, rules)
    )


def sentence_spans(
    text: str,
    rules: GermanRules = DEFAULT_RULES,
    protected: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Offsets of the sentences of one block; whitespace between them belongs to neither.

    Line breaks are treated as spaces (soft breaks of Markdown); `protected` spans (inline code,
    links, emphasis), sorted by offset, never contain a boundary.
    """
    spans: list[tuple[int, int]] = []
    start = start_of_text = len(text) - len(text.lstrip())
    shield = iter(protected)
    current = next(shield, None)
    for match in _CANDIDATE.finditer(text):
        end = match.start("space")
        while current is not None and current[1] <= end:
            current = next(shield, None)
        if current is not None and current[0] < end:
            continue
        if not _is_boundary(text, match, rules, start_of_text):
            continue
        if end > start:
            spans.append((start, end))
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


def has_letter(text: str) -> bool:
    """Whether any character of `text` is a letter (`str.isalpha`), without a Python step
    per character: the regular expression finds the word characters that are no digit."""
    match = _MAYBE_LETTER.search(text)
    while match is not None and not match.group().isalpha():
        match = _MAYBE_LETTER.search(text, match.end())
    return match is not None


_MAYBE_LETTER = re.compile(r"[^\W\d_]")  # letters, and numerals such as ² or ½


def split_sentences(text: str, lang: str = "de", rules: GermanRules = DEFAULT_RULES) -> list[str]:
    """The sentences of a plain-text block, stripped, in order; every line break is a boundary."""
    if lang != "de":
        raise ConfigError(f"no sentence segmentation rules for language {lang!r} (only 'de')")
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(line[a:b] for a, b in sentence_spans(line, rules))
    return sentences


def unit_spans(
    text: str,
    rules: GermanRules = DEFAULT_RULES,
    sentences: bool = True,
    protected: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """The units of one block: its sentences, or the whole block (paragraph granularity)."""
    if sentences:
        return sentence_spans(text, rules, protected)
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    return [(start, end)] if end > start else []
