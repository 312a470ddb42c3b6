"""export / import: XLIFF 2 for CAT tools. Export reads the catalogs (templates for articles
without one); writes build/xliff/<lang>/*.xlf and the export's record. Import reads XLIFF
files, updates the catalogs from the articles first, then writes translators' work into
them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import msgfmt_refusal, now_stamp, read_catalog, write_catalog
from ..catalog_edits import HumanTranslation, take_translations
from ..errors import CatalogError, ConfigError
from ..languages import base_language, language_name
from ..model import Entry, EntryState
from ..outcomes import Failures
from ..parallel import Progress, reported
from ..project import Project
from ..snapshot import content_hash
from ..sources import document_name
from ..state import as_suggested
from ..xliff import XliffFile, XliffSegment, read_xliff, write_xliff
from ..xliff12 import write_xliff12
from ._task import keep_going, task
from .update import update

XLIFF_VERSIONS = {"2.0": write_xliff, "1.2": write_xliff12}  # the writer of each


@dataclass(frozen=True)
class XliffExport:
    path: Path
    language: str
    units: int


@task(writes=False)
def export_xliff(
    project: Project,
    languages: list[str] | None = None,
    folder: Path | None = None,
    fail_fast: bool = False,
    version: str = "2.0",
    progress: Progress | None = None,
) -> list[XliffExport]:
    """One XLIFF file per article and language, `<folder>/<language>/<article>.xlf`
    (default folder: build/xliff), for translators in CAT tools: every unit of the catalog,
    its state, its notes (where it stands, MT/TM provenance, QA findings) and its inline
    markup as protected codes. `version` is "2.0" or "1.2" (what Translate Toolkit's
    `xliff2po`, Okapi and Trados-based tools read). A catalog that cannot be read is named
    at the end (`ArticlesFailed`); the others are exported. `progress` hears of each
    ("export <language>")."""
    if version not in XLIFF_VERSIONS:
        raise ConfigError(f"XLIFF {version!r} is not written (versions: 2.0, 1.2)")
    write = XLIFF_VERSIONS[version]
    failures = project.failures(fail_fast)
    folder = folder or project.layout.xliff
    articles = {document_name(path): path for path in project.source_files()}
    written = []
    templates = project.templates()
    for language in project.languages(languages):
        for pot in reported(templates, f"export {language}", progress):
            try:
                written.append(_export_one(project, language, pot, folder, articles, write))
            except CatalogError as error:
                failures.add(pot.stem, error)
    failures.raise_if_any(written)
    return written


def _export_one(
    project: Project,
    language: str,
    pot: Path,
    folder: Path,
    articles: dict[str, Path],
    write: Callable[..., int],
) -> XliffExport:
    """One article's XLIFF file in `language` (from its template while it has no catalog)."""
    catalog_file = project.layout.catalog(language, pot.stem)
    catalog = read_catalog(catalog_file if catalog_file.exists() else pot)
    article = articles.get(pot.stem)
    original = project.display(article).as_posix() if article else pot.name
    path = project.layout.xliff_file(folder, language, pot.stem)
    exported = {
        entry.msgid: [entry.msgstr, entry.state.value]
        for entry in catalog.entries
        if not entry.obsolete and entry.msgid
    }
    export_id = "x" + content_hash(
        json.dumps([language, pot.stem, exported], sort_keys=True).encode("utf-8")
    )
    project.state.remember_export(export_id, exported)
    source_language = project.config.source_language
    count = write(path, source_language, language, original, catalog.entries, export_id)
    return XliffExport(path, language, count)


@dataclass(frozen=True)
class ImportConflict:
    """Human work the file would replace, kept unless `overwrite` was given: a reviewed
    translation, or a translator's draft newer than the export the file came from."""

    catalog: Path
    unit: str  # the unit id
    line: int  # of the segment in the file
    source: str
    kept: str
    offered: str
    kept_state: str = "reviewed"  # or "draft": fuzzy, not as MT or the memory left it


@dataclass
class XliffImport:
    """What importing one XLIFF file did."""

    file: Path
    language: str = ""
    confirmed: int = 0  # entries that became reviewed (a translator confirmed them)
    drafts: int = 0  # entries given a translator's draft, fuzzy
    unchanged: int = 0
    overwritten: int = 0  # reviewed entries replaced, as `overwrite` asked
    conflicts: list[ImportConflict] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # `unit (line N)`: not in the article
    refused: list[str] = field(default_factory=list)  # `unit (line N): why`
    written: list[Path] = field(default_factory=list)


@task(writes=True)
def import_xliff(
    project: Project,
    files: list[Path],
    overwrite: bool = False,
    fail_fast: bool = False,
    language: str | None = None,
) -> list[XliffImport]:
    """Take translators' work back from XLIFF files (2.0, 2.1, 1.2, 1.1) into the catalogs.

    The catalogs are brought up to date with the articles first; then a segment counts only if
    its source is a unit of the current article. A confirmed segment (`translated`, `reviewed`,
    `final`) becomes reviewed, a draft (`initial`) a fuzzy entry.

    Newer work is never replaced: a segment the translator left as the export wrote it changes
    nothing; otherwise an entry changes only where it is still what the export wrote (a
    three-way comparison with the export's record) or holds no human work (untranslated, or a
    suggestion as MT or the memory left it). A reviewed entry or a translator's draft would be
    replaced only with `overwrite`; the conflicts are listed. An article whose catalog cannot
    be updated or read is left as it is and named at the end (`ArticlesFailed`). `language`
    is the target language of files that do not name theirs."""
    parsed = [(file, read_xliff(file)) for file in files]  # every file readable, or none taken
    languages = {
        file: _xliff_language(project, file, documents, language) for file, documents in parsed
    }
    failures = project.failures(fail_fast)
    targets = sorted(set(languages.values()))
    keep_going(failures, update, project, targets, fail_fast=fail_fast)
    imported = [
        _import_one(project, file, languages[file], documents, overwrite, failures)
        for file, documents in parsed
    ]
    failures.raise_if_any(imported)
    return imported


