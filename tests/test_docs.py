"""The documentation: every command and option has the help its reference page is made from,
every command is shown in the pages' prose, and the README links every page."""

from __future__ import annotations

import re

import typer.main
from helpers import REPO

from i18n_tool.cli import app
from i18n_tool.config import known_settings

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


def documented_settings() -> dict[str, set[str]]:
    """The keys the pages' TOML examples set, by table ("" is `[tool.i18n-tool]`)."""
    found: dict[str, set[str]] = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```toml\n(.*?)```", text, re.DOTALL):
            table = None
            for line in block.splitlines():
                header = re.match(r"\[\[?tool\.i18n-tool(?:\.([\w-]+))?(?:\.([\w-]+))?", line)
                if header and header.group(2):  # [[tool.i18n-tool.segmentation.rules]]
                    found.setdefault(header.group(1), set()).add(header.group(2))
                    table = None  # the keys of one rule, not settings
                elif header:
                    table = header.group(1) or ""
                elif line.startswith("["):
                    table = None  # another tool's table, or a glossary's
                elif table is not None and re.match(r"[\w-]+\s*=", line):
                    found.setdefault(table, set()).add(line.split("=")[0].strip())
    return found


def test_every_setting_is_documented_and_nothing_documented_is_unknown() -> None:
    known = known_settings()
    documented = documented_settings()
    prose = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    undocumented = [
        f"{table}.{key}"
        for table, keys in known.items()
        for key in keys
        if key not in documented.get(table, set()) and f"`{key}" not in prose
    ]
    assert undocumented == []
    unknown = [
        f"{table}.{key}"
        for table, keys in documented.items()
        for key in keys
        if table not in known or key not in known[table]
    ]
    assert unknown == []


# Flags of other programs the pages show: Ray's `ray start`, GNU gettext, Translate Toolkit,
# and the benchmarks' own options.
OTHER_PROGRAMS_FLAGS = {
    "--address", "--head", "--port",  # ray start
    "--previous",  # msgmerge
    "--tm",  # Translate Toolkit's pot2po
    "--articles", "--peers", "--sizes", "--new-articles",  # benchmarks/*.py
}  # fmt: skip


def test_every_option_the_pages_name_is_one_the_cli_has() -> None:
    options = {"--help"}

    def walk(command: object) -> None:
        for parameter in getattr(command, "params", []):
            options.update(parameter.opts, getattr(parameter, "secondary_opts", []))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    named = {
        flag
        for page in PAGES
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", page.read_text(encoding="utf-8"))
    }
    assert sorted(named - options - OTHER_PROGRAMS_FLAGS) == []


def test_every_command_has_an_example_in_a_shell_block() -> None:
    texts = [page.read_text(encoding="utf-8") for page in [*PAGES, REPO / "README.md"]]
    blocks = "\n".join(b for t in texts for b in re.findall(r"```sh\n(.*?)```", t, re.DOTALL))
    missing = [
        name for name in commands() if not re.search(rf"i18n-tool {re.escape(name)}\b", blocks)
    ]
    assert missing == []
