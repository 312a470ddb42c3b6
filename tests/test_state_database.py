"""The state database is a cache: deleted, damaged, from an older version, interrupted or held
by another process, it only costs a full run, never a wrong result."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from test_incremental import DRAFT, full_pipeline, newsroom, record_calls, snapshot

import i18n_tool
from i18n_tool import state, state_database
from i18n_tool.project import STATE_FOLDER

DATABASE = Path(STATE_FOLDER) / "state.sqlite"


def deleted(root: Path) -> None:
    shutil.rmtree(root / STATE_FOLDER)


def checkpointed(database: Path) -> Path:
    """The database with everything in its main file (the write-ahead log emptied)."""
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def garbage(root: Path) -> None:
    checkpointed(root / DATABASE).write_bytes(b"\x00\xff not a database" * 300)


def cut_in_half(root: Path) -> None:
    database = checkpointed(root / DATABASE)
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 2])


def pages_scrambled(root: Path) -> None:
    """The header intact, every page after the first three overwritten."""
    database = checkpointed(root / DATABASE)
    with sqlite3.connect(database) as connection:
        page = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(database.read_bytes())
    for start in range(3 * page, len(data), page):
        data[start : start + 64] = b"\xa5" * 64
    database.write_bytes(bytes(data))


def older_version(root: Path) -> None:
    with sqlite3.connect(root / DATABASE) as connection:
        connection.execute("PRAGMA user_version = 3")
        connection.execute("CREATE TABLE IF NOT EXISTS steps (odd)")


def odd_records(root: Path) -> None:
    with sqlite3.connect(root / DATABASE) as connection:
        connection.execute("UPDATE records SET record = '[1, 2' WHERE step = 'extract'")
        connection.execute("UPDATE records SET record = '{\"inputs\": 7}' WHERE step = 'build'")
        connection.execute("UPDATE files SET digest = 'not the hash'")
        connection.execute("UPDATE segmentations SET data = '[1, 2' WHERE rowid % 2 = 0")
        connection.execute("UPDATE segmentations SET data = '{\"blocks\": 7}' WHERE rowid % 2")


@pytest.mark.parametrize("process", ["same process", "new process"])
@pytest.mark.parametrize(
    "damage",
    [deleted, garbage, cut_in_half, pages_scrambled, older_version, odd_records],
    ids=lambda damage: damage.__name__,
)
def test_a_damaged_state_only_costs_a_full_run(
    tmp_path: Path, damage: Callable[[Path], None], process: str
) -> None:
    project = newsroom(tmp_path, 4)
    full_pipeline(project)
    expected = snapshot(project.root)
    damage(project.root)
    if process == "new process":  # as the next command would: no connection open before
        state.close_all()
    full_pipeline(project)
    assert snapshot(project.root) == expected
    full_pipeline(project)  # and the state made afresh works
    assert snapshot(project.root) == expected


def test_the_files_of_earlier_versions_states_are_removed(tmp_path: Path) -> None:
    project = newsroom(tmp_path, 2)
    legacy = project.root / STATE_FOLDER / "state.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text('{"version": 3, "steps": {}}', encoding="utf-8")
    segmentation = project.root / STATE_FOLDER / "documents" / "3f" / "gipfel-0.json"
    segmentation.parent.mkdir(parents=True)
    segmentation.write_text('{"key": "", "blocks": []}', encoding="utf-8")
    full_pipeline(project)
    assert not legacy.exists() and not segmentation.parent.parent.exists()
    assert (project.root / DATABASE).exists()


def test_a_run_killed_in_the_middle_of_a_step_keeps_nothing_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process killed inside a step's transaction, after it changed records: the next run
    finds the state as the last finished step left it."""
    project = newsroom(tmp_path, 4)
    full_pipeline(project)
    expected = snapshot(project.root)
    article = project.root / "source" / "a001.de.md"
    article.write_text("# Neu\n\nDer Präsident sprach heute.\n", encoding="utf-8")
    killer = textwrap.dedent(
        f"""
        import os, signal
        import i18n_tool
        project = i18n_tool.open_project({str(project.root)!r})
        with project.state.step("extract") as step:
            for key in step.keys():
                step.forget(key)
            step.save()  # written inside the transaction, never committed
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", killer], check=False)
    assert done.returncode == -signal.SIGKILL
    loaded = record_calls(monkeypatch, "load")
    full_pipeline(project)
    assert loaded == ["a001.de.md"]  # the others' records survived the killed step
    assert snapshot(project.root) != expected  # the edit went through
    assert "Der Präsident sprach heute." in (project.root / "build/en/a001.md").read_text("utf-8")


def test_a_process_holding_the_state_only_means_this_run_keeps_nothing(tmp_path: Path) -> None:
    """Another process in a write transaction on the state (it cannot be an i18n-tool that
    writes: the project lock keeps them apart): extract, update and build still give the
    right files; nothing is saved while it holds the database."""
    project = newsroom(tmp_path, 3)
    full_pipeline(project)
    expected = snapshot(project.root)
    (project.root / "build" / "en" / "a000.md").unlink()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"db = sqlite3.connect({str(project.root / DATABASE)!r}, isolation_level=None)\n"
            "db.execute('BEGIN IMMEDIATE')\n"
            "print('holding', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        full_pipeline(project)
        assert snapshot(project.root) == expected
    finally:
        holder.kill()
        holder.wait()
    full_pipeline(project)
    assert snapshot(project.root) == expected


def test_the_state_names_outputs_relative_to_the_project_so_it_can_move(tmp_path: Path) -> None:
    project = newsroom(tmp_path, 2)
    full_pipeline(project)
    with sqlite3.connect(project.root / DATABASE) as connection:
        records = [row[0] for row in connection.execute("SELECT record FROM records")]
    assert records and not any(str(tmp_path) in record for record in records)
    os.rename(project.root, tmp_path / "moved")
    moved = i18n_tool.open_project(tmp_path / "moved")
    [english] = i18n_tool.build(moved, policy=DRAFT)
    assert english.results and not any(result.written for result in english.results)


def test_a_database_of_another_version_is_made_afresh_and_its_space_freed(tmp_path: Path) -> None:
    project = newsroom(tmp_path, 2)
    full_pipeline(project)
    database = project.root / DATABASE
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE from_an_older_version (data)")
        connection.executemany(
            "INSERT INTO from_an_older_version VALUES (?)", [(b"x" * 4000,)] * 2000
        )
        connection.execute("PRAGMA user_version = 3")
    state.close_all()  # the next command opens it
    full_pipeline(project)
    with sqlite3.connect(database) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        assert connection.execute("PRAGMA user_version").fetchone() == (state_database.VERSION,)
    assert "from_an_older_version" not in tables
    assert checkpointed(database).stat().st_size < 1_000_000


def test_rows_are_read_one_at_a_time_then_all_at_once_and_what_was_put_stands() -> None:
    """A run touching one article of 10,000 reads its few rows; a full run reads the table once;
    a row put (None: the file is gone) stands over the table's either way."""
    table = {"a": 1, "b": 2, "c": 3}
    reads: list[str] = []

    def one(key: str) -> list[tuple[int]]:
        reads.append(key)
        return [(table[key],)] if key in table else []

    def every() -> list[tuple[str, int]]:
        reads.append("*")
        return list(table.items())

    rows = state_database.Rows(one, every)
    rows.BULK_AFTER = 2
    rows.put("b", None)
    assert (rows.get("a"), rows.get("b")) == (1, None)
    assert rows.get("c") == 3
    assert reads == ["a", "*"]
    assert rows.all() == {"a": 1, "c": 3}
