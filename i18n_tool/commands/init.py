"""`i18n-tool init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import ConfigError
from .options import ProjectOption, given_project
from .output import say, show_paths_from, shown

SHORT_HELP = "Make a folder an i18n-tool project (config, source/, locales/)."


def command(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="The project folder, new or existing. Default: here."),
    ] = None,
    source: Annotated[
        str, typer.Option("--source", metavar="LANG", help="The articles' language.")
    ] = "de",
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--target", "-t", metavar="LANG", help="A target language (repeat). Default: en fr es."
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Create the [tool.i18n-tool] table in FOLDER/pyproject.toml (appended to an existing
    file, nothing else in it touched), and the source/ and locales/ folders. Then put
    articles (.md, .txt) in source/ and run `i18n-tool run`."""
    from .. import init

    given = given_project(ctx, project)
    if given is not None and folder is not None and given.resolve() != folder.resolve():
        raise ConfigError(
            f"two project folders given: {folder} and --project {given}; name one of them"
        )
    where = given or folder or Path(".")
    show_paths_from(where.resolve())
    result = init(where, source, tuple(targets) if targets else ("en", "fr", "es"))
    show_paths_from(result.root)
    for path in result.created:
        say(f"created {shown(path) if path != result.root else str(path)}")
    if result.pyproject_extended:
        say("pyproject.toml: [tool.i18n-tool] added")
    say(f"i18n-tool project in {result.root}: put articles in source/, then `i18n-tool run`")
