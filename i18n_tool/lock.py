"""One writer at a time: a project lock every command that writes takes.

The lock file (`project.Layout.lock`) holds the pid of the process that writes; the lock
itself is a `flock` on that file, which the kernel releases when the holder ends in any way
(Ctrl-C, a crash, a kill), so a lock is never stale. A second writer exits with a message
naming the holder, instead of interleaving its writes (two catalogs saved from two reads lose
one of them).
Taking the lock again inside the same process (`run` calls `extract`, `update`, ...) is free.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LockedError

_held: dict[Path, int] = {}  # lock file → how many nested holds in this process


@contextmanager
def project_lock(lock_file: Path) -> Iterator[None]:
    """Hold the project's write lock for the duration; LockedError if another process has it."""
    key = lock_file.resolve()
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path = key  # the lock file itself
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise LockedError(f"cannot take the project lock: {exc.strerror}", path) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise LockedError(
                f"another i18n-tool (pid {holder}) is changing this project; run this again "
                "when it has finished",
                path,
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock
