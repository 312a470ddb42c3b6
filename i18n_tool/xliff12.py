"""XLIFF 1.2, which most CAT tools and converters still speak (Translate Toolkit's `po2xliff`
and `xliff2po`, Okapi, Weblate's XLIFF components, Trados' SDLXLIFF): the gateway for 1.2
files, and for reading 1.1 ones.

Writing: one `<file>` per article and language; a `<trans-unit>` per entry, its id the one
the XLIFF 2 export gives (from the source text). Inline markup keeps its characters: paired
markup (emphasis, a link's brackets, a pair of tags) as `<bpt>`/`<ept>`, the rest as `<ph>`,
so a CAT tool protects it and a converter that flattens codes (`xliff2po`) gives the text
back as it was. States: a reviewed entry is `approved="yes"` with `state="translated"`; an
MT or memory suggestion `state="needs-review-translation"` with `state-qualifier`
`mt-suggestion` or `tm-suggestion`; an entry that needs review `needs-review-translation`;
an untranslated one has no target.

Reading: `approved="yes"`, and `translated`, `final` or `signed-off` (unless `approved="no"`)
are a translator's confirmed work; `new`, `needs-translation`, `needs-review-*`,
`needs-adaptation`, `needs-l10n` are drafts. Inline codes come back as the markup they hold
(`<bpt>`, `<ept>`, `<ph>`, `<it>`), or, for `<g>`, `<x/>`, `<bx/>`, `<ex/>`, as the markup of
the source's code with the same id. A gettext header unit (`po2xliff`'s
`restype="x-gettext-domain-header"`) is not a unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ._xml import forget_before, stream
from .errors import ConfigError
from .fileio import write_atomic
from .model import Entry, EntryState
from .protect import Role, markup_tokens
from .xliff import XML_SPACE, XliffFile, XliffSegment, indent, notes_of, unit_id

NAMESPACES = {
    "urn:oasis:names:tc:xliff:document:1.2": "1.2",
    "urn:oasis:names:tc:xliff:document:1.1": "1.1",
}
NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_NS = f"{{{NAMESPACE}}}"
_CONFIRMED = frozenset({"translated", "final", "signed-off"})
_QUALIFIERS = {EntryState.MACHINE: "mt-suggestion", EntryState.MEMORY: "tm-suggestion"}
_HEADER = "x-gettext-domain-header"
_EXPORT = "i18n-tool export"


def write_xliff12(
    path: Path,
    source_language: str,
    target_language: str,
    original: str,
    entries: Iterable[Entry],
    file_id: str = "",
) -> int:
    """Write one article's live entries in one language as XLIFF 1.2; the units written.
    `file_id` names the export (as a workflow phase in the header), so an import can tell
    what that export wrote."""
    from lxml import etree  # imported when first needed: every command starts faster

    root = etree.Element(_NS + "xliff", {"version": "1.2"}, nsmap={None: NAMESPACE})
    file = etree.SubElement(
        root,
        _NS + "file",
        {
            "original": original,
            "source-language": source_language,
            "target-language": target_language,
            "datatype": "x-i18n-tool",
        },
    )
    if file_id:
        header = etree.SubElement(file, _NS + "header")
        phases = etree.SubElement(header, _NS + "phase-group")
        etree.SubElement(phases, _NS + "phase", {"phase-name": file_id, "process-name": _EXPORT})
    body = etree.SubElement(file, _NS + "body")
    count = 0
    for entry in entries:
        if entry.obsolete or not entry.msgid:
            continue
        unit = etree.SubElement(body, _NS + "trans-unit", id=unit_id(entry.msgid))
        unit.set(XML_SPACE, "preserve")
        _inline(etree, etree.SubElement(unit, _NS + "source"), entry.msgid)
        if entry.msgstr:
            target = etree.SubElement(unit, _NS + "target")
            if entry.state is EntryState.REVIEWED:
                unit.set("approved", "yes")
                target.set("state", "translated")
            else:
                target.set("state", "needs-review-translation")
                if entry.state in _QUALIFIERS:
                    target.set("state-qualifier", _QUALIFIERS[entry.state])
            _inline(etree, target, entry.msgstr)
        for category, text in notes_of(entry):
            note = etree.SubElement(unit, _NS + "note", {"from": "i18n-tool"})
            note.text = f"{category}: {text}"
        count += 1
    indent(root, frozenset(_NS + name for name in ("source", "target", "note")))
    write_atomic(path, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return count


def _inline(etree: Any, element: Any, text: str) -> None:
    """`text` into `element`, its markup as codes holding the markup's characters."""
    last: Any = None
    opened: list[int] = []
    number = 0
    for token in markup_tokens(text):
        if isinstance(token, str):
            if last is None:
                element.text = (element.text or "") + token
            else:
                last.tail = (last.tail or "") + token
            continue
        if token.role is Role.CLOSE and opened:
            code = etree.SubElement(element, _NS + "ept", id=str(opened.pop()))
        else:
            number += 1
            tag = "bpt" if token.role is Role.OPEN else "ph"
            code = etree.SubElement(element, _NS + tag, id=str(number))
            if token.role is Role.OPEN:
                opened.append(number)
        code.text = token.source
        last = code


