"""XLIFF 2.0, the exchange format of CAT tools (Trados, memoQ, OmegaT, Weblate): the one
gateway to XLIFF files.

Writing: one `<file>` per article and language, `srcLang` the project's source language and
`trgLang` the target. A unit's id comes from its source text (units are identified by their
text, as in the catalogs), so it is the same in every export while the sentence is. Inline
Markdown and HTML become inline codes, their characters kept in `<originalData>`: paired
markup (emphasis, a link's brackets and URL) as `<pc>`, the rest (tags, entities, code, URLs)
as `<ph>`, so a CAT tool protects them instead of showing them as words to translate.

States: an untranslated entry is `initial` without a target; a suggestion (MT, memory) or an
entry that needs review is `initial` with its target (Translate Toolkit reads that as fuzzy),
the kind named by `subState`; a reviewed entry is `reviewed`. Reading back, `translated`,
`reviewed` and `final` are a translator's confirmed work; `initial` is a draft.

Reading: streamed and hardened as `_xml` does for every XML file from other tools.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._xml import forget_before, stream
from .catalog import PROVENANCE_PREFIXES, QA_PREFIX
from .errors import ConfigError
from .fileio import write_atomic
from .model import Entry, EntryState
from .protect import Piece, Role, markup_tokens

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_NS = f"{{{NAMESPACE}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CONFIRMED_STATES = frozenset({"translated", "reviewed", "final"})
_SUB_STATES = {
    EntryState.MACHINE: "i18n-tool:mt",
    EntryState.MEMORY: "i18n-tool:tm",
    EntryState.NEEDS_REVIEW: "i18n-tool:needs-review",
}
# characters XML 1.0 cannot hold: XLIFF 2 writes them as <cp hex="..."/>
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def unit_id(source: str) -> str:
    """The id of the unit with this source text: the same in every export while it is."""
    return "u" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


# --- writing ----------------------------------------------------------------------------------


def write_xliff(
    path: Path,
    source_language: str,
    target_language: str,
    original: str,
    entries: Iterable[Entry],
    file_id: str = "f1",
) -> int:
    """Write one article's live entries in one language as XLIFF 2.0; the units written.
    `file_id` names the export, so an import can tell what that export wrote."""
    from lxml import etree  # imported when first needed: every command starts faster

    root = etree.Element(
        _NS + "xliff",
        {"version": "2.0", "srcLang": source_language, "trgLang": target_language},
        nsmap={None: NAMESPACE},
    )
    file = etree.SubElement(root, _NS + "file", {"id": file_id, "original": original})
    file.set(XML_SPACE, "preserve")
    count = 0
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        _write_unit(etree, file, entry)
        count += 1
    indent(root, _TEXT_ELEMENTS)
    write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return count


_TEXT_ELEMENTS = frozenset(_NS + name for name in ("source", "target", "note", "data"))


def indent(element: Any, text_elements: frozenset[str], depth: int = 0) -> None:
    """Indent the structure, never inside a text element (whose spaces are content)."""
    if element.tag in text_elements or not len(element):
        return
    element.text = "\n" + "  " * (depth + 1)
    for child in element:
        child.tail = "\n" + "  " * (depth + 1)
        indent(child, text_elements, depth + 1)
    element[-1].tail = "\n" + "  " * depth


def _write_unit(etree: Any, file: Any, entry: Entry) -> None:
    unit = etree.SubElement(file, _NS + "unit", id=unit_id(entry.msgid))
    notes = notes_of(entry)
    if notes:
        container = etree.SubElement(unit, _NS + "notes")
        for category, text in notes:
            note = etree.SubElement(container, _NS + "note", category=category)
            note.text = _NOT_XML.sub("\ufffd", text)  # a note holds text only
    codes = _Codes()
    source_tokens = markup_tokens(entry.msgid)
    target_tokens = markup_tokens(entry.msgstr) if entry.msgstr else []
    source_ids = codes.assign(source_tokens)
    target_ids = codes.assign(target_tokens, reuse=source_ids)
    if codes.data:
        original_data = etree.SubElement(unit, _NS + "originalData")
        for data_id, text in codes.data.items():
            data = etree.SubElement(original_data, _NS + "data", id=data_id)
            _append_text(etree, data, text)
    segment = etree.SubElement(unit, _NS + "segment")
    if entry.state is EntryState.REVIEWED:
        segment.set("state", "reviewed")
    else:
        segment.set("state", "initial")
        if entry.state in _SUB_STATES:
            segment.set("subState", _SUB_STATES[entry.state])
    _append_inline(etree, etree.SubElement(segment, _NS + "source"), source_tokens, source_ids)
    if entry.msgstr:
        target = etree.SubElement(segment, _NS + "target")
        _append_inline(etree, target, target_tokens, target_ids)


def notes_of(entry: Entry) -> list[tuple[str, str]]:
    """What a reviewer needs beside the text: where the unit stands, the previous source of a
    changed sentence, where a suggestion came from, QA findings, translators' comments."""
    notes = [("location", ", ".join(f"{r.path}:{r.line}" for r in entry.references))]
    if entry.block_kinds:
        notes.append(("block", ", ".join(entry.block_kinds)))
    if entry.previous_msgid:
        notes.append(("previous-source", entry.previous_msgid))
    for line in entry.comments:  # MT/TM lines without an origin are a translator's comment
        if line.startswith(PROVENANCE_PREFIXES) and entry.origin is not None:
            notes.append(("provenance", line))
        elif line.startswith(QA_PREFIX):
            notes.append(("qa", line.removeprefix(QA_PREFIX)))
        else:
            notes.append(("comment", line))
    notes += [("extracted", line) for line in entry.notes]
    return [(category, text) for category, text in notes if text]


