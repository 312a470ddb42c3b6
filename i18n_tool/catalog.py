"""Catalogs: the one gateway between the entry model and PO files.

Every other module works on `Entry` and `Catalog` values (model.py); only this module knows
polib (through its private `_po` syntax module) and the comment conventions
(docs/translator.md, "Catalog conventions"):
- one entry per distinct unit text, in document order; msgid is the German text, msgctxt is
  not used, so identical sentences share one entry (all their references) and one translation;
- `#. block: <kind>` comes from the template; `#` translator comments are kept from the old
  catalog, including the `MT: ...`, `MT glossary: ...`, `MT warning: ...` lines of an MT
  suggestion and the `QA: ...` lines of `check --annotate` (gettext's msgmerge keeps `#`
  comments, while it replaces `#.` comments from the template and drops unknown flags);
- the state of an entry is `model.entry_state` of its translation, `fuzzy` flag, MT comment
  and `#|` line.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

import polib

from . import __version__
from ._po import PoLines, RawEntry, dump, parse_po, read_text, scan_live_entries
from .errors import CatalogError
from .fileio import write_atomic
from .model import (
    Catalog,
    Document,
    Entry,
    EntryState,
    MachineOrigin,
    MemoryOrigin,
    Reference,
    entry_state,
)

BLOCK_PREFIX = "block: "
MT_PREFIX = "MT: "
MT_GLOSSARY = "MT glossary: "
MT_WARNING = "MT warning: "
MT_CONFIDENCE = "; confidence "  # ends the MT line: `MT: argostranslate … 1.0; confidence 0.42`
QA_PREFIX = "QA: "
TM_PREFIX = "TM: "  # `TM: 87 % from source/article.de.md:12`
TM_ALTERNATIVE = "TM alternative: "
GENERATOR = f"i18n-tool {__version__}"


def now_stamp() -> str:
    """gettext's date format; SOURCE_DATE_EPOCH (reproducible builds) overrides the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = time.gmtime(int(epoch)) if epoch else time.gmtime()
    return time.strftime("%Y-%m-%d %H:%M+0000", moment)


# --- PO lines ↔ entries ---------------------------------------------------------------------


def _entry(
    msgid: str,
    msgstr: str,
    translator_comments: Sequence[str],
    extracted_comments: Sequence[str],
    references: Iterable[tuple[str, str]],
    flags: Sequence[str],
    previous_msgid: str | None,
    obsolete: bool = False,
) -> Entry:
    """The entry these PO lines describe: the one reading of the comment conventions.
    (Called for every entry a build or status reads: the common cases take no detours.)"""
    origin: MachineOrigin | MemoryOrigin | None = None
    qa: tuple[str, ...] = ()
    if translator_comments:
        notes, glossary, warnings, alternatives = [], [], [], []
        provenance = memory = confidence = None
        for line in translator_comments:
            if line[:2] == "TM":
                if line.startswith(TM_PREFIX):
                    memory = _memory_origin(line[len(TM_PREFIX) :])
                elif line.startswith(TM_ALTERNATIVE):
                    alternatives.append(line[len(TM_ALTERNATIVE) :])
            elif line[:2] == "MT":
                if line.startswith(MT_PREFIX):
                    provenance, confidence = _provenance(line[len(MT_PREFIX) :])
                elif line.startswith(MT_GLOSSARY):
                    glossary += line[len(MT_GLOSSARY) :].split(", ")
                elif line.startswith(MT_WARNING):
                    warnings.append(line[len(MT_WARNING) :])
            elif line.startswith(QA_PREFIX):
                notes.append(line[len(QA_PREFIX) :])
        # MT detail lines without an MT line are the translator's: comments, no origin
        if memory is not None:
            origin = replace(memory, alternatives=tuple(alternatives))
        elif provenance is not None:
            origin = MachineOrigin(provenance, tuple(glossary), tuple(warnings), confidence)
        qa = tuple(notes)
    kinds: tuple[str, ...] = ()
    other_notes: tuple[str, ...] = ()
    for number, line in enumerate(extracted_comments):
        if number == 0 and line.startswith(BLOCK_PREFIX):
            kinds = tuple(line[len(BLOCK_PREFIX) :].split(", "))
        else:
            other_notes += (line,)
    state = translation_state(msgstr, "fuzzy" in flags, origin, previous_msgid)
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        state=EntryState.OBSOLETE if obsolete else state,
        references=tuple(map(Reference._make, references)),
        block_kinds=kinds,
        previous_msgid=previous_msgid or None,
        origin=origin,
        qa=qa,
        comments=tuple(translator_comments),
        notes=other_notes,
        flags=tuple(flag for flag in flags if flag != "fuzzy") if flags else (),
        kept_state=state if obsolete else None,
    )


