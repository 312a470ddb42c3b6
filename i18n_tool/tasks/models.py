"""models: the argostranslate models. `list` reads the installed packages; `install` reads a
model index or a file and writes the packages folder (per user, not the project);
`available` reads an index; `mirror` reads an index and writes a mirror folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import model_index
from ..errors import ConfigError, ModelInstallError
from ..languages import check_language
from ..model_index import TIMEOUT as TIMEOUT
from ..project import Project
from ._task import task

if TYPE_CHECKING:
    from ..engines.argos import InstalledModel


@dataclass(frozen=True)
class ModelRoute:
    target: str
    route: tuple[str, ...]  # the models' names, e.g. ("translate-de_en", "translate-en_fr"); ()


@dataclass(frozen=True)
class ModelsReport:
    installed: list[InstalledModel]
    packages_dir: Path
    routes: list[ModelRoute]  # how each configured target language would be translated


@task(writes=False)
def models(project: Project) -> ModelsReport:
    """The installed argos models, and the route each configured language would take."""
    from ..engines import argos

    config = project.config
    routes = [
        ModelRoute(language, tuple(argos.package_name(p.from_code, p.to_code) for p in route))
        for language in config.target_languages
        for route in [argos.find_route(config.source_language, language)]
    ]
    return ModelsReport(argos.installed_models(), argos.packages_dir(), routes)


@dataclass(frozen=True)
class InstallReport:
    installed: list[InstalledModel]
    already: list[InstalledModel]  # the pair could be translated before: nothing was fetched
    replaced: list[InstalledModel] = field(default_factory=list)  # older versions removed
    index: str | None = None  # the index it was installed from


def install_models(
    source: str | None = None,
    target: str | None = None,
    file: Path | None = None,
    index: str | None = None,
    upgrade: bool = False,
    timeout: float = model_index.TIMEOUT,
    progress: model_index.Download | None = None,
) -> InstallReport:
    """Install a model file, or the model(s) for a language pair from an index: argos' own
    (network) or a mirror (`index`: a URL, a `file://` URL or a folder). A pair already
    installed, directly or via English, is left alone without asking the index, unless
    `upgrade` replaces the packages the index has newer versions of. Each download is checked
    (size and checksum when the index gives them, then the archive) before it is installed."""
    from ..engines import argos

    if file is not None:
        return InstallReport([argos.install_from_file(file)], [])
    if not source or not target:
        raise ConfigError("give FROM and TO languages, or --file PATH.argosmodel")
    source, target = check_language(source), check_language(target)
    installed = {(model.source, model.target): model for model in argos.installed_models()}
    local = {(package.from_code, package.to_code) for package in argos.find_route(source, target)}
    if local and not upgrade:
        return InstallReport([], [installed[pair] for pair in sorted(local)])
    url = model_index.index_url(index)
    wanted = model_index.route(model_index.read_index(url, timeout), source, target)
    if not wanted:
        raise ModelInstallError(
            f"the model index {url} has no model for {source}→{target} (direct or via English)"
        )
    report = InstallReport([], [], [], url)
    for model in wanted:
        old = installed.get((model.source, model.target))
        if old is not None and not (upgrade and model_index.newer(model.version, old.version)):
            report.already.append(old)
            continue
        folder = argos.packages_dir().parent
        downloaded, link = model_index.download(model, folder, timeout, progress)
        try:
            if old is None:
                report.installed.append(argos.install_from_file(downloaded))
            else:
                report.installed.append(argos.replace_installed(downloaded, old))
                report.replaced.append(old)
        except ModelInstallError as exc:
            raise ModelInstallError(
                f"download of {model.name} {model.version} from {link}: {exc.message}; "
                "nothing was installed"
            ) from exc
        finally:
            downloaded.unlink(missing_ok=True)
    return report


@dataclass(frozen=True)
class AvailableModel:
    model: model_index.IndexedModel
    installed: str | None  # the installed version of the pair, if any


@dataclass(frozen=True)
class AvailableReport:
    index: str
    models: list[AvailableModel]
    routes: list[ModelRoute]  # what the index's packages would make of each target language


@task(writes=False)
def available_models(
    project: Project, index: str | None = None, timeout: float = model_index.TIMEOUT
) -> AvailableReport:
    """What an index offers (`index`, else the project's `model-index`, else argos'), which
    of it is installed, and the route each configured language would take with it."""
    from ..engines import argos

    config = project.config
    url = model_index.index_url(index or config.mt.model_index)
    offered = model_index.read_index(url, timeout)
    installed = {(model.source, model.target): model.version for model in argos.installed_models()}
    models = [
        AvailableModel(model, installed.get((model.source, model.target)))
        for model in sorted(offered, key=lambda m: (m.source, m.target, m.version))
    ]
    routes = [
        ModelRoute(language, tuple(model.name for model in wanted))
        for language in config.target_languages
        for wanted in [model_index.route(offered, config.source_language, language)]
    ]
    return AvailableReport(url, models, routes)


@dataclass(frozen=True)
class MirrorReport:
    index: Path
    downloaded: list[model_index.IndexedModel]
    kept: list[model_index.IndexedModel]  # in the mirror already, same version: not fetched
    missing: list[str]  # the project's languages the index has no route for


@task(writes=False)
def mirror_models(
    project: Project,
    folder: Path,
    pairs: list[tuple[str, str]] | None = None,
    index: str | None = None,
    timeout: float = model_index.TIMEOUT,
    progress: model_index.Download | None = None,
) -> MirrorReport:
    """Copy packages from an index into `folder` and write its `index.json`, so `--index
    FOLDER` (or a web server serving it) installs them without reaching the index: the given
    pairs, else those the project's languages need. Packages already mirrored at the index's
    version are not downloaded again; other entries of the mirror are kept."""
    from ..engines import argos

    config = project.config
    url = model_index.index_url(index or config.mt.model_index)
    offered = model_index.read_index(url, timeout)
    wanted: list[model_index.IndexedModel] = []
    missing: list[str] = []
    by_pair = model_index.newest(offered)
    for source, target in pairs or [
        (config.source_language, language) for language in config.target_languages
    ]:
        if pairs is None:  # what the language needs, direct or via English
            found = argos.pivot_route(by_pair, source, target)
        else:
            found = [by_pair[(source, target)]] if (source, target) in by_pair else []
        if not found and pairs is not None:
            raise ModelInstallError(f"the model index {url} has no model for {source}→{target}")
        if not found:
            missing.append(target)  # a language the index cannot serve: named, not fatal
        wanted += [model for model in found if model not in wanted]
    folder.mkdir(parents=True, exist_ok=True)
    entries = model_index.mirrored(folder)
    report = MirrorReport(folder / "index.json", [], [], missing)
    for model in wanted:
        key = (model.source, model.target, model.version)
        if key in entries:
            report.kept.append(model)
            continue
        downloaded, link = model_index.download(model, folder, timeout, progress)
        try:
            argos.check_model_file(downloaded)  # a mirror serves only what installs
        except ModelInstallError as exc:
            downloaded.unlink()
            raise ModelInstallError(
                f"download of {model.name} {model.version} from {link}: {exc.message}"
            ) from exc
        target = folder / model.file_name
        downloaded.replace(target)
        entries[key] = model_index.mirror_entry(model, target)
        report.downloaded.append(model)
    model_index.write_mirror_index(folder, [entries[key] for key in sorted(entries)])
    return report
