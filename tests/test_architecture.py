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
            else:  # `from .. import name`: a module, or a name of the package
                for alias in node.names:
                    named = f"{target}.{alias.name}"
                    found.add(named if _is_module(named) else target)
    return found


def _is_module(name: str) -> bool:
    path = REPO / name.replace(".", "/")
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


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
        ("i18n_tool.config", {"i18n_tool.render", "i18n_tool.project"}),
        ("i18n_tool.qa", {"i18n_tool.pretranslate"}),
        ("i18n_tool.model", {"i18n_tool.catalog", "i18n_tool.config"}),
        ("i18n_tool.catalog", {"i18n_tool.pretranslate"}),
        ("i18n_tool.render", {"i18n_tool.catalog"}),
    ],
)
def test_dependencies_point_down(module: str, never: set[str]) -> None:
    assert MODULES[module] & never == set()


PACKAGE_FACE = {"i18n_tool.__init__", "i18n_tool.__main__"}  # what `import i18n_tool` shows
LAYERS = ("i18n_tool.cli", "i18n_tool.commands", "i18n_tool.tasks", "i18n_tool.project")


def in_layer(name: str, layer: str) -> bool:
    return name == layer or name.startswith(layer + ".")


def ours(used: set[str]) -> set[str]:
    return {name for name in used if name == "i18n_tool" or name.startswith("i18n_tool.")}


def test_commands_import_only_the_public_package_tasks_errors_and_settings() -> None:
    allowed = ("i18n_tool.tasks", "i18n_tool.errors", "i18n_tool.config", "i18n_tool.commands")
    for name, used in MODULES.items():
        if in_layer(name, "i18n_tool.commands"):
            wrong = {
                module
                for module in ours(used)
                if module != "i18n_tool" and not any(in_layer(module, a) for a in allowed)
            }
            assert wrong == set(), name


def test_typer_and_rich_only_in_the_command_line() -> None:
    for name, used in MODULES.items():
        if not (in_layer(name, "i18n_tool.cli") or in_layer(name, "i18n_tool.commands")):
            assert not {m for m in used if m.split(".")[0] in ("typer", "rich", "click")}, name


def test_tasks_never_import_commands() -> None:
    for name, used in MODULES.items():
        if in_layer(name, "i18n_tool.tasks"):
            assert not {m for m in used if in_layer(m, "i18n_tool.commands")}, name
            assert "i18n_tool.cli" not in used, name


def test_the_library_never_imports_project_tasks_or_commands() -> None:
    for name, used in MODULES.items():
        if name in PACKAGE_FACE or any(in_layer(name, layer) for layer in LAYERS):
            continue
        if name == "i18n_tool.api":  # the deprecated re-export of the tasks
            continue
        upward = {m for m in ours(used) if any(in_layer(m, layer) for layer in LAYERS)}
        assert upward == set(), name


def test_only_project_names_the_project_folders() -> None:
    """The folder and file names of a project's layout are spelled in project.py alone (the
    settings' defaults, source/, locales/, build/, are config.py's)."""
    names = {".i18n-tool", "memory.tmx", "index.html", "lock"}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("project.py", "config.py"):
            continue
        literals = {
            node.value
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        }
        assert literals & names == set(), path.relative_to(REPO)


def test_no_module_is_past_600_lines_and_the_command_table_is_short() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 600, (path.relative_to(REPO), lines)
    assert (PACKAGE / "cli.py").read_text(encoding="utf-8").count("\n") < 150


def test_each_task_says_what_it_reads_and_writes() -> None:
    for path in sorted((PACKAGE / "tasks").glob("*.py")):
        if path.name.startswith("_"):
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = docstring.split("\n\n")[0]
        assert "reads" in first and "writes" in first, path.name


def test_only_the_command_line_prints() -> None:
    for name in MODULES:
        if in_layer(name, "i18n_tool.cli") or in_layer(name, "i18n_tool.commands"):
            continue
        path = REPO / (name.replace(".", "/") + ".py")
        calls = [
            node.func.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        ]
        assert "print" not in calls, name


def test_xml_from_other_tools_is_parsed_in_one_hardened_place() -> None:
    """Only `_xml` parses (entities off, no network, streamed); TMX and XLIFF (2 and 1.2) write
    with lxml."""
    assert importers("lxml") == {
        "i18n_tool._xml",
        "i18n_tool.tmx",
        "i18n_tool.xliff",
        "i18n_tool.xliff12",
    }
    parsing = {
        path.name
        for path in PACKAGE.rglob("*.py")
        if any(
            call in path.read_text(encoding="utf-8")
            for call in ("iterparse(", "etree.parse(", "fromstring(", "XMLParser(")
        )
    }
    assert parsing == {"_xml.py"}


def test_every_public_name_loads_on_first_use() -> None:
    """`i18n_tool` and `i18n_tool.tasks` load their names lazily from a table: the table,
    `__all__` and what the names are must agree, or a name offered fails only when first
    used."""
    import importlib

    import i18n_tool

    assert set(i18n_tool._EXPORTS) == set(i18n_tool.__all__) - {"__version__"}
    for name in i18n_tool.__all__:
        value = getattr(i18n_tool, name)
        module = i18n_tool._EXPORTS.get(name)
        if module is not None:
            assert value is getattr(importlib.import_module(f"i18n_tool.{module}"), name), name
    tasks = importlib.import_module("i18n_tool.tasks")
    assert set(tasks._TASKS) == set(tasks.__all__)
    for name in tasks.__all__:  # after its module was imported: the task, not the module
        module = importlib.import_module(f"i18n_tool.tasks.{tasks._TASKS[name]}")
        assert getattr(tasks, name) is getattr(module, name), name
        if name in i18n_tool._EXPORTS:
            assert getattr(i18n_tool, name) is getattr(module, name), name
