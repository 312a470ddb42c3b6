"""`i18n-tool update`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from .exits import finish, outcome, report_failures
from .extract import report_skipped
from .options import FailFastOption, LanguagesOption, NoLanguageCheck, ProjectOption, project_of
from .output import plural, say, shown
from .progress import progress_bar

if TYPE_CHECKING:
    from .. import UpdateReport

NoObsolete = Annotated[
    bool,
    typer.Option("--no-obsolete", help="Drop obsolete (#~) entries instead of keeping them."),
]

SHORT_HELP = "Create or update the PO catalogs from the articles (as msgmerge)."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    no_obsolete: NoObsolete = False,
    no_language_check: NoLanguageCheck = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Create or update locales/<lang>/<doc>.po from the articles; translations are kept.

    Articles edited since the last `extract` are extracted again first (it says which), so a
    catalog never follows a stale template. Then, as GNU msgmerge does: an edited sentence
    gets the translation of the most similar old entry, marked fuzzy with the old source as
    `#| msgid`; translations of sentences gone from the source become obsolete (`#~`) and come
    back if the sentence does.
    """
    from .. import update

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        report, failed = outcome(
            lambda: update(
                chosen,
                languages,
                keep_obsolete=not no_obsolete,
                progress=progress,
                check_language=not no_language_check,
                fail_fast=fail_fast,
            )
        )
    report_skipped(chosen)
    _report_update(report)
    finish(report_failures(failed))


def _report_update(report: UpdateReport) -> None:
    for result in report.extracted:
        if result.written:
            say(f"{shown(result.template)}: extracted again, its article changed")
    for result in report.catalogs:
        if result.written:
            say(f"{shown(result.catalog)} (written)")
    written = sum(result.written for result in report.catalogs)
    say(
        f"update: {plural(len(report.catalogs), 'catalog')}, {written} written, "
        f"{len(report.catalogs) - written} unchanged"
    )
