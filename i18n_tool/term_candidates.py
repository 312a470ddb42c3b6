"""Names the archive repeats that the glossary does not have yet, and how the reviewed
translations wrote them: what a terminologist reads before adding a term.

A word is taken for a name when it is capitalised and either the German dictionary of the
lemmatizer does not know it (Putin, Selenskyj, Cuomo) or a reviewed translation of its unit
keeps it as it is (Rutte, Siemens, NATO: names stay names across languages, common nouns are
translated). Neighbouring names make one (Donald Trump); a genitive counts for its name
(Putins → Putin). A name the glossary already covers, in any form, is not suggested.

How each language translated it comes from the reviewed entries of the units it stands in: the
closest word or words of the translation (RapidFuzz's ratio; Selenskyj → Zelenskyy); different
renderings in one language are an inconsistency to settle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .parallel import Progress, reported
from .terms import Terminology, known, stands_in

_WORD = re.compile(r"[A-ZÄÖÜ][\w]*(?:[-‐][\w]+)*")
_TARGET_WORD = re.compile(r"[^\W\d_][\w]*(?:[-‐][\w]+)*")  # Putin's: Putin
_SENTENCE_START = re.compile(r"[\W\d]*")  # what may stand before a sentence's first word
_RENDERING_CUTOFF = 60.0  # below it, no word of the translation is taken for the name


@dataclass(frozen=True)
class SourceUnit:
    """A unit of an article, and its reviewed translation per language."""

    article: str
    text: str
    translations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    name: str
    count: int  # occurrences in the archive
    articles: int  # articles it occurs in
    # language → how the reviewed translations wrote it → in how many units
    translations: dict[str, dict[str, int]]

    def inconsistent(self, language: str) -> bool:
        return len(self.translations.get(language, {})) > 1


def suggest(
    units: Iterable[SourceUnit],
    glossary: Terminology,
    min_articles: int = 2,
    min_count: int = 2,
    language: str = "de",
    progress: Progress | None = None,
) -> list[Candidate]:
    """Names in `units` the glossary does not cover, found in at least `min_articles`
    articles and `min_count` times; most widespread first. `progress` hears of the units
    gone through twice: for the words translations kept ("translations"), then for the names
    ("names")."""
    units = list(units)
    evidence = {  # a word a reviewed translation kept as it is, in any unit: a name everywhere
        word.group()  # (not a sentence's first word: "In" is kept as "In")
        for unit in reported(units, "translations", progress, every=256)
        for word in _WORD.finditer(unit.text)
        if unit.translations
        and _SENTENCE_START.fullmatch(unit.text[: word.start()]) is None
        and _is_name(word.group(), " ".join(unit.translations.values()), language)
    }
    spotted = [(unit, list(_names(unit, glossary, language, evidence))) for unit in units]
    words = {word for _, names in spotted for name in names for word in name.split()}
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = {}
    renderings: dict[str, dict[str, Counter[str]]] = {}
    for unit, names in reported(spotted, "names", progress, every=256):
        for name in names:
            name = _without_genitive(name, words)
            counts[name] += 1
            articles.setdefault(name, set()).add(unit.article)
            for target_language, translation in unit.translations.items():
                rendering = _rendering(name, translation)
                if rendering:
                    languages = renderings.setdefault(name, {})
                    languages.setdefault(target_language, Counter())[rendering] += 1
    candidates = [
        Candidate(
            name,
            count,
            len(articles[name]),
            {
                target: dict(found.most_common())
                for target, found in sorted(renderings.get(name, {}).items())
            },
        )
        for name, count in counts.items()
        if count >= min_count and len(articles[name]) >= min_articles
    ]
    return sorted(candidates, key=lambda c: (-c.articles, -c.count, c.name))


def _names(
    unit: SourceUnit, glossary: Terminology, language: str, evidence: set[str]
) -> Iterable[str]:
    """The names in a unit, neighbours joined, outside the glossary's terms."""
    covered = [(o.start, o.end) for o in glossary.find(unit.text)]
    kept = " ".join(unit.translations.values())
    run: list[re.Match[str]] = []
    for word in [*_WORD.finditer(unit.text), None]:
        if word is not None and (
            word.group() in evidence or _is_name(word.group(), kept, language)
        ):
            if any(start < word.end() and word.start() < end for start, end in covered):
                continue
            if run and unit.text[run[-1].end() : word.start()] == " ":
                run.append(word)
                continue
            if run:
                yield " ".join(w.group() for w in run)
            run = [word]
        else:
            if run:
                yield " ".join(w.group() for w in run)
            run = []


def _is_name(word: str, translations: str, language: str) -> bool:
    if len(word) < 2 or (word.isupper() and len(word) > 5):
        return False  # a letter, or a shouted word
    base = word[:-1] if word.endswith(("s", "’")) else word  # Kims: Kim
    if any(stands_in(translations, w) for w in {word, base}):
        return True
    if known(word, language) or known(base, language):
        return False
    return not _compound_noun(word, language)


def _compound_noun(word: str, language: str, depth: int = 2) -> bool:
    """Is `word` made of words the dictionary knows (Mietenstreik, Coronavirus-Beschränkungen)?
    Then it is a noun the dictionary lacks, not a name."""
    parts = re.split(r"[-‐]", word)
    if len(parts) > 1:
        last = parts[-1][:1].upper() + parts[-1][1:]
        return known(last, language) or _compound_noun(last, language, depth)
    if depth == 0:
        return False
    for cut in range(3, len(word) - 2):
        head, rest = word[:cut], word[cut].upper() + word[cut + 1 :]
        heads = (head, head[:-1], head[:-2]) if head.endswith(("s", "n", "en")) else (head,)
        if any(known(h, language) for h in heads if len(h) >= 3) and (
            known(rest, language) or _compound_noun(rest, language, depth - 1)
        ):
            return True
    return False


def _without_genitive(name: str, words: set[str]) -> str:
    """`Putins` is `Putin` when the archive also writes `Putin`."""
    if name.endswith(("s", "’")) and name[:-1] in words:
        return name[:-1]
    return name


def _rendering(name: str, translation: str) -> str | None:
    """The word(s) of `translation` closest to `name` (as many words as it has)."""
    size = len(name.split())
    words = _TARGET_WORD.findall(translation)
    spans = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    best = process.extractOne(name, spans, scorer=fuzz.ratio, score_cutoff=_RENDERING_CUTOFF)
    return best[0] if best else None
