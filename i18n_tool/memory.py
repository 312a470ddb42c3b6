"""Translation memory: the project's reviewed translations, offered again before MT.

Every reviewed entry of every catalog of a language is a memory unit (its German, its
translation, where it was reviewed). A lookup finds the same sentence (exact), or the most
similar one at or above a threshold, by msgmerge's similarity 2·LCS / (|a| + |b|), computed
by `similarity.most_similar` as for `update`'s fuzzy matches (RapidFuzz, in C++).

A large memory is not compared with every sentence: as msgmerge does (its fuzzy index of
character n-grams; "the match does not need to be optimal"), a character-trigram index picks
the candidates, the sentences sharing the most of the query's rarest trigrams, and only those
are scored. Sentences too short to have trigrams are always candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .catalog import read_catalog
from .errors import ConfigError
from .languages import base_language
from .model import Catalog, EntryState, MemoryUnit
from .similarity import most_similar
from .tmx import read_tmx
from .xliff import read_xliff

MEMORY_FORMATS = {".tmx": "tmx", ".po": "po", ".xlf": "xliff", ".xliff": "xliff"}
CANDIDATES = 64  # sentences scored per lookup, those sharing the most rare trigrams
RAREST_TRIGRAMS = 48  # of the query's trigrams, the rarest in the memory pick the candidates


@dataclass(frozen=True)
class MemoryMatch:
    unit: MemoryUnit
    score: float  # 1.0: the same sentence
    alternatives: tuple[str, ...] = ()  # other reviewed translations of the same sentence

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


class Memory(Protocol):
    """Reviewed translations of one language, looked up by their source sentence: in RAM
    (`TranslationMemory`) or in the state database (`memory_index.StoredMemory`)."""

    def lookup(self, source: str, threshold: float) -> MemoryMatch | None:
        """The same sentence if the memory has it, else the most similar one scoring at
        least `threshold` (0–1); None if there is none."""


class TranslationMemory:
    """Reviewed translations of one language, in RAM, looked up by their source sentence."""

    def __init__(self, units: Iterable[MemoryUnit]):
        self._by_source: dict[str, list[MemoryUnit]] = {}
        for unit in units:  # in order: the last of a source is the most recently revised
            self._by_source.setdefault(unit.source, []).append(unit)
        self._sources = list(self._by_source)
        self._index: _TrigramIndex | None = None  # built at the first similar-sentence lookup

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
        if self._index is None:
            self._index = _TrigramIndex(self._sources)
        candidates = [self._sources[i] for i in self._index.candidates(source, CANDIDATES)]
        found = most_similar(source, candidates, threshold)
        if found is None:
            return None
        index, score = found
        return MemoryMatch(self._by_source[candidates[index]][-1], score)


def _code_points(text: str) -> Any:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def _packed_trigrams(codes: Any) -> Any:
    """Each run of three code points as one int64 (3 × 21 bits), in text order."""
    return (codes[:-2] << 42) | (codes[1:-1] << 21) | codes[2:]


def distinct_trigrams(text: str) -> Any:
    """The distinct character trigrams of a text (packed, sorted)."""
    import numpy as np

    return np.unique(_packed_trigrams(_code_points(text)))


class _TrigramIndex:
    """Which memory sentences hold each character trigram (sorted postings, numpy arrays)."""

    def __init__(self, sources: Sequence[str]):
        import numpy as np

        self.size = len(sources)
        # every sentence's trigrams in one pass: the sentences joined by two NULs, trigrams
        # that hold a NUL dropped, each (trigram, sentence) pair kept once
        codes = _code_points("\0\0".join(sources))
        owner = np.repeat(np.arange(self.size), [len(s) + 2 for s in sources])[: len(codes)]
        inside = (codes[:-2] != 0) & (codes[1:-1] != 0) & (codes[2:] != 0)
        grams = _packed_trigrams(codes)[inside]
        owners = owner[:-2][inside]
        order = np.lexsort((owners, grams))
        grams, owners = grams[order], owners[order]
        first = np.ones(len(grams), dtype=bool)
        first[1:] = (grams[1:] != grams[:-1]) | (owners[1:] != owners[:-1])
        grams, self.owners = grams[first], owners[first]
        self.sizes = np.bincount(self.owners, minlength=self.size)  # trigrams per sentence
        self.keys, self.starts = np.unique(grams, return_index=True)
        self.ends = np.append(self.starts[1:], len(grams))
        self.short = [i for i, text in enumerate(sources) if len(text) < 3]

    def candidates(self, text: str, limit: int) -> list[int]:
        """Up to `limit` sentences sharing the largest share of trigrams with the text, counting
        its rarest trigrams (and the sentences too short to have any), in memory order."""
        import numpy as np

        if self.size <= limit or len(text) < 3 or not len(self.keys):
            return list(range(self.size))
        grams = distinct_trigrams(text)
        at = np.minimum(np.searchsorted(self.keys, grams), len(self.keys) - 1)
        at = at[self.keys[at] == grams]
        starts, ends = self.starts[at], self.ends[at]

        def fetch(chosen: Any) -> Any:  # the postings of the chosen trigrams, without a loop
            counts = ends[chosen] - starts[chosen]
            offsets = np.repeat(starts[chosen] - (np.cumsum(counts) - counts), counts)
            return self.owners[offsets + np.arange(counts.sum())]

        best = choose_candidates(len(grams), ends - starts, fetch, self.sizes.__getitem__, limit)
        return sorted({*best, *self.short})


def choose_candidates(
    trigrams: int,
    counts: Any,
    fetch: Callable[[Any], Any],
    sizes: Callable[[Any], Any],
    limit: int = CANDIDATES,
) -> list[int]:
    """The sentences worth scoring against a query of `trigrams` distinct trigrams, of which
    those in the memory hold `counts` sentences each (in trigram order): of its rarest
    trigrams, `fetch(positions)` gives the sentences holding each, and the `limit` sentences
    sharing the largest share of both texts' trigrams (`sizes(ids)`: each sentence's count)
    are chosen. Ties go to the rarer trigram and to the earlier sentence, so the choice is
    the same for the memory in RAM and for the one in the state database."""
    import numpy as np

    if not len(counts):
        return []
    chosen = np.lexsort((np.arange(len(counts)), counts))[:RAREST_TRIGRAMS]
    shared = np.bincount(fetch(chosen))  # sentence id → how many of those trigrams it holds
    sentences = np.flatnonzero(shared)
    # the share of both sentences' trigrams (as Dice): a long sentence holding the query's
    # trigrams among many others ranks below a short one that is mostly those
    rank = shared[sentences] / (sizes(sentences) + trigrams)
    if len(sentences) <= limit:
        return sentences.tolist()
    cut = np.partition(rank, len(rank) - limit)[len(rank) - limit]  # the limit-th best rank
    above = np.flatnonzero(rank > cut)
    tied = np.flatnonzero(rank == cut)[: limit - len(above)]  # the earlier sentences first
    return sentences[np.concatenate([above, tied])].tolist()


def memory_format(path: Path) -> str | None:
    """What kind of memory a file is, by its suffix in any case (`MEMORY.TMX` is TMX); None:
    not a memory. The one rule `memory import` and `translate` both read by."""
    return MEMORY_FORMATS.get(path.suffix.lower())


def memory_file_units(path: Path, source_language: str) -> Iterator[MemoryUnit]:
    """The translation units of a memory from another tool: a TMX file, an XLIFF 2 file (its
    confirmed segments), or a PO compendium (its reviewed entries, in the language its header
    names)."""
    kind = memory_format(path)
    if kind == "xliff":
        for document in read_xliff(path):
            if base_language(document.source_language) != base_language(source_language):
                continue
            language = base_language(document.target_language)
            where = document.original or path.name
            for segment in document.segments:
                if segment.confirmed and segment.target and segment.source:
                    yield MemoryUnit(segment.source, segment.target, where, language)
        return
    if kind != "po":
        yield from read_tmx(path, source_language)
        return
    catalog = read_catalog(path)
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        raise ConfigError(
            "a compendium needs a Language header (the language it translates to)", path
        )
    yield from reviewed_units(catalog, base_language(language), path.name)


def reviewed_units(
    catalog: Catalog, language: str, elsewhere: str, date: str = ""
) -> list[MemoryUnit]:
    """A catalog's reviewed translations as memory units (`elsewhere`: where a unit that
    stands nowhere in the articles comes from)."""
    return [
        MemoryUnit(entry.msgid, entry.msgstr, entry.place or elsewhere, language, date)
        for entry in catalog.entries
        if entry.state is EntryState.REVIEWED
    ]
