"""`i18n-tool models list|install|available|mirror`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..config import DOWNLOAD_TIMEOUT as TIMEOUT
from .options import ProjectOption, optional_project, project_of
from .output import err, print_table, say, shown
from .progress import download_bar

SHORT_HELP = "List and install argostranslate models."


def list_models(ctx: typer.Context, project: ProjectOption = None) -> None:
    """Installed models, and for each configured language how it would be translated."""
    from .. import models

    chosen = project_of(ctx, project)
    report = models(chosen)
    table = Table("from", "to", "version", "path", title="installed models")
    table.columns[3].overflow = "fold"
    for model in report.installed:
        table.add_row(model.source, model.target, model.version, str(model.path))
    print_table(table)
    say(f"packages folder: {report.packages_dir}")
    for route in report.routes:
        how = " → ".join(route.route) or "no model"
        say(f"{chosen.config.source_language}→{route.target}: {how}")


IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="URL|DIR",
        help="The model index: a URL, a file:// URL or a folder (a mirror). Default: "
        "[tool.i18n-tool.mt] model-index, else argos' public index.",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(metavar="SECONDS", help="Give up on a server silent for this long."),
]


def install(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Argument(metavar="FROM", help="Source language, e.g. de.")
    ] = None,
    target: Annotated[
        str | None, typer.Argument(metavar="TO", help="Target language, e.g. en.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Install a local .argosmodel file (offline).")
    ] = None,
    index: IndexOption = None,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Replace installed packages the index has a newer version of (the old one "
            "stays until the new one is installed).",
        ),
    ] = False,
    timeout: TimeoutOption = TIMEOUT,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project", "-C", help="Whose model-index setting to use; models are per user."
        ),
    ] = None,
) -> None:
    """Install a model: `install de en` from a model index, or `--file` (offline).

    A pair already installed, directly or via English, is left alone without asking the
    index (`--upgrade` asks it for newer versions). Without a direct package, both legs via
    English are installed. Each download shows its size and rate, goes to a temporary file,
    and is installed only when complete, of the index's size and checksum (when it gives
    them) and a valid model; a failed or interrupted download installs nothing.
    """
    from .. import install_models

    if file is None and not (source and target):
        raise typer.BadParameter("give FROM and TO languages, or --file PATH.argosmodel")
    chosen = optional_project(ctx, project)
    with download_bar() as progress:
        report = install_models(
            source,
            target,
            file,
            index or (chosen.config.mt.model_index if chosen else None),
            upgrade,
            timeout,
            progress,
        )
    for model in report.already:
        say(f"already installed: {model.name} {model.version} in {model.path}")
    if report.already and not report.installed:
        say(f"{source}→{target} is installed; nothing was downloaded")
    replaced = {(model.source, model.target): model for model in report.replaced}
    for model in report.installed:
        old = replaced.get((model.source, model.target))
        was = f", replacing {old.version}" if old else ""
        say(
            f"installed {model.name} {model.version} ({model.source}→{model.target}{was}) "
            f"in {model.path}"
        )


def available(
    ctx: typer.Context,
    index: IndexOption = None,
    timeout: TimeoutOption = TIMEOUT,
    project: ProjectOption = None,
) -> None:
    """What a model index offers (pairs, versions, sizes, which are installed) and the route
    each of the project's languages would take with it (de→en→fr)."""
    from .. import Config, Project, available_models

    chosen = optional_project(ctx, project) or Project(Config(Path.cwd()))
    report = available_models(chosen, index, timeout)
    table = Table("from", "to", "version", "size", "installed", title=f"index {report.index}")
    for offered in report.models:
        model = offered.model
        size = f"{model.size / 1e6:.1f} MB" if model.size is not None else "?"
        table.add_row(model.source, model.target, model.version, size, offered.installed or "")
    print_table(table)
    for route in report.routes:
        how = " → ".join(route.route) or "nothing in this index"
        say(f"{chosen.config.source_language}→{route.target}: {how}")


def mirror(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The mirror's folder (created if missing).")
    ],
    pairs: Annotated[
        str | None,
        typer.Option(
            "--pairs",
            metavar="de-en,en-fr",
            help="Pairs to mirror. Default: what the project's languages need.",
        ),
    ] = None,
    index: IndexOption = None,
    timeout: TimeoutOption = TIMEOUT,
    project: ProjectOption = None,
) -> None:
    """Copy model packages from an index into FOLDER with an index.json of its own, so
    machines without internet install from it: `models install de en --index FOLDER` (or
    serve FOLDER over HTTP). Run again to add pairs or pick up new versions."""
    from .. import Config, Project, mirror_models

    chosen = optional_project(ctx, project) or Project(Config(Path.cwd()))
    wanted = None
    if pairs:
        wanted = []
        for pair in pairs.split(","):
            source, _, target = pair.strip().partition("-")
            if not (source and target):
                raise typer.BadParameter(f"{pair!r}: pairs are FROM-TO, e.g. de-en,en-fr")
            wanted.append((source, target))
    with download_bar() as progress:
        report = mirror_models(chosen, folder, wanted, index, timeout, progress)
    for model in report.downloaded:
        say(f"mirrored {model.name} {model.version}")
    for model in report.kept:
        say(f"already mirrored: {model.name} {model.version}")
    for language in report.missing:
        say(f"{chosen.config.source_language}→{language}: nothing in this index to mirror", err)
    say(f"{shown(report.index)}: install with `i18n-tool models install FROM TO --index {folder}`")
