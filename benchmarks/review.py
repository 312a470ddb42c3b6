"""The review report on a newsroom archive: `i18n-tool review` against `build` and `check` on
the same project, in one run.

    python benchmarks/review.py                  # 2,000 articles, 3 runs of each row
    python benchmarks/review.py --articles 200 --runs 1

The corpus is benchmarks/corpus.py's: the seed article varied N ways (numbers and dates), one
catalog per article, one target language (en), every entry translated and reviewed with a
stand-in translation, so every unit is checked and every page has all its rows. The stand-in
is the German with a word made of the article's number in letters, so that no two articles
share a translation: language detection (langdetect, ~4 ms a unit) is remembered per text
within a process, and corpus.py's stand-ins (`EN <German>`, which differ only in numbers, and
numbers are not read) would all be the same text. The last row runs on those, to show what
repetition saves. Each row is the wall time of one fresh `i18n-tool` process (interpreter
start-up included), best and median of the runs; before each run of a from-scratch row its
outputs and the state's records of that step are deleted, so no row gets a cache another left:

- review, from scratch: every page rendered, every unit checked (QA in the page);
- review, no change: the same command again (every page up to date);
- review after 1 % of the articles changed (one sentence each, then `update`);
- build --format html, from scratch: the localized article pages (the baseline: rendering);
- langdetect on every translation, in this process, one core (the floor of the QA the pages
  show: `check`'s language test; `check` itself is not a fair row here, since one German
  sentence reviewed differently in every article makes its consistency check list each pair);
- review, from scratch, on corpus.py's stand-ins (the same translation text in every article).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import I18N_TOOL, edit_one_percent, fill_translations, generate, timed


def letters(number: int) -> str:
    """0 → "a", 27 → "bb": a word of its own per article (digits are not read by QA)."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if number == 0:
            return word


def fill_distinct(catalogs: Path) -> None:
    """Every entry reviewed, its stand-in translation marked with its article's own word."""
    import polib

    for number, path in enumerate(sorted(catalogs.rglob("*.po"))):
        po = polib.pofile(str(path))
        for entry in po:
            if not entry.obsolete:
                entry.msgstr = f"{entry.msgid} {letters(number)}"
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        po.save(str(path))


def detection_seconds(folder: Path) -> float:
    """Seconds of `detect_language` on every reviewed translation of the project (cold)."""
    import polib

    from i18n_tool import detect

    texts = [
        entry.msgstr
        for path in sorted((folder / "locales").rglob("*.po"))
        for entry in polib.pofile(str(path))
        if entry.msgstr
    ]
    detect._ranked.cache_clear()
    start = time.perf_counter()
    for text in texts:
        detect.detect_language(text)
    return time.perf_counter() - start


def forget(folder: Path, step: str) -> None:
    """Drop one step's records from the project state (the others stay)."""
    with sqlite3.connect(folder / ".i18n-tool" / "state.sqlite") as database:
        database.execute("DELETE FROM records WHERE step = ?", (step,))


def measure(
    runs: int, prepare: Callable[[], None], command: list[str], folder: Path
) -> list[float]:
    seconds = []
    for _ in range(runs):
        prepare()
        seconds.append(timed(command, cwd=folder, ok=(0, 8))[0])  # 8: check found errors
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tool = [str(I18N_TOOL)]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "archive"
        generate(folder, args.articles)
        timed([*tool, "update"], cwd=folder)
        fill_distinct(folder / "locales")
        timed([*tool, "update"], cwd=folder)  # gettext's layout again after polib's save
        timed([*tool, "review"], cwd=folder)  # the state knows every file from here on

        def from_scratch(step: str, output: str, where: Path = folder) -> Callable[[], None]:
            def prepare() -> None:
                shutil.rmtree(where / "build" / output, ignore_errors=True)
                forget(where, step)

            return prepare

        def nothing() -> None:
            pass

        def one_percent() -> None:
            edit_one_percent(folder / "source")
            timed([*tool, "update"], cwd=folder)
            fill_distinct(folder / "locales")
            timed([*tool, "update"], cwd=folder)

        rows = {
            "review, from scratch": measure(
                args.runs, from_scratch("review", "review"), [*tool, "review"], folder
            ),
            "review, no change": measure(args.runs, nothing, [*tool, "review"], folder),
            "review after 1 % of the articles changed": measure(
                args.runs, one_percent, [*tool, "review"], folder
            ),
            "build --format html, from scratch": measure(
                args.runs, from_scratch("build", "en"), [*tool, "build", "--format", "html"], folder
            ),
            "langdetect on every translation, one core": [
                detection_seconds(folder) for _ in range(args.runs)
            ],
        }
        shutil.rmtree(folder)
        generate(folder, args.articles)
        timed([*tool, "update"], cwd=folder)
        fill_translations(folder / "locales")
        timed([*tool, "update"], cwd=folder)
        timed([*tool, "review"], cwd=folder)
        rows["review, from scratch, corpus.py's repeating stand-ins"] = measure(
            args.runs, from_scratch("review", "review"), [*tool, "review"], folder
        )
    print(f"{args.articles} articles, 1 language, {args.runs} runs per row (wall seconds)\n")
    base = min(rows["build --format html, from scratch"])
    print("| step | best | median | × build from scratch |")
    print("|---|---|---|---|")
    for name, seconds in rows.items():
        print(
            f"| {name} | {min(seconds):.2f} | {statistics.median(seconds):.2f} | "
            f"{min(seconds) / base:.2f} |"
        )


if __name__ == "__main__":
    main()
