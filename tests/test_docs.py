"""The documentation: every command and option has the help its reference page is made from,
every command is shown in the pages' prose, and the README links every page."""

from __future__ import annotations

import re

import typer.main
from helpers import REPO

from i18n_tool.cli import app

DOCS = REPO / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def commands() -> dict[str, object]:
    """Every command and sub-command by its full name (`models install`)."""
    found: dict[str, object] = {}

    def walk(prefix: str, command: object) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found[f"{prefix}{name}".strip()] = sub
            walk(f"{prefix}{name} ", sub)

    walk("", typer.main.get_command(app))
    return found


def test_every_command_and_option_says_what_it_is_for() -> None:
    for name, command in commands().items():
        assert (command.help or "").strip(), name
        for parameter in command.params:
            if parameter.name != "help":
                assert (getattr(parameter, "help", "") or "").strip(), (name, parameter.opts)


def test_every_command_is_shown_in_the_pages_prose() -> None:
    prose = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    missing = [
        name for name in commands() if not re.search(rf"(?:i18n-tool |`){re.escape(name)}\b", prose)
    ]
    assert missing == []


def test_the_readme_links_every_page_and_the_index_lists_them() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in PAGES:
        if page.name != "index.md":
            assert f"](docs/{page.name})" in readme, page.name
            assert f"\n{page.stem}\n" in index, page.name
