"""init: reads nothing but the folder's pyproject.toml; writes the [tool.i18n-tool] table and
the source and locales folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import DEFAULT_TARGETS, Config, has_project_table, project_block
from ..errors import ConfigError
from ..fileio import write_atomic
from ..languages import check_language, check_target
from ..project import Layout


@dataclass(frozen=True)
class InitResult:
    root: Path
    created: list[Path]  # files and folders made, in order
    pyproject_extended: bool  # an existing pyproject.toml got the [tool.i18n-tool] table


def init(
    folder: Path, source_language: str = "de", targets: tuple[str, ...] = DEFAULT_TARGETS
) -> InitResult:
    """Make `folder` (new or existing) an i18n-tool project: the `[tool.i18n-tool]` table in its
    pyproject.toml, appended to an existing file without touching the rest, and the source and
    locales folders. A folder that already is a project is refused."""
    source_language = check_language(source_language)
    targets = tuple(check_target(code, source_language) for code in targets)
    if not targets:
        raise ConfigError("give at least one target language, e.g. --target en")
    pyproject = folder / "pyproject.toml"
    if has_project_table(pyproject):
        raise ConfigError("already an i18n-tool project ([tool.i18n-tool] is there)", pyproject)
    created = []
    if not folder.exists():
        folder.mkdir(parents=True)
        created.append(folder)
    block = project_block(source_language, targets)
    extended = pyproject.exists()
    if extended:
        text = pyproject.read_text(encoding="utf-8")
        separator = (
            "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
        )
        write_atomic(pyproject, (text + separator + block).encode("utf-8"))
    else:
        write_atomic(pyproject, block.encode("utf-8"))
        created.append(pyproject)
    layout = Layout.of(Config(folder))  # the default folders
    for sub in (layout.sources, layout.locales):
        if not sub.is_dir():
            sub.mkdir()
            created.append(sub)
    return InitResult(folder.resolve(), created, extended)
