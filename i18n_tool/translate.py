"""Machine translation of catalogs: which entries go to the engine, and what comes back.

Only entries without any translation are sent; whatever a human wrote (reviewed or fuzzy) is
never touched. Results are written as fuzzy suggestions with an `MT:` provenance comment, and
each chunk is saved as soon as it is done, so an interrupted run keeps its work and a rerun
only translates what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import MT_PREFIX, now_stamp
from .engines.base import Engine
from .pofile import read_po, save_po

Progress = Callable[[str, int, int], None]
"""Called with (language, units done, units total) after each chunk."""


@dataclass(frozen=True)
class LanguageTranslation:
    language: str
    translated: int
    remaining: int


def needs_translation(entry: polib.POEntry) -> bool:
    return not entry.obsolete and not entry.msgstr


def mark_machine_translated(entry: polib.POEntry, text: str, provenance: str) -> None:
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    lines = [line for line in entry.comment.splitlines() if not line.startswith(MT_PREFIX)]
    entry.comment = "\n".join([*lines, MT_PREFIX + provenance])


def translate_catalogs(
    paths: list[Path],
    source: str,
    target: str,
    engine: Engine,
    chunk_size: int = 64,
    progress: Progress | None = None,
) -> LanguageTranslation:
    """Fill every untranslated entry of these catalogs (one language) by MT, chunk by chunk."""
    catalogs = {path: read_po(path) for path in paths}
    pending: dict[str, list[tuple[Path, polib.POEntry]]] = {}
    for path, po in catalogs.items():
        for entry in po:
            if needs_translation(entry):
                pending.setdefault(entry.msgid, []).append((path, entry))
    texts = list(pending)
    done = 0
    for start in range(0, len(texts), chunk_size):
        chunk = texts[start : start + chunk_size]
        touched: set[Path] = set()
        for text, result in zip(chunk, engine.translate_batch(chunk, source, target), strict=True):
            if not result.text.strip():
                continue  # an empty output is no suggestion; the entry stays untranslated
            for path, entry in pending[text]:
                mark_machine_translated(entry, result.text, result.provenance)
                touched.add(path)
            done += 1
        for path in touched:
            catalogs[path].metadata["PO-Revision-Date"] = now_stamp()
            save_po(catalogs[path], path)
        if progress:
            progress(target, min(start + chunk_size, len(texts)), len(texts))
    return LanguageTranslation(language=target, translated=done, remaining=len(texts) - done)
