"""Errors and exit codes: every I18nError reaches the user as one line on stderr and its exit
code (errors.EXIT_CODES); a step's failed articles are listed after its result."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import typer

from ..config import I18nDeprecationWarning
from ..errors import EXIT_CODES, INTERRUPTED_EXIT, ArticlesFailed, I18nError
from .output import err, say, shown

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def exit_codes_help() -> str:
    """The exit codes for --help, one per line (click keeps lines after a \\b line)."""
    return "Exit codes:\n\n\b\n" + "\n".join(
        f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items()
    )


def user_errors(command: F) -> F:
    """Turn the I18nError family into one line on stderr and its exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _deprecations_shown():
                return command(*args, **kwargs)
        except I18nError as exc:
            say(f"error: {located(exc)}", err)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say("interrupted: units finished so far are saved; rerun to continue", err)
            raise typer.Exit(INTERRUPTED_EXIT) from None

    return cast(F, wrapper)


@contextmanager
def _deprecations_shown() -> Iterator[None]:
    """A deprecated setting or option still works and says so, once, on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", I18nDeprecationWarning)
        try:
            yield
        finally:
            for message in dict.fromkeys(str(w.message) for w in caught):
                say(f"warning: {message}", err)


def located(exc: I18nError) -> str:
    """`file:line: message`, the file as the user named the project."""
    if exc.path is None:
        return exc.message
    return shown(exc.path) + (f":{exc.line}" if exc.line else "") + f": {exc.message}"


def outcome(call: Callable[[], R]) -> tuple[R, ArticlesFailed | None]:
    """A step's result, and the articles it could not process (reported after the result)."""
    try:
        return call(), None
    except ArticlesFailed as failed:
        return cast(R, failed.result), failed


def report_failures(failed: ArticlesFailed | None) -> int:
    """One line per failed article, then the summary; the exit code they make (0: none)."""
    if failed is None:
        return 0
    for error in failed.failures.values():
        say(f"error: {located(error)}", err)
    say(failed.message, err)
    return failed.exit_code


def finish(*codes: int) -> None:
    """End with the first non-zero exit code of what was reported (failed articles first)."""
    code = next((code for code in codes if code), 0)
    if code:
        raise typer.Exit(code)
