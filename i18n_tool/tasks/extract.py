"""extract: reads the articles in source/; writes their templates (locales/*.pot) and the
segmentation kept for later tasks."""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..catalog import template_text, write_template
from ..config import SHARED_CATALOG
from ..detect import clearly_in, detect_language, is_confident
from ..errors import CatalogError, SourceError
from ..fileio import write_atomic
from ..languages import language_name, same_language
from ..model import Document
from ..outcomes import Failures
from ..parallel import Progress, run_all
from ..project import Project
from ..snapshot import content_hash
from ..sources import document_name
from ._task import task

# what a template holds, besides the articles: a change makes every template again once
TEMPLATES = 2  # 2: an HTML attribute's comment names it (`attribute alt of <img>`)


@dataclass(frozen=True)
class ExtractResult:
    document: str
    template: Path
    units: int
    entries: int
    written: bool

    def unchanged(self) -> ExtractResult:
        """What an extraction with nothing changed since this one reports."""
        return replace(self, written=False) if self.written else self

    def to_record(self) -> dict[str, int]:
        """What the state keeps of it (the rest is the key and the file)."""
        return {"units": self.units, "entries": self.entries}

    @classmethod
    def from_record(cls, template: Path, record: dict[str, Any]) -> ExtractResult:
        return cls(template.stem, template, int(record["units"]), int(record["entries"]), False)


def verify_source_language(document: Document, language: str) -> None:
    """Refuse an article that langdetect reads, with confidence, as another language.

    An article whose words are clearly the language's function words passes without
    langdetect (which costs about a millisecond per article)."""
    sample = " ".join(unit.text for unit in document.units)[:1000]
    if clearly_in(sample, language):
        return
    detection = detect_language(sample[:400])
    if is_confident(detection) and not same_language(detection.language or "", language):
        raise SourceError(
            f"this article looks {language_name(detection.language or '')} (langdetect "
            f"p={detection.probability:.2f}), not {language_name(language)}: fix "
            "source-language, or pass --no-language-check",
            document.path,
        )


@task(writes=False)
def load_documents(project: Project) -> list[Document]:
    """Every source article, read and segmented."""
    return [project.load(path) for path in project.unique_sources()]


@task(writes=True)
def extract(
    project: Project,
    check_language: bool = True,
    progress: Progress | None = None,
    fail_fast: bool = False,
    only: Collection[str] | None = None,
) -> list[ExtractResult]:
    """Segment every source and write the templates: `locales/<doc>.pot` per document, or one
    `locales/articles.pot` for all (`catalogs = "per-language"`). Each article must read as
    the source language (langdetect), unless `check_language` is false. An article with
    nothing to translate (only code, a table of figures, a rule) gets an empty template.

    An article that cannot be extracted (unreadable, not UTF-8, another language) keeps its
    template as it was; every other article is extracted, then `ArticlesFailed` names the
    failures (with the others' results). With `fail_fast`, the first failure stops the step.

    Per-document templates are incremental: a source whose bytes and segmentation settings are
    unchanged since the last run, and whose template is as that run left it, is not read
    again; the others are segmented in parallel. A template whose source is gone is removed.
    With `only` (document names), only those articles are looked at and reported: `run`
    passes the articles whose files changed since its last settled run.
    """
    failures = project.failures(fail_fast)
    if project.config.catalog_layout != "per-document":
        extracted = _extract_shared(project, check_language, failures)
        failures.raise_if_any(extracted)
        return extracted
    settings = project.settings_key(TEMPLATES)
    results: dict[Path, ExtractResult] = {}
    with project.state.step("extract") as step:
        sources = project.unique_sources(failures, only)
        if only is not None:
            sources = [path for path in sources if document_name(path) in only]
        fresh, stale = step.partition(sources, _source_name, _source_input, settings)
        for path, record in fresh:
            template = project.layout.template(document_name(path))
            try:
                results[path] = ExtractResult.from_record(template, record)
            except (KeyError, TypeError, ValueError):  # an odd record: extract it again
                stale.append(path)
        todo = stale
        context = ExtractContext(project, check_language)
        done = run_all(_extract_one, context, todo, "extract", progress, keep_going=not fail_fast)
        for path, extracted in failures.succeeded(todo, done, document_name):  # kept as done
            try:
                results[path] = result = _keep(project, extracted)
            except CatalogError as error:
                failures.add(extracted.document, error)
                continue
            step.saw(path, *extracted.source_seen)
            template = result.template.stat()  # as written: its bytes are the worker's
            step.saw(result.template, template.st_size, template.st_mtime_ns, extracted.digest)
            step.record(
                path.name, _source_input(path), settings, result.to_record(), [result.template]
            )
            step.keep_segmentation(extracted.document, extracted.segmentation)
        present = {path.name for path in project.source_files()}
        for gone in set(step.keys()) - present:
            project.layout.template(document_name(Path(gone))).unlink(missing_ok=True)
            step.forget(gone)
            step.keep_segmentation(document_name(Path(gone)), None)
    extracted = [results[path] for path in sorted(results)]
    failures.raise_if_any(extracted)
    return extracted


def _source_name(path: Path) -> str:
    return path.name


def _source_input(path: Path) -> dict[str, Path]:
    return {"source": path}


@dataclass(frozen=True)
class ExtractContext:
    """What every extract job shares (sent once to each worker process)."""

    project: Project
    check_language: bool


@dataclass(frozen=True)
class _Extracted:
    """What a worker makes of one article; the step writes it: the template (one process
    making the files of one folder, not several contending for it) and the segmentation (the
    state's transaction is the step's)."""

    document: str
    template: bytes
    digest: str  # the template's content_hash
    units: int
    entries: int
    segmentation: tuple[str, str]
    source_seen: tuple[int, int, str]  # size, mtime and hash of the source as it was read


def _extract_one(context: ExtractContext, path: Path) -> _Extracted:
    project = context.project
    seen = os.stat(path)  # before the read: a change after it shows in the next stat
    document = project.load(path)
    if context.check_language:
        verify_source_language(document, project.config.source_language)
    pot = project.layout.template(document.name)
    text = template_text(document.name, [document], pot, project.config.source_language)
    units = document.units
    source_hash = content_hash(document.text.encode("utf-8"))  # the source's own bytes
    return _Extracted(
        document.name, text, content_hash(text), len(units), len({u.text for u in units}),
        project.segmentation(document, source_hash),
        (seen.st_size, seen.st_mtime_ns, source_hash),
    )  # fmt: skip


def _keep(project: Project, extracted: _Extracted) -> ExtractResult:
    """Write an article's template (unless its bytes are the same)."""
    pot = project.layout.template(extracted.document)
    written = write_atomic(pot, extracted.template, CatalogError)
    return ExtractResult(extracted.document, pot, extracted.units, extracted.entries, written)


def _extract_shared(
    project: Project, check_language: bool, failures: Failures
) -> list[ExtractResult]:
    """One template for all articles: every source is read (not incremental). While an
    article fails, the shared template stays as it was (it would lose that article's units)."""
    documents = []
    source_language = project.config.source_language
    for document in project.documents(failures):
        try:
            if check_language:
                verify_source_language(document, source_language)
        except SourceError as error:
            failures.add(document.name, error)
            continue
        documents.append(document)
    path = project.layout.template(SHARED_CATALOG)
    units = [unit for document in documents for unit in document.units]
    written = not failures.errors and write_template(
        SHARED_CATALOG, documents, path, source_language
    )
    return [ExtractResult(SHARED_CATALOG, path, len(units), len({u.text for u in units}), written)]
