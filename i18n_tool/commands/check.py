"""`i18n-tool check`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ..errors import CHECK_ERRORS_EXIT
from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import err, out, plural, print_table, say
from .progress import progress_bar

SHORT_HELP = "QA checks on every translation: numbers, quotes, glossary, markup."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    annotate: Annotated[
        bool,
        typer.Option(
            "--annotate",
            help="Write the findings into the PO files as `# QA:` comments (replacing old ones).",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """QA checks on every translated entry: numbers, quotes and brackets, punctuation and
    spaces, glossary, untranslated or still-source-language text (langdetect), markup, length
    and repetition loops. Each finding names its unit as article:line:column. Exit 8 when a
    finding is an error; warnings alone exit 0."""
    from .. import check

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        findings, failed = outcome(
            lambda: check(chosen, languages, annotate, fail_fast=fail_fast, progress=progress)
        )
    if as_json:
        out.print_json(
            data=[
                {
                    "language": f.language,
                    "document": f.document,
                    "reference": f.reference,
                    "msgid": f.msgid,
                    "check": f.problem.check,
                    "severity": str(f.problem.severity),
                    "message": f.problem.message,
                }
                for f in findings
            ]
        )
    elif findings:
        table = Table("language", "unit", "check", "severity", "message")
        table.columns[1].overflow = "fold"
        for f in findings:
            table.add_row(
                f.language, f.reference, f.problem.check, str(f.problem.severity), f.problem.message
            )
        print_table(table)
    errors = sum(f.problem.severity == "error" for f in findings)
    say(f"{plural(len(findings), 'finding')}, {plural(errors, 'error')}", err)
    finish(report_failures(failed), CHECK_ERRORS_EXIT if errors else 0)
