"""The review report on a newsroom archive: `i18n-tool review` against `build` and `check` on
the same project, in one run.

    python benchmarks/review.py                  # 2,000 articles, 3 runs of each row
    python benchmarks/review.py --articles 200 --runs 1

The corpus is benchmarks/corpus.py's: the seed article varied N ways, one catalog per article,
one target language (en), every entry translated and reviewed with a stand-in translation
(`EN <German>`), so every unit is checked and every page has all its rows. Each row is the wall
time of one fresh `i18n-tool` process (interpreter start-up included), best and median of the
runs; before each run of a from-scratch row its outputs and the state's records of that step
are deleted, so no row gets a cache another left:

- review, from scratch: every page rendered, every unit checked (QA in the page);
- review, no change: the same command again (every page up to date);
- review after 1 % of the articles changed (one sentence each, then `update`);
- build --format html, from scratch: the localized article pages (the baseline: rendering);
- check: the QA of every translated unit alone (the baseline: what review adds to rendering).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import I18N_TOOL, edit_one_percent, fill_translations, generate, timed


def forget(folder: Path, step: str) -> None:
    """Drop one step's records from the project state (the others stay)."""
    path = folder / ".i18n-tool" / "state.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    state["steps"].pop(step, None)
    path.write_text(json.dumps(state), encoding="utf-8")


def measure(
    runs: int, prepare: Callable[[], None], command: list[str], folder: Path
) -> list[float]:
    seconds = []
    for _ in range(runs):
        prepare()
        seconds.append(timed(command, cwd=folder)[0])
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
        fill_translations(folder / "locales")
        timed([*tool, "update"], cwd=folder)  # gettext's layout again after polib's save
        timed([*tool, "review"], cwd=folder)  # the state knows every file from here on

        def from_scratch(step: str, output: str) -> Callable[[], None]:
            def prepare() -> None:
                shutil.rmtree(folder / "build" / output, ignore_errors=True)
                forget(folder, step)

            return prepare

        def nothing() -> None:
            pass

        def one_percent() -> None:
            edit_one_percent(folder / "source")
            timed([*tool, "update"], cwd=folder)
            fill_translations(folder / "locales")
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
            "check (QA of every unit, nothing written)": measure(
                args.runs, nothing, [*tool, "check"], folder
            ),
        }
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
