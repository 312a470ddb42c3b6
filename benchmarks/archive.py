"""A newsroom's daily work on a large archive: nothing changed, or one new article.

    python benchmarks/archive.py                       # 2,000 and 10,000 articles
    python benchmarks/archive.py --sizes 2000,10000,50000
    python benchmarks/archive.py --keep /tmp/archive   # keep the archives (reused when present)

The archive is the seed article varied N ways (benchmarks/corpus.py's generator), one catalog
per article, every entry reviewed in English, with a tiny de→en argos model installed
(tests/tiny_argos.py: real argostranslate, CTranslate2 and SentencePiece, exact outputs). Then,
as a user runs them, each a fresh `i18n-tool run` process whose wall time includes start-up:

- no-change run: nothing changed since the last run (median of 3);
- new article: a real article added to `source/` (the shared corpus's, else a text of its own),
  then `run`: extract, update, memory lookups, MT of what the memory lacks, build (median of 3,
  a different article each time);
- no-change run after: the run that follows each new article (median of 3);
- first run with the memory: when preparing, one new article is added and run once: that run
  builds the memory (the index, or for earlier versions their per-run memory) from every
  catalog; it is reported apart, once;
- without the model's time: in a copy of the archive, the same new articles run with no model
  installed (exit 5: extract, update, memory, build, all but MT), so the model's own time (its
  loading and translating) is the difference.

The sizes take turns, run by run (each no-change run, each new article): a machine that gets
slower or faster meanwhile weighs on every size alike, and the growth figures compare them.
Peak memory is the maximum resident size of the `run` process (each started by a small
launcher of its own: a process started from this one counts this one's size too, and with
the 50,000-article archive copied the 2,000-article no-change runs reported 91 MB where they
take 44 MB). Measure 50,000 articles apart (`--sizes 10000,50000`): in one benchmark with
them, the smaller archives' runs were slower (2,000 articles: no-change 0.54 s against 0.31 s
alone; 7 GB of copies, most likely pushing their files out of the page cache). Python writes
its bytecode files as on a user's machine (PYTHONDONTWRITEBYTECODE is dropped from the
environment), and the untimed settling runs write them before anything is timed. The last
line reads
`archive: noop N s, new article N s, noop after N s, peak N MB at <largest> (without the
model's time N s); growth from <smallest>: Nx, Nx (without the model's time Nx)` (the growth of
the new-article cost and of the no-change run); the line before it gives the new-article
runs' CPU seconds, which the machine's other work disturbs less than their wall times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import generate, measured  # noqa: E402

from i18n_tool.state_database import VERSION as STATE_VERSION  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
SHARED = ROOT.parent / "shared" / "corpus" / "articles"
I18N_TOOL = Path(sys.executable).parent / "i18n-tool"
RUNS = 3


def new_articles(shared: Path = SHARED) -> list[tuple[str, str]]:
    """Three real articles that are not variants of the seed (name, text)."""
    found = sorted(shared.glob("0[1-6]-*.de.md")) if shared.is_dir() else []
    if len(found) >= RUNS:
        return [(path.name, path.read_text(encoding="utf-8")) for path in found[:RUNS]]
    # without the shared corpus: the seed's paragraphs, each article a different rotation
    # (the same sentences in new places: memory hits, no variant of a catalog)
    paragraphs = (ROOT / "source" / "kim-truppen-russland.de.md").read_text("utf-8").split("\n\n")
    return [
        (f"neu-{n}.de.md", "\n\n".join(paragraphs[n + 1 :] + paragraphs[1 : n + 1]))
        for n in range(RUNS)
    ]


def tiny_model() -> Path:
    """The tiny de→en .argosmodel, built once, in a process of its own: this process stays
    small, since a child's peak RSS counts the parent it was forked from."""
    path = CACHE / "archive-translate-de_en.argosmodel"
    if not path.exists():
        CACHE.mkdir(exist_ok=True)
        script = (
            "import sys; sys.path.insert(0, sys.argv[1]); import tiny_argos\n"
            "from pathlib import Path\n"
            "built = tiny_argos.build_package(Path(sys.argv[2]), 'de', 'en',"
            " tiny_argos.train_sentencepiece())\n"
            "built.rename(sys.argv[3])\n"
        )
        build = [str(ROOT / "tests"), str(CACHE / "archive-build"), str(path)]
        subprocess.run([sys.executable, "-c", script, *build], check=True)
    return path