def translation_state(
    msgstr: str, fuzzy: bool, origin: MachineOrigin | MemoryOrigin | None, previous: str | None
) -> EntryState:
    """`entry_state` of an entry with this translation, flag, origin and `#|` line."""
    machine, memory = isinstance(origin, MachineOrigin), isinstance(origin, MemoryOrigin)
    return entry_state(msgstr, fuzzy, machine, bool(previous), memory=memory)


_TM_LINE = re.compile(r"(\d{1,3}) % from (.+)")
_CONFIDENCE = re.compile(r"(.*)" + re.escape(MT_CONFIDENCE) + r"([01]\.\d\d)")


def _provenance(text: str) -> tuple[str, float | None]:
    """An MT line's engine and models, and the confidence at its end if it has one."""
    match = _CONFIDENCE.fullmatch(text)
    return (match.group(1), float(match.group(2))) if match else (text, None)


def _memory_origin(text: str) -> MemoryOrigin | None:
    match = _TM_LINE.fullmatch(text)
    return MemoryOrigin(int(match.group(1)) / 100, match.group(2)) if match else None


def _provenance_lines(origin: MachineOrigin | MemoryOrigin) -> list[str]:
    """The comment lines that say where a suggestion came from. Their text comes from
    outside (a memory file's notes, a model's name, the translations quoted) and is made one
    line each (`one_line`), so none can end its comment early."""
    if isinstance(origin, MemoryOrigin):
        where = one_line(origin.where).strip() or "the translation memory"
        lines = [f"{TM_PREFIX}{origin.percent} % from {where}"]
        return lines + [TM_ALTERNATIVE + one_line(text) for text in origin.alternatives]
    lines = [MT_PREFIX + (one_line(origin.provenance).strip() or "an unnamed engine")]
    if origin.confidence is not None:
        lines[0] += f"{MT_CONFIDENCE}{origin.confidence:.2f}"
    if origin.glossary:
        lines.append(MT_GLOSSARY + ", ".join(map(one_line, origin.glossary)))
    return lines + [MT_WARNING + one_line(warning) for warning in origin.warnings]


def _from_polib(entry: polib.POEntry) -> Entry:
    return _entry(
        entry.msgid,
        entry.msgstr,
        entry.tcomment.split("\n") if entry.tcomment else (),
        entry.comment.split("\n") if entry.comment else (),
        entry.occurrences,
        entry.flags,
        entry.previous_msgid,
        entry.obsolete,
    )


def _from_raw(raw: RawEntry) -> Entry:
    return _entry(
        raw.msgid,
        raw.msgstr,
        raw.translator_comments,
        raw.extracted_comments,
        raw.references,
        raw.flags,
        raw.previous_msgid,
    )


def origin_comments(entry: Entry, origin: MachineOrigin | MemoryOrigin) -> tuple[str, ...]:
    """The entry's comment lines with its MT and TM lines replaced by `origin`'s, at the end."""
    lines = [line for line in entry.comments if not line.startswith(PROVENANCE_PREFIXES)]
    return (*lines, *_provenance_lines(origin))


def qa_comments(entry: Entry, notes: Sequence[str]) -> tuple[str, ...]:
    """The entry's comment lines with its QA lines replaced by `notes`, at the end."""
    lines = [line for line in entry.comments if not line.startswith(QA_PREFIX)]
    return (*lines, *(QA_PREFIX + one_line(note) for note in notes))


PROVENANCE_PREFIXES = (MT_PREFIX, MT_GLOSSARY, MT_WARNING, TM_PREFIX, TM_ALTERNATIVE)


def _po_lines(entry: Entry) -> PoLines:
    """What the PO file says of an Entry."""
    extracted = [BLOCK_PREFIX + ", ".join(entry.block_kinds)] if entry.block_kinds else []
    return PoLines(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        tcomment="\n".join(entry.comments),
        comment="\n".join([*extracted, *entry.notes]),
        occurrences=list(entry.references),
        flags=["fuzzy", *entry.flags] if entry.fuzzy else list(entry.flags),
        obsolete=entry.obsolete,
        previous_msgid=entry.previous_msgid,
    )


# --- reading and writing ----------------------------------------------------------------------


def read_catalog(path: Path) -> Catalog:
    """A PO or POT file as a Catalog; a file broken by hand is one line naming it and the line.

    Entries the pipeline never makes and could not keep (a context, plural forms, a msgid
    twice) are refused with the line to fix, never merged into, overwritten or dropped."""
    po = parse_po(read_text(path), path)
    _refuse_what_cannot_be_kept(po, path)
    return Catalog(
        metadata=dict(po.metadata),
        header_comment=po.header,
        header_fuzzy=po.metadata_is_fuzzy,
        entries=tuple(_from_polib(entry) for entry in po),
    )


