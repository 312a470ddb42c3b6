"""The shared data model: a source document as blocks of translation units with spans.

Plain dataclasses, no I/O. Every stage (segment, catalog, translate, build) speaks these types.
A unit knows its span in the source text, so a build replaces exactly those characters and
keeps every other byte of the source (markup, spacing, line endings) as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    QUOTE = "quote"
    TABLE_CELL = "table cell"


@dataclass(frozen=True)
class Unit:
    """One translation unit (a sentence, or a whole block at paragraph granularity).

    `text` is the msgid: the source characters of the span with soft line breaks folded to one
    space. Its identity is the text itself: identical sentences are one catalog entry.
    """

    text: str
    kind: BlockKind
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item, quote paragraph or table cell; `start`/`end` are the
    offsets of its whole source lines (markers included), for builds that omit a block."""

    kind: BlockKind
    line: int
    units: tuple[Unit, ...]
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Document:
    """A source article: its name (catalog stem), where it lives and its exact text."""

    name: str
    path: Path
    text: str
    blocks: tuple[Block, ...]

    @property
    def units(self) -> list[Unit]:
        return [unit for block in self.blocks for unit in block.units]

    def render(self, translations: dict[str, str]) -> str:
        """The source text with each unit whose text has a translation replaced by it."""
        pieces: list[str] = []
        cursor = 0
        for unit in self.units:
            replacement = translations.get(unit.text)
            if replacement is None:
                continue
            pieces.append(self.text[cursor : unit.start])
            pieces.append(replacement)
            cursor = unit.end
        pieces.append(self.text[cursor:])
        return "".join(pieces)
