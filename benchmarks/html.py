"""HTML articles against Translate Toolkit's html2po/po2html, on the same archive, in one run.

    python benchmarks/html.py                # 2,000 pages
    python benchmarks/html.py --pages 500

The archive is the three pages of the golden HTML cases (a CMS article, a newsletter fragment,
a police report in old, invalid markup with CRLF line ends) varied N ways (a number in their
words, so no two pages are the same). Each tool, as a user runs it, a fresh process each time,
the two taking turns (median of 3):

- extract: the pages to templates (`i18n-tool extract`; `html2po -P`), from nothing kept;
- build: every page translated (each unit "FR " + its source, reviewed) back into a page
  (`i18n-tool build` in the project as extract and update left it, its state folder holding
  each page's units, so the pages are not parsed again; `po2html -t`);
- build, nothing kept: `i18n-tool build` without the state folder (every page parsed again),
  against the same `po2html` runs.

The archive and every file the tools make are in memory (`/dev/shm`, where the machine has
it; `--work` chooses another folder): on a disk, making the same 2,000 files right after
2,000 were removed took 0.54 s in one folder and 1.3 s in another (ext4's inode allocator
passing over recently removed inodes, by hand), which would decide the comparison instead of
the tools. The table's header names the folder.

Then what each gives back: every page kind through extract, identity translations (each
translation its source) and build, compared with its source line by line. Every line that does
not come back is printed as a case (the `lang` attribute our build sets apart).
Translate Toolkit is a test extra (its pinned version in constraints.txt), never a dependency.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "golden" / "cases" / "html-extract" / "before" / "source"
BIN = Path(sys.executable).parent
RUNS = 3


def pages(count: int) -> dict[str, str]:
    """`count` distinct pages: the golden ones in turn, a number in some of their words."""
    kinds = sorted(PAGES.glob("*.de.html"))
    texts = [kind.read_bytes().decode("utf-8") for kind in kinds]
    made = {}
    for number in range(count):
        index = number % len(kinds)
        text = texts[index]
        for word in ("Kursk", "Redaktion", "Polizei", "Soldaten"):
            text = text.replace(word, f"{word} {number}")
        made[f"{kinds[index].name.split('.')[0]}-{number:05}.de.html"] = text
    return made


def write_pages(folder: Path, made: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in made.items():
        (folder / name).write_bytes(text.encode("utf-8"))


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, env={**os.environ, "NO_COLOR": "1"}
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return seconds


def translated(catalog: polib.POFile, translation: str) -> None:
    """Every entry translated as `translation` says ("{}" is the source) and reviewed."""
    for entry in catalog:
        entry.msgstr = translation.format(entry.msgid)
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]


def ours(folder: Path, made: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyproject.toml").write_text(
        '[tool.i18n-tool]\nsource-language = "de"\ntarget-languages = ["fr"]\n', "utf-8"
    )
    write_pages(folder / "source", made)
    return folder


def our_catalogs(folder: Path, translation: str) -> None:
    timed([str(BIN / "i18n-tool"), "update"], folder)
    for path in (folder / "locales" / "fr").glob("*.po"):
        catalog = polib.pofile(str(path))
        translated(catalog, translation)
        catalog.save(str(path))


def peer_catalogs(folder: Path, translation: str) -> None:
    (folder / "po").mkdir(exist_ok=True)
    for template in (folder / "pot").glob("*.pot"):
        catalog = polib.pofile(str(template))
        translated(catalog, translation)
        catalog.save(str(folder / "po" / f"{template.stem}.po"))


def fresh(*paths: Path) -> None:
    """Remove what a run made, and let the file system finish with it before the next timed
    run (on a disk mounted with `discard`, thousands of removed files are trimmed when the
    journal commits, which would slow the next run's file creation)."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    os.sync()


def measure(work: Path, count: int) -> dict[str, dict[str, float]]:
    made = pages(count)
    mine = ours(work / "ours", made)
    peer = work / "peer"
    write_pages(peer / "src", made)
    extract: dict[str, list[float]] = {"ours": [], "peer": []}
    for _ in range(RUNS):
        fresh(mine / ".i18n-tool", mine / "locales")
        extract["ours"].append(timed([str(BIN / "i18n-tool"), "extract"], mine))
        fresh(peer / "pot")
        extract["peer"].append(timed([str(BIN / "html2po"), "-P", "src", "pot"], peer))
    our_catalogs(mine, "FR {}")
    peer_catalogs(peer, "FR {}")
    kept = work / "state-after-update"
    shutil.copytree(mine / ".i18n-tool", kept)
    build: dict[str, list[float]] = {"ours": [], "peer": []}
    cold: dict[str, list[float]] = {"ours": [], "peer": []}
    for _ in range(RUNS):
        fresh(mine / ".i18n-tool", mine / "build")
        shutil.copytree(kept, mine / ".i18n-tool")  # as extract and update left it
        os.sync()
        build["ours"].append(timed([str(BIN / "i18n-tool"), "build"], mine))
        fresh(mine / ".i18n-tool", mine / "build")
        cold["ours"].append(timed([str(BIN / "i18n-tool"), "build"], mine))
        fresh(peer / "out")
        seconds = timed([str(BIN / "po2html"), "-t", "src", "po", "out"], peer)
        build["peer"].append(seconds)
        cold["peer"].append(seconds)
    steps = (("extract", extract), ("build", build), ("build, nothing kept", cold))
    return {
        step: {tool: statistics.median(times) for tool, times in results.items()}
        for step, results in steps
    }


def losses(work: Path) -> dict[str, dict[str, list[str]]]:
    """Per tool and page kind, the source lines an identity round trip does not give back."""
    made = {kind.name: kind.read_bytes().decode("utf-8") for kind in sorted(PAGES.glob("*.html"))}
    mine = ours(work / "identity-ours", made)
    timed([str(BIN / "i18n-tool"), "extract"], mine)
    our_catalogs(mine, "{}")
    timed([str(BIN / "i18n-tool"), "build"], mine)
    peer = work / "identity-peer"
    write_pages(peer / "src", made)
    timed([str(BIN / "html2po"), "-P", "src", "pot"], peer)
    peer_catalogs(peer, "{}")
    timed([str(BIN / "po2html"), "-t", "src", "po", "out"], peer)
    found: dict[str, dict[str, list[str]]] = {"ours": {}, "peer": {}}
    for name, source in made.items():
        built = (mine / "build" / "fr" / name.replace(".de.html", ".html")).read_bytes()
        ours_text = built.decode("utf-8")  # the lang our build sets, as the source has it
        if 'lang="de"' in source:
            ours_text = ours_text.replace('lang="fr"', 'lang="de"', 1)
        else:
            ours_text = ours_text.replace(' lang="fr"', "", 1)
        peer_path = peer / "out" / name
        peer_text = peer_path.read_bytes().decode("utf-8") if peer_path.exists() else ""
        for tool, text in (("ours", ours_text), ("peer", peer_text)):
            diff = [
                line
                for line in difflib.unified_diff(
                    source.splitlines(keepends=True), text.splitlines(keepends=True), n=0
                )
                if line[:1] in "-+" and not line.startswith(("---", "+++"))
            ]
            found[tool][name] = diff
    return found


def _in_memory() -> Path | None:
    """/dev/shm where it is a folder this process can write in; else the system's default."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--work", type=Path, default=_in_memory(), help="where to work")
    args = parser.parse_args()
    version = subprocess.run(
        [sys.executable, "-m", "pip", "show", "translate-toolkit"], capture_output=True, text=True
    ).stdout
    peer_version = next(
        (line.split()[1] for line in version.splitlines() if line.startswith("Version")), "?"
    )
    work = Path(tempfile.mkdtemp(prefix="html-bench-", dir=args.work))
    try:
        print(f"  {args.pages:,} pages, the tools taking turns ...", file=sys.stderr, flush=True)
        times = measure(work, args.pages)
        lost = losses(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"## HTML pages: i18n-tool against Translate Toolkit {peer_version}, medians of {RUNS}")
    print(f"{args.pages:,} pages (the golden HTML cases' three kinds, varied), in {work.parent}\n")
    print("| step | i18n-tool | html2po / po2html | peer time / ours |")
    print("|---|---|---|---|")
    for step, row in times.items():
        ratio = row["peer"] / row["ours"]
        print(f"| {step} | {row['ours']:.2f} s | {row['peer']:.2f} s | {ratio:.2f}x |")
    print("\n## what an identity round trip does not give back (source lines - , output lines +)")
    for tool, label in (("ours", "i18n-tool"), ("peer", f"Translate Toolkit {peer_version}")):
        for name, diff in lost[tool].items():
            differing = sum(line.startswith("-") for line in diff)
            print(f"\n### {label}: {name}: {differing} lines differ")
            for line in diff:
                print(f"    {line.rstrip()!r}")
    extract, build, cold = times["extract"], times["build"], times["build, nothing kept"]
    print(
        f"\nhtml: extract {extract['ours']:.2f} s vs {extract['peer']:.2f} s, "
        f"build {build['ours']:.2f} s vs {build['peer']:.2f} s "
        f"(nothing kept {cold['ours']:.2f} s) at {args.pages:,} pages; "
        f"lines not given back: {sum(map(len, lost['ours'].values()))} vs "
        f"{sum(map(len, lost['peer'].values()))}"
    )


if __name__ == "__main__":
    main()
