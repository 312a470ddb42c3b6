"""Workflow cases as folders, as mdpo keeps its tests: adding a case is adding files.

`tests/golden/cases/<case>/` holds `before/` (a project: pyproject.toml, source/, locales/...),
`case.toml` (`description`, `command`: the i18n-tool arguments, `exit`: the expected code),
`after/` (every file the command creates or changes, byte for byte) and `output.txt` (what it
prints). Every file of `before/` not in `after/` must be left as it was. To write `after/` and
`output.txt` from a run (then read them, and commit only what is right):
`I18N_TOOL_RECORD=1 pytest tests/test_golden.py -k CASE`.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest
from helpers import REPO, invoke

CASES = sorted(p for p in (REPO / "tests" / "golden" / "cases").iterdir() if p.is_dir())
STATE = ".i18n-tool"  # the incremental-state cache is not an output


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and STATE not in path.relative_to(folder).parts
    }


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_golden_case(case: Path, tmp_path: Path) -> None:
    spec = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    project = tmp_path / "project"
    shutil.copytree(case / "before", project)
    code, output = invoke(*spec["command"], "--project", str(project))
    before, now = files(case / "before"), files(project)
    changed = {name: data for name, data in now.items() if before.get(name) != data}
    if os.environ.get("I18N_TOOL_RECORD"):
        shutil.rmtree(case / "after", ignore_errors=True)
        for name, data in changed.items():
            (case / "after" / name).parent.mkdir(parents=True, exist_ok=True)
            (case / "after" / name).write_bytes(data)
        (case / "output.txt").write_text(output, encoding="utf-8")
        pytest.skip("recorded")
    assert code == spec["exit"], output
    assert output == (case / "output.txt").read_text(encoding="utf-8")
    expected = files(case / "after") if (case / "after").is_dir() else {}
    assert changed.keys() == expected.keys()
    for name, data in expected.items():
        assert changed[name].decode("utf-8") == data.decode("utf-8"), name
    assert set(before) <= set(now), "a file of the project was deleted"
