"""`i18n-tool review`."""

from __future__ import annotations

from typing import Annotated

import typer

from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import err, plural, say, shown
from .progress import progress_bar

SHORT_HELP = "The review report: each article bilingual, with what needs a human."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    open_report: Annotated[
        bool, typer.Option("--open", help="Open the report in the web browser afterwards.")
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write build/review/: per article and language a page with the German beside the
    translation, unit by unit in source order, the state of each (reviewed, TM n %, MT with
    the model's confidence, needs review, untranslated), a word diff where the German changed
    since it was translated, and the QA findings; an index per language with each article's
    progress; build/review/index.html.

    The pages are self-contained: filters (needs a human, MT, QA errors, changed) and the
    sort by MT confidence work offline, nothing is fetched. Only articles whose source,
    catalog, glossary or settings changed are written again.
    """
    from .. import review, review_home

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        reports, failed = outcome(
            lambda: review(chosen, languages, progress=progress, fail_fast=fail_fast)
        )
    for report in reports:
        total = report.total()
        written = sum(article.written for article in report.articles)
        errors = sum(article.errors for article in report.articles)
        say(
            f"{report.language}: {plural(len(report.articles), 'article')} ({written} written): "
            f"{total.reviewed} reviewed, {total.memory} TM, {total.machine} MT, "
            f"{total.needs_review} to review again, {total.untranslated} untranslated; "
            f"{plural(errors, 'unit')} with QA errors"
        )
    home = review_home(chosen)
    say(f"report: {shown(home)}")
    if open_report:
        import webbrowser

        if not webbrowser.open(home.resolve().as_uri()):
            say(f"no web browser could be opened here: open {shown(home)} in one", err)
    finish(report_failures(failed))
