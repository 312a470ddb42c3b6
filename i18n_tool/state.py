"""What the last runs did, so the next one does only what changed.

The project's state folder (`project.Layout.state`) records, per step and item, the
fingerprints (content hashes) of the files it read and wrote, the settings it ran with and a
small result (unit counts, pending MT, build counts). Every task uses one mechanism, a `Step`
opened by `StateStore.step`: `partition` splits items into those whose recorded result still
holds and those to run, `remembered` returns a result or computes and records it, `record`
keeps a new one. Tasks never see how records are stored: the store can change (a database)
without touching them. The state is a cache: a deleted, corrupt or oddly shaped one only
costs a full run, never a wrong result; it is written atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any, TypeVar

from .errors import I18nError
from .fileio import shown_path, write_atomic
from .model import Block, BlockKind, Document, Unit

RACY_NS = 2_000_000_000  # files touched less than 2 s before the last save are re-hashed
VERSION = 3  # 3: review counts say `reviewed` (was `translated`)

T = TypeVar("T")


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class StateStore:
    """A project's state: the steps' records and the caches beside them, in `folder`; paths
    are kept relative to `root`, so the project can move."""

    folder: Path
    root: Path

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[Step]:
        """The records of one step, saved when the step ends without an error."""
        state = State.load(self.folder / "state.json", self.root)
        yield state.step(name)
        state.save()

    def remember_segmentation(self, document: Document, key: str) -> None:
        """Keep a document's blocks and unit spans, so a build need not parse the source
        again. `key` names the source bytes and the segmentation settings they were made
        with."""
        blocks = [
            [
                b.kind.value,
                b.line,
                b.start,
                b.end,
                [[u.text, u.line, u.start, u.end] for u in b.units],
            ]
            for b in document.blocks
        ]
        data = json.dumps({"key": key, "blocks": blocks}, ensure_ascii=False)
        with contextlib.suppress(I18nError):  # a cache: without it the build segments again
            write_atomic(self._segmentation_file(document.name), data.encode("utf-8"))

    def recall_segmentation(self, name: str, path: Path, raw: bytes, key: str) -> Document | None:
        """The document as `remember_segmentation` kept it, if its key still holds; else
        None."""
        try:
            data = json.loads(self._segmentation_file(name).read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        blocks = []
        try:
            for kind, line, start, end, units in data["blocks"]:
                block_kind = BlockKind(kind)
                unit_list = tuple(Unit(t, block_kind, ln, s, e) for t, ln, s, e in units)
                blocks.append(Block(block_kind, line, unit_list, start, end))
        except (KeyError, TypeError, ValueError):
            return None  # a cache of an odd shape: segment the source again
        return Document(name, path, raw.decode("utf-8"), tuple(blocks))

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

    def _segmentation_file(self, name: str) -> Path:
        return self.folder / "documents" / f"{name}.json"

    def _suggestions_file(self, catalog: Path) -> Path:
        return self._record_file("suggestions", shown_path(catalog, self.root).as_posix())

    def _record_file(self, kind: str, key: str) -> Path:
        return self.folder / kind / f"{content_hash(key.encode('utf-8'))}.json"


def as_suggested(recorded: Mapping[str, str], msgid: str, text: str) -> bool:
    """Whether `text` is the suggestion recorded for `msgid`, unedited."""
    return recorded.get(msgid) == content_hash(text.encode("utf-8"))


@dataclass
class State:
    path: Path
    root: Path  # recorded outputs are named relative to it
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    _stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    saved_at: int = 0  # time.time_ns() of the last save

    @classmethod
    def load(cls, path: Path, root: Path) -> State:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION or not isinstance(data.get("steps"), dict):
                raise ValueError("an old or unknown state")
            stats = {}
            for name, (size, mtime, digest) in data.get("files", {}).items():
                stats[str(name)] = (int(size), int(mtime), str(digest))
            return cls(path, root, data["steps"], stats, int(data["saved_at"]))
        except (OSError, ValueError, AttributeError, TypeError, KeyError):
            return cls(path, root)  # a cache: start afresh

    def fingerprint(self, file: Path | str) -> str | None:
        """The content hash of `file` (None if missing); hashed only when its size or mtime
        differ from what the state saw, or when it was modified so close to the last save
        that a change within the file system's timestamp granularity could hide (as git's
        "racily clean" rule)."""
        key = str(file)
        try:
            stat = os.stat(file)
            if not S_ISREG(stat.st_mode):
                raise FileNotFoundError(file)
        except (FileNotFoundError, NotADirectoryError):
            self._stats.pop(key, None)
            return None
        seen = self._stats.get(key)
        settled = stat.st_mtime_ns < self.saved_at - RACY_NS
        if seen and settled and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        with open(file, "rb") as handle:
            digest = content_hash(handle.read())
        self._stats[key] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest

    def step(self, name: str) -> Step:
        records = self.steps.get(name)
        if not isinstance(records, dict):
            records = self.steps[name] = {}
        return Step(self, records)

    def save(self) -> None:
        self.saved_at = time.time_ns()
        data = {
            "version": VERSION,
            "saved_at": self.saved_at,
            "files": self._stats,
            "steps": self.steps,
        }
        write_atomic(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))


@dataclass
class Step:
    """One step's records: item key → the inputs, settings, outputs and result of its last run."""

    state: State
    records: dict[str, Any]

    def fresh(
        self, key: str, inputs: Mapping[str, Path], settings: str = ""
    ) -> dict[str, Any] | None:
        """The recorded result of `key` if its input files and settings are as recorded and
        the files it wrote are as it left them; None when it must run again."""
        record = self.records.get(key)
        if not isinstance(record, dict) or record.get("settings") != settings:
            return None
        if record.get("inputs") != self._fingerprints(inputs):
            return None
        outputs, result = record.get("outputs", {}), record.get("result", {})
        if not isinstance(outputs, dict) or not isinstance(result, dict):
            return None
        if any(self.state.fingerprint(self._path(path)) != seen for path, seen in outputs.items()):
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
        return [Path(self._path(path)) for path in self.records[key].get("outputs", {})]

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
        written = {self._name(path): self.state.fingerprint(path) for path in outputs}
        if written:
            record["outputs"] = written
        if result:
            record["result"] = dict(result)
        self.records[key] = record

    def forget(self, key: str) -> None:
        self.records.pop(key, None)

    def keys(self) -> list[str]:
        return list(self.records)

    def _fingerprints(self, inputs: Mapping[str, Path]) -> dict[str, str | None]:
        return {name: self.state.fingerprint(path) for name, path in inputs.items()}

    def _name(self, path: Path) -> str:
        """An output as the state names it: relative to the project, so the state stays small
        and the project can move."""
        return shown_path(path, self.state.root).as_posix()

    def _path(self, name: str) -> str:
        return name if os.path.isabs(name) else f"{self.state.root}/{name}"
