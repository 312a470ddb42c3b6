"""The shared data model: Document → Block → Unit (the source), Entry → Catalog (translations).

Plain dataclasses, no I/O. Every stage (segment, catalog, translate, check, build, status)
speaks these types. A unit knows its span in the source text, so a build replaces exactly those
characters and keeps every other byte of the source (markup, spacing, line endings) as it was.
An entry knows its state and where its translation came from; only `catalog.py` maps entries
to and from PO files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple


class EntryState(StrEnum):
    """Where a unit's translation stands: what status counts, build selects and MT fills."""

    UNTRANSLATED = "untranslated"
    MACHINE = "MT suggestion"  # fuzzy, made by MT for the current source text, not yet reviewed
    MEMORY = "TM suggestion"  # fuzzy, taken from the translation memory, not yet reviewed
    NEEDS_REVIEW = "needs review"  # fuzzy otherwise: the source changed (`#|`), or a translator
    # marked it; a translator's work, never counted as MT even if MT once suggested it
    REVIEWED = "reviewed"  # a translation without the fuzzy flag: a person accepted it
    OBSOLETE = "obsolete"  # its sentence left the source (`#~`); kept in case it comes back

    @property
    def has_translation(self) -> bool:
        return self in _TRANSLATED


_TRANSLATED = frozenset(
    (EntryState.MACHINE, EntryState.MEMORY, EntryState.NEEDS_REVIEW, EntryState.REVIEWED)
)


def entry_state(
    msgstr: str,
    fuzzy: bool,
    machine: bool,
    previous_msgid: bool,
    obsolete: bool = False,
    memory: bool = False,
) -> EntryState:
    """The one decision of an entry's state, from what its PO lines say: the translation, the
    fuzzy flag, an `# MT:` or `# TM:` provenance comment and a `#| msgid` line.

    Provenance stays in the entry as history once a translator accepts the translation. A fuzzy
    entry from the translation memory is a TM suggestion (its `#|` shows what the matched
    sentence said); a fuzzy MT entry is an MT suggestion only while it was made for the current
    source text (no `#|`); any other fuzzy translation needs review."""
    if obsolete:
        return EntryState.OBSOLETE
    if not msgstr:
        return EntryState.UNTRANSLATED
    if not fuzzy:
        return EntryState.REVIEWED
    if memory:
        return EntryState.MEMORY
    if machine and not previous_msgid:
        return EntryState.MACHINE
    return EntryState.NEEDS_REVIEW


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    QUOTE = "quote"
    TABLE_CELL = "table cell"
    ATTRIBUTE = "attribute"  # an HTML attribute meant for people: alt, title, a description


@dataclass(frozen=True, slots=True)
class Inline:
    """How an HTML unit's msgid maps back to its source, so a build can restore it: the msgid's
    pieces in order, each `(msgid text, source start, source end, is_code)` (a code is a tag
    placeholder such as `<a>`, or an untranslated element shown whole), and where the unit
    stands: in text, or in an attribute value quoted with `"`, `'` or nothing (""); for an
    attribute, which one of which element (`alt of <img>`), for translators."""

    pieces: tuple[tuple[str, int, int, bool], ...]
    place: str = "text"
    attribute: str = ""


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
    inline: Inline | None = None  # an HTML unit's pieces; None: the msgid is the source text


@dataclass(frozen=True)
class Block:
    """A heading, paragraph, list item, quote paragraph or table cell; `start`/`end` are the
    offsets of its whole source lines (markers included), for builds that omit a block."""

    kind: BlockKind
    line: int
    units: tuple[Unit, ...]
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class LanguageMark:
    """Where an HTML page says its language, so a build can say the target's: the `lang`
    and `dir` values of its root tag (or of a fragment's top-level tags) as (start, end,
    quote) when written, and the offset after the tag's name where missing ones go."""

    insert_at: int
    lang: tuple[int, int, str] | None = None
    dir: tuple[int, int, str] | None = None


class Reading(NamedTuple):
    """What a source reader finds in an article's text: its blocks, and for an HTML page
    where it says its language."""

    blocks: list[Block]
    language_marks: tuple[LanguageMark, ...] = ()


