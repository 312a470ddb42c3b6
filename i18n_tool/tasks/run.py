"""run: the main job, defined as extract → update → translate → build; reads and writes what
those tasks do."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import BuildPolicy
from ..engines import Engine
from ..errors import SourceError
from ..parallel import Progress
from ..project import Project
from ..render import LanguageBuild
from ..sources import document_name
from ._task import keep_going, task
from .build import build
from .extract import ExtractResult
from .translate import TranslateReport, translate
from .update import UpdateReport, update


@dataclass
class RunReport:
    updated: UpdateReport
    translated: TranslateReport
    built: list[LanguageBuild]

    @property
    def extracted(self) -> list[ExtractResult]:
        return self.updated.extracted


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
    return report