@dataclass
class _Codes:
    """The inline codes of one unit: their ids and the markup each stands for (`data`)."""

    data: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def assign(
        self, tokens: list[str | Piece], reuse: dict[int, tuple[str, str, str]] | None = None
    ) -> dict[int, tuple[str, str, str]]:
        """token index → (code id, data id, closing data id) for every opening or standalone
        piece; a target's piece takes the id of a source piece with the same markup."""
        closing = _partners(tokens)
        available = list((reuse or {}).values())
        ids = {}
        for index, token in enumerate(tokens):
            if isinstance(token, str) or token.role is Role.CLOSE:
                continue
            end = tokens[closing[index]] if index in closing else None
            wanted = (token.source, end.source if isinstance(end, Piece) else "")
            match = next((c for c in available if self._markup(c) == wanted), None)
            if match is not None:
                available.remove(match)
                ids[index] = match
                continue
            self.count += 1
            start_ref = self._data(token.source)
            end_ref = self._data(end.source) if isinstance(end, Piece) else ""
            ids[index] = (str(self.count), start_ref, end_ref)
        return ids

    def _data(self, text: str) -> str:
        data_id = f"d{len(self.data) + 1}"
        self.data[data_id] = text
        return data_id

    def _markup(self, code: tuple[str, str, str]) -> tuple[str, str]:
        return (self.data[code[1]], self.data[code[2]] if code[2] else "")


def _partners(tokens: list[str | Piece]) -> dict[int, int]:
    """Opening piece index → its closing piece index (`markup_tokens` nests them properly)."""
    open_at: list[int] = []
    partners = {}
    for index, token in enumerate(tokens):
        if isinstance(token, Piece) and token.role is Role.OPEN:
            open_at.append(index)
        elif isinstance(token, Piece) and token.role is Role.CLOSE and open_at:
            partners[open_at.pop()] = index
    return partners


def _append_inline(
    etree: Any, element: Any, tokens: list[str | Piece], ids: dict[int, tuple[str, str, str]]
) -> None:
    """Text and inline codes into `element`: `<pc>` around paired markup, `<ph>` otherwise."""
    stack = [element]
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            _append_text(etree, stack[-1], token)
        elif token.role is Role.CLOSE:
            if len(stack) > 1:
                stack.pop()
        elif token.role is Role.OPEN and ids[index][2]:
            code, start, end = ids[index]
            attributes = {"id": code, "dataRefStart": start, "dataRefEnd": end}
            stack.append(etree.SubElement(stack[-1], _NS + "pc", attributes))
        else:
            etree.SubElement(stack[-1], _NS + "ph", id=ids[index][0], dataRef=ids[index][1])


def _append_text(etree: Any, element: Any, text: str) -> None:
    """Append text at the end of `element`, characters XML cannot hold as `<cp hex>`."""
    position = 0
    for match in _NOT_XML.finditer(text):
        _add(element, text[position : match.start()])
        etree.SubElement(element, _NS + "cp", hex=f"{ord(match.group()):04X}")
        position = match.end()
    _add(element, text[position:])


