"""One process's connection to a project's state database (state.py), and the rows it reads.

The schema and its version live here: a database of another version is removed and made
afresh, since the state is a cache. File fingerprints (size, mtime, content hash) are read from
it one at a time while a run asks for few, then all at once (`Rows`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import Any, Generic, TypeVar

from .memory_index import MEMORY_SCHEMA
from .snapshot import RACY_NS, Snapshot, content_hash

VERSION = 6  # 6: segmentations in the database; 5: memory units name their sentence;
# 4: a SQLite database (3: state.json)
BUSY_SECONDS = 1.0  # how long a step waits for another process's write to end

T = TypeVar("T")


class Rows(Generic[T]):
    """A table's rows by key, read one at a time while few are asked for, then all at once: a
    run that touches one article of 10,000 reads a few of 40,000 rows, a full run reads them
    in one query. Rows put here (None: gone) stand over what the table holds."""

    BULK_AFTER = 500  # rows known one by one before the whole table is read

    def __init__(
        self, read_one: Callable[[str], list[Any]], read_all: Callable[[], list[Any]]
    ) -> None:
        self._read_one, self._read_all = read_one, read_all
        self._known: dict[str, T | None] = {}
        self._whole = False

    def get(self, key: str) -> T | None:
        if key in self._known or self._whole:
            return self._known.get(key)
        if len(self._known) >= self.BULK_AFTER:
            return self.all().get(key)
        rows = self._read_one(key)
        found = self._known[key] = _row(rows[0]) if rows else None
        return found

    def put(self, key: str, value: T | None) -> None:
        self._known[key] = value

    def all(self) -> dict[str, T]:
        """Every row (key → value), as put here where it was."""
        if not self._whole:
            table = {row[0]: _row(row[1:]) for row in self._read_all()}
            self._known = {**table, **self._known}
            self._whole = True
        return {key: value for key, value in self._known.items() if value is not None}


def _row(values: Any) -> Any:
    """A row's value: the one column, or the columns as a tuple."""
    return values[0] if len(values) == 1 else tuple(values)


