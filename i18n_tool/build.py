"""Localized articles: the source text with each unit replaced by its usable translation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .fileio import write_atomic
from .model import Document


@dataclass(frozen=True)
class BuildResult:
    language: str
    document: str
    path: Path
    reviewed: int
    unreviewed: int
    fallback: int
    written: bool


def build_document(
    document: Document, po: polib.POFile, language: str, output: Path, include_fuzzy: bool
) -> BuildResult:
    """Write one localized article; units without a usable translation keep the source text."""
    entries = {entry.msgid: entry for entry in po if not entry.obsolete and entry.msgstr}
    translations: dict[str, str] = {}
    reviewed = unreviewed = fallback = 0
    for unit in document.units:
        entry = entries.get(unit.text)
        if entry is None or (entry.fuzzy and not include_fuzzy):
            fallback += 1
            continue
        translations[unit.text] = entry.msgstr
        if entry.fuzzy:
            unreviewed += 1
        else:
            reviewed += 1
    written = write_atomic(output, document.render(translations).encode("utf-8"))
    return BuildResult(language, document.name, output, reviewed, unreviewed, fallback, written)
