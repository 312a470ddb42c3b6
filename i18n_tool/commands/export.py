"""`i18n-tool export`: XLIFF 2.0 or 1.2 files for CAT tools."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import plural, say, shown
from .progress import progress_bar

SHORT_HELP = "Write XLIFF files for CAT tools (per article, language)."


class ExchangeFormat(StrEnum):
    XLIFF = "xliff"


class XliffVersion(StrEnum):
    V2_0 = "2.0"
    V1_2 = "1.2"


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    file_format: Annotated[
        ExchangeFormat, typer.Option("--format", help="The exchange format.")
    ] = ExchangeFormat.XLIFF,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The folder. Default: build/xliff/."),
    ] = None,
    version: Annotated[
        XliffVersion,
        typer.Option(
            "--xliff",
            help="The XLIFF version: 2.0, or 1.2 for tools that read only 1.2 (Translate "
            "Toolkit's xliff2po, Okapi, Trados-based ones).",
        ),
    ] = XliffVersion.V2_0,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write OUTPUT/<lang>/<article>.xlf for translators in Trados, memoQ, OmegaT or Weblate:
    XLIFF 2.0 (srcLang the source language), or with `--xliff 1.2` XLIFF 1.2. Every unit keeps
    its id from export to export; Markdown and HTML markup travel as protected inline codes;
    MT and memory suggestions are drafts with their provenance as notes (2.0:
    state="initial"; 1.2: state="needs-review-translation"), reviewed units confirmed (2.0:
    state="reviewed"; 1.2: approved="yes"). Bring the files back with `i18n-tool import`,
    which reads 2.0, 2.1, 1.2 and 1.1. Example: i18n-tool export -l fr --xliff 1.2"""
    from .. import export_xliff

    chosen = project_of(ctx, project)
    with progress_bar() as progress:
        results, failed = outcome(
            lambda: export_xliff(chosen, languages, output, fail_fast, version.value, progress)
        )
    for result in results:
        say(f"{shown(result.path)}: {plural(result.units, 'unit')}")
    finish(report_failures(failed))
