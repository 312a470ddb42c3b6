"""`i18n-tool memory export|import`: the translation memory as TMX, and others' memories."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .exits import finish, outcome, report_failures
from .options import FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import plural, say, shown
from .progress import progress_bar

SHORT_HELP = "Export the translation memory (TMX), import others."


def export(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The TMX file. Default: build/memory.tmx."),
    ] = None,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write every reviewed translation of the project as TMX 1.4b (srclang the source
    language, each segment with its real xml:lang), for CAT tools and agencies."""
    from .. import export_memory

    chosen = project_of(ctx, project)
    path = output or chosen.layout.memory_export
    with progress_bar() as progress:
        count, failed = outcome(lambda: export_memory(chosen, languages, path, fail_fast, progress))
    say(f"{shown(path)}: {plural(count, 'translation unit')}")
    finish(report_failures(failed))


def import_(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="TMX files (from Trados, memoQ, OmegaT…), PO compendia, XLIFF 2 files.",
        ),
    ],
    project: ProjectOption = None,
) -> None:
    """Check TMX files, PO compendia or XLIFF 2 files and keep them in the project's memory/
    folder:
    `translate` offers their translations before MT, after the project's own reviewed work.
    Language tags such as de-DE, DE or srclang="*all*" are understood; files that declare XML
    entities are refused; a compendium's reviewed entries count, in its Language."""
    from .. import import_memory, language_name

    chosen = project_of(ctx, project)
    for result in import_memory(chosen, files):
        counts = ", ".join(
            f"{plural(n, 'unit')} {language_name(language)}"
            for language, n in sorted(result.units.items())
        )
        say(f"{shown(result.file)}: {counts}")
