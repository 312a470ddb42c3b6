"""Sentence segmentation for German news text (conventions: shared/specs/segmentation-de.md).

A rule-based splitter: every `.`, `!`, `?` or `…` followed by whitespace is a candidate
boundary; the rules below veto candidates after abbreviations, ordinals, initials and inside
quoted titles, unless the next word clearly starts a new sentence. The word lists are data
(`GermanRules`), so a project can extend them without touching the code.

Spans, not copies: `sentence_spans` returns character offsets, so callers keep the source's own
spacing between sentences and can rebuild the block exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import ConfigError

# Abbreviations that end with a period but never end a sentence by themselves: titles and
# words that are followed by a name or number ("Dr. Müller", "Nr. 5", "ca. 300").
TITLE_ABBREVIATIONS = frozenset(
    """
    Abb Abs Abt Adm Art Aufl Bd Bde Bhf Bsp Dipl Dir Dr Fa Fr Frl Gebr Gen Hbf Hr Hrn Hrsg
    Ing Jh Jhd Jhdt Kap Kl Kol Komm Lt Mag Nr Nrn Pfr Pkt Pl Pol Präs Prof Red Reg Rel Sek
    Sen Sp St Std Str Tab Tel Verf Vors Vorsitz vs ca bzgl bzw ggf gem gegr geb gest inkl
    insb Jan Feb Febr Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez Mo Di Mi Do Fr Sa So evtl
    exkl lt max min mind rd resp sog spez stellv tägl urspr usf vgl zzgl zw zit Ziff Co Corp
    Inc Ltd Mr Mrs Ms Jr Sr med kath ev evang Jän
    """.split()
)

# Abbreviations that usually close what they stand in: any capitalised word after them starts a
# new sentence ("... Fahrrad fahren, usw. Worauf ...").
FINAL_ABBREVIATIONS = frozenset("usw etc usf".split())

# Abbreviations that may close a sentence or go on with a noun ("1,3 Mio. Euro" vs
# "1,3 Mio. Das ..."): a boundary only before a sentence starter.
AMBIGUOUS_ABBREVIATIONS = frozenset(
    """
    Chr Mio Mrd Tsd Jh Jhd Jhdt Std Min Sek Abs Aufl Hrsg Tel Str Nr ff f Co Inc Corp Ltd
    """.split()
)

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
    Zunächst Anschließend Derzeit Sein Seit Somit Also Ebenso Stattdessen Insgesamt Vielmehr
    Hinzu
    """.split()
)

MONTHS = frozenset(
    """
    Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November
    Dezember
    """.split()
)

_ROMAN = re.compile(r"^[IVXLC]+$")
_NUMBER = re.compile(r"^[-–]?[\d.,]*\d$")

# A candidate: terminal punctuation, then whatever closes the sentence with it (quotes,
# brackets, footnote markers), then whitespace.
_CANDIDATE = re.compile(
    r"""(?P<term>[.!?…]+)
        (?P<close>(?:[")\]'“”»«‘’›‹]|\[\d+\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s*[\U0001F000-\U0001FAFF\u2600-\u27BF]+)*)
        (?P<space>\s+)""",
    re.VERBOSE,
)
_OPENERS = "„“\"»«‚‘'›‹([¿¡"
_WORD_BEFORE = re.compile(r"(\S+)$")
_WORD_AFTER = re.compile(r"^\S+")


@dataclass(frozen=True)
class GermanRules:
    """The segmenter's data; extend the sets to teach it a newsroom's abbreviations."""

    title_abbreviations: frozenset[str] = TITLE_ABBREVIATIONS
    final_abbreviations: frozenset[str] = FINAL_ABBREVIATIONS
    ambiguous_abbreviations: frozenset[str] = AMBIGUOUS_ABBREVIATIONS
    sentence_starters: frozenset[str] = SENTENCE_STARTERS
    months: frozenset[str] = MONTHS

    def extended(self, abbreviations: Iterable[str]) -> GermanRules:
        """These rules plus project abbreviations (given with or without the final period)."""
        added = frozenset(a.rstrip(".") for a in abbreviations)
        return GermanRules(
            title_abbreviations=self.title_abbreviations | added,
            final_abbreviations=self.final_abbreviations,
            ambiguous_abbreviations=self.ambiguous_abbreviations,
            sentence_starters=self.sentence_starters,
            months=self.months,
        )


DEFAULT_RULES = GermanRules()


def _strip_openers(word: str) -> str:
    return word.lstrip(_OPENERS)


def _is_boundary(text: str, match: re.Match[str], rules: GermanRules) -> bool:
    term, close = match.group("term"), match.group("close")
    after = text[match.end() :]
    next_word = _WORD_AFTER.match(after)
    if next_word is None:
        return True
    following = next_word.group(0)
    first = _strip_openers(following)[:1]
    if not first:
        return True
    if first.islower():
        # A sentence may start with a lowercase brand name ("eBay"), never with a plain word.
        bare = _strip_openers(following)
        return bool(re.match(r"^[a-z]+[A-Z]", bare)) and term != "."
    if not (first.isupper() or first.isdigit()):
        return False
    starter = _strip_openers(following).rstrip(",;:.!?") in rules.sentence_starters
    before_text = text[: match.start()]
    if before_text.endswith(("(", "[")):
        return False  # "(!)", "[…]": an aside or an omission mark, never an end
    if term.endswith("…") or term == "...":
        return True
    if term != "." or close:
        return True
    word_match = _WORD_BEFORE.search(before_text)
    word = _strip_openers(word_match.group(1)) if word_match else ""
    if not word:
        return True
    abbreviation = (
        word in rules.title_abbreviations
        or word in rules.ambiguous_abbreviations
        or "." in word
        or (len(word) == 1 and word.isalpha())
    )
    if first.isdigit():
        # "S. 225", "am 13. Jän. 2006": a number after an abbreviation or ordinal goes on.
        return not (_NUMBER.match(word) or abbreviation)
    if _NUMBER.match(word):
        if not before_text[: word_match.start()].strip():
            return False  # "1. Dies ist eine Punkteliste.": list numbering
        # "am 28. Oktober", "den 3. Platz" vs "Platz 3. Die"
        return starter and _strip_openers(following) not in rules.months
    if word in rules.final_abbreviations:
        return True
    if word in rules.title_abbreviations:
        return starter and word in rules.ambiguous_abbreviations
    if word in rules.ambiguous_abbreviations:
        return starter
    if "." in word or (len(word) == 1 and word.isalpha()) or _ROMAN.match(word):
        # "z. B.", "u.a.", initials "J. R. R.", "Benedikt XVI."
        return starter
    return True


def sentence_spans(
    text: str,
    rules: GermanRules = DEFAULT_RULES,
    protected: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Offsets of the sentences of one block; whitespace between them belongs to neither.

    Line breaks are treated as spaces (soft breaks of Markdown); `protected` spans (inline code,
    links, emphasis) never contain a boundary.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for match in _CANDIDATE.finditer(text):
        end = match.start("space")
        if any(lo < end < hi for lo, hi in protected):
            continue
        if not _is_boundary(text, match, rules):
            continue
        if end > start:
            spans.append((start, end))
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


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
