"""Importing large TMX memories: time and peak memory, against the file's size.

    python benchmarks/tmx_import.py                  # 2, 20 and 200 MB
    python benchmarks/tmx_import.py --sizes 2 20

Each row is `i18n-tool memory import FILE` in a fresh Python process (no cache carried from
one row to the next) on a fresh project; the process reports its own peak RSS
(`getrusage(RUSAGE_SELF).ru_maxrss`) and wall time. The TMX is written beforehand: German
sentences with English translations, each unit different, as agencies' exports are.
A reader that loads the whole file would grow with it; a streamed one stays flat.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

UNIT = (
    '<tu creationdate="20260101T101010Z"><prop type="x-document">agency-{n}.de.md:1</prop>'
    '<tuv xml:lang="de-DE"><seg>Der Wetterdienst warnte am {n}. Tag vor Hagel und Sturm in '
    "ganz Bayern.</seg></tuv>"
    '<tuv xml:lang="en-GB"><seg>The weather service warned of hail and storms across Bavaria '
    "on day {n}.</seg></tuv></tu>\n"
)
MEASURE = """
import json, resource, sys, time
from pathlib import Path
from i18n_tool import import_memory, open_project
start = time.perf_counter()
[done] = import_memory(open_project(Path(sys.argv[1])), [Path(sys.argv[2])])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "units": sum(done.units.values())}))
"""


def write_tmx(path: Path, megabytes: int) -> None:
    with path.open("w", encoding="utf-8") as file:
        file.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        file.write('<header creationtool="agency" srclang="de-DE" datatype="plaintext" ')
        file.write('segtype="sentence" adminlang="en" o-tmf="x"/>\n<body>\n')
        n = 0
        while file.tell() < megabytes * 1_000_000:
            file.write("".join(UNIT.format(n=n + i) for i in range(1000)))
            n += 1000
        file.write("</body>\n</tmx>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 200])
    args = parser.parse_args()
    print("| TMX file | units | seconds | peak RSS (MB) |")
    print("|---|---|---|---|")
    for megabytes in args.sizes:
        with tempfile.TemporaryDirectory(prefix="tmx-bench-") as folder:
            work = Path(folder)
            project = work / "project"
            (project / "source").mkdir(parents=True)
            (project / "pyproject.toml").write_text(
                '[tool.i18n-tool]\ntarget-languages = ["en"]\n', encoding="utf-8"
            )
            tmx = work / "agency.tmx"
            write_tmx(tmx, megabytes)
            size = tmx.stat().st_size / 1_000_000
            result = subprocess.run(
                [sys.executable, "-c", MEASURE, str(project), str(tmx)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            row = json.loads(result.stdout)
            print(
                f"| {size:,.0f} MB | {row['units']:,} | {row['seconds']:.1f} | "
                f"{row['peak_mb']:.0f} |"
            )


if __name__ == "__main__":
    main()
