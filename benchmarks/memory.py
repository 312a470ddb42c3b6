"""Translation memory: pre-translating new units from a large memory, against GNU msgmerge -C.

    python benchmarks/memory.py                 # 2,000 articles in the memory, 1,000 new units
    python benchmarks/memory.py --articles 500

The memory is the seed article varied N ways (benchmarks/corpus.py's generator: numbers, dates
and counts differ, so entries differ), every unit reviewed in English. The new units are a
mix: a third are sentences of the memory (exact), a third are memory sentences with one word
changed (near), a third come from other articles (unrelated). Both tools look up the same units
at msgmerge's threshold (similarity ≥ 0.6, msgmerge's fixed cut-off):

- i18n-tool: `TranslationMemory` built from the reviewed entries, then one lookup per unit
  (CPU time in this process, best of 3; the trigram index is built by the first similar-sentence
  lookup, so it is in the lookup time; building the memory from its units is timed apart);
- i18n-tool's stored index: the same units written into the index a project keeps in its
  state database (memory_index.py: SQLite, per trigram one array of sentence ids; writing it
  is timed apart), then the lookups through a fresh connection (CPU time, best of 3);
- GNU msgmerge: `msgmerge -C compendium.po empty.po new.pot` (wall time, best of 3), the
  compendium made of the same reviewed entries;
- Translate Toolkit: `pot2po --tm compendium.po -s 60 -t empty.po new.pot out.po` (wall time,
  one run: it is slow), from the environment given by `--pot2po` (default: the `pot2po` beside
  this Python, which the test extras install; never a dependency of the tool). Its similarity
  is its own (Levenshtein-based), so its fuzzy count is shown, not compared.

The last line reads `memory: X units/s; vs msgmerge -C X.X×, vs pot2po --tm X.X×; exact found
X/X, fuzzy found X/X`: exact and fuzzy counts are ours against msgmerge's on the same units.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import polib  # noqa: E402
from corpus import generate  # noqa: E402

from i18n_tool.memory import MemoryUnit, TranslationMemory  # noqa: E402
from i18n_tool.memory_index import CATALOG, MemoryIndex  # noqa: E402
from i18n_tool.segment import split_sentences  # noqa: E402
from i18n_tool.state_database import SCHEMA  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "articles"
THRESHOLD = 0.6  # msgmerge's


def memory_units(folder: Path) -> list[MemoryUnit]:
    units = []
    for path in sorted((folder / "source").glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in split_sentences(line.lstrip("# ")):
                units.append(MemoryUnit(sentence, f"EN {sentence}", f"{path.name}:1"))
    return list({unit.source: unit for unit in units}.values())


def new_units(memory: list[MemoryUnit], count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    sources = [unit.source for unit in memory]
    exact = rng.sample(sources, count // 3)
    near = []
    for sentence in rng.sample(sources, count // 3):
        words = sentence.split()
        words[rng.randrange(len(words))] = "Sonntag"
        near.append(" ".join(words))
    others = []
    texts = [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("*.de.md"))]
    for text in texts or ["Ein ganz anderer Satz über das Wetter in Hamburg."]:
        for line in text.splitlines():
            others += [s for s in split_sentences(line) if len(s) > 20]
    unrelated = [rng.choice(others) + f" ({n})" for n in range(count - len(exact) - len(near))]
    return list(dict.fromkeys(exact + near + unrelated))


def ours(memory: list[MemoryUnit], units: list[str]) -> tuple[float, float, int, int]:
    build_best = lookup_best = float("inf")
    exact = fuzzy = 0
    for _ in range(3):
        start = time.process_time()
        tm = TranslationMemory(memory)
        build_best = min(build_best, time.process_time() - start)
        start = time.process_time()
        matches = [tm.lookup(unit, THRESHOLD) for unit in units]
        lookup_best = min(lookup_best, time.process_time() - start)
        exact = sum(1 for m in matches if m and m.exact)
        fuzzy = sum(1 for m in matches if m and not m.exact)
    return build_best, lookup_best, exact, fuzzy


def stored(memory: list[MemoryUnit], units: list[str], work: Path) -> tuple[float, float, int, int]:
    """The same lookups in the memory as a project keeps it: the index in the state database
    (memory_index.py), written once (timed apart), then read by a fresh connection each run."""
    database = work / "state.sqlite"
    start = time.perf_counter()
    with sqlite3.connect(database, isolation_level=None) as connection:
        for statement in SCHEMA:
            connection.execute(statement)
        connection.execute("BEGIN")
        index = MemoryIndex(connection, "en")
        index.replace(
            "memory", CATALOG, "memory.po", "", [(u.source, u.target, u.where) for u in memory]
        )
        index.flush()
        connection.execute("COMMIT")
    build = time.perf_counter() - start
    lookup_best = float("inf")
    exact = fuzzy = 0
    for _ in range(3):
        connection = sqlite3.connect(database, isolation_level=None)
        start = time.process_time()
        tm = MemoryIndex(connection, "en").lookups()
        matches = [tm.lookup(unit, THRESHOLD) for unit in units]
        lookup_best = min(lookup_best, time.process_time() - start)
        connection.close()
        exact = sum(1 for m in matches if m and m.exact)
        fuzzy = sum(1 for m in matches if m and not m.exact)
    return build, lookup_best, exact, fuzzy


def msgmerge(memory: list[MemoryUnit], units: list[str], work: Path) -> tuple[float, int, int]:
    compendium, pot = polib.POFile(), polib.POFile()
    for catalog in (compendium, pot):
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for unit in memory:
        compendium.append(polib.POEntry(msgid=unit.source, msgstr=unit.target))
    for unit in units:
        pot.append(polib.POEntry(msgid=unit, msgstr=""))
    compendium.save(str(work / "compendium.po"))
    pot.save(str(work / "new.pot"))
    (work / "empty.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8"
    )
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(
            ["msgmerge", "--quiet", "-C", str(work / "compendium.po"), "-o", str(work / "out.po"),
             str(work / "empty.po"), str(work / "new.pot")],
            check=True,
        )  # fmt: skip
        best = min(best, time.perf_counter() - start)
    merged = polib.pofile(str(work / "out.po"))
    exact = sum(1 for e in merged if e.msgstr and not e.fuzzy and not e.obsolete)
    fuzzy = sum(1 for e in merged if e.msgstr and e.fuzzy and not e.obsolete)
    return best, exact, fuzzy


def pot2po(command: str, units: list[str], work: Path) -> tuple[float, int, int]:
    """Translate Toolkit's pre-translation from the same compendium (written by msgmerge())."""
    start = time.perf_counter()
    subprocess.run(
        [command, "--progress=none", "--tm", str(work / "compendium.po"), "-s", "60",
         "-t", str(work / "empty.po"), str(work / "new.pot"), str(work / "pot2po.po")],
        check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    merged = polib.pofile(str(work / "pot2po.po"))
    if len(merged) != len(units):
        raise SystemExit(f"pot2po wrote {len(merged)} entries for {len(units)} units")
    exact = sum(1 for e in merged if e.msgstr and not e.fuzzy and not e.obsolete)
    fuzzy = sum(1 for e in merged if e.msgstr and e.fuzzy and not e.obsolete)
    return seconds, exact, fuzzy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--pot2po", default=str(Path(sys.executable).parent / "pot2po"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as folder:
        work = Path(folder)
        generate(work, args.articles)
        memory = memory_units(work)
        units = new_units(memory, args.units)
        build, lookup, exact, fuzzy = ours(memory, units)
        kept, kept_lookup, kept_exact, kept_fuzzy = stored(memory, units, work)
        peer, peer_exact, peer_fuzzy = msgmerge(memory, units, work)
        toolkit, toolkit_exact, toolkit_fuzzy = pot2po(args.pot2po, units, work)
    rate = len(units) / lookup
    print(f"memory: {len(memory):,} reviewed units; new units: {len(units):,}")
    print("| tool | seconds | units/s | exact | fuzzy |")
    print("|---|---|---|---|---|")
    print(f"| i18n-tool (lookups; building the memory: {build:.3f} s) | {lookup:.3f} | "
          f"{rate:,.0f} | {exact} | {fuzzy} |")  # fmt: skip
    print(f"| i18n-tool, the project's stored index (lookups; writing it: {kept:.3f} s) "
          f"| {kept_lookup:.3f} | {len(units) / kept_lookup:,.0f} | {kept_exact} "
          f"| {kept_fuzzy} |")  # fmt: skip
    print(f"| GNU msgmerge -C | {peer:.3f} | {len(units) / peer:,.0f} | {peer_exact} | "
          f"{peer_fuzzy} |")  # fmt: skip
    print(f"| Translate Toolkit pot2po --tm (one run) | {toolkit:.3f} | "
          f"{len(units) / toolkit:,.0f} | {toolkit_exact} | {toolkit_fuzzy} |")  # fmt: skip
    print(
        f"memory: {rate:,.0f} units/s; vs msgmerge -C {peer / lookup:.1f}×, "
        f"vs pot2po --tm {toolkit / lookup:.1f}×; stored index vs msgmerge -C "
        f"{peer / kept_lookup:.1f}×; "
        f"exact found {exact}/{peer_exact}, fuzzy found {fuzzy}/{peer_fuzzy} "
        f"(stored: {kept_exact}, {kept_fuzzy})"
    )


if __name__ == "__main__":
    main()
