"""Pages made from the code when the documentation is built, so they cannot drift from it:
the exit codes (`i18n_tool.errors.EXIT_CODES`), every setting the configuration reader knows
(`i18n_tool.config.known_settings`), every command and option with its help (the CLI
itself), and what each benchmark measures (its docstring)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]


def _table(header: list[str], rows: list[list[str]]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in header]

    def row(cells: list[str]) -> nodes.row:
        made = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            made += entry
        return made

    head = nodes.thead()
    head += row(header)
    body = nodes.tbody()
    body += [row(cells) for cells in rows]
    group += [head, body]
    return table


class ExitCodes(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from i18n_tool.errors import EXIT_CODES

        return [_table(["code", "meaning"], [[str(c), m] for c, m in EXIT_CODES.items()])]


class Settings(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from i18n_tool.config import PROJECT_TABLE, known_settings

        rows = [
            [f"[{PROJECT_TABLE}{'.' + table if table else ''}]", key]
            for table, keys in known_settings().items()
            for key in keys
        ]
        return [_table(["table", "key"], rows)]


class CliReference(SphinxDirective):
    """A section per command (and per sub-command): its help, then its options."""

    def run(self) -> list[nodes.Node]:
        import typer.main

        from i18n_tool.cli import app

        group = typer.main.get_command(app)
        made: list[nodes.Node] = []
        for name, command in sorted(group.commands.items()):
            made += self._command(f"i18n-tool {name}", command)
        return made

    def _command(self, name: str, command: Any) -> list[nodes.Node]:
        section = nodes.section(ids=[nodes.make_id(name)])
        section += nodes.title(text=name)
        for paragraph in (command.help or "").split("\n\n"):
            section += nodes.paragraph(text=" ".join(paragraph.split()))
        rows = []
        for parameter in command.params:
            if parameter.name == "help":
                continue
            option = parameter.opts and parameter.opts[0].startswith("-")
            shown = (
                ", ".join(parameter.opts)
                if option
                else (getattr(parameter, "metavar", None) or str(parameter.name).upper())
            )
            rows.append([shown, " ".join((getattr(parameter, "help", "") or "").split())])
        if rows:
            section += _table(["option or argument", "what it is for"], rows)
        made: list[nodes.Node] = [section]
        for sub_name, sub in sorted(getattr(command, "commands", {}).items()):
            section += self._command(f"{name} {sub_name}", sub)
        return made


class Benchmarks(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        items = nodes.bullet_list()
        for script in sorted((ROOT / "benchmarks").glob("*.py")):
            doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
            item = nodes.list_item()
            paragraph = nodes.paragraph()
            paragraph += nodes.literal(text=f"benchmarks/{script.name}")
            paragraph += nodes.Text(": " + " ".join(doc.split("\n\n")[0].split()))
            item += paragraph
            items += item
        return [items]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("exit-codes", ExitCodes)
    app.add_directive("settings", Settings)
    app.add_directive("cli-reference", CliReference)
    app.add_directive("benchmarks", Benchmarks)
    return {"parallel_read_safe": True}
