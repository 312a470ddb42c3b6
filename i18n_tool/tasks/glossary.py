"""glossary suggest: reads the articles (as extract segmented them), the catalogs' reviewed
entries and the glossary; writes nothing."""

from __future__ import annotations

from ..catalog import read_catalog
from ..errors import CatalogError
from ..model import EntryState
from ..parallel import Progress, reported
from ..project import Project
from ..term_candidates import Candidate, SourceUnit, suggest
from ._task import task


@task(writes=False)
def suggest_terms(
    project: Project,
    languages: list[str] | None = None,
    min_articles: int = 2,
    min_count: int = 2,
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> list[Candidate]:
    """Names the articles repeat (in `min_articles` articles, `min_count` times) that the
    glossary does not cover, with how each language's reviewed translations wrote them
    (term_candidates.py). An article or catalog that cannot be read is named at the end
    (`ArticlesFailed`, with the suggestions from the others). `progress` hears of each
    catalog read ("read <language>"), then of the units gone through."""
    config = project.config
    failures = project.failures(fail_fast)
    targets = project.languages(languages)
    reviewed: dict[tuple[str, str], dict[str, str]] = {}  # (article, language) → msgid → msgstr
    for language in targets:  # an article without a catalog yet has no translations
        catalogs = list(project.catalog_files(language).items())
        for name, path in reported(catalogs, f"read {language}", progress):
            try:
                catalog = read_catalog(path)
            except CatalogError as error:
                failures.add(path.stem, error)
            else:
                reviewed[(name, language)] = {
                    e.msgid: e.msgstr for e in catalog.entries if e.state is EntryState.REVIEWED
                }
    units = [
        SourceUnit(
            document.name,
            unit.text,
            {
                language: translation
                for language in targets
                if (translation := reviewed.get((catalog_name, language), {}).get(unit.text))
            },
        )
        for document in project.documents(failures, segmented=True)
        for catalog_name in [project.catalog_name(document.name)]
        for unit in document.units
    ]
    glossary = project.glossary().for_language(None, config.source_language)
    candidates = suggest(units, glossary, min_articles, min_count, config.source_language, progress)
    failures.raise_if_any(candidates)
    return candidates
