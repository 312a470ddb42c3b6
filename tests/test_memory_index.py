"""The memory kept in the state database is updated catalog by catalog, never rebuilt, and
always answers as a memory built afresh from the same units would."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from i18n_tool.memory import MemoryUnit, TranslationMemory, distinct_trigrams
from i18n_tool.memory_index import CATALOG, MemoryIndex
from i18n_tool.segment import split_sentences
from i18n_tool.state_database import SCHEMA

SEED = Path(__file__).resolve().parent.parent / "source" / "kim-truppen-russland.de.md"
WORDS = ["Sonntag", "Regierung", "Truppen", "heute", "nicht", "Moskau", "Seoul", "drei"]


def seed_sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [s for line in text.splitlines() for s in split_sentences(line.lstrip("# ")) if s]


def variant(rng: random.Random, sentence: str) -> str:
    words = sentence.split()
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def fresh_memory(origins: dict[str, list[tuple[str, str, str]]]) -> TranslationMemory:
    """The memory as built from scratch: origins in name order, their units in order."""
    return TranslationMemory(
        MemoryUnit(source, target, place, "en")
        for origin in sorted(origins)
        for source, target, place in origins[origin]
    )


def postings_match_sentences(connection: sqlite3.Connection) -> None:
    """Every trigram's stored postings are exactly the sentences holding it."""
    expected: dict[int, set[int]] = {}
    for sentence, source in connection.execute("SELECT id, source FROM memory_sentences"):
        for trigram in distinct_trigrams(source).tolist():
            expected.setdefault(trigram, set()).add(sentence)
    stored = {
        trigram: set(memoryview(ids).cast("i").tolist())
        for trigram, ids in connection.execute("SELECT trigram, sentences FROM memory_postings")
    }
    assert stored == expected
    uses = dict(connection.execute("SELECT source, uses FROM memory_sentences"))
    counted: dict[str, int] = {}
    units = "SELECT s.source FROM memory_units u JOIN memory_sentences s ON s.id = u.sentence"
    for (source,) in connection.execute(units):
        counted[source] = counted.get(source, 0) + 1
    assert uses == counted


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_catalog_by_catalog_the_index_answers_as_a_fresh_memory(seed: int) -> None:
    rng = random.Random(seed)
    sentences = seed_sentences()
    pool = sentences + [variant(rng, rng.choice(sentences)) for _ in range(120)]
    connection = sqlite3.connect(":memory:", isolation_level=None)
    for statement in SCHEMA:
        connection.execute(statement)
    index = MemoryIndex(connection, "en")
    origins: dict[str, list[tuple[str, str, str]]] = {}
    for turn in range(40):
        origin = f"artikel-{rng.randrange(12):02d}"
        if origin in origins and rng.random() < 0.25:
            index.remove(origin)
            del origins[origin]
        else:
            units = [
                (source, f"EN{turn} {source}", f"{origin}.md:{n}")
                for n, source in enumerate(rng.sample(pool, rng.randrange(1, 25)))
            ]
            index.replace(origin, CATALOG, origin, "", units)
            origins[origin] = units
        index.flush()
        postings_match_sentences(connection)
        stored, fresh = index.lookups(), fresh_memory(origins)
        assert len(stored) == len(fresh)
        for query in rng.sample(pool, 8) + [variant(rng, rng.choice(pool)) for _ in range(8)]:
            found, expected = stored.lookup(query, 0.6), fresh.lookup(query, 0.6)
            assert (found is None) == (expected is None), query
            if found is not None and expected is not None:
                assert found.score == expected.score, query
                if expected.exact:
                    assert found.unit == expected.unit, query
                    assert found.alternatives == expected.alternatives, query


def test_a_sentence_no_catalog_holds_any_more_leaves_the_index(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "state.sqlite", isolation_level=None)
    for statement in SCHEMA:
        connection.execute(statement)
    index = MemoryIndex(connection, "en")
    index.replace("a", CATALOG, "a", "", [("Der Präsident sprach heute.", "EN", "a.md:1")])
    index.replace("b", CATALOG, "b", "", [("Der Präsident sprach heute.", "EN", "b.md:1")])
    index.flush()
    index.remove("a")
    index.flush()
    assert index.lookups().lookup("Der Präsident sprach heute.", 0.6) is not None
    index.replace("b", CATALOG, "b", "", [])
    index.flush()
    assert index.lookups().lookup("Der Präsident sprach heute.", 0.6) is None
    assert connection.execute("SELECT count(*) FROM memory_postings").fetchone() == (0,)
    assert connection.execute("SELECT count(*) FROM memory_sentences").fetchone() == (0,)
