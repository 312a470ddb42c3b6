"""A whole project at a glance, as git's index sees a work tree: the size, mtime and inode of
every file a run reads or writes, so "has anything changed since the last run?" is answered
by one `stat` per file, never by reading a file that did not change.

A snapshot is kept as one digest of those stat lines, plus the content hash of each file
modified so close to when it was taken that a later change could keep its size and mtime
(git's "racily clean" files): those are read again, the others never.

`encode`/`decode` keep a task's report as JSON (dataclasses, paths, tuples), so a run that
finds nothing changed can give the report it would have computed. Only the classes a caller
names are made again: a state file from elsewhere cannot make anything else.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import time
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from itertools import chain
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from .fileio import child_path

# files touched less than 2 s before a record was made are compared by content: a change
# within the file system's timestamp granularity can keep size and mtime (git's racy rule);
# the state's fingerprints and project listings use the same rule
RACY_NS = 2_000_000_000


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    digest: str  # of every file's stat line
    taken_at: int  # time.time_ns() when the stats were read
    racy: Mapping[str, str]  # path → content hash, for files modified near `taken_at`
    # path → (size, mtime, inode) of each file when taken (not kept: the digest stands for it)
    lines: Mapping[str, tuple[int, int, int]] = field(default_factory=dict, compare=False)

    def to_record(self) -> dict[str, Any]:
        return {"digest": self.digest, "taken_at": self.taken_at, "racy": dict(self.racy)}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Snapshot:
        racy = record["racy"]
        if not isinstance(racy, dict):
            raise TypeError("racy must be a mapping")
        return cls(str(record["digest"]), int(record["taken_at"]), racy)

    def holds(self, now: Snapshot) -> bool:
        """Whether `now` (taken later) shows the same files with the same contents."""
        if now.digest != self.digest:
            return False
        # files near the earlier snapshot: their contents decide (a change within the file
        # system's timestamp granularity keeps size and mtime)
        return all(_content_hash(path) == digest for path, digest in self.racy.items())

    def changed_since(self, earlier: Snapshot) -> tuple[set[str], set[str]]:
        """The files added or modified since `earlier` (by their stat lines), and those gone."""
        changed = {path for path, line in self.lines.items() if earlier.lines.get(path) != line}
        gone = {path for path, line in earlier.lines.items() if path not in self.lines}
        return changed, {path for path in gone if earlier.lines[path][0] >= 0}

    def packed_lines(self) -> bytes:
        """The stat lines as bytes to keep: the paths, then every number (8 bytes each)."""
        paths = "\0".join(self.lines).encode("utf-8", "surrogateescape")
        numbers = array("q", chain.from_iterable(self.lines.values()))
        return len(paths).to_bytes(8, "little") + paths + numbers.tobytes()

    def with_lines(self, packed: bytes) -> Snapshot | None:
        """This snapshot with the lines `packed_lines` kept; None unless they are its own
        (their digest is this snapshot's)."""
        # the digest is of the paths' bytes, then the numbers': the packed lines after
        # their first 8 bytes (hashed as they are: 2.5 MB in 3 ms, where making the lines
        # again to hash them took 10 ms, on a 10,000-article archive)
        if hashlib.blake2b(packed[8:], digest_size=16).hexdigest() != self.digest:
            return None
        try:
            size = int.from_bytes(packed[:8], "little")
            paths = packed[8 : 8 + size].decode("utf-8", "surrogateescape").split("\0")
            numbers = array("q")
            numbers.frombytes(packed[8 + size :])
        except (ValueError, UnicodeDecodeError):
            return None
        if len(numbers) != 3 * len(paths):
            return None
        return replace(
            self, lines=dict(zip(paths, zip(*[iter(numbers)] * 3, strict=True), strict=True))
        )

    def unchanged_since(self, earlier: Snapshot) -> set[str]:
        """The files with the stat lines they had in `earlier`, settled then: not modified so
        close to `earlier` that a later change could have kept their size and mtime."""
        before, settled = earlier.lines, earlier.taken_at - RACY_NS
        return {
            path
            for path, line in self.lines.items()
            if before.get(path) == line and line[0] >= 0 and line[1] < settled
        }

    def restricted_to(self, paths: Iterable[str]) -> Snapshot:
        """This snapshot of only `paths` (those it has)."""
        lines = {path: self.lines[path] for path in paths if path in self.lines}
        racy = {path: digest for path, digest in self.racy.items() if path in lines}
        return Snapshot(_digest(lines), self.taken_at, racy, lines)

    def refreshed(self, folder: str, again: Iterable[str]) -> Snapshot:
        """This snapshot of only the files under `folder`, with those of `again` (which the
        caller may have written since) as a `stat` finds them now: a step that knows what
        changed since a snapshot reads its folder from it instead of taking its own."""
        prefix = f"{folder}{os.sep}"
        lines = {path: line for path, line in self.lines.items() if path.startswith(prefix)}
        racy = {path: digest for path, digest in self.racy.items() if path in lines}
        for path in again:
            lines.pop(path, None)
            racy.pop(path, None)
            try:
                stat = os.stat(path)
            except OSError:
                continue  # gone (or never made): as a walk of the folder would not list it
            lines[path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
            if stat.st_mtime_ns >= self.taken_at - RACY_NS:  # as `take` would hold it
                racy[path] = _content_hash(path)
        return Snapshot(_digest(lines), self.taken_at, racy, lines)

    def differences(self, earlier: Snapshot) -> set[str]:
        """Every file added, modified or gone since `earlier`, by stat lines, and by content
        for those `earlier` holds as racy (a change that kept their size and mtime)."""
        changed, gone = self.changed_since(earlier)
        racy = {
            path
            for path, digest in earlier.racy.items()
            if path in self.lines and path not in changed and _content_hash(path) != digest
        }
        return changed | gone | racy


@contextlib.contextmanager
def _without_collection() -> Iterator[None]:
    """For making tens of thousands of objects that hold no reference cycles (stat lines, a
    kept report's rows): the cyclic collector would walk the whole heap several times for
    nothing (a quarter of the time a report takes to be made again)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_without_collection()
def take(folders: Iterable[Path], files: Iterable[Path]) -> Snapshot | None:
    """The snapshot of every file under `folders` and of `files`; None when the tree holds
    something a stat cannot vouch for (a link to a folder)."""
    taken_at = time.time_ns()
    lines: dict[str, tuple[int, int, int]] = {}
    for folder in folders:
        if not _walk(str(folder), lines):
            return None
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            lines[str(file)] = _MISSING
        else:
            lines[str(file)] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    racy = {
        path: _content_hash(path)
        for path, (size, mtime, _) in lines.items()
        if size >= 0 and mtime >= taken_at - RACY_NS
    }
    return Snapshot(_digest(lines), taken_at, racy, lines)


_MISSING = (-1, -1, -1)


def _digest(lines: dict[str, tuple[int, int, int]]) -> str:
    """The hash of the stat lines, in the order the folders were read: a folder read in
    another order (entries added and removed since) only costs a run that checks its files."""
    digest = hashlib.blake2b("\0".join(lines).encode("utf-8", "surrogateescape"), digest_size=16)
    digest.update(array("q", chain.from_iterable(lines.values())).tobytes())
    return digest.hexdigest()


def _walk(folder: str, lines: dict[str, tuple[int, int, int]]) -> bool:
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        lines[folder] = _MISSING
        return True
    with entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name == "__pycache__":
                    continue  # bytecode Python writes for the tool's modules: their source is seen
                if not _walk(entry.path, lines):
                    return False
                continue
            try:
                stat = entry.stat()  # a link to a file: the file it points to
            except OSError:
                lines[entry.path] = _MISSING
                continue
            if S_ISDIR(stat.st_mode):
                return False  # a link to a folder: what changes inside it is not seen here
            lines[entry.path] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return True


def _content_hash(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return content_hash(handle.read())
    except OSError:
        return ""


_PLAIN = (str, int, float, bool, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)


@_without_collection()
def encode(value: Any) -> Any:
    """A report as JSON-ready data: dataclasses by class name, paths and tuples marked; a list
    of dataclasses of one class as rows, kept by columns (its field names once, and a column
    of plain values as it is: a 10,000-article report is 30,000 rows, remade in one pass per
    column, not one call per value)."""
    return _encode(value)


def _encode(value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Path):
        return {"@path": str(value)}
    if isinstance(value, (list, tuple)):
        kinds = {type(item) for item in value}
        if len(kinds) == 1 and is_dataclass(next(iter(kinds))):
            names = [f.name for f in fields(next(iter(kinds))) if f.init]
            columns = [_column([getattr(item, name) for item in value]) for name in names]
            return {
                "@rows": type(value[0]).__name__,
                "fields": names,
                "columns": columns,
                "tuple": isinstance(value, tuple),
            }
        items = [_encode(item) for item in value]
        return {"@tuple": items} if isinstance(value, tuple) else items
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _encode(getattr(value, f.name)) for f in fields(value) if f.init}
        return {"@": type(value).__name__, **data}
    if isinstance(value, dict):
        return {"@dict": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep a {type(value).__name__} in a report record")


def _column(values: list[Any]) -> Any:
    """One field of every row: plain values, paths or tuples of paths as they are (marked
    once), else each value encoded."""
    if _plain(values):
        return {"@plain": values}
    if all(isinstance(value, Path) for value in values):
        return {"@paths": [str(value) for value in values]}
    if all(isinstance(value, tuple) for value in values) and all(
        isinstance(path, Path) for value in values for path in value
    ):
        return {"@path-tuples": [[str(path) for path in value] for value in values]}
    return [_encode(value) for value in values]


def _plain(values: list[Any]) -> bool:
    return set(map(type, values)) <= _PLAIN_TYPES  # one pass in C: 30,000 values a column


@_without_collection()
def decode(data: Any, classes: Mapping[str, type]) -> Any:
    """What `encode` made, with dataclasses only of `classes` (name → class); a KeyError or
    TypeError for anything else."""
    return _Decoder(classes).value(data)


@dataclass
class _Decoder:
    classes: Mapping[str, type]
    folders: dict[str, Path] = field(default_factory=dict)  # made once: paths are slow to make

    def value(self, data: Any) -> Any:
        if isinstance(data, _PLAIN):
            return data
        if isinstance(data, list):
            return [self.value(item) for item in data]
        if "@path" in data:
            return self.path(data["@path"])
        if "@rows" in data:
            cls, names = self.classes[data["@rows"]], data["fields"]
            columns = [self.column(column) for column in data["columns"]]
            rows = zip(*columns, strict=True)  # a ValueError when a column is short
            if names == [f.name for f in fields(cls) if f.init]:  # as the class has them
                made = [cls(*row) for row in rows]
            else:
                made = [cls(**dict(zip(names, row, strict=True))) for row in rows]
            return tuple(made) if data["tuple"] else made
        if "@tuple" in data:
            return tuple(self.value(item) for item in data["@tuple"])
        if "@dict" in data:
            return {self.value(k): self.value(v) for k, v in data["@dict"]}
        cls = self.classes[data["@"]]
        return cls(**{name: self.value(v) for name, v in data.items() if name != "@"})

    def column(self, column: Any) -> list[Any]:
        if isinstance(column, dict) and "@plain" in column:
            values = column["@plain"]
            if not isinstance(values, list) or not _plain(values):
                raise TypeError("a plain column holds something else")
            return values
        if isinstance(column, dict) and "@paths" in column:
            return [self.path(text) for text in column["@paths"]]
        if isinstance(column, dict) and "@path-tuples" in column:
            return [self.paths(texts) for texts in column["@path-tuples"]]
        if not isinstance(column, list):
            raise TypeError("a kept report's column is not a list")
        return [self.value(item) for item in column]

    def paths(self, texts: Any) -> tuple[Path, ...]:
        if not isinstance(texts, list):
            raise TypeError("kept paths are not a list")
        return tuple(map(self.path, texts))

    def path(self, text: Any) -> Path:
        if not isinstance(text, str):
            raise TypeError("a kept path is not a string")
        folder, slash, name = text.rpartition("/")
        if not slash or not name:
            return Path(text)
        parent = self.folders.get(folder)
        if parent is None:
            parent = self.folders[folder] = Path(folder or "/")
        return child_path(parent, name)  # the project's listings share the paths
