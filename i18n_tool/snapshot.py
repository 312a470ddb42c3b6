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

import hashlib
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from stat import S_ISDIR
from typing import Any

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


def take(folders: Iterable[Path], files: Iterable[Path]) -> Snapshot | None:
    """The snapshot of every file under `folders` and of `files`; None when the tree holds
    something a stat cannot vouch for (a link to a folder)."""
    taken_at = time.time_ns()
    lines: list[tuple[str, int, int, int]] = []
    for folder in folders:
        if not _walk(str(folder), lines):
            return None
    for file in files:
        try:
            stat = os.stat(file)
        except OSError:
            lines.append((str(file), -1, -1, -1))
        else:
            lines.append((str(file), stat.st_size, stat.st_mtime_ns, stat.st_ino))
    lines.sort()
    digest = content_hash(repr(lines).encode("utf-8", "surrogateescape"))
    racy = {
        path: _content_hash(path)
        for path, size, mtime, _ in lines
        if size >= 0 and mtime >= taken_at - RACY_NS
    }
    by_path = {path: (size, mtime, inode) for path, size, mtime, inode in lines}
    return Snapshot(digest, taken_at, racy, by_path)


def _walk(folder: str, lines: list[tuple[str, int, int, int]]) -> bool:
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        lines.append((folder, -1, -1, -1))
        return True
    with entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not _walk(entry.path, lines):
                    return False
                continue
            try:
                stat = entry.stat()  # a link to a file: the file it points to
            except OSError:
                lines.append((entry.path, -1, -1, -1))
                continue
            if S_ISDIR(stat.st_mode):
                return False  # a link to a folder: what changes inside it is not seen here
            lines.append((entry.path, stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return True


def _content_hash(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return content_hash(handle.read())
    except OSError:
        return ""


_PLAIN = (str, int, float, bool, type(None))


def encode(value: Any) -> Any:
    """A report as JSON-ready data: dataclasses by class name, paths and tuples marked; a list
    of dataclasses of one class as rows (its field names once: a 10,000-article report is
    30,000 of them)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, Path):
        return {"@path": str(value)}
    if isinstance(value, (list, tuple)):
        kinds = {type(item) for item in value}
        if len(kinds) == 1 and is_dataclass(next(iter(kinds))):
            names = [f.name for f in fields(next(iter(kinds))) if f.init]
            rows = [[encode(getattr(item, name)) for name in names] for item in value]
            return {
                "@rows": type(value[0]).__name__,
                "fields": names,
                "rows": rows,
                "tuple": isinstance(value, tuple),
            }
        items = [encode(item) for item in value]
        return {"@tuple": items} if isinstance(value, tuple) else items
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: encode(getattr(value, f.name)) for f in fields(value) if f.init}
        return {"@": type(value).__name__, **data}
    if isinstance(value, dict):
        return {"@dict": [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot keep a {type(value).__name__} in a report record")


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
            made = [
                cls(**dict(zip(names, map(self.value, row), strict=True))) for row in data["rows"]
            ]
            return tuple(made) if data["tuple"] else made
        if "@tuple" in data:
            return tuple(self.value(item) for item in data["@tuple"])
        if "@dict" in data:
            return {self.value(k): self.value(v) for k, v in data["@dict"]}
        cls = self.classes[data["@"]]
        return cls(**{name: self.value(v) for name, v in data.items() if name != "@"})

    def path(self, text: str) -> Path:
        folder, slash, name = text.rpartition("/")
        if not slash or not name:
            return Path(text)
        parent = self.folders.get(folder)
        if parent is None:
            parent = self.folders[folder] = Path(folder or "/")
        return parent / name
