"""Work on many documents at once: a process pool when there is enough to do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .config import physical_cores

T = TypeVar("T")
R = TypeVar("R")

Progress = Callable[[str, int, int], None]
"""Called with (step, items done, items total)."""

POOL_MINIMUM = 48  # below this, starting worker processes costs more than it saves


def run_all(
    work: Callable[[T], R],
    items: Sequence[T],
    step: str = "",
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[R]:
    """`work` on every item, results in order; in worker processes (one per physical core)
    when there are many items. An I18nError in a worker reaches the caller unchanged."""
    workers = workers or physical_cores()
    results: list[R] = []
    if len(items) < POOL_MINIMUM or workers < 2:
        for item in items:
            results.append(work(item))
            if progress:
                progress(step, len(results), len(items))
        return results
    chunk = max(1, min(32, len(items) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(work, items, chunksize=chunk):
            results.append(result)
            if progress and (len(results) % chunk == 0 or len(results) == len(items)):
                progress(step, len(results), len(items))
    return results