@dataclass(frozen=True)
class Document:
    """A source article: its name (catalog stem), where it lives and its exact text."""

    name: str
    path: Path
    text: str
    blocks: tuple[Block, ...]
    language_marks: tuple[LanguageMark, ...] = ()  # an HTML page's; () for other formats

    @property
    def units(self) -> list[Unit]:
        return [unit for block in self.blocks for unit in block.units]


class Reference(NamedTuple):
    """Where a unit stands: `source/<article>`, and its line (as a string, as in PO files)."""

    path: str
    line: str


@dataclass(frozen=True, slots=True)
class MachineOrigin:
    """An MT suggestion's provenance: engine and model(s) (`argostranslate translate-de_en 1.0
    → translate-en_fr 1.0`), the glossary terms it enforced, what a reviewer must check, and
    the model's confidence in its output (0–1, two decimals as the PO line keeps it; None when
    the engine gives none)."""

    provenance: str
    glossary: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class MemoryOrigin:
    """A translation taken from the translation memory: how similar its source was (1.0 =
    the same sentence), where it was reviewed, and other reviewed translations of it."""

    score: float
    where: str  # `source/<article>:<line>`, or the memory file it came from
    alternatives: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        return int(self.score * 100)


@dataclass(frozen=True, slots=True)
class Entry:
    """One catalog entry: a unit's source text, its translation and where that stands.

    `state` is decided by `entry_state` when a catalog is read and by the catalog operations
    (merge, MT suggestions) that change it. `origin` stays after review, as history. An obsolete
    entry remembers the state it had (`kept_state`) for when its sentence comes back.
    """

    msgid: str
    msgstr: str = ""
    state: EntryState = EntryState.UNTRANSLATED
    references: tuple[Reference, ...] = ()
    block_kinds: tuple[str, ...] = ()
    previous_msgid: str | None = None
    origin: MachineOrigin | MemoryOrigin | None = None
    qa: tuple[str, ...] = ()  # findings of the last `check --annotate`
    comments: tuple[str, ...] = ()  # the translator comment lines as they stand, in order:
    # the translator's own, and those `origin` and `qa` are read from
    notes: tuple[str, ...] = ()  # other extracted comments, kept as they are
    flags: tuple[str, ...] = ()  # flags besides fuzzy (no-wrap, ...), kept
    kept_state: EntryState | None = None  # of an obsolete entry: its state before

    @property
    def fuzzy(self) -> bool:
        state = self.kept_state if self.state is EntryState.OBSOLETE else self.state
        return state in (EntryState.MACHINE, EntryState.MEMORY, EntryState.NEEDS_REVIEW)

    @property
    def obsolete(self) -> bool:
        return self.state is EntryState.OBSOLETE

    @property
    def mt_confidence(self) -> float | None:
        """The model's confidence in this unreviewed MT suggestion; None for anything else
        (once a person reviewed or edited it, the model's doubt says nothing of the text)."""
        if self.state is EntryState.MACHINE and isinstance(self.origin, MachineOrigin):
            return self.origin.confidence
        return None

    @property
    def place(self) -> str:
        """Where the unit first stands, `source/<article>:<line>`; "" when it stands nowhere
        (an obsolete entry, a compendium's)."""
        return ":".join(self.references[0]) if self.references else ""


@dataclass(frozen=True)
class Catalog:
    """A template or a language's catalog: its header and entries, obsolete ones last."""

    metadata: dict[str, str] = field(default_factory=dict)
    header_comment: str = ""
    header_fuzzy: bool = False
    entries: tuple[Entry, ...] = ()

    def live(self) -> dict[str, Entry]:
        """msgid → entry, for the entries whose sentence is in the source."""
        return {e.msgid: e for e in self.entries if not e.obsolete and e.msgid}


@dataclass(frozen=True)
class MemoryUnit:
    """One unit of a translation memory: a source sentence and its translation, wherever it
    comes from (a reviewed entry, a TMX, XLIFF or PO memory) and whatever it goes to (a
    lookup, a TMX file)."""

    source: str
    target: str
    where: str = ""  # `source/<article>:<line>`, or the memory file it came from
    language: str = ""  # the target's language as a memory file tags it ("": the catalog's)
    date: str = ""  # when it was reviewed, as TMX writes it (YYYYMMDDThhmmssZ)
    trusted: bool = True  # reviewed in this project (or a memory the project trusts): an
    # exact match may be taken as reviewed; else it is a suggestion to confirm
