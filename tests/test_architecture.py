"""The layering the code is built on, checked: one gateway to PO files, dependencies downward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "i18n_tool"


def imports(path: Path) -> set[str]:
    """The modules a file imports: `polib`, and our own as `i18n_tool.<module>`."""
    module = path.relative_to(REPO).with_suffix("").parts
    package = module[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            target = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                found.add(target)
            else:
                found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


MODULES = {
    path.relative_to(REPO).with_suffix("").as_posix().replace("/", "."): imports(path)
    for path in sorted(PACKAGE.rglob("*.py"))
}


def importers(module: str) -> set[str]:
    return {name for name, used in MODULES.items() if module in used}


def test_only_the_catalog_gateway_knows_polib() -> None:
    assert importers("polib") == {"i18n_tool.catalog", "i18n_tool._po"}
    assert importers("i18n_tool._po") == {"i18n_tool.catalog"}


def test_the_entry_state_is_decided_in_one_function() -> None:
    callers = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if "entry_state(" in path.read_text(encoding="utf-8")
    }
    assert callers == {"model.py", "catalog.py"}  # its definition, and the PO reader


@pytest.mark.parametrize(
    ("module", "never"),
    [
        ("i18n_tool.config", {"i18n_tool.build", "i18n_tool.api", "i18n_tool.cli"}),
        ("i18n_tool.check", {"i18n_tool.translate", "i18n_tool.api", "i18n_tool.cli"}),
        ("i18n_tool.model", {"i18n_tool.catalog", "i18n_tool.config", "i18n_tool.api"}),
        ("i18n_tool.catalog", {"i18n_tool.api", "i18n_tool.cli", "i18n_tool.translate"}),
        ("i18n_tool.build", {"i18n_tool.api", "i18n_tool.cli", "i18n_tool.catalog"}),
        ("i18n_tool.api", {"i18n_tool.cli"}),
    ],
)
def test_dependencies_point_down(module: str, never: set[str]) -> None:
    assert MODULES[module] & never == set()


def test_only_the_command_line_prints() -> None:
    for name in MODULES:
        if name in ("i18n_tool.cli", "i18n_tool.__main__"):
            continue
        path = REPO / (name.replace(".", "/") + ".py")
        calls = [
            node.func.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        ]
        assert "print" not in calls, name


def test_xml_from_other_tools_is_parsed_in_one_hardened_place() -> None:
    """Only `_xml` parses (entities off, no network, streamed); TMX and XLIFF write with lxml."""
    assert importers("lxml") == {"i18n_tool._xml", "i18n_tool.tmx", "i18n_tool.xliff"}
    parsing = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if any(
            call in path.read_text(encoding="utf-8")
            for call in ("iterparse(", "etree.parse(", "fromstring(", "XMLParser(")
        )
    }
    assert parsing == {"_xml.py"}
