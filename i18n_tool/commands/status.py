"""`i18n-tool status`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..errors import FAIL_UNDER_EXIT
from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import err, out, print_table, say
from .progress import progress_bar

if TYPE_CHECKING:
    from .. import CatalogStats

SHORT_HELP = "Units per language and article: reviewed, to review, MT, untranslated."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (articles and per-language totals).")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            metavar="PCT",
            help="Exit 7 if any language has less than PCT % of its units reviewed (for CI).",
        ),
    ] = None,
    by_confidence: Annotated[
        bool,
        typer.Option(
            "--by-confidence",
            help="Articles whose least certain MT suggestion is least certain first.",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Per language and article: the article's units by the state of their translation —
    reviewed, to review (fuzzy: MT suggestions, and translations whose source changed or that
    a translator marked), untranslated — and the % reviewed, counted as `build` counts them.

    The rows marked * sum a language over all its articles; --fail-under checks those. --json
    also gives each article's lowest MT confidence and its MT suggestions below
    [tool.i18n-tool.check] min-confidence.
    """
    from .. import status
    from ..tasks.status import totals, under_bar

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        rows, failed = outcome(lambda: status(chosen, languages, fail_fast, progress))
    if by_confidence:
        rows.sort(key=_confidence_order)
    summary = totals(rows)
    if as_json:
        languages_json = [
            {**_stats_json(row), **_published_counts(row.language, rows)} for row in summary
        ]
        out.print_json(
            data={
                "documents": [
                    {
                        **_stats_json(row),
                        "published": not row.held_back,
                        "held_back": row.held_back or None,
                    }
                    for row in rows
                ],
                "languages": languages_json,
            }
        )
    else:
        table = Table(
            "language", "document", "units", "reviewed", "to review (MT, TM)", "untranslated",
            "% reviewed", "build",
        )  # fmt: skip
        table.columns[1].overflow = "fold"
        for stats in [*rows, *summary]:
            table.add_row(
                stats.language,
                stats.document,
                str(stats.units),
                str(stats.reviewed),
                f"{stats.fuzzy} ({stats.machine}, {stats.memory})",
                str(stats.untranslated),
                f"{stats.percent_reviewed:.1f}",
                _publication(stats, rows),
            )
        print_table(table)
    for stats in rows:
        if stats.behind_source:
            say(
                f"{stats.language}/{stats.document}: the catalog is behind its article "
                "(new or edited sentences): run `i18n-tool update`",
                err,
            )
    below = under_bar(summary, fail_under) if fail_under is not None else []
    for stats in below:
        say(
            f"{stats.language}: {stats.percent_reviewed:.1f}% reviewed, "
            f"under --fail-under {fail_under:g}",
            err,
        )
    finish(report_failures(failed), FAIL_UNDER_EXIT if below else 0)


DEPRECATED_KEYS = {"translated": "reviewed", "percent_translated": "percent_reviewed"}
"""Keys `status --json` still writes for one release beside the names that say what they
count (docs/developer.md, "Deprecations")."""


def _stats_json(stats: CatalogStats) -> dict[str, object]:
    row: dict[str, object] = {
        "language": stats.language,
        "document": stats.document,
        "units": stats.units,
        "reviewed": stats.reviewed,
        "fuzzy": stats.fuzzy,
        "machine_translated": stats.machine,
        "memory_suggestions": stats.memory,
        "needs_review": stats.needs_review,
        "untranslated": stats.untranslated,
        "percent_reviewed": round(stats.percent_reviewed, 2),
        "behind_source": stats.behind_source,
        "lowest_mt_confidence": stats.lowest_confidence,
        "low_mt_confidence": stats.low_confidence,
    }
    return row | {old: row[new] for old, new in DEPRECATED_KEYS.items()}


def _publication(stats: CatalogStats, rows: list[CatalogStats]) -> str:
    """An article row: published or held back; a language row: how many of its articles."""
    if stats.document != "*":
        return f"held back: {stats.held_back}" if stats.held_back else "published"
    counts = _published_counts(stats.language, rows)
    return f"{counts['articles_published']} of {counts['articles']} published"


def _published_counts(language: str, rows: list[CatalogStats]) -> dict[str, int]:
    articles = [row for row in rows if row.language == language]
    published = sum(not row.held_back for row in articles)
    return {"articles": len(articles), "articles_published": published}


def _confidence_order(stats: CatalogStats) -> float:
    """Least certain first; articles without MT suggestions last."""
    return 2.0 if stats.lowest_confidence is None else stats.lowest_confidence
