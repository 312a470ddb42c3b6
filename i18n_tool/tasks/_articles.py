"""The jobs of the tasks that go article by article in a language (build, review): each
article with its catalog, split into those whose recorded result still holds and those to
run."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..errors import I18nError
from ..outcomes import Failures
from ..project import Project
from ..sources import document_name
from ..state import Step


@dataclass(frozen=True)
class ArticleJob:
    """One article in one language and its catalog."""

    key: str
    source: Path
    catalog: Path

    @property
    def inputs(self) -> dict[str, Path]:
        return {"source": self.source, "catalog": self.catalog}

    @property
    def document(self) -> str:
        return document_name(self.source)


def article_jobs(
    project: Project,
    language: str,
    sources: list[Path],
    step: Step,
    settings: str,
    failures: Failures,
) -> tuple[list[tuple[ArticleJob, dict[str, Any]]], list[ArticleJob]]:
    """Each article's job in this language: those whose recorded result still holds for their
    files and settings (with that result), and those to run. An article without a catalog is
    a failure of that article."""
    jobs = []
    for path in sources:
        try:
            catalog = project.article_catalog(language, path)
        except I18nError as error:
            failures.add(document_name(path), error)
            continue
        jobs.append(ArticleJob(f"{language}/{document_name(path)}", path, catalog))
    return step.partition(jobs, attrgetter("key"), attrgetter("inputs"), settings)


job_document = attrgetter("document")
