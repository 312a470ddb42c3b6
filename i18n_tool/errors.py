"""One exception family: the CLI turns any of these into one line and an exit code.

`EXIT_CODES` is the one list of exit codes: `--help` prints it, and the documentation's
table (docs/operator.md) is made from it.
"""

from __future__ import annotations

from pathlib import Path

EXIT_CODES: dict[int, str] = {
    0: "done",
    1: "error (a one-line message says what)",
    2: "bad configuration or arguments (no project found, unknown language code)",
    3: "unreadable source article (not a text file, not UTF-8, not in the source language)",
    4: "broken or unwritable catalog (a PO or POT file)",
    5: "finished, but some languages were left untranslated for lack of a model",
    6: "a model could not be installed (no network, not a model file), or one is broken",
    7: "`status --fail-under` found a language below the bar",
    8: "`check` found errors",
    9: "`build --fallback fail` found units without a translation",
    10: "another i18n-tool is changing the project (the lock names its pid)",
    11: "`import` kept translators' work the file would change (listed; see --overwrite)",
    12: "the Ray cluster cannot be reached (`translate --executor ray`)",
    130: "interrupted with Ctrl-C (finished units are saved)",
}
FAIL_UNDER_EXIT = 7
CHECK_ERRORS_EXIT = 8
IMPORT_CONFLICTS_EXIT = 11
INTERRUPTED_EXIT = 130


class I18nError(Exception):
    """A problem the user can fix; carries where it happened and the exit code to use."""

    exit_code = 1

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __reduce__(self) -> tuple[type, tuple[str, Path | None, int | None]]:
        return (self.__class__, (self.message, self.path, self.line))  # across processes

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ConfigError(I18nError):
    """Bad or missing [tool.i18n-tool] settings, unknown language codes."""

    exit_code = 2


class SourceError(I18nError):
    """A source article that cannot be read or segmented (not UTF-8, empty, missing)."""

    exit_code = 3


class CatalogError(I18nError):
    """A PO/POT file that cannot be read (broken by hand) or written."""

    exit_code = 4


class ModelMissingError(I18nError):
    """No installed translation model (direct or via English) for a language pair."""

    exit_code = 5


class ModelInstallError(I18nError):
    """A model package could not be installed (no network, bad file)."""

    exit_code = 6


class ModelBrokenError(ModelInstallError):
    """An installed model that cannot be used: not "no model" (exit 5, which a CI may
    tolerate on machines without models) but an install to repair."""


class EngineError(I18nError):
    """The MT engine failed on a batch (a model that cannot take the input, a crash)."""

    exit_code = 1


class BuildError(I18nError):
    """`build --fallback fail` found units without a usable translation."""

    exit_code = 9


class LockedError(I18nError):
    """Another i18n-tool process holds the project's write lock."""

    exit_code = 10


class ClusterError(I18nError):
    """The Ray cluster named by --ray-address cannot be reached or joined."""

    exit_code = 12


class ArticlesFailed(I18nError):
    """Some articles could not be processed; every other one was, and its outputs written.

    `failures` maps each failed article (its document name) to its error, `result` is what the
    step returns for the others, and the exit code is that of the failures when they share one
    (3 for unreadable sources), else 1."""

    def __init__(self, failures: dict[str, I18nError], result: object, total: int):
        codes = {error.exit_code for error in failures.values()}
        self.exit_code = codes.pop() if len(codes) == 1 else 1
        kinds = sorted({_kind(error) for error in failures.values()})
        super().__init__(
            f"{total:,} {'article' if total == 1 else 'articles'}: "
            f"{total - len(failures):,} done, {len(failures):,} failed ({'; '.join(kinds)})"
        )
        self.failures = failures
        self.result = result
        self.total = total


def _kind(error: I18nError) -> str:
    """The class of a failure in words: its exit code's description, without the examples."""
    return EXIT_CODES.get(error.exit_code, EXIT_CODES[1]).split(" (")[0]
