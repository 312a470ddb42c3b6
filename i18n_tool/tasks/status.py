"""status: reads the articles (as extract segmented them) and the catalogs; writes nothing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..catalog import read_entries
from ..config import BuildPolicy
from ..counts import CatalogStats, article_counts
from ..counts import totals as totals
from ..counts import under_bar as under_bar
from ..errors import I18nError
from ..model import Document, Entry
from ..outcomes import Failures
from ..parallel import Progress, reported
from ..project import Project
from ..render import fallback_refusal, held_back, select
from ..sources import document_name
from ._task import task


@task(writes=False)
def status(
    project: Project,
    languages: list[str] | None = None,
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> list[CatalogStats]:
    """Per language and article: the article's current units counted by the state of their
    translation, exactly as `build` counts them (a unit its catalog lacks is untranslated, and
    the row says the catalog is behind its source). An article whose source or catalog cannot
    be read has no row; `ArticlesFailed` names it, with the other rows. `progress` hears of
    each article counted ("status <language>")."""
    stats = []
    failures = project.failures(fail_fast)
    sources = project.unique_sources(failures)
    for language in project.languages(languages):
        read: dict[Path, dict[str, Entry]] = {}  # one catalog may serve every article
        for path in reported(sources, f"status {language}", progress):
            row = _article_row(project, language, path, read, failures)
            if row is not None:
                stats.append(row)
    failures.raise_if_any(stats)
    return stats


def _article_row(
    project: Project,
    language: str,
    source: Path,
    read: dict[Path, dict[str, Entry]],
    failures: Failures,
) -> CatalogStats | None:
    """An article's row, its catalog read once into `read`; None when the article or its
    catalog cannot be read (a failure of the article)."""
    config = project.config
    name = document_name(source)
    try:  # no catalog yet (extracted, not updated): every unit is untranslated
        po = project.layout.catalog(language, project.catalog_name(name))
        if po not in read:
            read[po] = read_entries(po)
        entries = read[po]
        document = project.load_segmented(source)
    except I18nError as error:
        failures.add(name, error)
        return None
    counts = article_counts(language, document, entries, config.check.min_confidence)
    behind = any(unit.text not in entries for unit in document.units)
    held = _held_back(document, entries, config.build_policy)
    return replace(counts, behind_source=behind, held_back=held)


def _held_back(document: Document, entries: Mapping[str, Entry], policy: BuildPolicy) -> str:
    """Why `build` would hold this article back or refuse it ("": it publishes it), from the
    translations it would use (not those with hidden characters, or with tags unlike the
    source's)."""
    selection = select(document, entries, policy.include_fuzzy)
    return held_back(document, selection, policy) or fallback_refusal(
        len(document.units), selection.usable, policy
    )
