"""Source readers: a file's text → a Document of blocks and units with spans.

One reader per format, chosen by file suffix from a table (`READERS`); each returns the blocks
of the text. Decoding and the checks every format shares live here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import SourceError
from ..model import Block, Document
from ..segment import DEFAULT_RULES, GermanRules
from .markdown import read_markdown
from .text import read_text

Reader = Callable[[str, GermanRules, bool], list[Block]]

READERS: dict[str, Reader] = {".md": read_markdown, ".markdown": read_markdown, ".txt": read_text}


def document_name(path: Path) -> str:
    """`kims-truppen.de.md` → `kims-truppen`: the catalog stem, without language and format."""
    name = path.name
    for suffix in reversed(path.suffixes):
        name = name.removesuffix(suffix)
    return name or path.stem


def load_document(
    path: Path,
    display_path: Path | None = None,
    rules: GermanRules = DEFAULT_RULES,
    sentences: bool = True,
) -> Document:
    """Read and segment one source file; `display_path` is what references show."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise SourceError(f"unsupported source format {path.suffix!r} (known: {known})", path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise SourceError("source file not found", path) from exc
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror}", path) from exc
    if b"\x00" in raw[:8000]:  # git's test for binary data
        raise SourceError(
            "not a text article (binary data); articles are Markdown or plain text in UTF-8",
            path,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8",
            path,
            line,
        ) from exc
    if not text.strip():
        raise SourceError("source is empty", path)
    blocks = reader(text, rules, sentences)
    if not any(block.units for block in blocks):
        raise SourceError("source has no translatable text", path)
    return Document(
        name=document_name(path), path=display_path or path, text=text, blocks=tuple(blocks)
    )