def _refuse_what_cannot_be_kept(po: polib.POFile, path: Path) -> None:
    seen: dict[str, int] = {}
    for entry in po:
        where = f"the entry of {entry.msgid[:50]!r}"
        line = max(entry.linenum, 1)  # polib: the entry's first line (0 for the file's first)
        if entry.msgctxt is not None:
            raise CatalogError(
                f"{where} has a msgctxt; i18n-tool catalogs have one entry per source sentence "
                "and no contexts: merge it into the entry without msgctxt, or remove it",
                path,
                line,
            )
        if entry.msgid_plural:
            raise CatalogError(
                f"{where} has plural forms (msgid_plural); articles have no plural entries: "
                "remove it",
                path,
                line,
            )
        if entry.msgid:  # an obsolete one too: msgfmt calls it a duplicate definition, and
            # merging would have to choose between two translations of one sentence
            if entry.msgid in seen:
                obsolete = " (one of them obsolete, #~)" if entry.obsolete else ""
                raise CatalogError(
                    f"{where} is there twice (lines {seen[entry.msgid]} and {line}){obsolete}; "
                    "keep the right translation in one of them and delete the other",
                    path,
                    line,
                )
            seen[entry.msgid] = line


def _refuse_what_cannot_be_written(catalog: Catalog, path: Path) -> None:
    """What a catalog about to be written cannot hold: what `msgfmt -c` would reject, and any
    text that would end a comment, a flag or a string early (or that a reader would take as
    the end of a line). It is not written; the error names the entry."""
    _refuse_in_lines(catalog.header_comment.split("\n"), "the header comment", path)
    for key, value in catalog.metadata.items():
        if _NOT_IN_COMMENT.search(key + value) or ":" in key:
            raise CatalogError(
                f"not written: the header field {key!r} holds {_named(key + value)}", path
            )
    seen: set[str] = set()
    for entry in catalog.entries:
        where = f"{entry.msgid[:50]!r}"
        for name, text in (
            ("source", entry.msgid),
            ("translation", entry.msgstr),  # an obsolete one's too: it is written as well
            ("previous source", entry.previous_msgid or ""),
        ):
            if _NOT_IN_STRING.search(text):
                found = _named(text, _NOT_IN_STRING)
                raise CatalogError(f"not written: {where}: the {name} holds {found}", path)
        _refuse_in_lines(
            [*entry.comments, *entry.notes, ", ".join(entry.block_kinds)],
            f"a comment of {where}",
            path,
        )
        for flag in entry.flags:
            if (
                not flag
                or flag != flag.strip()
                or "," in flag
                or "\\" in flag
                or _NOT_IN_COMMENT.search(flag)
            ):
                raise CatalogError(
                    f"not written: {where} has a flag that is no flag: {flag!r}", path
                )
        for reference in entry.references:
            if _UNSAFE_REFERENCE.search("".join(reference)) or not reference.path:
                raise CatalogError(
                    f"not written: {where} has a reference a catalog cannot hold: {reference!r}",
                    path,
                )
        if not entry.msgid:
            continue
        if entry.msgid in seen:
            raise CatalogError(f"not written: {where} would be there twice", path)
        seen.add(entry.msgid)
        if entry.obsolete:
            continue
        problem = msgfmt_refusal(entry, entry.msgstr)
        if problem:
            raise CatalogError(
                f"not written: {where}: {problem} (msgfmt -c would refuse the file, or a "
                "reader would misread it); fix the translation",
                path,
            )


# What a PO file cannot hold as it is. In a string: control characters but tab and the line
# ends (written as \t, \n, \r), U+001C–U+001E, U+0085, U+2028, U+2029, at which readers
# split lines, and lone surrogates (no UTF-8). In a comment, a flag or a header field: any of
# those and any line end; and no comment line may end with a backslash, which GNU gettext
# reads as joining the next line (the entry's msgid) to the comment.
_NOT_IN_STRING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")
_NOT_IN_COMMENT = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")
_UNSAFE_REFERENCE = re.compile(r"[\s\x00-\x1f\x7f\\]")


def _named(text: str, refused: re.Pattern[str] = _NOT_IN_COMMENT) -> str:
    found = refused.search(text)
    return f"the control character U+{ord(found.group()):04X}" if found else "nothing wrong"


def _refuse_in_lines(lines: Iterable[str], what: str, path: Path) -> None:
    for line in lines:
        if _NOT_IN_COMMENT.search(line):
            raise CatalogError(
                f"not written: {what} holds {_named(line)}, which would end it early", path
            )
        if line.endswith("\\"):
            raise CatalogError(
                f"not written: {what} ends with a backslash, which would join the next line to it",
                path,
            )


