"""What the last runs did, so the next one does only what changed.

The project's state folder (`project.Layout.state`) holds a SQLite database: per step and item,
the fingerprints (content hashes) of the files it read and wrote, the settings it ran with and
a small result (unit counts, pending MT, build counts); the size, mtime and hash of each file
seen, so an unchanged file is never read again (git's index does the same); and the
translation memory's index (memory_index.py). Every task uses one mechanism, a `Step` opened
by `StateStore.step`, one transaction: `partition` splits items into those whose recorded
result still holds and those to run, `remembered` returns a result or computes and records it,
`record` keeps a new one. A step reads the records of its own step and writes back only those
that changed. The state is a cache: a deleted, damaged, locked or older one only costs a full
run, never a wrong result.

The database also keeps the segmentation `extract` made of each article (a build need not parse
it again). Beside it, one small file per item: what exports and MT suggestions wrote (read only
for the item concerned).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .errors import I18nError
from .fileio import shown_path, write_atomic
from .model import Block, BlockKind, Document, Inline, LanguageMark, Unit
from .snapshot import Snapshot, content_hash
from .state_database import Rows, StateDatabase

DATABASE = "state.sqlite"
LEGACY_STATE = "state.json"  # versions before 4 kept every record in one JSON file
LEGACY_SEGMENTATIONS = "documents"  # versions before 6 kept a file per article's segmentation
RUN = "run"  # the step that keeps a settled run's record

T = TypeVar("T")


@dataclass(frozen=True)
class StateStore:
    """A project's state: the steps' records and the caches beside them, in `folder`; paths
    are kept relative to `root`, so the project can move."""

    folder: Path
    root: Path

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """The records of one step, in one transaction, saved when the step ends without an
        error. Another process writing the state meanwhile (a reader's cache of counts while
        `run` goes on) only means this step's records are not saved."""
        database = self.database()
        writing = _begin(database)
        step = Step(database, name, self.root, writing)
        try:
            yield step
        except BaseException:
            if writing:
                with contextlib.suppress(sqlite3.Error):
                    database.connection.execute("ROLLBACK")
            raise
        if not writing:
            return
        if database.damaged:
            database.reset()
            return
        try:
            step.save()
            database.connection.execute("COMMIT")
        except sqlite3.DatabaseError:
            database.reset()  # damaged under us: the next run redoes what it would have kept

    def database(self) -> StateDatabase:
        """This process's connection to the state database (a new one when the file was
        deleted or replaced since, and in each worker process)."""
        path = self.folder / DATABASE
        key = (str(path), os.getpid())
        database = _databases.get(key)
        if database is None or not database.is_current():
            if database is not None:
                database.close()
            database = _databases[key] = StateDatabase(path)
            _remove_legacy_state(self.folder)
        return database

    # A whole run's record (snapshot.py): the project's files as the last settled run left
    # them, and the report a run with nothing to do gives.

    def recall_run(self, key: str) -> tuple[Snapshot, Any] | None:
        """The last settled run with these settings: the project as it left it (its stat
        lines not read yet: see `run_lines`) and its report; else None."""
        database = self.database()
        rows = database.read("SELECT value FROM meta WHERE name = 'run'")
        try:
            record = json.loads(rows[0][0]) if rows else {}
            if record.get("key") != key:
                return None
            report = record["report"]
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        snapshot = database.kept_snapshot(RUN)
        return None if snapshot is None else (snapshot, report)

    def run_lines(self, snapshot: Snapshot) -> Snapshot | None:
        """`snapshot` (from `recall_run`) with its stat lines: what tells which files changed
        since (read only then: 40,000 lines on a 10,000-article archive)."""
        return self.database().kept_lines(RUN, snapshot)

    def remember_run(self, key: str, snapshot: Snapshot, report: Any) -> None:
        text = json.dumps({"key": key, "report": report}, ensure_ascii=False, separators=(",", ":"))
        with self.step(RUN) as step:
            if step.writing:
                step.keep_files(snapshot)
                step.connection.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (text,))

    def forget_run(self) -> None:
        with self.step(RUN) as step:
            if step.writing:
                step.keep_files(None)
                step.connection.execute("DELETE FROM meta WHERE name = 'run'")

    def seen(self, lines: Mapping[str, tuple[int, int, int]]) -> bool:
        """Whether every file (path → size, mtime, inode) is as a step last fingerprinted it:
        read or written by the tool, not changed by anyone since."""
        stats = self.database().stats
        for path, (size, mtime, _) in lines.items():
            seen = stats.get(path)
            if seen is None or seen[:2] != (size, mtime):
                return False
        return True

    def recall_segmentation(self, name: str, path: Path, raw: bytes, key: str) -> Document | None:
        """The document as extract kept it (`Step.keep_segmentation`), if its key still
        holds; else None."""
        rows = self.database().read("SELECT key, data FROM segmentations WHERE name = ?", name)
        if not rows or rows[0][0] != key:
            return None
        try:
            data = json.loads(rows[0][1])
        except (TypeError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        blocks = []
        try:
            for kind, line, start, end, units in data["blocks"]:
                block_kind = BlockKind(kind)
                unit_list = tuple(_unit_from_record(block_kind, *unit) for unit in units)
                blocks.append(Block(block_kind, line, unit_list, start, end))
            marks = tuple(_mark_from_record(*mark) for mark in data.get("marks", ()))
        except (KeyError, TypeError, ValueError):
            return None  # a cache of an odd shape: segment the source again
        return Document(name, path, raw.decode("utf-8"), tuple(blocks), marks)

    # What exports and suggestions wrote, for imports that must never replace newer work (a
    # three-way comparison: what was exported, what the catalog holds now, what comes back).
    # Caches too: without a record an import treats the entry as a translator's work.

    def remember_export(self, export_id: str, units: Mapping[str, list[str]]) -> None:
        """Keep what one export wrote: msgid → [translation, state] of each unit."""
        data = json.dumps(units, ensure_ascii=False, sort_keys=True).encode("utf-8")
        with contextlib.suppress(I18nError):
            write_atomic(self._record_file("exports", export_id), data)

    def recall_export(self, export_id: str) -> dict[str, tuple[str, str]]:
        """What the export `export_id` wrote ({} when it is not known)."""
        if not export_id:
            return {}
        try:
            data = json.loads(self._record_file("exports", export_id).read_bytes())
            return {str(k): (str(v[0]), str(v[1])) for k, v in data.items()}
        except (OSError, ValueError, AttributeError, TypeError, IndexError, KeyError):
            return {}

    def remember_suggestions(self, catalog: Path, texts: Mapping[str, str]) -> None:
        """Keep the fingerprint of each suggestion MT or the memory wrote into a catalog, so
        an entry still as the engine left it can be told from one a translator edited."""
        known = self.recall_suggestions(catalog)
        known.update({msgid: content_hash(text.encode("utf-8")) for msgid, text in texts.items()})
        data = json.dumps(known, ensure_ascii=False, sort_keys=True).encode("utf-8")
        with contextlib.suppress(I18nError):
            write_atomic(self._suggestions_file(catalog), data)

    def recall_suggestions(self, catalog: Path) -> dict[str, str]:
        try:
            data = json.loads(self._suggestions_file(catalog).read_bytes())
            return {str(k): str(v) for k, v in data.items()}
        except (OSError, ValueError, AttributeError):
            return {}

    def _suggestions_file(self, catalog: Path) -> Path:
        return self._record_file("suggestions", shown_path(catalog, self.root).as_posix())

    def _record_file(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{content_hash(key.encode('utf-8'))}.json"


_databases: dict[tuple[str, int], StateDatabase] = {}  # (file, pid) → connection


def segmentation_record(document: Document) -> str:
    """A document's blocks and unit spans as the state keeps them (JSON), so a build need not
    parse the source again."""
    blocks = [
        [b.kind.value, b.line, b.start, b.end, [_unit_record(u) for u in b.units]]
        for b in document.blocks
    ]
    marks = [[m.insert_at, m.lang, m.dir] for m in document.language_marks]
    return json.dumps({"blocks": blocks, "marks": marks}, ensure_ascii=False)


def _unit_record(unit: Unit) -> list[Any]:
    record: list[Any] = [unit.text, unit.line, unit.start, unit.end]
    if unit.inline is not None:
        record += [unit.inline.place, unit.inline.pieces]  # JSON arrays, as tuples are
        if unit.inline.attribute:
            record.append(unit.inline.attribute)
    return record


def _unit_from_record(kind: BlockKind, text: str, line: int, start: int, end: int,
                      *inline: Any) -> Unit:  # fmt: skip
    """A kept unit; an HTML unit's pieces checked for shape (a TypeError or ValueError)."""
    if not inline:
        return Unit(text, kind, line, start, end)
    place, pieces, *attribute = inline
    kept = tuple((str(d), int(a), int(b), bool(c)) for d, a, b, c in pieces)
    return Unit(text, kind, line, start, end, Inline(kept, str(place), "".join(attribute)))


def _mark_from_record(insert_at: int, lang: Any, direction: Any) -> LanguageMark:
    def span(value: Any) -> tuple[int, int, str] | None:
        return None if value is None else (int(value[0]), int(value[1]), str(value[2]))

    return LanguageMark(int(insert_at), span(lang), span(direction))


def close_all() -> None:
    """Close this process's connections (the next step opens the database again)."""
    for database in _databases.values():
        database.close()
    _databases.clear()


def _begin(database: StateDatabase) -> bool:
    """Start a step's transaction; False when another process is writing (the step then runs
    without saving)."""
    try:
        database.connection.execute("BEGIN IMMEDIATE")
        return True
    except sqlite3.OperationalError:
        return False  # busy beyond state_database.BUSY_SECONDS
    except sqlite3.DatabaseError:
        database.reset()
        return _begin(database)


def _remove_legacy_state(folder: Path) -> None:
    """The JSON state of versions before 4 (up to hundreds of MB) and the segmentation files
    of versions before 6 (one per article): caches the database makes again."""
    with contextlib.suppress(OSError):
        (folder / LEGACY_STATE).unlink(missing_ok=True)
    shutil.rmtree(folder / LEGACY_SEGMENTATIONS, ignore_errors=True)


def as_suggested(recorded: Mapping[str, str], msgid: str, text: str) -> bool:
    """Whether `text` is the suggestion recorded for `msgid`, unedited."""
    return recorded.get(msgid) == content_hash(text.encode("utf-8"))


class Step:
    """One step's records: item key → the inputs, settings, outputs and result of its last run
    (read from the database when first asked for, written back when the step ends)."""

    def __init__(self, database: StateDatabase, name: str, root: Path, writing: bool = True):
        self.database = database
        self.writing = writing  # False: another process writes; nothing is saved
        self.name = name
        self.root = root  # recorded outputs are named relative to it
        self.saved_at = database.saved_at
        self._stored: Rows[str] | None = None  # key → JSON, as read
        self._changed: dict[str, dict[str, Any] | None] = {}  # None: forgotten
        self._files: tuple[Snapshot | None] | None = None  # to keep (`keep_files`)
        self._segmentations: dict[str, tuple[str, str] | None] = {}  # None: forgotten

    @property
    def connection(self) -> sqlite3.Connection:
        """The database, inside this step's transaction (for the memory index)."""
        return self.database.connection

    def _record(self, key: str) -> Any:
        if key in self._changed:
            return self._changed[key]
        stored = self._stored_records().get(key)
        try:
            return None if stored is None else json.loads(stored)
        except ValueError:
            return None  # an odd record: run the item again

    def _stored_records(self) -> Rows[str]:
        """The step's records as read (key → JSON), each read when first needed."""
        if self._stored is None:
            read = self.database.read
            self._stored = Rows(
                lambda key: read(
                    "SELECT record FROM records WHERE step = ? AND key = ?", self.name, key
                ),
                lambda: read("SELECT key, record FROM records WHERE step = ?", self.name),
            )
        return self._stored

    def fingerprint(self, file: Path | str) -> str | None:
        return self.database.fingerprint(file, self.saved_at)

    def saw(self, file: Path | str, size: int, mtime_ns: int, digest: str) -> None:
        """`file` held bytes of this hash at this size and mtime (`StateDatabase.saw`)."""
        self.database.saw(file, size, mtime_ns, digest)

    def fresh(
        self, key: str, inputs: Mapping[str, Path], settings: str = ""
    ) -> dict[str, Any] | None:
        """The recorded result of `key` if its input files and settings are as recorded and
        the files it wrote are as it left them; None when it must run again."""
        record = self._record(key)
        if not isinstance(record, dict) or record.get("settings") != settings:
            return None
        if record.get("inputs") != self._fingerprints(inputs):
            return None
        outputs, result = record.get("outputs", {}), record.get("result", {})
        if not isinstance(outputs, dict) or not isinstance(result, dict):
            return None
        if any(self.fingerprint(self._path(path)) != seen for path, seen in outputs.items()):
            return None
        return result

    def partition(
        self,
        items: Iterable[T],
        key: Callable[[T], str],
        inputs: Callable[[T], Mapping[str, Path]],
        settings: str = "",
    ) -> tuple[list[tuple[T, dict[str, Any]]], list[T]]:
        """The items whose recorded result still holds (each with it), and those to run."""
        fresh, stale = [], []
        for item in items:
            record = self.fresh(key(item), inputs(item), settings)
            if record is None:
                stale.append(item)
            else:
                fresh.append((item, record))
        return fresh, stale

    def remembered(
        self,
        key: str,
        inputs: Mapping[str, Path],
        compute: Callable[[], dict[str, Any]],
        holds: Callable[[dict[str, Any]], bool] = bool,
    ) -> dict[str, Any]:
        """The recorded result of `key` while its inputs are unchanged (and it `holds`: a
        record of the expected shape); else `compute()`'s, recorded."""
        record = self.fresh(key, inputs)
        if record is None or not holds(record):
            record = compute()
            self.record(key, inputs, result=record)
        return record

    def outputs(self, key: str) -> list[Path]:
        """The files `key` wrote when it was recorded (for a result that names them)."""
        return [Path(self._path(path)) for path in self._record(key).get("outputs", {})]

    def record(
        self,
        key: str,
        inputs: Mapping[str, Path],
        settings: str = "",
        result: Mapping[str, Any] | None = None,
        outputs: Iterable[Path] = (),
    ) -> None:
        """Keep what `key` ran with (its input files as they are now) and what it wrote."""
        record: dict[str, Any] = {"inputs": self._fingerprints(inputs), "settings": settings}
        written = {self._name(path): self.fingerprint(path) for path in outputs}
        if written:
            record["outputs"] = written
        if result:
            record["result"] = dict(result)
        self._changed[key] = record

    def forget(self, key: str) -> None:
        self._changed[key] = None

    def keys(self) -> list[str]:
        """The keys with a record, odd ones too (none is decoded: 10,000 on an archive)."""
        stored = self.database.read("SELECT key FROM records WHERE step = ?", self.name)
        keys = dict.fromkeys([key for (key,) in stored] + list(self._changed))
        return [key for key in keys if key not in self._changed or self._changed[key] is not None]

    def kept_files(self) -> Snapshot | None:
        """The files' stat lines this step kept (`keep_files`) when it last ended."""
        kept = self.database.kept_snapshot(self.name)
        return None if kept is None else self.database.kept_lines(self.name, kept)

    def keep_files(self, snapshot: Snapshot | None) -> None:
        """Keep these files' stat lines with the step's records: the files the records were
        made from, as they were before they were read (None: forget the lines kept)."""
        self._files = (snapshot,)

    def keep_segmentation(self, document: str, kept: tuple[str, str] | None) -> None:
        """Keep an article's segmentation with the step's records: (key, `segmentation_record`)
        (None: forget it)."""
        self._segmentations[document] = kept

    def save(self) -> None:
        """Write what changed, inside the step's transaction."""
        name = self.name
        if self._files is not None:
            self.database.keep_snapshot(name, self._files[0])
            self._files = None
        segmentations = self._segmentations.items()
        self.connection.executemany(
            "DELETE FROM segmentations WHERE name = ?",
            [(document,) for document, kept in segmentations if kept is None],
        )
        self.connection.executemany(
            "INSERT OR REPLACE INTO segmentations VALUES (?, ?, ?)",
            [(document, *kept) for document, kept in segmentations if kept is not None],
        )
        self._segmentations = {}
        self.connection.executemany(
            "DELETE FROM records WHERE step = ? AND key = ?",
            [(name, key) for key, record in self._changed.items() if record is None],
        )
        self.connection.executemany(
            "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
            [
                (name, key, json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                for key, record in self._changed.items()
                if record is not None
            ],
        )
        self.database.save_fingerprints()
        self.connection.execute(
            "INSERT OR REPLACE INTO meta VALUES ('saved_at', ?)", (time.time_ns(),)
        )
        self._changed = {}

    def _fingerprints(self, inputs: Mapping[str, Path]) -> dict[str, str | None]:
        return {name: self.fingerprint(path) for name, path in inputs.items()}

    def _name(self, path: Path) -> str:
        """An output as the state names it: relative to the project, so the state stays small
        and the project can move."""
        return shown_path(path, self.root).as_posix()

    def _path(self, name: str) -> str:
        return name if os.path.isabs(name) else f"{self.root}/{name}"
