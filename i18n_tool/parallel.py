"""Work on many documents at once: a process pool when there is enough to do."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from .config import physical_cores
from .errors import I18nError

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[str, int, int], None]
"""Called with (step, items done, items total)."""

POOL_MINIMUM = 48  # below this, starting worker processes costs more than it saves
_context: Any = None  # what every item of a job shares, sent once to each worker


def reported(
    items: Sequence[T], step: str, progress: Progress | None, every: int = 1
) -> Iterator[T]:
    """The items, `progress` told of each one done (when the loop asks for the next), every
    `every` items and after the last: a bar for work done one item at a time."""
    for done, item in enumerate(items, 1):
        yield item
        if progress and (done % every == 0 or done == len(items)):
            progress(step, done, len(items))


def _remember(context: Any) -> None:
    global _context
    _context = context


def _call(work: Callable[[Any, T], R], item: T) -> R:
    return work(_context, item)


def _attempt(work: Callable[[Any, T], R], context: Any, item: T) -> R | I18nError:
    """The item's result, or the I18nError it raised (for steps that go on past a failure)."""
    try:
        return work(context, item)
    except I18nError as error:
        return error


def run_all(
    work: Callable[[Any, T], R],
    context: Any,
    items: Sequence[T],
    step: str = "",
    progress: Progress | None = None,
    keep_going: bool = False,
) -> Iterator[Any]:
    """`work(context, item)` for every item, the results in order, each as soon as it is done
    (the caller keeps one while the workers go on with the next); in worker processes (one per
    physical core) when there are many items, the context sent once to each. An I18nError
    in a worker reaches the caller unchanged; with `keep_going` it takes the item's place in
    the results and the other items go on."""
    if keep_going:
        work = functools.partial(_attempt, work)
    workers = physical_cores()
    if len(items) < POOL_MINIMUM or workers < 2:
        yield from (work(context, item) for item in reported(items, step, progress))
        return
    chunk = max(1, min(32, len(items) // (workers * 8)))
    # The workers are forked: what this process holds is shared with them until written to,
    # and a collection in a worker would write to every object it walks. Frozen, they are
    # not walked (as Python's gc.freeze documentation advises before a fork).
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, initializer=_remember, initargs=(context,)) as pool:
            results = pool.map(_call, [work] * len(items), items, chunksize=chunk)
            for done, result in enumerate(results, 1):
                if progress and (done % chunk == 0 or done == len(items)):
                    progress(step, done, len(items))
                yield result
    finally:
        gc.unfreeze()