def one_line(text: str) -> str:
    """Outside text (a file name, a memory's note, a translation quoted by QA) made fit for a
    comment line: line ends and control characters are shown as escapes (`\\n`, `\\x1b`),
    so nothing can end the comment or start a line of its own."""
    if _NOT_IN_COMMENT.search(text):
        text = _NOT_IN_COMMENT.sub(_escape_control, text)
    return text[:-1] + "\\x5c" if text.endswith("\\") else text


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r"}
    return named.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def read_entries(path: Path) -> dict[str, Entry]:
    """msgid → Entry of a catalog's live entries, for builds and status: a fast scan of
    gettext's own layout, else the full reader (the same Entry values either way). A missing
    catalog has none; a broken one is an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError):
        text = read_text(path)  # raises the error that names the problem
    scanned = scan_live_entries(text)
    if scanned is None:
        return read_catalog(path).live()
    return {raw.msgid: _from_raw(raw) for raw in scanned}


def dump_catalog(catalog: Catalog) -> str:
    """The catalog as GNU gettext writes it (msgcat on our output changes nothing)."""
    metadata = _ordered(catalog.metadata)
    entries = map(_po_lines, catalog.entries)
    return dump(catalog.header_comment, metadata, catalog.header_fuzzy, entries)


def _ordered(metadata: dict[str, str]) -> list[tuple[str, str]]:
    """Header fields in gettext's order, as polib orders them, then any others by name."""
    first = [
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Plural-Forms",
    ]
    ordered = [(key, metadata[key]) for key in first if key in metadata]
    return ordered + sorted((k, v) for k, v in metadata.items() if k not in first)


def write_catalog(catalog: Catalog, path: Path) -> bool:
    """Write atomically, only when the bytes change, and only a catalog `msgfmt -c` accepts;
    True when written."""
    _refuse_what_cannot_be_written(catalog, path)
    return write_atomic(path, dump_catalog(catalog).encode("utf-8"), CatalogError)


# --- templates ------------------------------------------------------------------------------


def build_template(
    name: str, documents: Sequence[Document], source_language: str, created: str
) -> Catalog:
    """The POT of a catalog: one entry per distinct unit text of its documents, in order."""
    where = documents[0].path.as_posix() if len(documents) == 1 else f"{len(documents)} articles"
    metadata = {
        "Project-Id-Version": name,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": GENERATOR,
        "X-Source-Language": source_language,
    }
    references: dict[str, list[Reference]] = {}
    kinds: dict[str, list[str]] = {}
    for document in documents:
        path = document.path.as_posix()
        for unit in document.units:
            references.setdefault(unit.text, []).append(Reference(path, str(unit.line)))
            seen = kinds.setdefault(unit.text, [])
            kind = unit.kind.value
            if unit.inline is not None and unit.inline.attribute:
                kind = f"{kind} {unit.inline.attribute}"  # "attribute alt of <img>"
            if kind not in seen:
                seen.append(kind)
    return Catalog(
        metadata=metadata,
        header_comment=(
            f"Translation template for {name} ({where}).\n"
            "Generated by i18n-tool extract: edit the source article, not this file."
        ),
        header_fuzzy=True,
        entries=tuple(
            Entry(text, references=tuple(refs), block_kinds=tuple(kinds[text]))
            for text, refs in references.items()
        ),
    )


def write_template(
    name: str, documents: Sequence[Document], path: Path, source_language: str
) -> bool:
    """Write the POT; an unchanged template keeps its bytes (and its creation date)."""
    return write_atomic(path, template_text(name, documents, path, source_language), CatalogError)


def template_text(
    name: str, documents: Sequence[Document], path: Path, source_language: str
) -> bytes:
    """The POT's bytes, to be written at `path`: the bytes it holds when nothing changed (its
    creation date kept), else with the time of now."""
    try:
        existing = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        existing = None  # missing, or something in the way: writing reports it
    found = _CREATION_DATE.search(existing) if existing else None
    template = build_template(
        name, documents, source_language, found.group(1) if found else now_stamp()
    )
    text = dump_catalog(template)
    if existing is not None and text != existing:
        text = dump_catalog(
            replace(template, metadata={**template.metadata, "POT-Creation-Date": now_stamp()})
        )
    return text.encode("utf-8")


_CREATION_DATE = re.compile(r'^"POT-Creation-Date: (.*)\\n"$', re.MULTILINE)


def msgfmt_refusal(entry: Entry, translation: str) -> str | None:
    """Why this translation of the entry cannot go into a catalog: `msgfmt -c` would refuse
    it, or it holds a control character (articles may not either); None when it can."""
    for end, name in ((str.startswith, "begin"), (str.endswith, "end")):
        if translation and end(entry.msgid, "\n") != end(translation, "\n"):
            return f"the translation and its source do not both {name} with a line break"
    if _NOT_IN_STRING.search(translation):
        return f"the translation holds {_named(translation, _NOT_IN_STRING)}; remove it"
    return None
