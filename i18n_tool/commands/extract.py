"""`i18n-tool extract`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .exits import finish, outcome, report_failures
from .options import FailFastOption, NoLanguageCheck, ProjectOption, project_of
from .output import err, plural, say, shown
from .progress import progress_bar

if TYPE_CHECKING:
    from .. import ExtractResult, Project

SHORT_HELP = "Segment the articles in source/ and write their templates (POT)."


def command(
    ctx: typer.Context,
    no_language_check: NoLanguageCheck = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Segment each article in source/ and write its template locales/<doc>.pot.

    Each article must read as the configured source language (langdetect, p ≥ 0.9). Only
    articles that changed since the last extract are read again. `update` runs this step
    itself for the sources that changed.
    """
    from .. import extract

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        results, failed = outcome(
            lambda: extract(chosen, not no_language_check, progress, fail_fast)
        )
    report_skipped(chosen)
    report_extract(results)
    finish(report_failures(failed))


def report_skipped(project: Project) -> None:
    skipped = project.skipped_sources()
    if skipped:
        names = ", ".join(shown(path) for path in skipped)
        say(f"skipped (articles are {project.article_suffixes()}): {names}", err)


def report_extract(results: list[ExtractResult]) -> None:
    lines = [
        f"{shown(result.template)}: {plural(result.units, 'unit')}, "
        f"{plural(result.entries, 'entry', 'entries')} (written)"
        for result in results
        if result.written
    ]
    written = len(lines)
    lines.append(
        f"extract: {plural(len(results), 'template')}, {written} written, "
        f"{len(results) - written} unchanged"
    )
    say("\n".join(lines))  # one call: 2,000 lines one by one take 0.13 s, at once 0.02 s
