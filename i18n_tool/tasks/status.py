"""status: reads the articles (as extract segmented them) and the catalogs; writes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..catalog import read_entries
from ..config import BuildPolicy
from ..counts import CatalogStats, article_counts
from ..counts import totals as totals
from ..counts import under_bar as under_bar
from ..errors import I18nError
from ..model import Entry
from ..project import Project
from ..render import fallback_refusal, why_held_back
from ..sources import document_name
from ._task import task


@task(writes=False)
def status(
    project: Project, languages: list[str] | None = None, fail_fast: bool = False
) -> list[CatalogStats]:
    """Per language and article: the article's current units counted by the state of their
    translation, exactly as `build` counts them (a unit its catalog lacks is untranslated, and
    the row says the catalog is behind its source). An article whose source or catalog cannot
    be read has no row; `ArticlesFailed` names it, with the other rows."""
    config = project.config
    stats = []
    failures = project.failures(fail_fast)
    sources = project.unique_sources(failures)
    for language in project.languages(languages):
        read: dict[Path, dict[str, Entry]] = {}  # one catalog may serve every article
        for path in sources:
            name = document_name(path)
            try:  # no catalog yet (extracted, not updated): every unit is untranslated
                po = project.layout.catalog(language, project.catalog_name(name))
                if po not in read:
                    read[po] = read_entries(po)
                entries = read[po]
                document = project.load_segmented(path)
            except I18nError as error:
                failures.add(name, error)
                continue
            counts = article_counts(language, document, entries, config.check.min_confidence)
            behind = any(unit.text not in entries for unit in document.units)
            held = _held_back(counts, config.build_policy)
            stats.append(replace(counts, behind_source=behind, held_back=held))
    failures.raise_if_any(stats)
    return stats


def _held_back(stats: CatalogStats, policy: BuildPolicy) -> str:
    """Why `build` would hold this article back or refuse it ("": it publishes it), from its
    counts."""
    usable = stats.reviewed + (stats.fuzzy if policy.include_fuzzy else 0)
    return why_held_back(stats.units, usable, policy) or fallback_refusal(
        stats.units, usable, policy
    )
