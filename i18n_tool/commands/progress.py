"""Progress on stderr: a bar per step of long work, a bar per download."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from .output import err

RATE_AFTER_SECONDS = 1.0  # a rate over less time says more about the clock than the work


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per step on stderr, shown only once a step reports progress; the rate
    only once the step has run long enough for it to mean something."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    tasks: dict[str, Any] = {}
    started: dict[str, float] = {}

    def update(step: str, done: int, total: int) -> None:
        if total < 20 and not step.startswith("translate") and step not in tasks:
            return  # a handful of articles: done before a bar would help
        if not tasks:
            bar.start()
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total, rate="")
            started[step] = time.monotonic()
        elapsed = time.monotonic() - started[step]
        rate = f"{done / elapsed:.1f}/s" if elapsed >= RATE_AFTER_SECONDS and done else ""
        bar.update(tasks[step], completed=done, rate=rate)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()


@contextmanager
def download_bar() -> Iterator[Callable[[str, int, int | None], None]]:
    """A bar per download on stderr: bytes, size, rate and time left."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
    )
    tasks: dict[str, Any] = {}

    def update(name: str, done: int, total: int | None) -> None:
        if not tasks:
            bar.start()
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()
