"""Translation memory: the project's reviewed translations, offered again before MT.

Every reviewed entry of every catalog of a language is a memory unit (its German, its
translation, where it was reviewed). A lookup finds the same sentence (exact), or the most
similar one at or above a threshold, by msgmerge's similarity 2·LCS / (|a| + |b|), which is
RapidFuzz's `Indel.normalized_similarity`, computed in C++ with a score cut-off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class MemoryUnit:
    source: str
    target: str
    where: str  # `source/<article>:<line>`


@dataclass(frozen=True)
class MemoryMatch:
    unit: MemoryUnit
    score: float  # 1.0: the same sentence
    alternatives: tuple[str, ...] = ()  # other reviewed translations of the same sentence

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


class TranslationMemory:
    """Reviewed translations of one language, looked up by their source sentence."""

    def __init__(self, units: Iterable[MemoryUnit]):
        self._by_source: dict[str, list[MemoryUnit]] = {}
        for unit in units:  # in order: the last of a source is the most recently revised
            self._by_source.setdefault(unit.source, []).append(unit)
        self._sources = list(self._by_source)

    def __len__(self) -> int:
        return sum(len(units) for units in self._by_source.values())

    def lookup(self, source: str, threshold: float) -> MemoryMatch | None:
        """The same sentence if the memory has it, else the most similar one scoring at
        least `threshold` (0–1); None if there is none."""
        same = self._by_source.get(source)
        if same:
            chosen = same[-1]
            others = tuple(dict.fromkeys(u.target for u in same if u.target != chosen.target))
            return MemoryMatch(chosen, 1.0, others)
        from rapidfuzz import process  # imported when first needed: every command starts faster
        from rapidfuzz.distance import Indel

        found = process.extractOne(
            source, self._sources, scorer=Indel.normalized_similarity, score_cutoff=threshold
        )
        if found is None:
            return None
        matched, score, _ = found
        return MemoryMatch(self._by_source[matched][-1], float(score))
