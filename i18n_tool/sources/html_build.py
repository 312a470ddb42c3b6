"""Builds of HTML articles: each unit's translation back into the page's bytes.

Only what a unit spans is replaced, so every other byte of the page (its white space,
comments, scripts, attribute quoting, invalid markup) stays as it was. Placeholders become the
source's tags again, and text a translation kept comes back as the source wrote it.
"""

from __future__ import annotations

import html
import re
from collections import deque
from collections.abc import Collection, Mapping

from ..languages import text_direction
from ..model import Block, BlockKind, Document, Inline
from ..protect import tags_nest


def restore(
    inline: Inline, translation: str, source: str, nested: Mapping[int, tuple[int, str]] = {}
) -> str | None:
    """What replaces an HTML unit's span in a build: each placeholder as the source's tag
    (with its attributes, and inside them the translations of `nested` attribute units:
    start → (end, replacement)), text the translation did not change as the source wrote it
    (entities and line breaks included), new text escaped. Never new markup: a `<b>` the
    source unit has not is text. None when the placeholders are not the source's, each once
    and nested as in the source (`check` reports it): the build keeps the source's text."""
    if inline.place != "text":
        return _restore_attribute(inline, translation, source)
    codes: dict[str, deque[tuple[int, int]]] = {}
    texts: dict[str, tuple[int, int]] = {}
    for display, start, end, code in inline.pieces:
        if code:
            codes.setdefault(display, deque()).append((start, end))
        else:
            texts.setdefault(display, (start, end))
    parts, cursor = [], 0
    if codes:
        pattern = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
        for match in re.finditer(pattern, translation):
            parts.append(_text(translation[cursor : match.start()], texts, source))
            spans = codes[match.group()]
            if not spans:
                return None  # one more than the source has
            start, end = spans.popleft()
            parts.append(_with_nested(source, start, end, nested))
            cursor = match.end()
    parts.append(_text(translation[cursor:], texts, source))
    if any(codes.values()) or (tags_nest(_msgid(inline)) and not tags_nest(translation)):
        return None
    return "".join(parts)


def _msgid(inline: Inline) -> str:
    return "".join(piece[0] for piece in inline.pieces)


def _text(part: str, texts: Mapping[str, tuple[int, int]], source: str) -> str:
    if part in texts:
        start, end = texts[part]
        return source[start:end]
    return html.escape(html.unescape(part), quote=False)


def _with_nested(source: str, start: int, end: int, nested: Mapping[int, tuple[int, str]]) -> str:
    """A tag as the source has it, with its attribute units translated."""
    pieces, cursor = [], start
    for position in sorted(p for p in nested if start <= p < end):
        stop, replacement = nested[position]
        if position >= cursor and stop <= end:
            pieces += [source[cursor:position], replacement]
            cursor = stop
    pieces.append(source[cursor:end])
    return "".join(pieces)


def _restore_attribute(inline: Inline, translation: str, source: str) -> str:
    (display, start, end, _), quote = inline.pieces[0], inline.place
    if translation == display:
        return source[start:end]
    value = html.unescape(translation).replace("&", "&amp;")
    if quote == "'":
        return value.replace("'", "&#39;")
    value = value.replace('"', "&quot;")
    return value if quote == '"' else f'"{value}"'  # an unquoted value gets quotes


def localize_html(
    document: Document,
    translations: Mapping[str, str],
    language: str | None,
    left_out: Collection[Block] = (),
) -> str:
    """The page with each translated unit restored in place, the blocks `left_out` emptied
    (the `omit` fallback), and the build's `language` on its root (None: left as it is)."""
    text = document.text
    omitted = {id(block) for block in left_out}
    attributes: dict[int, tuple[int, str]] = {}  # edits inside tags: start → (end, replacement)
    for block in document.blocks:
        for unit in block.units:
            if unit.inline is None or unit.inline.place == "text":
                continue
            if id(block) in omitted:
                attributes[unit.start] = (unit.end, "" if unit.inline.place else '""')
            elif unit.text in translations:
                restored = restore(unit.inline, translations[unit.text], text)
                attributes[unit.start] = (unit.end, restored or text[unit.start : unit.end])
    if language is not None:  # on a tag that may stand inside a unit too
        for start, end, replacement in language_edits(document, language):
            attributes[start] = (end, replacement)
    edits = [(start, end, replacement) for start, (end, replacement) in attributes.items()]
    for block in document.blocks:
        for unit in block.units:
            if unit.inline is None or unit.inline.place != "text":
                continue
            if id(block) in omitted:
                edits.append((unit.start, unit.end, ""))
            elif unit.text in translations:
                restored = restore(unit.inline, translations[unit.text], text, attributes)
                if restored is not None:
                    edits.append((unit.start, unit.end, restored))
    pieces, cursor = [], 0
    for start, end, replacement in sorted(edits):
        if start < cursor:
            continue  # inside a restored unit, which has it already
        pieces += [text[cursor:start], replacement]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def html_plain_text(document: Document, translations: Mapping[str, str]) -> str:
    """The page's text as a reader sees it: each block's units, translated where they are,
    one block a paragraph (attribute values apart)."""
    paragraphs = []
    for block in document.blocks:
        if block.kind is BlockKind.ATTRIBUTE:
            continue
        text = " ".join(translations.get(unit.text, unit.text) for unit in block.units)
        paragraphs.append(html.unescape(_ANY_PLACEHOLDER.sub("", text)))
    return "\n\n".join(paragraphs) + "\n"


_ANY_PLACEHOLDER = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?: translate=\"no\")?/?>")


def language_edits(document: Document, language: str) -> list[tuple[int, int, str]]:
    """The edits that say a build's language where the page says its own (`lang`, and
    `dir="rtl"` for a right-to-left language): (start, end, replacement), a value replaced
    or the missing attributes added after the tag's name."""
    wanted = {"lang": language.replace("_", "-")}
    if text_direction(language) == "rtl":
        wanted["dir"] = "rtl"
    edits = []
    for mark in document.language_marks:
        added = ""
        for attribute, value in wanted.items():
            written = mark.lang if attribute == "lang" else mark.dir
            if written is None:
                added += f' {attribute}="{value}"'
            else:
                start, end, quote = written
                edits.append((start, end, value if quote else f'"{value}"'))
        if added:
            edits.append((mark.insert_at, mark.insert_at, added))
    return edits
