"""A newsroom archive through extract, update and build: i18n-tool against mdpo and Translate
Toolkit, in one run, on the same generated corpus.

    python benchmarks/corpus.py                   # 2,000 articles, i18n-tool only
    python benchmarks/corpus.py --peers           # and mdpo, Translate Toolkit (own venvs)
    python benchmarks/corpus.py --articles 200

The corpus is the seed article varied N ways (numbers, dates, counts differ per article, so
entries differ), one Markdown file and one catalog per article, one target language. Steps,
each timed as the wall time of fresh processes (interpreter start-up included):

- extract: every article to a template / PO file;
- update: after editing 1% of the articles (one sentence each), bring the catalogs up to date
  (ours: `extract` then `update`; the peers redo every article, as they must);
- build: localized Markdown for every article from fully translated catalogs (all outputs
  deleted first, so everything is rendered);
- no-change rerun: `i18n-tool run` with nothing changed (extract, update, translate, build).

Peers run in their own virtualenvs under benchmarks/.cache (created on first use; never
dependencies of the tool), driven the way each is fastest: mdpo's Python API in one process
per step, Translate Toolkit's converters in directory mode. Peak memory is the maximum
resident size of the step's main process (our worker processes are not included).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
SEED = ROOT / "source" / "kim-truppen-russland.de.md"
I18N_TOOL = Path(sys.executable).parent / "i18n-tool"

MDPO = """
import sys
from pathlib import Path
from mdpo.md2po import markdown_to_pofile
from mdpo.po2md import pofile_to_markdown
step, source, catalogs, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
for md in sorted(source.glob("*.md")):
    po = catalogs / (md.name[:-3] + ".po")
    if step == "build":
        pofile_to_markdown(str(md), str(po), save=str(out / md.name))
    else:
        markdown_to_pofile(str(md), po_filepath=str(po), save=True)
"""


def generate(folder: Path, articles: int) -> None:
    seed = SEED.read_text(encoding="utf-8")
    (folder / "source").mkdir(parents=True)
    for number in range(articles):
        text = (
            seed.replace("10.000", f"{10_000 + 7 * number:,}".replace(",", "."))
            .replace("600.000", f"{600_000 + number:,}".replace(",", "."))
            .replace("28. Oktober 2024", f"{1 + number % 28}. Oktober {2000 + number % 25}")
            .replace("200 nordkoreanische", f"{200 + number} nordkoreanische")
            .replace("in wenigen Wochen", f"in {2 + number % 9} Wochen")
        )
        (folder / "source" / f"artikel-{number:04d}.de.md").write_text(text, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.i18n-tool]\ntarget-languages = ["en"]\n', encoding="utf-8"
    )


def edit_one_percent(source: Path) -> list[Path]:
    """Reword one sentence in every hundredth article."""
    edited = sorted(source.glob("*.md"))[::100]
    for path in edited:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("symbolische Unterstützung", "bloße Symbolik"), "utf-8")
    return edited


# Each measured command is started by a small launcher process of its own: Linux keeps a
# process's peak resident size across exec, counting the process it was forked from, so a
# command started from this process (grown by generating or copying an archive) would report
# this process's size as its own peak.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
process = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1] or None, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
print(json.dumps([code, seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime]))
"""


class Measured(NamedTuple):
    """One command's process as measured."""

    code: int
    seconds: float  # wall time, start-up included
    mb: int  # peak resident size
    cpu: float  # user + system seconds of the process and the workers it waited for
    error: str  # what it wrote to stderr


