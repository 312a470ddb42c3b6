"""The translation memory as an index in the state database: updated per catalog, not rebuilt.

A language's memory is made of origins (each imported memory file and each catalog) and their
reviewed units, in the order `TranslationMemory` takes them: imported memories first, then the
catalogs from the least to the most recently revised, so the last unit of a sentence is the
one that wins. When a catalog changes, only its units are replaced.

Similar sentences are found as `TranslationMemory` finds them (`memory.choose_candidates`:
the sentences sharing the largest share of the query's rarest trigrams, then msgmerge's
similarity on those), over postings kept in the database: per trigram, the sorted ids of the
sentences holding it, as one array. A lookup reads the lengths of its trigrams' arrays and the
arrays of the 48 rarest, nothing else; a new sentence adds its id to its trigrams' arrays, a
sentence no unit uses any more takes it away, written once per step.

SQLite's FTS5 with its trigram tokenizer was measured first, on the memory benchmark (6,729
units, 992 lookups): the same matches, but 21.4 s of lookups against 0.44 s in RAM: each
trigram's document count and postings are a query returning rows (100 and 48 queries per
lookup, up to 150,000 rows on a memory of near-identical sentences), where one query returning
arrays answers all of them.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from .memory import CANDIDATES, MemoryMatch, choose_candidates, distinct_trigrams
from .model import MemoryUnit
from .similarity import most_similar

IMPORTED, CATALOG = 0, 1  # origin kinds, in the order the memory takes them

MEMORY_SCHEMA = (
    # position: how origins of a kind are ordered (a file or template name)
    "CREATE TABLE memory_origins (language TEXT, origin TEXT, kind INTEGER, position TEXT,"
    " revised TEXT, PRIMARY KEY (language, origin)) WITHOUT ROWID",
    # a unit's source is its sentence's (stored once: sources are most of a memory's size)
    "CREATE TABLE memory_units (language TEXT, origin TEXT, position INTEGER, sentence INTEGER,"
    " target TEXT, place TEXT, PRIMARY KEY (language, origin, position)) WITHOUT ROWID",
    "CREATE INDEX memory_units_by_sentence ON memory_units (sentence)",
    # each distinct source sentence of a language: its trigram count, how many units use it
    "CREATE TABLE memory_sentences (id INTEGER PRIMARY KEY, language TEXT, source TEXT,"
    " trigrams INTEGER, uses INTEGER, UNIQUE (language, source))",
    "CREATE INDEX memory_short ON memory_sentences (language) WHERE trigrams = 0",
    # per trigram (packed as memory.distinct_trigrams packs it), its sentences' ids (int32)
    "CREATE TABLE memory_postings (language TEXT, trigram INTEGER, sentences BLOB,"
    " PRIMARY KEY (language, trigram))",
)

_UNITS_IN_ORDER = """
    SELECT u.target, u.place, o.origin, o.kind FROM memory_sentences s
    CROSS JOIN memory_units u INDEXED BY memory_units_by_sentence ON u.sentence = s.id
    CROSS JOIN memory_origins o ON o.language = u.language AND o.origin = u.origin
    WHERE s.language = ? AND s.source = ?
    ORDER BY o.kind, o.revised, o.position, u.position
