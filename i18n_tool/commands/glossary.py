"""`i18n-tool glossary suggest`: names the archive repeats that the glossary lacks."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import out, plural, print_table, say
from .progress import progress_bar

SHORT_HELP = "Terminology: names to add to glossary.toml, with their translations so far."


def suggest(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    min_articles: Annotated[
        int,
        typer.Option("--min-articles", min=1, help="Only names found in this many articles."),
    ] = 2,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Only names found this many times.")
    ] = 2,
    as_json: Annotated[bool, typer.Option("--json", help="Print the suggestions as JSON.")] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """List the names the articles repeat that glossary.toml does not cover yet (in any form:
    Putins is Putin), with how often and in how many articles, and how each language's
    reviewed translations wrote them; two ways in one language are marked "inconsistent".
    A name is a capitalised word the German dictionary does not know, or one a reviewed
    translation keeps as it is. Writes nothing: add what you choose to glossary.toml."""
    from .. import language_name, suggest_terms

    chosen = project_of(ctx, project)
    targets = chosen.languages(languages)
    with progress_bar() as progress:
        candidates, failed = outcome(
            lambda: suggest_terms(chosen, languages, min_articles, min_count, fail_fast, progress)
        )
    if as_json:
        out.print_json(
            data=[
                {
                    "name": c.name,
                    "count": c.count,
                    "articles": c.articles,
                    "translations": c.translations,
                    "inconsistent": [t for t in targets if c.inconsistent(t)],
                }
                for c in candidates
            ]
        )
    elif candidates:
        table = Table("name", "times", "articles", *(language_name(t) for t in targets))
        for c in candidates:
            table.add_row(
                c.name,
                str(c.count),
                str(c.articles),
                *(_renderings(c.translations.get(t, {}), c.inconsistent(t)) for t in targets),
            )
        print_table(table)
        say(f"{plural(len(candidates), 'name')} not in the glossary")
    else:
        say("no name recurs that the glossary lacks")
    finish(report_failures(failed))


def _renderings(found: dict[str, int], inconsistent: bool) -> str:
    text = ", ".join(f"{rendering} ×{count}" for rendering, count in found.items())
    return f"{text} (inconsistent)" if inconsistent else text or "-"
