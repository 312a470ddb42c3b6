"""How commands print: plain lines (never wrapped or styled: they name paths users copy),
tables that fit a terminal, paths shown relative to the project."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)

_shown_root: list[Path] = []  # the project of this invocation, once found


def show_paths_from(root: Path | None) -> None:
    """From now on, paths inside `root` are shown relative to it (None: as they are)."""
    _shown_root[:] = [root] if root is not None else []


def say(text: str, console: Console = out) -> None:
    """Plain text, never wrapped or styled: messages name paths that users copy."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 template`, `2 templates`, `0 entries` (with `words` for irregular plurals)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the project when it is inside it."""
    path = Path(path)
    for root in _shown_root:
        if path.is_absolute() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)


def print_table(table: Table) -> None:
    """A table on a terminal fits its width (long cells fold, never cut); anywhere else
    (a pipe, a file) every row is printed whole on one line."""
    if out.is_terminal:
        out.print(table)
    else:
        Console(width=100_000).print(table)  # the console's own width is capped at 80
