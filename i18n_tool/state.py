"""What the last runs did, so the next one does only what changed.

`.i18n-tool/state.json` in the project records, per step and item, the inputs it saw (each
file's size, mtime and content hash) and small results (unit counts, pending MT). A step skips
an item whose inputs are unchanged and whose outputs still exist. The file is a cache: a
deleted or corrupt state only costs a full run, never a wrong result; it is written
atomically after each step.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fileio import write_atomic
from .model import Block, BlockKind, Document, Unit

STATE_DIR = ".i18n-tool"
RACY_NS = 2_000_000_000  # files touched less than 2 s before the last save are re-hashed
VERSION = 1


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class State:
    path: Path
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    _stats: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    saved_at: int = 0  # time.time_ns() of the last save

    @classmethod
    def load(cls, root: Path) -> State:
        path = root / STATE_DIR / "state.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                raise ValueError("old state")
            stats = {k: tuple(v) for k, v in data.get("files", {}).items()}
            return cls(path, data.get("steps", {}), stats, int(data["saved_at"]))  # type: ignore[arg-type]
        except (OSError, ValueError, AttributeError, TypeError):
            return cls(path)

    def fingerprint(self, file: Path) -> str | None:
        """The content hash of `file` (None if missing); hashed only when its size or mtime
        differ from what the state saw, or when it was modified so close to the last save
        that a change within the file system's timestamp granularity could hide (as git's
        "racily clean" rule)."""
        key = str(file)
        try:
            stat = os.stat(file)
        except (FileNotFoundError, NotADirectoryError):
            self._stats.pop(key, None)
            return None
        seen = self._stats.get(key)
        settled = stat.st_mtime_ns < self.saved_at - RACY_NS
        if seen and settled and seen[0] == stat.st_size and seen[1] == stat.st_mtime_ns:
            return seen[2]
        digest = content_hash(file.read_bytes())
        self._stats[key] = (stat.st_size, stat.st_mtime_ns, digest)
        return digest

    def step(self, name: str) -> dict[str, Any]:
        return self.steps.setdefault(name, {})

    def save(self) -> None:
        self.saved_at = time.time_ns()
        data = {
            "version": VERSION,
            "saved_at": self.saved_at,
            "files": self._stats,
            "steps": self.steps,
        }
        write_atomic(self.path, json.dumps(data, sort_keys=True).encode("utf-8"))


def _segmentation_file(root: Path, name: str) -> Path:
    return root / STATE_DIR / "documents" / f"{name}.json"


def remember_segmentation(root: Path, document: Document, key: str) -> None:
    """Keep a document's blocks and unit spans, so a build need not parse the source again.
    `key` names the source bytes and the segmentation settings they were made with."""
    blocks = [
        [b.kind.value, b.line, b.start, b.end, [[u.text, u.line, u.start, u.end] for u in b.units]]
        for b in document.blocks
    ]
    data = json.dumps({"key": key, "blocks": blocks}, ensure_ascii=False)
    write_atomic(_segmentation_file(root, document.name), data.encode("utf-8"))


def recall_segmentation(root: Path, name: str, path: Path, raw: bytes, key: str) -> Document | None:
    """The document as `remember_segmentation` kept it, if its key still holds; else None."""
    try:
        data = json.loads(_segmentation_file(root, name).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    blocks = []
    for kind, line, start, end, units in data["blocks"]:
        block_kind = BlockKind(kind)
        unit_list = tuple(Unit(t, block_kind, ln, s, e) for t, ln, s, e in units)
        blocks.append(Block(block_kind, line, unit_list, start, end))
    return Document(name, path, raw.decode("utf-8"), tuple(blocks))
