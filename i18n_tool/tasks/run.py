"""run: the main job, defined as extract → update → translate → build; reads and writes what
those tasks do, and the run's record in the state (the project's snapshot, the report).

A run that finds the project as the last settled run left it (every file of sources,
catalogs, builds, memories, glossary and the tool itself, by `stat`; see snapshot.py) gives
that run's report for a rerun without opening an article: on a 10,000-article archive the
steps would otherwise check 40,000 files one record at a time. When only articles' own files
changed (their source, template, catalogs or published files: a new article, a catalog a
translator reviewed), the steps look at those articles alone and the others' rows come from
the kept report; anything else changed (the glossary, a memory, the index page, the tool)
and every article is looked at. A run is settled when nothing failed and nothing is left
for MT, and every file that changed while it ran was written by it (as the state
fingerprinted it): a file edited by someone meanwhile, or a file gone, leaves no record, and
the next run checks everything.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from ..config import BuildPolicy
from ..engines import Engine
from ..errors import SourceError
from ..parallel import Progress
from ..pretranslate import LanguageTranslation
from ..project import Project
from ..render import BuildResult, LanguageBuild
from ..snapshot import Snapshot, decode, encode
from ..sources import document_name
from ._task import keep_going, task
from .build import build
from .extract import ExtractResult
from .translate import TranslateReport, translate
from .update import UpdateReport, UpdateResult, update


@dataclass
class RunReport:
    updated: UpdateReport
    translated: TranslateReport
    built: list[LanguageBuild]

    @property
    def extracted(self) -> list[ExtractResult]:
        return self.updated.extracted

    def unchanged(self) -> RunReport:
        """What a run with nothing changed since this settled one reports."""
        built = [build.unchanged() for build in self.built if not build.removed or build.results]
        return RunReport(self.updated.unchanged(), self.translated.unchanged(), built)


R = TypeVar("R", ExtractResult, UpdateResult, BuildResult)  # a report's row of one article

RECORD = "run 5"  # the run record's shape (5: its snapshot kept apart; 4: report columns)

# the classes a kept report may be made of (snapshot.decode makes no other)
REPORT_CLASSES = {
    cls.__name__: cls
    for cls in (
        RunReport, UpdateReport, ExtractResult, UpdateResult, TranslateReport,
        LanguageTranslation, LanguageBuild, BuildResult,
    )
}  # fmt: skip


@task(writes=True)
def run(
    project: Project,
    languages: list[str] | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    check_language: bool = True,
    policy: BuildPolicy | None = None,
    fail_fast: bool = False,
) -> RunReport:
    """The main job: extract → update → translate → build (`update` extracts first).

    An article that fails a step is left as it was by the later steps; every other article
    goes through, then `ArticlesFailed` names the failures with the report of the rest.
    With `fail_fast`, the first failure stops the run."""
    targets = project.languages(languages)
    key = project.settings_key(RECORD, project.config, targets, check_language, policy, fail_fast)
    started = project.snapshot()
    kept = _kept_run(project, key, started)
    if kept is not None and started is not None and kept[0].holds(started):
        return kept[1]
    only = _changed_articles(project, kept, started)
    failures = project.failures(fail_fast)
    before = {document_name(path) for path in project.source_files()}
    updated = keep_going(
        failures,
        update,
        project,
        languages,
        progress=progress,
        check_language=check_language,
        fail_fast=fail_fast,
        only=only,
    )
    failed = set(failures.errors)
    translated = keep_going(
        failures,
        translate,
        project,
        languages,
        engine,
        progress,
        fail_fast=fail_fast,
        skip=failed,
        only=only,
        project_files=started,
    )
    for path in project.source_files():  # renamed or added while the run went on
        if document_name(path) not in before:
            failures.add(
                document_name(path),
                SourceError(
                    "appeared while this run went on (added or renamed); the next run takes it",
                    path,
                ),
            )
    failed = set(failures.errors)
    built = keep_going(
        failures,
        build,
        project,
        languages,
        policy,
        progress,
        fail_fast=fail_fast,
        skip=failed,
        only=only,
    )
    report = RunReport(updated, translated, built)
    if kept is not None and only is not None:
        report = _completed(report, kept[1], only, project)
    failures.raise_if_any(report)
    if started is not None and translated.settled:
        _remember(project, key, started, report)
    return report


def _kept_run(
    project: Project, key: str, now: Snapshot | None
) -> tuple[Snapshot, RunReport] | None:
    """The last settled run with these settings (the project as it left it, its report)."""
    if now is None:
        return None
    kept = project.state.recall_run(key)
    if kept is not None:
        with contextlib.suppress(KeyError, TypeError, ValueError):
            report = decode(kept[1], REPORT_CLASSES)
            if isinstance(report, RunReport):
                return kept[0], report
    project.state.forget_run()
    return None


def _changed_articles(
    project: Project, kept: tuple[Snapshot, RunReport] | None, now: Snapshot | None
) -> set[str] | None:
    """The articles whose own files changed since the kept run (added, edited or gone: the
    source, the template, a catalog, a published file); None when anything else did, or when
    that cannot be told: then the steps look at every article."""
    if kept is None or now is None or project.config.catalog_layout != "per-document":
        return None
    snapshot = project.state.run_lines(kept[0])
    if snapshot is None:
        return None
    sources = f"{project.layout.sources}{os.sep}"
    articles, others = set(), []
    for path in now.differences(snapshot):
        if path.startswith(sources) and os.sep not in path[len(sources) :]:
            articles.add(document_name(Path(path)))
        else:
            others.append(path)
    if others:  # the files the kept report names, only then (30,000 on a large archive)
        owners = _article_files(kept[1])
        if any(path not in owners for path in others):
            return None
        articles.update(owners[path] for path in others)
    return articles


def _article_files(report: RunReport) -> dict[str, str]:
    """Each file a run reported as an article's (template, catalog, published file) → the
    article."""
    owners = {str(result.template): result.document for result in report.extracted}
    owners.update((str(result.catalog), result.document) for result in report.updated.catalogs)
    for language in report.built:
        for built in language.results:
            owners.update((str(path), built.document) for path in built.paths)
    return owners


def _completed(
    report: RunReport, kept: RunReport, only: Collection[str], project: Project
) -> RunReport:
    """The report of a run that looked at the articles in `only`, with every other article's
    rows from the kept report, in the order of a run that looks at every article."""
    order = {document_name(path): n for n, path in enumerate(project.source_files())}

    def others(rows: Iterable[R]) -> list[R]:
        return [row for row in rows if row.document in order and row.document not in only]

    def by_source(row: ExtractResult | BuildResult) -> int:
        return order.get(row.document, len(order))

    extracted = sorted([*others(kept.extracted), *report.extracted], key=by_source)
    catalogs = sorted(
        [*others(kept.updated.catalogs), *report.updated.catalogs],
        key=lambda row: f"{row.language}/{row.document}",  # as update orders them
    )
    earlier = {language.language: language.results for language in kept.built}
    built = [
        replace(
            language,
            results=tuple(
                sorted([*others(earlier[language.language]), *language.results], key=by_source)
            ),
        )
        if language.language in earlier
        else language
        for language in report.built
    ]
    return RunReport(UpdateReport(extracted, catalogs), report.translated, built)


def _remember(project: Project, key: str, before: Snapshot, report: RunReport) -> None:
    """Keep the run's record if the project is now as this run left it (see the module)."""
    after = project.snapshot()
    if after is None:
        return
    changed, gone = after.changed_since(before)
    written = tuple(
        f"{folder}{os.sep}" for folder in (project.layout.locales, project.layout.build)
    )
    ours = all(path.startswith(written) for path in changed)
    lines = {path: after.lines[path] for path in changed}
    if gone or not ours or not project.state.seen(lines):
        return
    with contextlib.suppress(TypeError):  # a report of another shape is simply not kept
        project.state.remember_run(key, after, encode(report.unchanged()))