"""


@dataclass
class MemoryIndex:
    """One language's memory in the state database (`connection`, inside a step's transaction
    while it is updated)."""

    connection: sqlite3.Connection
    language: str
    # postings to change when the step ends: trigram → sentence ids added, and taken away
    _added: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _taken: defaultdict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def origins(self) -> list[str]:
        rows = self.connection.execute(
            "SELECT origin FROM memory_origins WHERE language = ?", (self.language,)
        )
        return [origin for (origin,) in rows]

    def replace(
        self,
        origin: str,
        kind: int,
        position: str,
        revised: str,
        units: Sequence[tuple[str, str, str]],
    ) -> int:
        """The units of `origin` (source, target, place) in place of those it had; how many."""
        language = self.language
        old = Counter(
            source
            for (source,) in self.connection.execute(
                "SELECT s.source FROM memory_units u JOIN memory_sentences s ON s.id = u.sentence"
                " WHERE u.language = ? AND u.origin = ?",
                (language, origin),
            )
        )
        self.connection.execute(
            "DELETE FROM memory_units WHERE language = ? AND origin = ?", (language, origin)
        )
        self.connection.execute(
            "INSERT OR REPLACE INTO memory_origins VALUES (?, ?, ?, ?, ?)",
            (language, origin, kind, position, revised),
        )
        uses = Counter(source for source, _, _ in units)
        uses.subtract(old)
        sentences = self._count_uses(uses)
        self.connection.executemany(
            "INSERT INTO memory_units VALUES (?, ?, ?, ?, ?, ?)",
            [
                (language, origin, n, sentences[source], target, place)
                for n, (source, target, place) in enumerate(units)
            ],
        )
        return len(units)

    def remove(self, origin: str) -> None:
        """An origin gone from the project (its catalog or file deleted)."""
        self.replace(origin, CATALOG, "", "", ())
        self.connection.execute(
            "DELETE FROM memory_origins WHERE language = ? AND origin = ?",
            (self.language, origin),
        )

    def _count_uses(self, uses: Counter[str]) -> dict[str, int]:
        """Sentences gain and lose units; a new sentence adds its id to its trigrams'
        postings, one no unit uses any more takes it away. The ids of the sentences still
        used, by source."""
        ids = {}
        for source, delta in uses.items():
            if delta > 0:
                trigrams = distinct_trigrams(source).tolist()
                (sentence, count), *_ = self.connection.execute(
                    "INSERT INTO memory_sentences (language, source, trigrams, uses)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (language, source)"
                    " DO UPDATE SET uses = uses + excluded.uses RETURNING id, uses",
                    (self.language, source, len(trigrams), delta),
                ).fetchall()
                if count == delta:  # inserted: every sentence kept has at least one use
                    for trigram in trigrams:
                        self._added[trigram].append(sentence)
            elif delta == 0:  # as many units of it as before: nothing to write
                (sentence,), *_ = self.connection.execute(
                    "SELECT id FROM memory_sentences WHERE language = ? AND source = ?",
                    (self.language, source),
                ).fetchall()
            else:
                (sentence, count), *_ = self.connection.execute(
                    "UPDATE memory_sentences SET uses = uses + ? WHERE language = ? AND source = ?"
                    " RETURNING id, uses",
                    (delta, self.language, source),
                ).fetchall()
                if count <= 0:
                    self.connection.execute(
                        "DELETE FROM memory_sentences WHERE id = ?", (sentence,)
                    )
                    for trigram in distinct_trigrams(source).tolist():
                        self._taken[trigram].append(sentence)
                    continue
            ids[source] = sentence
        return ids

    def flush(self) -> None:
        """Write the postings changed since the last flush, each trigram's array once (at the
        end of the step's transaction)."""
        import numpy as np

        for trigram in self._added.keys() | self._taken.keys():
            row = self.connection.execute(
                "SELECT sentences FROM memory_postings WHERE language = ? AND trigram = ?",
                (self.language, trigram),
            ).fetchone()
            ids = np.frombuffer(row[0], dtype=np.int32) if row else np.empty(0, np.int32)
            ids = np.union1d(ids, np.array(self._added.get(trigram, ()), dtype=np.int32))
            ids = np.setdiff1d(ids, np.array(self._taken.get(trigram, ()), dtype=np.int32))
            if len(ids):
                self.connection.execute(
                    "INSERT OR REPLACE INTO memory_postings VALUES (?, ?, ?)",
                    (self.language, trigram, ids.astype(np.int32).tobytes()),
                )
            else:
                self.connection.execute(
                    "DELETE FROM memory_postings WHERE language = ? AND trigram = ?",
                    (self.language, trigram),
                )
        self._added.clear()
        self._taken.clear()

    def lookups(
        self, leave_out: Collection[str] = (), trusted: Collection[str] = ()
    ) -> StoredMemory:
        """The memory to look sentences up in, without the origins in `leave_out`; units of
        the imported memories in `trusted` (origin names) are trusted."""
        return StoredMemory(self, frozenset(leave_out), frozenset(trusted))


