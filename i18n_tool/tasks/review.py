"""review: reads the articles, the catalogs and the glossary; writes the review report in
build/review/ (a page per article and language, an index per language, the first page)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ..catalog import GENERATOR, read_entries
from ..counts import CatalogStats, article_counts, totals
from ..fileio import write_atomic
from ..languages import language_name, text_direction
from ..parallel import Progress, run_all
from ..project import Project
from ..qa import check_entry
from ..report import article_rows, render
from ..terms import Terminology
from ._articles import ArticleJob, article_jobs, job_document
from ._task import task
from .check import qa_context


@dataclass(frozen=True)
class ArticleReview:
    """One article's report page in one language and what its index row shows."""

    stats: CatalogStats
    errors: int  # units with a QA error
    page: Path
    written: bool  # False: the page was up to date


@dataclass(frozen=True)
class LanguageReview:
    language: str
    articles: tuple[ArticleReview, ...]
    index: Path

    def total(self) -> CatalogStats:
        return totals([article.stats for article in self.articles])[0]


@dataclass(frozen=True)
class ReviewContext:
    """What every report page of a language shares (sent once to each worker process)."""

    project: Project
    language: str
    terms: Terminology


@task(writes=False)
def review_home(project: Project) -> Path:
    """build/review/index.html: the report's first page."""
    return project.layout.review_index()


@task(writes=True)
def review(
    project: Project,
    languages: list[str] | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
) -> list[LanguageReview]:
    """Write the review report: `build/review/<lang>/<article>.html` per article and language,
    an index per language and `build/review/index.html`.

    Incremental as `build`: a page whose article, catalog, glossary and settings are as when it
    was written is kept (its counts come from the state); the others are rendered in parallel.
    An article that cannot be read keeps its old page and is named at the end (`ArticlesFailed`).
    """
    config = project.config
    glossary = project.glossary()
    settings = project.settings_key(config.check, GENERATOR, project.glossary_fingerprint())
    failures = project.failures(fail_fast)
    sources = project.unique_sources(failures)
    reviews = []
    with project.state.step("review") as step:
        for language in project.languages(languages):
            context = ReviewContext(
                project, language, glossary.for_language(language, config.source_language)
            )
            fresh, jobs = article_jobs(project, language, sources, step, settings, failures)
            kept = {
                job.source: ArticleReview(
                    CatalogStats(**record["stats"]),
                    record["errors"],
                    step.outputs(job.key)[0],
                    False,
                )
                for job, record in fresh
            }
            keep_going = not fail_fast
            pages = run_all(_review_one, context, jobs, f"review {language}", progress, keep_going)
            for job, article in failures.succeeded(jobs, pages, job_document):
                kept[job.source] = article
                record = {"stats": asdict(article.stats), "errors": article.errors}
                step.record(job.key, job.inputs, settings, record, [article.page])
            articles = tuple(kept[path] for path in sources if path in kept)
            reviews.append(
                LanguageReview(language, articles, project.layout.review_index(language))
            )
            write_atomic(reviews[-1].index, _language_index(project, reviews[-1]).encode("utf-8"))
    home = render(
        "review_home.html",
        title="Review report",
        generator=GENERATOR,
        languages=[
            {
                "code": r.language,
                "name": language_name(r.language),
                "articles": len(r.articles),
                "total": r.total(),
            }
            for r in reviews
        ],
    )
    write_atomic(project.layout.review_index(), home.encode("utf-8"))
    failures.raise_if_any(reviews)
    return reviews


def _review_one(context: ReviewContext, job: ArticleJob) -> ArticleReview:
    """Check and render one article's report page."""
    project, language = context.project, context.language
    config = project.config
    document = project.load_segmented(job.source)
    entries = read_entries(job.catalog)
    checks = qa_context(project, language, context.terms)
    findings = {
        unit.text: check_entry(entries[unit.text], checks)
        for unit in document.units
        if unit.text in entries
    }
    rows = article_rows(document, entries, findings, context.terms)
    stats = article_counts(language, document, entries, config.check.min_confidence)
    errors = sum(row.qa_error for row in rows)
    page = project.layout.review_page(language, document.name)
    text = render(
        "review_article.html",
        title=f"{document.name} ({language}): review",
        generator=GENERATOR,
        document=document.name,
        language=language,
        language_name=language_name(language),
        direction=text_direction(language),
        source_language=config.source_language,
        source_name=language_name(config.source_language),
        source_direction=text_direction(config.source_language),
        stats=stats,
        errors=errors,
        rows=rows,
    )
    written = write_atomic(page, text.encode("utf-8"))
    return ArticleReview(stats, errors, page, written)


def _language_index(project: Project, report: LanguageReview) -> str:
    return render(
        "review_language.html",
        title=f"Review: {language_name(report.language)}",
        generator=GENERATOR,
        language=report.language,
        language_name=language_name(report.language),
        source_name=language_name(project.config.source_language),
        total=report.total(),
        articles=[
            {"stats": article.stats, "errors": article.errors, "page": article.page.name}
            for article in report.articles
        ],
    )
