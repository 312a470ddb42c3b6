"""`i18n-tool export`: XLIFF 2 files for CAT tools."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import export_xliff
from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import plural, say, shown

SHORT_HELP = "Write XLIFF 2 files for CAT tools (per article, language)."


class ExchangeFormat(StrEnum):
    XLIFF = "xliff"


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
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write OUTPUT/<lang>/<article>.xlf (XLIFF 2.0, srcLang the source language) for
    translators in Trados, memoQ, OmegaT or Weblate. Every unit keeps its id from export to
    export; Markdown and HTML markup travel as protected inline codes; MT and memory
    suggestions are state="initial" with their provenance as notes, reviewed units
    state="reviewed". Bring the files back with `i18n-tool import`."""
    chosen = project_of(ctx, project)
    results, failed = outcome(lambda: export_xliff(chosen, languages, output, fail_fast))
    for result in results:
        say(f"{shown(result.path)}: {plural(result.units, 'unit')}")
    finish(report_failures(failed))
