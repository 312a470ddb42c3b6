"""Atomic writes: a reader or a crash never sees half a file."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from .errors import I18nError

_children: dict[Path, dict[str, Path]] = {}


def child_path(folder: Path, name: str) -> Path:
    """`folder / name`, made once per process: a path is slow to make (10,000 take 0.1 s),
    and a run names the same files in its listings and in its kept report."""
    made = _children.setdefault(folder, {})
    path = made.get(name)
    if path is None:
        path = made[name] = folder / name
    return path


def _file_mode(path: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return new_file_mode()


def new_file_mode() -> int:
    """The mode a new file gets from the user's umask (0666 minus it), as `open` would give;
    files made through `tempfile` are 0600 until they are given this."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, error: type[I18nError] = I18nError) -> bool:
    """Write `data` to `path` via a temp file and rename; skip the write when unchanged.

    Returns True when the file was (re)written. A failure (a folder in the way, no permission,
    a full disk) raises `error`, the class of what is written (CatalogError for catalogs), and
    leaves the old file and no temp file behind. A new file gets the usual mode (0666 minus
    the umask), a rewritten one keeps its own.
    """
    try:
        if path.read_bytes() == data:
            return False
        existed = True
    except FileNotFoundError:
        existed = False
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path) from exc
    try:
        if not existed:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp, fd = _open_temp(path)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if existed:
                os.chmod(tmp, _file_mode(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path) from exc
    return True


# as tempfile makes its files: never through a link, never in text mode (Windows), not
# inherited by a child process
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TEMP_FLAGS |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_temp_numbers = itertools.count()


def _open_temp(path: Path) -> tuple[str, int]:
    """A new file beside `path` for its next bytes (`.<name>.<pid>-<n>.tmp`, made by no
    other process), with the mode a new file gets: 0666 minus the umask."""
    while True:
        tmp = f"{path.parent}/.{path.name}.{os.getpid()}-{next(_temp_numbers)}.tmp"
        try:
            return tmp, os.open(tmp, _TEMP_FLAGS, 0o666)
        except FileExistsError:
            continue  # left by a process that had this pid: the next number


def shown_path(path: Path, root: Path) -> Path:
    """A path as the project names it, to people and in its records: relative to the project
    root when it is inside it, else as given."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path
