"""`i18n-tool import`: translators' work back from XLIFF files (2.0, 2.1, 1.2, 1.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import IMPORT_CONFLICTS_EXIT
from .exits import finish, outcome, report_failures
from .options import FailFastOption, ProjectOption, project_of
from .output import err, plural, say, shown

SHORT_HELP = "Take translations back from XLIFF files (keeps reviewed)."


def command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE.xlf", help="XLIFF files (2.0, 2.1, 1.2, 1.1), as CAT tools return them."
        ),
    ],
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Let the files replace reviewed translations that differ (conflicts).",
        ),
    ] = False,
    language: Annotated[
        str | None,
        typer.Option(
            "--language",
            "-l",
            metavar="LANG",
            help="The target language of files that do not say theirs (po2xliff's from a "
            "catalog without a Language header).",
        ),
    ] = None,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Merge translations from XLIFF files (2.0, 2.1, 1.2 or 1.1) into the catalogs (updated
    from the articles first). Confirmed segments (2.0: translated, reviewed, final; 1.2:
    approved="yes", or translated, final, signed-off) become reviewed; drafts (initial; new,
    needs-translation, needs-review-*) become fuzzy. Only segments whose source is in the
    current article count; the rest are listed. Newer work is never replaced: a segment left
    as exported changes nothing, and a reviewed translation or a translator's draft made after
    the export is replaced only with --overwrite: such conflicts are listed and the exit code
    is 11. Example: i18n-tool import build/xliff/fr/*.xlf"""
    from .. import import_xliff, language_name

    chosen = project_of(ctx, project)
    conflicts = 0
    results, failed = outcome(lambda: import_xliff(chosen, files, overwrite, fail_fast, language))
    for result in results:
        done = [
            f"{result.confirmed} reviewed",
            f"{result.drafts} fuzzy drafts",
            f"{result.unchanged} unchanged",
        ]
        if result.overwritten:
            done.append(f"{result.overwritten} reviewed translations overwritten")
        say(f"{shown(result.file)} ({language_name(result.language)}): {', '.join(done)}")
        for conflict in result.conflicts:
            kept = (
                "is reviewed as"
                if conflict.kept_state == "reviewed"
                else "has a translator's draft newer than the file's export,"
            )
            say(
                f"  conflict: {shown(conflict.catalog)}: {conflict.source!r} {kept} "
                f"{conflict.kept!r}; the file (line {conflict.line}) says "
                f"{conflict.offered!r}; kept"
            )
        for where in result.not_found:
            say(f"  not imported: {where}: its source is not in the current article")
        for problem in result.refused:
            say(f"  not imported: {problem}")
        conflicts += len(result.conflicts)
    if conflicts:
        say(
            f"{plural(conflicts, 'reviewed translation')} kept; --overwrite takes the files' "
            "instead"
            if all(c.kept_state == "reviewed" for r in results for c in r.conflicts)
            else f"{plural(conflicts, 'translation')} of translators kept (reviewed or newer "
            "drafts); --overwrite takes the files' instead",
            err,
        )
    finish(report_failures(failed), IMPORT_CONFLICTS_EXIT if conflicts else 0)
