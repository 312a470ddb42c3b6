"""memory export / import. Export reads the catalogs; writes one TMX file (default
build/memory.tmx). Import reads memories from other tools; keeps them in memory/, where
`translate` reads them."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, I18nError
from ..languages import language_name
from ..memory import MEMORY_FORMATS, memory_file_units, memory_format, reviewed_units
from ..parallel import Progress
from ..project import Project
from ..tmx import write_tmx
from ._task import task


@dataclass(frozen=True)
class MemoryImport:
    file: Path  # where it is kept now: memory/<name>
    units: dict[str, int]  # language → translation units


@task(writes=True)
def import_memory(project: Project, files: list[Path]) -> list[MemoryImport]:
    """Check memories from other tools (TMX files, PO compendia, XLIFF 2 files) and keep them
    in the project's `memory/` folder, where `translate` reads them (after the project's own
    reviewed work)."""
    source_language = project.config.source_language
    results = []
    for file in files:
        if memory_format(file) is None:
            known = ", ".join(MEMORY_FORMATS)
            raise ConfigError(f"not a memory file by its name (a memory is {known})", file)
        counts: dict[str, int] = {}
        for unit in memory_file_units(file, source_language):
            counts[unit.language] = counts.get(unit.language, 0) + 1
        if not counts:
            raise ConfigError(
                f"no translation unit with a {language_name(source_language)} "
                "source segment in this memory",
                file,
            )
        kept = project.layout.memory / file.name
        if file.resolve() != kept.resolve():
            _copy_atomic(file, kept)
        results.append(MemoryImport(kept, counts))
    return results


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy a (possibly large) file in streamed blocks to a temp file, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise I18nError(f"cannot keep the memory: {exc.strerror}", target) from exc


@task(writes=False)
def export_memory(
    project: Project,
    languages: list[str] | None = None,
    path: Path | None = None,
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> int:
    """The project's memory as TMX 1.4b (default file: build/memory.tmx): every reviewed entry
    of every catalog of these languages (`srclang` the source language, each `<tuv>` its real
    `xml:lang`, the review date and where it stands); the number of units written. A catalog
    that cannot be read is named at the end (`ArticlesFailed`), the others' units written.
    `progress` hears of each catalog read ("read <language>")."""
    failures = project.failures(fail_fast)
    units = []
    for language in project.languages(languages):
        catalogs = project.read_catalogs(language, failures, progress)
        for catalog_file, catalog in catalogs.items():
            date = _tmx_date(catalog.metadata.get("PO-Revision-Date", ""))
            units += reviewed_units(catalog, language, catalog_file.name, date)
    target = path or project.layout.memory_export
    count = write_tmx(target, project.config.source_language, units)
    failures.raise_if_any(count)
    return count


def _tmx_date(po_date: str) -> str:
    """`2026-11-29 20:30+0000` → `20261129T203000Z` (TMX's form); empty if it is not a date."""
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)\+0000", po_date.strip())
    return "{}{}{}T{}{}00Z".format(*match.groups()) if match else ""