def read_xliff12(path: Path) -> list[XliffFile]:
    """The files of an XLIFF 1.2 or 1.1 document, each with its segments."""
    files: list[XliffFile] = []
    languages, original, file_id, segments = ("", ""), "", "", []
    namespace = ""
    for event, element in stream(path, "XLIFF", events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "xliff" or tag.endswith("}xliff"):
                namespace = tag[: -len("xliff")]
            elif tag == namespace + "file":
                languages = (
                    element.get("source-language", ""),
                    element.get("target-language", ""),
                )
                original, file_id, segments = element.get("original", ""), "", []
            elif tag == namespace + "phase" and element.get("process-name") == _EXPORT:
                file_id = element.get("phase-name", "")
            continue
        if tag == namespace + "trans-unit":
            if element.get("restype") != _HEADER:
                segments.append(_segment(element, namespace))
            forget_before(element)
        elif tag == namespace + "file":
            files.append(XliffFile(*languages, original, tuple(segments), file_id))
    if not files:
        raise ConfigError("no <file> in this XLIFF document", path)
    return files


class _UnreadableCode(Exception):
    pass


def _segment(unit: Any, ns: str) -> XliffSegment:
    identifier = unit.get("id", "")
    source, target = unit.find(ns + "source"), unit.find(ns + "target")
    state = _state(unit, target)
    try:
        codes: dict[tuple[str, str], str] = {}
        source_text = _flatten(source, ns, codes, record=True) if source is not None else ""
        target_text = _flatten(target, ns, codes) if target is not None else None
    except _UnreadableCode as exc:
        return XliffSegment(identifier, "", None, state, unit.sourceline, str(exc))
    return XliffSegment(identifier, source_text, target_text or None, state, unit.sourceline)


def _state(unit: Any, target: Any) -> str:
    """As XLIFF 2 names it: `final` or `translated` (confirmed), else `initial` (a draft)."""
    approved = unit.get("approved")
    state = target.get("state", "") if target is not None else ""
    if approved == "yes":
        return "final"
    if state in _CONFIRMED and approved != "no":
        return "translated"
    return "initial"


_NATIVE = {"bpt": "bpt", "ept": "ept", "ph": "ph", "it": "ph"}
_STANDS_FOR = {"x": "ph", "bx": "bpt", "ex": "ept"}


def _flatten(element: Any, ns: str, codes: dict[tuple[str, str], str], record: bool = False) -> str:
    """The text of a `<source>` or `<target>`, its inline codes as their markup. Codes with
    native content (`<bpt>`, `<ept>`, `<ph>`, `<it>`) give it; `<g>`, `<x/>`, `<bx/>` and
    `<ex/>` give the source's code of the same id (`record`: this is the source)."""
    parts = [element.text or ""]
    for child in element:
        name = child.tag.removeprefix(ns) if isinstance(child.tag, str) else ""
        code_id = child.get("id", "")
        if name in _NATIVE:
            native = "".join(child.itertext())
            if record:
                codes[(_NATIVE[name], code_id)] = native
            parts.append(native)
        elif name in _STANDS_FOR:
            parts.append(_stood_for(codes, _STANDS_FOR[name], code_id, name, record))
        elif name == "g":
            parts += [
                _stood_for(codes, "bpt", code_id, name, record),
                _flatten(child, ns, codes, record),
                _stood_for(codes, "ept", code_id, name, record),
            ]
        elif name == "mrk":
            parts.append(_flatten(child, ns, codes, record))
        else:
            raise _UnreadableCode(f"an unknown inline element <{name}>")
        parts.append(child.tail or "")
    return "".join(parts)


def _stood_for(
    codes: dict[tuple[str, str], str], kind: str, code_id: str, name: str, source: bool
) -> str:
    """The markup the source's code `code_id` holds. In a source such a code says nothing of
    its markup (""): the segment then matches only a unit without markup there."""
    if source:
        return ""
    if (kind, code_id) not in codes:
        raise _UnreadableCode(
            f"the inline code <{name} id={code_id!r}> stands for no code of the source"
        )
    return codes[(kind, code_id)]