@dataclass
class StoredMemory:
    """Lookups in a language's stored memory: the `TranslationMemory` interface."""

    index: MemoryIndex
    leave_out: frozenset[str]
    trusted: frozenset[str]
    _sentences: int | None = None
    _sizes: Any = None  # trigrams per sentence id (numpy), read at the first fuzzy lookup
    _short: list[int] = field(default_factory=list)
    # what lookups have read so far (a run looks up many sentences sharing trigrams)
    _counts: dict[int, int] = field(default_factory=dict)  # trigram → sentences holding it
    _arrays: dict[int, Any] = field(default_factory=dict)  # trigram → those sentences' ids
    _texts: dict[int, str] = field(default_factory=dict)  # sentence id → its source

    def __len__(self) -> int:
        rows = self._db.execute(
            "SELECT origin, count(*) FROM memory_units WHERE language = ? GROUP BY origin",
            (self.index.language,),
        )
        return sum(count for origin, count in rows if origin not in self.leave_out)

    @property
    def _db(self) -> sqlite3.Connection:
        return self.index.connection

    def lookup(self, source: str, threshold: float) -> MemoryMatch | None:
        """The same sentence if the memory has it, else the most similar one scoring at
        least `threshold` (0–1); None if there is none."""
        same = self._units(source)
        if same:
            chosen = same[-1]
            others = tuple(dict.fromkeys(u.target for u in same if u.target != chosen.target))
            return MemoryMatch(chosen, 1.0, others)
        sources = self._candidates(source)
        found = most_similar(source, sources, threshold)
        if found is None:
            return None
        index, score = found
        return MemoryMatch(self._units(sources[index])[-1], score)

    def _units(self, source: str) -> list[MemoryUnit]:
        """The units of a sentence, in the memory's order (the last one wins)."""
        rows = self._db.execute(_UNITS_IN_ORDER, (self.index.language, source))
        return [
            MemoryUnit(
                source,
                target,
                place,
                self.index.language,
                trusted=kind != IMPORTED or origin.partition("/")[2] in self.trusted,
            )
            for target, place, origin, kind in rows
            if origin not in self.leave_out
        ]

    def _candidates(self, text: str) -> list[str]:
        """The sentences worth scoring against `text`, in the order they came in."""
        language = self.index.language
        if self._sentences is None:  # counted up to one more than that: a count reads all
            [(self._sentences,)] = self._db.execute(
                "SELECT count(*) FROM (SELECT 1 FROM memory_sentences WHERE language = ? LIMIT ?)",
                (language, CANDIDATES + 1),
            ).fetchall()
        if self._sentences <= CANDIDATES or len(text) < 3:
            rows = self._db.execute(
                "SELECT id, source FROM memory_sentences WHERE language = ? ORDER BY id",
                (language,),
            ).fetchall()
        else:
            ids = self._choose(text)
            unknown = [i for i in ids if i not in self._texts]
            query = "SELECT id, source FROM memory_sentences WHERE id"
            self._texts.update(self._fetch(query, unknown))
            rows = [(i, self._texts[i]) for i in ids]
        sources = [source for _, source in rows]
        return [source for source in sources if self._units(source)] if self.leave_out else sources

    def _choose(self, text: str) -> list[int]:
        import numpy as np

        language = self.index.language
        if self._sizes is None:
            rows = self._db.execute(
                "SELECT id, trigrams FROM memory_sentences WHERE language = ?", (language,)
            ).fetchall()
            self._sizes = np.zeros(max((i for i, _ in rows), default=0) + 1, dtype=np.int64)
            for sentence, size in rows:
                self._sizes[sentence] = size
            self._short = [i for i, size in rows if size == 0]
        trigrams = distinct_trigrams(text).tolist()
        unknown = [trigram for trigram in trigrams if trigram not in self._counts]
        if unknown:
            self._counts.update(dict.fromkeys(unknown, 0))
            self._counts.update(self._postings("trigram, length(sentences) / 4", unknown))
        present = [trigram for trigram in trigrams if self._counts[trigram]]

        def fetch(chosen: Any) -> Any:
            wanted = [present[at] for at in chosen.tolist()]
            missing = [trigram for trigram in wanted if trigram not in self._arrays]
            for trigram, ids in self._postings("trigram, sentences", missing):
                self._arrays[trigram] = np.frombuffer(ids, dtype=np.int32)
            return np.concatenate([self._arrays[trigram] for trigram in wanted])

        counts = np.array([self._counts[trigram] for trigram in present], dtype=np.int64)
        best = choose_candidates(len(trigrams), counts, fetch, self._sizes.__getitem__)
        return sorted({*best, *self._short})

    def _postings(self, columns: str, trigrams: list[int]) -> list[Any]:
        query = f"SELECT {columns} FROM memory_postings WHERE language = ? AND trigram"
        return self._fetch(query, trigrams, self.index.language)

    def _fetch(self, query: str, keys: list[int], *first: object) -> list[Any]:
        """The rows of `query` (ending in the column keys are matched on) for these keys, in
        batches of the size SQLite takes."""
        rows: list[Any] = []
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows += self._db.execute(f"{query} IN ({marks})", (*first, *batch)).fetchall()
        return rows