def measured(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> Measured:
    """Run `command` through the launcher and measure it."""
    launcher = [sys.executable, "-c", LAUNCHER, str(cwd or ""), *command]
    done = subprocess.run(launcher, env=env, capture_output=True, text=True, check=False)
    try:
        code, seconds, mb, cpu = json.loads(done.stdout)
    except ValueError:
        sys.exit(f"the launcher of {' '.join(command)} failed: {done.stderr[-2000:]}")
    return Measured(code, seconds, mb, cpu, done.stderr)


def timed(
    *commands: list[str], cwd: Path | None = None, ok: tuple[int, ...] = (0, 5)
) -> tuple[float, int]:
    """Wall seconds of the commands run one after the other, and the largest peak RSS (MB);
    an exit code not in `ok` stops the benchmark (5: no MT model, expected here)."""
    seconds, peak = 0.0, 0
    for command in commands:
        run = measured(command, cwd)
        if run.code not in ok:
            sys.exit(f"{' '.join(command)} failed ({run.code}): {run.error[-2000:]}")
        seconds += run.seconds
        peak = max(peak, run.mb)
    return seconds, peak


def fill_translations(catalogs: Path) -> None:
    """Every entry translated and reviewed (a stand-in translation), as after review."""
    import polib

    for path in catalogs.rglob("*.po"):
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if not entry.obsolete and (entry.fuzzy or not entry.msgstr):
                entry.msgstr = entry.msgstr or f"EN {entry.msgid}"
                entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                changed = True
        if changed:
            po.save(str(path))


def ours(folder: Path) -> dict[str, tuple[float, int]]:
    tool = [str(I18N_TOOL)]
    results = {"extract": timed([*tool, "extract"], cwd=folder)}
    timed([*tool, "update"], cwd=folder)
    fill_translations(folder / "locales")
    timed([*tool, "update"], cwd=folder)  # back to gettext's layout after polib's save
    edit_one_percent(folder / "source")
    results["update"] = timed([*tool, "extract"], [*tool, "update"], cwd=folder)
    fill_translations(folder / "locales")
    shutil.rmtree(folder / "build", ignore_errors=True)
    results["build"] = timed([*tool, "build"], cwd=folder)
    timed([*tool, "run"], cwd=folder)  # settles the catalogs fill_translations touched
    results["no-change rerun"] = timed([*tool, "run"], cwd=folder)
    return results


def venv(name: str, requirement: str) -> Path:
    python = CACHE / name / "bin" / "python"
    if not python.exists():
        print(f"  creating {CACHE / name} with {requirement} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(CACHE / name)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
    return python


def mdpo(folder: Path) -> dict[str, tuple[float, int]]:
    python = str(venv("peer-mdpo", "mdpo==2.1.4"))
    script = folder / "mdpo_steps.py"
    script.write_text(MDPO, encoding="utf-8")
    source, catalogs, out = folder / "source", folder / "po", folder / "out"
    catalogs.mkdir()
    out.mkdir()

    def step(name: str) -> tuple[float, int]:
        return timed([python, str(script), name, str(source), str(catalogs), str(out)])

    results = {"extract": step("extract")}
    fill_translations(catalogs)
    edit_one_percent(source)
    results["update"] = step("update")
    fill_translations(catalogs)
    results["build"] = step("build")
    return results


def translate_toolkit(folder: Path) -> dict[str, tuple[float, int]]:
    python = venv("peer-translate-toolkit", "translate-toolkit[markdown]==3.20.4")
    bin_dir = python.parent
    source = folder / "source"
    quiet = ["--progress=none"]
    results = {
        "extract": timed(
            [str(bin_dir / "md2po"), *quiet, "-i", str(source), "-o", str(folder / "po")]
        )
    }
    fill_translations(folder / "po")
    edit_one_percent(source)
    results["update"] = timed(
        [str(bin_dir / "md2po"), *quiet, "-P", "-i", str(source), "-o", str(folder / "pot")],
        [str(bin_dir / "pot2po"), *quiet, "-t", str(folder / "po"), "-i", str(folder / "pot"),
         "-o", str(folder / "po2")],
    )  # fmt: skip
    fill_translations(folder / "po2")
    results["build"] = timed(
        [str(bin_dir / "po2md"), *quiet, "-t", str(source), "-i", str(folder / "po2"),
         "-o", str(folder / "out")]
    )  # fmt: skip
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (2000)")
    parser.add_argument("--peers", action="store_true", help="also run mdpo, Translate Toolkit")
    args = parser.parse_args()
    tools = {"i18n-tool": ours}
    if args.peers:
        tools |= {"mdpo 2.1.4": mdpo, "Translate Toolkit 3.20.4": translate_toolkit}
    results = {}
    with tempfile.TemporaryDirectory(prefix="corpus-bench-") as work:
        for name, run in tools.items():
            folder = Path(work) / re.sub(r"\W+", "-", name)
            generate(folder, args.articles)
            print(f"  running {name} ...", file=sys.stderr, flush=True)
            results[name] = run(folder)
    steps = ["extract", "update", "build"]
    print(f"## {args.articles} articles, one catalog each, 1 target language\n")
    print("| tool | " + " | ".join(f"{s} s (peak MB)" for s in steps) + " |")
    print("|---|" + "---|" * len(steps))
    for name, measured in results.items():
        cells = [f"{measured[s][0]:.2f} ({measured[s][1]})" for s in steps]
        print(f"| {name} | " + " | ".join(cells) + " |")
    mine = results["i18n-tool"]
    rerun = mine["no-change rerun"][0]
    print(f"\nno-change rerun of the pipeline: {rerun:.2f} s; 1% update = "
          f"{100 * mine['update'][0] / mine['extract'][0]:.1f}% of a full extract")  # fmt: skip
    if "mdpo 2.1.4" in results:
        peer = results["mdpo 2.1.4"]
        ratios = ", ".join(f"{s} {peer[s][0] / mine[s][0]:.1f}" for s in steps)
        print(f"speedup vs mdpo: {ratios}; no-change rerun {rerun:.2f} s")


if __name__ == "__main__":
    main()
