"""detect: reads one text file; writes nothing. Needs no project."""

from __future__ import annotations

from pathlib import Path

from ..detect import Detection, detect_language
from ..errors import ConfigError


def detect_file(path: Path) -> Detection:
    """The language of a text file: an article, or any UTF-8 text."""
    try:
        return detect_language(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("no such file", path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from exc
