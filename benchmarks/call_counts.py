"""How much work each step of `corpus.py` does, as a count of function calls: cProfile's count
moves by a few hundred calls between runs (timestamps decide which files the state hashes
again), where wall time on a shared machine swings by 15 % and more. Each
step runs in-process through the command line on 40 articles (under the worker-pool
threshold, so every call is in this process). Compare two checkouts by running this file with
each one's virtualenv:

    /path/to/before/.venv/bin/python benchmarks/call_counts.py
    /path/to/after/.venv/bin/python benchmarks/call_counts.py
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from i18n_tool.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import edit_one_percent, fill_translations, generate

folder = Path(tempfile.mkdtemp()) / "p"
generate(folder, 40)
runner = CliRunner()


def counted(*args: str) -> int:
    profile = cProfile.Profile()
    with contextlib.chdir(folder):
        profile.enable()
        result = runner.invoke(app, list(args))
        profile.disable()
    assert result.exit_code in (0, 5), result.output
    return pstats.Stats(profile).total_calls


counts = {"extract": counted("extract")}
counted("update")
fill_translations(folder / "locales")
counted("update")
edit_one_percent(folder / "source")
counts["update"] = counted("extract") + counted("update")
fill_translations(folder / "locales")
shutil.rmtree(folder / "build", ignore_errors=True)
counts["build"] = counted("build")
counted("run")
counts["no-change rerun"] = counted("run")
print("| step | function calls |\n|---|---|")
for step, calls in counts.items():
    print(f"| {step} | {calls:,} |")
shutil.rmtree(folder.parent)