class StateDatabase:
    """One process's connection to a project's state database, with the file fingerprints
    read from it (kept for the process: a size, mtime and hash seen together stay true).

    A database that cannot be opened, is not one, is damaged or is of another version is
    removed and made afresh: it is a cache."""

    def __init__(self, path: Path):
        self.path = path
        self._stats: Rows[tuple[int, int, str]] | None = None
        self._moved: dict[str, tuple[int, int, str] | None] = {}  # since the last commit
        self._seen: dict[str, tuple[int, int, str]] = {}  # hashed by whoever read the bytes
        self.damaged = False  # found in use: reset instead of saved at the end of the step
        self.connection = self._open()

    def _open(self) -> sqlite3.Connection:
        for attempt in (1, 2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(
                    self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
                )
                try:
                    _prepare(connection)
                    # a commit is not waited for on the disk: a power cut may take back the
                    # last steps' records (never corrupt the database, WAL), which every
                    # record's fingerprints then show as stale: a cache can afford that
                    connection.execute("PRAGMA synchronous = NORMAL")
                    stat = os.stat(self.path)
                except BaseException:
                    connection.close()
                    raise
                self._identity = (stat.st_dev, stat.st_ino)
                return connection
            except sqlite3.DatabaseError:
                if attempt == 2:
                    raise
                self.remove()
        raise AssertionError("unreachable")

    def remove(self) -> None:
        """The database gone, as if never made (its journal too)."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")

    def reset(self) -> None:
        """Start afresh after damage found in use."""
        self.close()
        self.remove()
        self._stats, self._moved, self.damaged = None, {}, False
        self.connection = self._open()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()

    def is_current(self) -> bool:
        """Whether the file opened is still the project's (not deleted or replaced since)."""
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._identity

    @property
    def saved_at(self) -> int:
        """When the last step was saved (time.time_ns()); 0 when never."""
        rows = self.read("SELECT value FROM meta WHERE name = 'saved_at'")
        return int(rows[0][0]) if rows else 0

    def read(self, query: str, *parameters: object) -> list[Any]:
        """The rows of a query; none when the database turns out to be damaged (it is then
        reset when the step ends)."""
        try:
            return self.connection.execute(query, parameters).fetchall()
        except sqlite3.DatabaseError:
            self.damaged = True
            return []

    def fingerprint(self, file: Path | str, saved_at: int) -> str | None:
        """The content hash of `file` (None if missing); hashed only when its size or mtime
        differ from what the state saw, or when it was modified so close to the last save
        that a change within the file system's timestamp granularity could hide (as git's
        "racily clean" rule)."""
        key = str(file)
        try:
            stat = os.stat(key)
            if not S_ISREG(stat.st_mode):
                raise FileNotFoundError(key)
        except (FileNotFoundError, NotADirectoryError):
            if self.stats.get(key) is not None:
                self.stats.put(key, None)
                self._moved[key] = None
            return None
        seen = self.stats.get(key)
        settled = stat.st_mtime_ns < saved_at - RACY_NS
        if seen and settled and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        read = self._seen.pop(key, None)
        if read is not None and read[0] == stat.st_size and read[1] == stat.st_mtime_ns:
            digest = read[2]
        else:
            with open(key, "rb") as handle:
                digest = content_hash(handle.read())
        self.stats.put(key, (stat.st_size, stat.st_mtime_ns, digest))
        self._moved[key] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest

    def saw(self, file: Path | str, size: int, mtime_ns: int, digest: str) -> None:
        """`file` held bytes of this `content_hash` when its size and mtime were these (as
        the process that read or wrote them found them, the stat taken before a read, after
        a write): its next fingerprint need not read it again while they still are."""
        self._seen[str(file)] = (size, mtime_ns, digest)

    @property
    def stats(self) -> Rows[tuple[int, int, str]]:
        """Each file's size, mtime and hash as last seen, by path."""
        if self._stats is None:
            one = "SELECT size, mtime, digest FROM files WHERE path = ?"
            self._stats = Rows(
                lambda path: self.read(one, path),
                lambda: self.read("SELECT path, size, mtime, digest FROM files"),
            )
        return self._stats

    # A snapshot kept under a name (a step's files, a settled run's project): its record
    # (digest, when taken, racy files) in one row, its stat lines apart in another, read only
    # when asked for (40,000 lines on a 10,000-article archive).

    def kept_snapshot(self, name: str) -> Snapshot | None:
        """The snapshot kept as `name` (`keep_snapshot`), its stat lines not read yet."""
        rows = self.read("SELECT value FROM meta WHERE name = ?", f"{name} files")
        try:
            return Snapshot.from_record(json.loads(rows[0][0])) if rows else None
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def kept_lines(self, name: str, snapshot: Snapshot) -> Snapshot | None:
        """`snapshot` (from `kept_snapshot`) with its stat lines; None unless they are its own."""
        rows = self.read("SELECT value FROM meta WHERE name = ?", f"{name} lines")
        if not rows or not isinstance(rows[0][0], bytes):
            return None
        return snapshot.with_lines(rows[0][0])

    def keep_snapshot(self, name: str, snapshot: Snapshot | None) -> None:
        """Keep `snapshot` as `name` in place of the one kept (None: forget it), inside the
        caller's transaction."""
        names = (f"{name} files", f"{name} lines")
        self.connection.execute("DELETE FROM meta WHERE name IN (?, ?)", names)
        if snapshot is not None:
            record = json.dumps(snapshot.to_record(), separators=(",", ":"))
            self.connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                zip(names, (record, snapshot.packed_lines()), strict=True),
            )

    def save_fingerprints(self) -> None:
        """Write the fingerprints that changed (inside the caller's transaction)."""
        gone = [(path,) for path, seen in self._moved.items() if seen is None]
        moved = [(path, *seen) for path, seen in self._moved.items() if seen is not None]
        self.connection.executemany("DELETE FROM files WHERE path = ?", gone)
        self.connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", moved)
        self._moved = {}


class _Outdated(sqlite3.DatabaseError):
    """A database of another version: removed and made afresh like a damaged one."""


def _prepare(connection: sqlite3.Connection) -> None:
    """The schema of this version in a new database; one of another version is refused
    (`_Outdated`), so the caller removes its file, which frees its space too."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version == VERSION:
        return
    if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise _Outdated(f"a state database of version {version}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in SCHEMA:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


SCHEMA = (
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID",
    "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, digest TEXT)"
    " WITHOUT ROWID",
    "CREATE TABLE records (step TEXT, key TEXT, record TEXT, PRIMARY KEY (step, key))"
    " WITHOUT ROWID",
    # an article's segmentation as extract made it (state.segmentation_record), under the key
    # of the source bytes and settings it was made from
    "CREATE TABLE segmentations (name TEXT PRIMARY KEY, key TEXT, data TEXT)",
    *MEMORY_SCHEMA,
)
