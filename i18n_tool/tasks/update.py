"""update: reads the articles (extracting those that changed) and the templates; writes the
catalogs locales/<lang>/*.po, as msgmerge would."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path

from ..catalog_edits import update_catalog
from ..outcomes import Failures
from ..parallel import Progress, run_all
from ..project import Project
from ._task import keep_going, task
from .extract import ExtractResult, extract


@dataclass(frozen=True)
class UpdateResult:
    language: str
    document: str
    catalog: Path
    written: bool


@dataclass(frozen=True)
class UpdateReport:
    """What `update` did: the extraction it ran first (`written` says which templates changed),
    then the catalogs."""

    extracted: list[ExtractResult]
    catalogs: list[UpdateResult]

    def unchanged(self) -> UpdateReport:
        """What an update with nothing changed since this one reports."""
        return UpdateReport(
            [result.unchanged() for result in self.extracted],
            [replace(r, written=False) if r.written else r for r in self.catalogs],
        )


@task(writes=True)
def update(
    project: Project,
    languages: list[str] | None = None,
    keep_obsolete: bool = True,
    progress: Progress | None = None,
    check_language: bool = True,
    fail_fast: bool = False,
    only: Collection[str] | None = None,
) -> UpdateReport:
    """Create or update `locales/<lang>/<doc>.po` from each template, keeping translations
    (msgmerge semantics: edited sentences get the old translation as fuzzy). A catalog whose
    template and own bytes are as the last update left them is not touched.

    Never from a stale template: the sources that changed since the last extract are extracted
    again first (in `extracted`, `written` marks the templates that changed). An article that
    fails (to extract, or a catalog that cannot be read) keeps its catalogs as they were; the
    others are updated, then `ArticlesFailed` names the failures (see `extract`). With
    `only` (document names), only those articles are looked at and reported."""
    targets = project.languages(languages)
    failures = project.failures(fail_fast)
    extracted = keep_going(
        failures, extract, project, check_language, progress, fail_fast, only=only
    )
    catalogs = _update_catalogs(project, targets, keep_obsolete, progress, failures, only)
    report = UpdateReport(extracted, catalogs)
    failures.raise_if_any(report)
    return report


@dataclass(frozen=True)
class UpdateJob:
    """One catalog to bring up to date with its template."""

    key: str
    language: str
    template: Path
    catalog: Path
    keep_obsolete: bool

    @property
    def inputs(self) -> dict[str, Path]:
        return {"template": self.template, "catalog": self.catalog}


def _update_catalogs(
    project: Project,
    targets: tuple[str, ...],
    keep_obsolete: bool,
    progress: Progress | None,
    failures: Failures,
    only: Collection[str] | None,
) -> list[UpdateResult]:
    settings = f"keep obsolete: {keep_obsolete}"
    templates = [(pot, pot.stem) for pot in project.templates()]  # each stem made once
    jobs = [
        UpdateJob(
            f"{language}/{name}",
            language,
            pot,
            project.layout.catalog(language, name),
            keep_obsolete,
        )
        for language in targets
        for pot, name in templates
        if name not in failures  # its article failed: its catalogs stay as they were
        and (only is None or name in only)
    ]
    with project.state.step("update") as step:
        fresh, stale = step.partition(jobs, attrgetter("key"), attrgetter("inputs"), settings)
        results = {
            job.key: UpdateResult(job.language, job.template.stem, job.catalog, False)
            for job, _ in fresh
        }
        keep = not failures.fail_fast
        done = run_all(_update_one, None, stale, "update", progress, keep_going=keep)
        for job, written in failures.succeeded(stale, done, _job_document):
            results[job.key] = UpdateResult(job.language, job.template.stem, job.catalog, written)
            step.record(job.key, job.inputs, settings)
    return [results[key] for key in sorted(results)]


def _job_document(job: UpdateJob) -> str:
    return job.template.stem


def _update_one(_: None, job: UpdateJob) -> bool:
    return update_catalog(job.template, job.catalog, job.language, job.keep_obsolete)
