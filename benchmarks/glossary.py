"""What finding glossary terms in every form costs `extract` and `check` on a newsroom archive:
this tree against a baseline commit (exact-form matching), in one run, on the same project.

    python benchmarks/glossary.py                          # 2,000 articles, 3 runs, vs b99304b
    python benchmarks/glossary.py --articles 200 --runs 1 --baseline HEAD~3

The project is benchmarks/corpus.py's archive (the seed varied N ways, one language, every
entry reviewed with corpus.py's stand-in translation) with the repository's glossary.toml. The
baseline is checked out into a temporary git worktree; both trees run as `python -m i18n_tool`
with their own code first on the path, in fresh processes, alternately, so a machine that gets
busier slows both. Each run of a row starts from scratch: `extract` with no templates and no
state (so every article is segmented and written), `check` right after that tree's own
`extract` (the state's segmentation is each version's own). The last row runs this tree's
`check` with the 21-term glossary of tests/data/glossary-truth (common nouns, heads, variants:
the lemmatizer's work), which the baseline cannot read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, fill_translations, generate, timed

TRUTH_GLOSSARY = ROOT / "tests" / "data" / "glossary-truth" / "glossary.toml"


def tool(tree: Path) -> list[str]:
    """`i18n-tool` as `tree` has it: its package first on the path."""
    return ["env", f"PYTHONPATH={tree}", sys.executable, "-m", "i18n_tool"]


def from_scratch(folder: Path) -> None:
    for pot in (folder / "locales").glob("*.pot"):
        pot.unlink()
    shutil.rmtree(folder / ".i18n-tool", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", default="b99304b", help="the commit to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary) / "baseline"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
            check=True,
            capture_output=True,
        )
        try:
            rows = measure(Path(temporary) / "archive", base, args)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)])
    print(f"{args.articles} articles, 1 language, {args.runs} runs per row (wall seconds)\n")
    print(f"| step | {args.baseline} median | this tree median | ratio | best, best |")
    print("|---|---|---|---|---|")
    for name, (before, after) in rows.items():
        ratio = statistics.median(after) / statistics.median(before) if before else float("nan")
        print(
            f"| {name} | {statistics.median(before):.2f} | {statistics.median(after):.2f} | "
            f"{ratio:.3f} | {min(before):.2f}, {min(after):.2f} |"
            if before
            else f"| {name} | - | {statistics.median(after):.2f} | - | -, {min(after):.2f} |"
        )


def measure(
    folder: Path, base: Path, args: argparse.Namespace
) -> dict[str, tuple[list[float], list[float]]]:
    generate(folder, args.articles)
    shutil.copy(ROOT / "glossary.toml", folder / "glossary.toml")
    timed([*tool(ROOT), "update"], cwd=folder)
    fill_translations(folder / "locales")
    timed([*tool(ROOT), "update"], cwd=folder)  # gettext's layout again after polib's save
    rows: dict[str, tuple[list[float], list[float]]] = {
        "extract, from scratch": ([], []),
        "check": ([], []),
        "check, 21-term glossary with nouns": ([], []),
    }
    for _ in range(args.runs):
        for index, tree in enumerate((base, ROOT)):
            from_scratch(folder)
            rows["extract, from scratch"][index].append(
                timed([*tool(tree), "extract"], cwd=folder)[0]
            )
            rows["check"][index].append(timed([*tool(tree), "check"], cwd=folder, ok=(0, 8))[0])
    shutil.copy(TRUTH_GLOSSARY, folder / "glossary.toml")
    for _ in range(args.runs):
        seconds = timed([*tool(ROOT), "check"], cwd=folder, ok=(0, 8))[0]
        rows["check, 21-term glossary with nouns"][1].append(seconds)
    return rows


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
