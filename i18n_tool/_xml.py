"""Reading XML from other tools (TMX, XLIFF) safely: the one place the parser is configured.

A file that declares entities (the billion-laughs and external-entity attacks) is refused
before parsing; the parser resolves no entities, loads no DTD, touches no network and keeps
lxml's limits on huge trees. Files are streamed (iterparse): a caller clears what it has read,
so memory stays bounded for any file size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import ConfigError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY|<!DOCTYPE[^>]*\[", re.IGNORECASE)


def stream(path: Path, what: str, events: tuple[str, ...] = ("end",), **kwargs: Any) -> Iterator:
    """(event, element) pairs of `path`, read safely; `what` names the format in errors."""
    from lxml import etree  # imported when first needed: every command starts faster

    try:
        with open(path, "rb") as file:
            head = file.read(65536)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what} file: {exc.strerror}", path) from exc
    if _ENTITY_DECLARATION.search(head):
        raise ConfigError(
            f"refused: the file declares XML entities (a DTD), which {what} never needs and "
            "attacks use (billion laughs, external entities)",
            path,
        )
    options = {"resolve_entities": False, "load_dtd": False, "no_network": True}
    try:
        yield from etree.iterparse(str(path), events=events, huge_tree=False, **options, **kwargs)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise ConfigError(f"not well-formed {what}: {exc.msg}", path, line) from exc


def forget_before(element: Any) -> None:
    """Free an element read from a stream, and its siblings before it."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]