def _add(element: Any, text: str) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffSegment:
    """One segment of an XLIFF file, its inline codes put back as the markup they stand for."""

    unit_id: str
    source: str
    target: str | None
    state: str  # initial, translated, reviewed or final
    line: int
    problem: str = ""  # why the segment cannot be read (an inline code without its data)

    @property
    def confirmed(self) -> bool:
        return self.state in CONFIRMED_STATES


@dataclass(frozen=True)
class XliffFile:
    """What one `<file>` of an XLIFF document holds."""

    source_language: str
    target_language: str
    original: str  # the article it was made from, when the file says
    segments: tuple[XliffSegment, ...]
    file_id: str = ""  # the export it came from, when we wrote it


def read_xliff(path: Path) -> list[XliffFile]:
    """The files of an XLIFF document, each with its segments: XLIFF 2 here, 1.2 and 1.1 by
    `xliff12`."""
    languages = ("", "")
    files: list[XliffFile] = []
    original, file_id, segments = "", "", []
    for event, element in stream(path, "XLIFF", events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == _NS + "xliff":
                languages = (element.get("srcLang", ""), element.get("trgLang", ""))
                _check_version(element, path)
            elif tag == "xliff" or tag.endswith("}xliff"):
                if not element.get("version", "").startswith("1."):
                    raise ConfigError(
                        f"XLIFF version {element.get('version')!r} is not read (1.1, 1.2, 2.0 "
                        "and 2.1 are)",
                        path,
                    )
                from .xliff12 import read_xliff12  # XLIFF 1.2 builds on this module

                return read_xliff12(path)
            elif tag == _NS + "file":
                original, file_id, segments = element.get("original", ""), element.get("id", ""), []
            continue
        if tag == _NS + "unit":
            segments += _segments(element)
            forget_before(element)
        elif tag == _NS + "file":
            files.append(XliffFile(*languages, original, tuple(segments), file_id))
    if not languages[0]:
        raise ConfigError("not an XLIFF 2 document (no <xliff srcLang=...>)", path)
    return files


def _check_version(root: Any, path: Path) -> None:
    if not root.get("version", "2.0").startswith("2."):
        raise ConfigError(f"XLIFF version {root.get('version')} is not read (2.0, 2.1 are)", path)


def _segments(unit: Any) -> Iterator[XliffSegment]:
    unit_id = unit.get("id", "")
    segments = list(unit.iterfind(_NS + "segment"))
    try:
        stored = unit.iterfind(f"{_NS}originalData/{_NS}data")
        data = {d.get("id"): _flatten(d, {}) for d in stored}
    except _UnreadableCode as exc:  # every segment of the unit may refer to that data
        for segment in segments:
            state = segment.get("state", "initial")
            yield XliffSegment(unit_id, "", None, state, segment.sourceline, str(exc))
        return
    for segment in segments:
        state = segment.get("state", "initial")
        source, target = segment.find(_NS + "source"), segment.find(_NS + "target")
        try:
            source_text = _flatten(source, data) if source is not None else ""
            target_text = _flatten(target, data) if target is not None else None
        except _UnreadableCode as exc:
            yield XliffSegment(unit_id, "", None, state, segment.sourceline, str(exc))
            continue
        yield XliffSegment(unit_id, source_text, target_text, state, segment.sourceline)


class _UnreadableCode(Exception):
    pass


def _flatten(element: Any, data: dict[str, str]) -> str:
    """The text of a `<source>` or `<target>` with its inline codes as their markup."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.removeprefix(_NS) if isinstance(child.tag, str) else ""
        if name in ("ph", "sc", "ec"):
            parts.append(_data(child, "dataRef", data))
        elif name == "pc":
            parts += [
                _data(child, "dataRefStart", data),
                _flatten(child, data),
                _data(child, "dataRefEnd", data),
            ]
        elif name == "mrk":
            parts.append(_flatten(child, data))
        elif name == "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif name not in ("sm", "em"):
            raise _UnreadableCode(f"an unknown inline element <{name}>")
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except ValueError:  # not hexadecimal, or past U+10FFFF
        raise _UnreadableCode(f"<cp hex={hex_digits!r}> is not a character") from None


def _data(code: Any, attribute: str, data: dict[str, str]) -> str:
    reference = code.get(attribute)
    if reference is None:
        name = code.tag.removeprefix(_NS)
        raise _UnreadableCode(
            f"the inline code <{name} id={code.get('id')!r}> has no {attribute}: which markup it "
            "stands for is unknown"
        )
    if reference not in data:
        raise _UnreadableCode(f"the inline code refers to data {reference!r}, which is not there")
    return data[reference]
