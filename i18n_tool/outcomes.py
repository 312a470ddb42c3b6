"""Per-article outcomes: a step processes every article it can and keeps the errors of the
others, to raise them together (ArticlesFailed) once the good articles' outputs are written.
With `fail_fast`, the first error stops the step as it always did."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import ArticlesFailed, I18nError

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Failures:
    """The articles (by document name) a step could not process, and why; the first error of
    an article is the one kept."""

    total: Callable[[], int]  # counts the articles of the step's summary
    fail_fast: bool = False
    errors: dict[str, I18nError] = field(default_factory=dict)

    def add(self, document: str, error: I18nError) -> None:
        if self.fail_fast:
            raise error
        self.errors.setdefault(document, error)

    def absorb(self, failed: ArticlesFailed) -> None:
        """The failures of a step this one ran first (update runs extract)."""
        for document, error in failed.failures.items():
            self.add(document, error)

    def succeeded(
        self, items: Iterable[T], results: Iterable[R | I18nError], document: Callable[[T], str]
    ) -> Iterator[tuple[T, R]]:
        """The (item, result) pairs of a `run_all(..., keep_going=True)`; each error is kept
        under its item's document name."""
        for item, result in zip(items, results, strict=True):
            if isinstance(result, I18nError):
                self.add(document(item), result)
            else:
                yield item, result

    def __contains__(self, document: object) -> bool:
        return document in self.errors

    def raise_if_any(self, result: object) -> None:
        """Raise the failures with the step's result (the articles are counted only when
        there are failures: counting reads the source folder)."""
        if self.errors:
            raise ArticlesFailed(dict(sorted(self.errors.items())), result, self.total())
