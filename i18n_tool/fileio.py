"""Atomic writes: a reader or a crash never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import I18nError


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
    leaves the old file and no temp file behind.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path) from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, _file_mode(path))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path) from exc
    return True


def shown_path(path: Path, root: Path) -> Path:
    """A path as the project names it, to people and in its records: relative to the project
    root when it is inside it, else as given."""
    return path.relative_to(root) if path.is_relative_to(root) else path
