"""A newsroom's own abbreviations, learned from its articles (Punkt-style statistics).

Kiss and Strunk's Punkt decides abbreviations from how a word ending in a period behaves in
the text: an abbreviation almost never appears without its period, and what follows it is
rarely the start of a sentence. Here that is three counts per word, all inspectable:

- `with_period`: how often "word." is followed by a space (a candidate boundary);
- `before_lowercase` / `before_starter`: of those, how often a lowercase word follows (a
  sentence never starts so) and how often a sentence starter ("Der", "Er", ...) does;
- `without_period`: how often the word occurs without a period after it.

A word is learned when it is not in the lexicon yet, has `with_period` >= 2, is at most
`MAX_LETTERS` letters long, never occurs without its period, and is followed by a sentence
starter at most `STARTER_SHARE` of the time, or by a lowercase word at least once. Learned words
are written as "ambiguous" (a boundary only before a sentence starter); a project that wants one
classed otherwise lists it in its config, which learning then leaves alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .segment import DEFAULT_RULES, OPENERS, GermanRules, abbreviation_key

MIN_WITH_PERIOD = 2
MAX_LETTERS = 8
STARTER_SHARE = 0.2

_CANDIDATE = re.compile(r"(?<![\w.-])([A-Za-zÄÖÜäöüß][\w.-]*?)\.\s+(\S+)")
_WORD = re.compile(r"(?<![\w.-])([A-Za-zÄÖÜäöüß][\w.-]*)")


@dataclass(frozen=True)
class AbbreviationEvidence:
    """One word's counts (module docstring) and whether they make it an abbreviation."""

    word: str
    with_period: int
    before_lowercase: int
    before_starter: int
    without_period: int
    learned: bool


def abbreviation_evidence(
    texts: Iterable[str], rules: GermanRules = DEFAULT_RULES
) -> list[AbbreviationEvidence]:
    """The counts for every unknown word seen before a period and a space, learned ones first,
    then by how often they were seen."""
    with_period: Counter[str] = Counter()
    lowercase: Counter[str] = Counter()
    starter: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for text in texts:
        for match in _CANDIDATE.finditer(text):
            word, following = match.group(1), match.group(2).lstrip(OPENERS)
            with_period[word] += 1
            lowercase[word] += following[:1].islower()
            starter[word] += rules.starts_sentence(following)
        for match in _WORD.finditer(text):
            if text[match.end() : match.end() + 1] != ".":
                plain[match.group(1)] += 1
    known = rules.known_abbreviations
    evidence = [
        _judged(word, count, lowercase[word], starter[word], plain[word])
        for word, count in with_period.items()
        if abbreviation_key(word) not in known and not word.isdigit()
    ]
    return sorted(evidence, key=lambda e: (not e.learned, -e.with_period, e.word))


def _judged(
    word: str, count: int, lowercase: int, starter: int, plain: int
) -> AbbreviationEvidence:
    letters = sum(character.isalpha() for character in word)
    learned = (
        count >= MIN_WITH_PERIOD
        and letters <= MAX_LETTERS
        and plain == 0
        and (lowercase > 0 or starter <= STARTER_SHARE * count)
    )
    return AbbreviationEvidence(word, count, lowercase, starter, plain, learned)


def learned_lexicon(evidence: Iterable[AbbreviationEvidence]) -> str:
    """The learned words as a lexicon file (the format of data/abbreviations-de.toml), each
    with its counts, for the project to keep under version control and edit."""
    lines = [
        "# Abbreviations learned from this project's articles by `i18n-tool abbreviations "
        "--write`.",
        "# Counts per word: with period / before a lowercase word / before a sentence starter /",
        "# without period. Learned words end a sentence only before a sentence starter.",
        "# --write rewrites this file: to class a word otherwise, list it in",
        "# [tool.i18n-tool.segmentation] (abbreviations, final-abbreviations) and write again.",
        "[ambiguous]",
        "learned = [",
    ]
    for item in evidence:
        if item.learned:
            counts = (
                f"{item.with_period} / {item.before_lowercase} / {item.before_starter} / "
                f"{item.without_period}"
            )
            lines.append(f'    "{item.word}.",  # {counts}')
    lines.append("]")
    return "\n".join(lines) + "\n"
