"""The shared data model: a source document as blocks of translation units with spans.

Plain dataclasses, no I/O. Every stage (segment, catalog, translate, build) speaks these types.
A unit knows its span in the source text, so a build replaces exactly those characters and
keeps every other byte of the source (markup, spacing, line endings) as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class EntryState(StrEnum):
    """Where a unit's translation stands: what status counts, build selects and MT fills."""

    UNTRANSLATED = "untranslated"
    MACHINE = "MT suggestion"  # fuzzy, made by MT for the current source text, not yet reviewed
    NEEDS_REVIEW = "needs review"  # fuzzy otherwise: the source changed (`#|`), or a translator
    # marked it; a translator's work, never counted as MT even if MT once suggested it
    REVIEWED = "reviewed"  # a translation without the fuzzy flag: a person accepted it
    OBSOLETE = "obsolete"  # its sentence left the source (`#~`); kept in case it comes back

    @property
    def has_translation(self) -> bool:
        return self in (EntryState.MACHINE, EntryState.NEEDS_REVIEW, EntryState.REVIEWED)


def entry_state(
    msgstr: str, fuzzy: bool, machine: bool, previous_msgid: bool, obsolete: bool = False
) -> EntryState:
    """The one decision of an entry's state, from what its PO lines say: the translation, the
    fuzzy flag, an `# MT:` provenance comment and a `#| msgid` line.

    MT provenance stays in the entry as history once a translator accepts the translation: an
    entry is an MT suggestion only while it is fuzzy *and* was made for the current source text
    (no `#|`); after a source change it needs review like any other translation."""
    if obsolete:
        return EntryState.OBSOLETE
    if not msgstr:
        return EntryState.UNTRANSLATED
    if not fuzzy:
        return EntryState.REVIEWED
    if machine and not previous_msgid:
        return EntryState.MACHINE
    return EntryState.NEEDS_REVIEW


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
