"""run: the main job, defined as extract → update → translate → build; reads and writes what
those tasks do, and the run's record in the state (the project's snapshot, the report).

A run that finds the project as the last settled run left it (every file of sources,
catalogs, builds, memories, glossary and the tool itself, by `stat`; see snapshot.py) gives
that run's report for a rerun without opening an article: on a 10,000-article archive the
steps would otherwise check 40,000 files one record at a time. A run is settled when nothing
failed and nothing is left for MT, and every file that changed while it ran was written by
it (as the state fingerprinted it): a file edited by someone meanwhile, or a file gone,
leaves no record, and the next run checks everything.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

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


RECORD = "run 3"  # the shape of the run's record (3: lists of reports as columns)

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
    if started is not None:
        kept = project.state.recall_run(key, started)
        if kept is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return decode(kept, REPORT_CLASSES)
        project.state.forget_run()
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
    )
    failed = set(failures.errors)
    translated = keep_going(
        failures, translate, project, languages, engine, progress, fail_fast=fail_fast, skip=failed
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
        failures, build, project, languages, policy, progress, fail_fast=fail_fast, skip=failed
    )
    report = RunReport(updated, translated, built)
    failures.raise_if_any(report)
    if started is not None and translated.settled:
        _remember(project, key, started, report)
    return report


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