def _xliff_language(
    project: Project, file: Path, documents: list[XliffFile], given: str | None
) -> str:
    """The project's target language an XLIFF file translates into (its `trgLang`, or
    `given` when the file names none)."""
    config = project.config
    if not documents:
        raise ConfigError("no <file> in this XLIFF document", file)
    source, target = documents[0].source_language, documents[0].target_language
    if not target and not given:
        raise ConfigError(
            "the file does not say its target language; name it: i18n-tool import -l LANG", file
        )
    if given and target and base_language(given) != base_language(target):
        raise ConfigError(f"the file translates into {target!r}, not {given!r}", file)
    target = target or given or ""
    # a file converted from a catalog (po2xliff) names a source language it cannot know
    # (always en-US); its units are still matched by their source text
    from_catalog = documents[0].original.endswith((".po", ".pot"))
    if base_language(source) != base_language(config.source_language) and not from_catalog:
        raise ConfigError(
            f"the file translates from {source!r}; the project's articles are in "
            f"{config.source_language} ({language_name(config.source_language)})",
            file,
        )
    matching = [
        language
        for language in config.target_languages
        if base_language(language) == base_language(target)
    ]
    if not target or not matching:
        targets = ", ".join(config.target_languages)
        raise ConfigError(
            f"the file's target language {target!r} is not one of the project's ({targets})",
            file,
        )
    return matching[0]


def _import_one(
    project: Project,
    file: Path,
    language: str,
    documents: list[XliffFile],
    overwrite: bool,
    failures: Failures,
) -> XliffImport:
    report = XliffImport(file, language)
    # the catalogs of the articles the file names; every catalog when one is not an article's
    # (a file converted from a catalog). Reading every catalog for each file, an import of
    # 1,000 files into a 2,000-article archive had not ended after 14 minutes (by hand)
    named = {document_name(Path(d.original)) for d in documents if d.original}
    only = named if named and named <= project.catalog_files(language).keys() else None
    catalogs = {
        path: catalog
        for path, catalog in project.read_catalogs(language, failures, only=only).items()
        if path.stem not in failures  # failed in `update`: left as it is
    }
    live = {path: catalog.live() for path, catalog in catalogs.items()}
    taken: dict[Path, dict[str, HumanTranslation]] = {path: {} for path in catalogs}
    came_from = project.display(file.absolute()).as_posix()
    suggested = {path: project.state.recall_suggestions(path) for path in catalogs}
    for document in documents:
        stem = document_name(Path(document.original)) if document.original else ""
        chosen = [p for p in catalogs if p.stem == stem] or list(catalogs)
        exported = project.state.recall_export(document.file_id)
        for segment in document.segments:
            where = f"{segment.unit_id} (line {segment.line})"
            if segment.problem:
                report.refused.append(f"{where}: {segment.problem}")
                continue
            if not segment.target:
                continue
            found = [(p, live[p][segment.source]) for p in chosen if segment.source in live[p]]
            if not found:
                report.not_found.append(where)
            for path, entry in found:
                problem = msgfmt_refusal(entry, segment.target)
                if problem:
                    report.refused.append(f"{where}: {problem}")
                    continue
                base = exported.get(entry.msgid)
                untouched = as_suggested(suggested[path], entry.msgid, entry.msgstr)
                outcome = _import_outcome(entry, segment, overwrite, base, untouched)
                if outcome == "conflict":
                    report.conflicts.append(
                        ImportConflict(
                            path,
                            segment.unit_id,
                            segment.line,
                            entry.msgid,
                            entry.msgstr,
                            segment.target,
                            "reviewed" if entry.state is EntryState.REVIEWED else "draft",
                        )
                    )
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome != "unchanged":
                    translation = HumanTranslation(segment.target, segment.confirmed, came_from)
                    taken[path][entry.msgid] = translation
    stamp = now_stamp()
    for path, translations in taken.items():
        if translations and write_catalog(
            take_translations(catalogs[path], translations, stamp), path
        ):
            report.written.append(path)
    return report


def _import_outcome(
    entry: Entry,
    segment: XliffSegment,
    overwrite: bool,
    exported: tuple[str, str] | None,
    as_suggested: bool,
) -> str:
    """What a translated segment does to its entry, named as the XliffImport count it adds to
    (`unchanged`, `confirmed`, `drafts`, `overwritten`), or `conflict`.

    `exported` is what the export the file came from wrote for the entry (None: unknown);
    `as_suggested`, whether the entry is an MT or memory suggestion as it was made."""
    reviewed = entry.state is EntryState.REVIEWED
    if segment.target == entry.msgstr and (reviewed or not segment.confirmed):
        return "unchanged"
    if exported is not None:
        text, state = exported
        if segment.target == text and segment.confirmed == (state == EntryState.REVIEWED):
            return "unchanged"  # the translator left it as exported: nothing to take
    draft = entry.state is EntryState.NEEDS_REVIEW or (
        entry.state in (EntryState.MACHINE, EntryState.MEMORY) and not as_suggested
    )  # a translator's draft, unless it is still what the export wrote
    if reviewed or (draft and (entry.msgstr, entry.state.value) != exported):
        return "overwritten" if overwrite else "conflict"
    return "confirmed" if segment.confirmed else "drafts"
