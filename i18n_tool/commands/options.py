"""The options several commands share, and the project a command works on (from --project,
before or after the command, else found from the current folder up)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from typer.core import TyperArgument, TyperCommand

from ..errors import ConfigError
from .output import show_paths_from

if TYPE_CHECKING:
    from .. import Project


class _ArgumentHelp(TyperArgument):
    """An argument's help names it by its metavar alone (`FILE.xlf...`), never by the Python
    type typer would add (`FILE.xlf <list[Path]>`)."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)


class Command(TyperCommand):
    """Every command: its arguments' help as `_ArgumentHelp` shows it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _ArgumentHelp


LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        "-l",
        metavar="LANG",
        help="Target language (repeat for several). Default: the configured ones.",
    ),
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        help="Project folder, or a folder inside it. Default: found from the current folder up.",
        show_default=False,
    ),
]
FailFastOption = Annotated[
    bool,
    typer.Option(
        "--fail-fast",
        help="Stop at the first article that fails, instead of doing every other article and "
        "listing the failures at the end.",
    ),
]
NoLanguageCheck = Annotated[
    bool,
    typer.Option(
        "--no-language-check",
        help="Do not refuse articles that langdetect reads as another language.",
    ),
]
DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="A draft for review: every article with its MT suggestions, into build/drafts/<lang>/"
        ", every file marked as a draft; build/<lang>/ is left as it is.",
    ),
]

# The [tool.i18n-tool.mt] settings every MT command takes as flags (None: as configured).
Engine = Annotated[str | None, typer.Option(help="MT engine (default: argos).")]
BeamSize = Annotated[int | None, typer.Option(help="Beam size (1 = greedy, fastest).")]
Device = Annotated[str | None, typer.Option(help="cpu, cuda or auto.")]
ComputeType = Annotated[
    str | None, typer.Option(help="CTranslate2 compute type: auto, int8, float32, ...")
]
InterThreads = Annotated[int | None, typer.Option(help="Parallel translations (inter_threads).")]
IntraThreads = Annotated[int | None, typer.Option(help="Threads per translation (0 = auto).")]
BatchTokens = Annotated[int | None, typer.Option(help="Max tokens per CTranslate2 batch.")]
Executor = Annotated[
    str | None, typer.Option(help="Where MT runs: local (default) or ray (needs i18n-tool[ray]).")
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        help="The Ray cluster's head, HOST:6379 (auto: the one running here; none: start one here)."
    ),
]


def main_options(
    ctx: typer.Context,
    project: ProjectOption = None,
    allow_outside_project: Annotated[
        bool,
        typer.Option(
            "--allow-outside-project",
            help="Let source-dir, locales-dir, build-dir and glossary name paths outside the "
            "project (refused otherwise: `../..` or `/` would read or write elsewhere).",
        ),
    ] = False,
) -> None:
    """`i18n-tool --project DIR COMMAND`: the project option before the command."""
    ctx.obj = {"project": project, "allow_outside": allow_outside_project}
    show_paths_from(None)


def given_project(ctx: typer.Context, project: Path | None) -> Path | None:
    """`--project` after the command, else before it."""
    return project or (ctx.find_root().obj or {}).get("project")


def project_of(ctx: typer.Context, project: Path | None, **mt: Any) -> Project:
    """The project: from `--project` (after or before the command), else the current folder,
    the nearest folder up with a pyproject.toml holding [tool.i18n-tool]."""
    from .. import Project, find_project, load_config

    start = given_project(ctx, project) or Path.cwd()
    if not start.is_dir():
        raise ConfigError("no such folder", start)
    root = find_project(start)
    show_paths_from(root)  # before the settings are read: their errors name paths too
    allow_outside = bool((ctx.find_root().obj or {}).get("allow_outside"))
    return Project(load_config(root, allow_outside).with_mt(**mt))


def optional_project(ctx: typer.Context, project: Path | None) -> Project | None:
    """The project when there is one; models also work without one. A project whose settings
    are wrong is still an error."""
    from .. import find_project

    if given_project(ctx, project) is None:
        try:
            find_project(Path.cwd())
        except ConfigError:
            return None  # not in a project
    return project_of(ctx, project)