class Timing(NamedTuple):
    """One i18n-tool process as measured."""

    seconds: float  # wall time, start-up included
    mb: int  # peak resident size
    cpu: float  # user + system seconds of the process and the workers it waited for


def tool(folder: Path, *args: str, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Timing:
    """Wall seconds, peak RSS (MB) and CPU seconds of one i18n-tool process (exit codes in
    `ok`), started by a launcher of its own (corpus.measured: this process's size would count
    as the tool's)."""
    run = measured([str(I18N_TOOL), *args], folder, env)
    if run.code not in ok:
        sys.exit(f"i18n-tool {' '.join(args)} failed ({run.code}) in {folder}: {run.error[-2000:]}")
    return Timing(run.seconds, run.mb, run.cpu)


def _review(path: Path) -> None:
    """Every entry translated and reviewed (a stand-in translation), as after review."""
    import polib

    po = polib.pofile(str(path))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = entry.msgstr or f"EN {entry.msgid}"
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(path))


def prepare(folder: Path, articles: int, env: dict[str, str]) -> None:
    """The archive: generated, extracted, every entry reviewed, settled by one `run`."""
    if _ready(folder) is not None:
        return
    shutil.rmtree(folder, ignore_errors=True)
    generate(folder, articles)
    started = time.perf_counter()
    print(f"  preparing {articles:,} articles in {folder} ...", file=sys.stderr, flush=True)
    tool(folder, "extract", env=env)
    tool(folder, "update", env=env)
    with ProcessPoolExecutor() as pool:
        list(pool.map(_review, sorted((folder / "locales").rglob("*.po")), chunksize=64))
    tool(folder, "run", env=env)  # settles the catalogs polib wrote, builds every article
    # the first run that needs the memory builds its index from every catalog: timed apart
    seed = (ROOT / "source" / "kim-truppen-russland.de.md").read_text(encoding="utf-8")
    (folder / "source" / "zuerst.de.md").write_text(seed.replace("Kim", "Kims Regime"), "utf-8")
    first = tool(folder, "run", env=env).seconds
    (folder / ".ready").write_text(f"{first:.2f} {STATE_VERSION}", encoding="utf-8")
    print(f"  prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def settle(copy: Path, env: dict[str, str]) -> None:
    """A copy has new inodes: a run (untimed) and a sync of the memory (which a run does only
    when it has sentences to look up) take its stat lines, as the archive's own runs had."""
    tool(copy, "run", env=env)
    sync = "import i18n_tool; i18n_tool.open_project('.').memory('en')"
    subprocess.run([sys.executable, "-c", sync], cwd=copy, env=env, check=True)


def state_size(folder: Path) -> float:
    state = folder / ".i18n-tool"
    return sum(p.stat().st_size for p in state.rglob("*") if p.is_file()) / 1e6


@dataclass
class Archive:
    """One size's copies as measured: the archive and its twin (run without the model)."""

    folder: Path
    twin: Path
    runs: dict[str, list[Timing]] = field(default_factory=dict)

    def time(self, kind: str, *args: str, env: dict[str, str], **options: Any) -> None:
        self.runs.setdefault(kind, []).append(tool(*args, env=env, **options))

    def summary(self) -> dict[str, float]:
        def median(kind: str) -> float:
            return statistics.median(run.seconds for run in self.runs[kind])

        def cpu(kind: str) -> float:
            return statistics.median(run.cpu for run in self.runs[kind])

        def peak(kind: str) -> int:
            return max(run.mb for run in self.runs[kind])

        return {
            "noop": median("noop"),
            "noop MB": peak("noop"),
            "new": median("new"),
            "new MB": peak("new"),
            "without model": median("without model"),
            "new CPU": cpu("new"),
            "without model CPU": cpu("without model"),
            "after": median("after"),
            "after MB": peak("after"),
            "state MB": state_size(self.folder),
        }


def measure(archives: list[Archive], env: dict[str, str], articles: list[tuple[str, str]]) -> None:
    """The no-change runs, then each new article and the run after it; in each twin, a copy,
    the same new articles run without the model (exit 5: everything but MT), which leaves the
    model's own time as the difference. The sizes take turns, run by run: a machine that gets
    slower or faster meanwhile (other work, the model's libraries in the page cache or not)
    weighs on every size alike, not on the one measured then."""
    for _ in range(RUNS):
        for archive in archives:
            archive.time("noop", archive.folder, "run", env=env)
    for name, text in articles:
        for archive in archives:
            folder, twin = archive.folder, archive.twin
            without_model = {**env, "ARGOS_PACKAGES_DIR": str(folder.parent / "no-models")}
            (folder / "source" / name).write_text(text, encoding="utf-8")
            archive.time("new", folder, "run", env=env)
            archive.time("after", folder, "run", env=env)
            (twin / "source" / name).write_text(text, encoding="utf-8")
            # exit 5: left for MT; 0 when the memory had every sentence (the seed's rotations)
            archive.time("without model", twin, "run", env=without_model, ok=(0, 5))
            tool(twin, "run", env=env)  # the twin as the archive: translated


def _ready(folder: Path) -> float | None:
    """The time of the run that built the memory's index (the first new article after
    preparing), if the archive was prepared with this version of the state: an archive kept
    from another is prepared again (its state would be made afresh, and its first new article
    would build the memory index again, inside the measurement)."""
    try:
        first, version = (folder / ".ready").read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return None
    return float(first) if version == str(STATE_VERSION) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="archive sizes (2000,10000)")
    parser.add_argument("--keep", type=Path, help="keep the prepared archives in this folder")
    parser.add_argument(
        "--new-articles",
        type=Path,
        default=SHARED,
        help="folder of real articles to add (default: the shared corpus beside the repository;"
        " without it, rotations of the seed's paragraphs, which the memory fills entirely)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    articles = new_articles(args.new_articles)
    work = args.keep or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    packages = work / "argos-packages"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages), "NO_COLOR": "1"}
    # as on a user's machine, Python keeps the modules' bytecode (a shell that sets
    # PYTHONDONTWRITEBYTECODE would have every run compile the tool again: 0.16 s measured)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not packages.exists():
        tool(work, "models", "install", "--file", str(tiny_model()), env=env)
    results = {}
    try:
        archives = []
        for size in sizes:
            folder = work / f"archive-{size}"
            prepare(folder, size, env)
            # a kept archive is measured from its prepared state every time
            copies = [work / f"measured-{size}", work / f"twin-{size}"]
            for copy in copies:
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(folder, copy, symlinks=True)
                settle(copy, env)
            archives.append(Archive(*copies))
        os.sync()  # the copies on the disk before any run is timed, not written back meanwhile
        print("  measuring, the sizes taking turns ...", file=sys.stderr, flush=True)
        measure(archives, env, articles)
        for size, archive in zip(sizes, archives, strict=True):
            results[size] = archive.summary() | {"first": _ready(work / f"archive-{size}")}
            shutil.rmtree(archive.folder)
            shutil.rmtree(archive.twin)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"## daily work on an archive: medians of {RUNS} `i18n-tool run` processes")
    print(f"new articles: {', '.join(name for name, _ in articles)}\n")
    print("| archive | no-change run | one new article (without the model's time) "
          "| no-change run after | state folder | first run with the memory |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for size, r in results.items():
        print(
            f"| {size:,} articles | {r['noop']:.2f} s, {r['noop MB']} MB "
            f"| {r['new']:.2f} s ({r['without model']:.2f} s), {r['new MB']} MB "
            f"| {r['after']:.2f} s, {r['after MB']} MB | {r['state MB']:.1f} MB "
            f"| {r['first']:.2f} s |"
        )
    small, large = results[sizes[0]], results[sizes[-1]]
    print(
        "\nCPU seconds of the new-article run (user + system, medians; the machine's other "
        "work weighs less on them than on wall times): "
        + ", ".join(
            f"{r['new CPU']:.2f} s ({r['without model CPU']:.2f} s without the model) at {size:,}"
            for size, r in results.items()
        )
        + f"; growth {large['new CPU'] / small['new CPU']:.2f}x"
        f" ({large['without model CPU'] / small['without model CPU']:.2f}x)"
    )
    peak = max(large["noop MB"], large["new MB"], large["after MB"])
    print(
        f"\narchive: noop {large['noop']:.2f} s, new article {large['new']:.2f} s, "
        f"noop after {large['after']:.2f} s, peak {peak} MB at {sizes[-1]:,}; "
        f"(without the model's time {large['without model']:.2f} s); growth from "
        f"{sizes[0]:,}: {large['new'] / small['new']:.2f}x, {large['noop'] / small['noop']:.2f}x"
        f" (without the model's time {large['without model'] / small['without model']:.2f}x)"
    )


if __name__ == "__main__":
    main()
