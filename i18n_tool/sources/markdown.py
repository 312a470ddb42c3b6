"""Markdown sources: markdown-it-py finds the blocks; units keep their spans in the file.

markdown-it gives each inline run (a paragraph's or heading's text, a table cell) as `content`
with container markers (`> `, list indentation) removed and line endings normalised. We find
each content line back in the source, in order, so every unit maps to exact source offsets.
Code blocks, HTML blocks and front matter have no inline content: they are never units.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..errors import SourceError
from ..model import Block, BlockKind, Reading, Unit
from ..segment import GermanRules, has_letter, unit_spans

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _parser() -> MarkdownIt:
    """The parser, made when an article is first read (a run with nothing to read, as on an
    archive where nothing changed, never loads markdown-it). `inline_definitions`: link
    reference definitions become tokens with their lines (a label, destination or title may
    span lines), so no text of theirs is taken for lost text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"inline_definitions": True}).enable("table")


_OPENING_KINDS = {
    "heading_open": BlockKind.HEADING,
    "blockquote_open": BlockKind.QUOTE,
    "list_item_open": BlockKind.LIST_ITEM,
    "th_open": BlockKind.TABLE_CELL,
    "td_open": BlockKind.TABLE_CELL,
}

# Inline constructs that never contain a sentence boundary and stay whole in their unit.
_PROTECTED = re.compile(
    r"""\\.                              # a backslash escape: never a delimiter
      | (`+)[^`]*?\1                    # inline code
      | !?\[[^\]]*\]\([^)\s]*(?:\s+"[^"]*")?\)  # links and images with their URLs
      | <[A-Za-z][^<>]*>                # autolinks and inline HTML tags
      | \*\*[^*]+\*\* | (?<!\w)__[^_]+__(?!\w)       # strong emphasis
      | \*[^*\s][^*]*\* | (?<!\w)_[^_\s][^_]*_(?!\w) # emphasis (no intraword "_")
      | https?://\S+                    # bare URLs
    """,
    re.VERBOSE,
)
_MAYBE_PROTECTED = re.compile(r"[`\[<*_\\]|https?://")  # cheap test before the long pattern
# What is left of a unit without code, URLs, tags and images must have a letter to be text.
_NON_TEXT = re.compile(r"(`+)[^`]*?\1|https?://\S+|<[^<>]*>|!\[[^\]]*\]\([^)]*\)")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)\n")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _kind(stack: list[BlockKind]) -> BlockKind:
    """The innermost meaningful container: a heading or cell, else a quote or list item."""
    return stack[-1] if stack else BlockKind.PARAGRAPH


def _content_offsets(
    source: str, line_starts: list[int], line_range: list[int], lines: list[str], cursor: int
) -> list[int] | None:
    """Source offset of each content line, searched in order within the block's lines."""
    offsets = []
    position = max(cursor, line_starts[line_range[0]])
    limit = line_starts[line_range[1]] if line_range[1] < len(line_starts) else len(source)
    for content_line in lines:
        found = source.find(content_line, position, limit)
        if found < 0:
            return None
        offsets.append(found)
        position = found + len(content_line)
    return offsets


def read_markdown(text: str, rules: GermanRules, sentences: bool = True) -> Reading:
    bom = 1 if text.startswith("\ufeff") else 0
    line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    blocks: list[Block] = []
    stack: list[BlockKind] = []
    cursor = 0
    tokens = _parser().parse(text[bom:])
    _refuse_unread_text(text, line_starts, tokens)
    for token in tokens:
        if token.type in _OPENING_KINDS:
            stack.append(_OPENING_KINDS[token.type])
        elif token.type.replace("_close", "_open") in _OPENING_KINDS:
            stack.pop()
        if token.type != "inline" or not token.content.strip() or token.map is None:
            continue
        content_lines = token.content.split("\n")
        offsets = _content_offsets(text, line_starts, token.map, content_lines, cursor)
        if offsets is None:
            continue  # not found verbatim (e.g. escaped pipes in a table): left as it is
        cursor = offsets[-1] + len(content_lines[-1])
        kind = _kind(stack)
        units = _units(token.content, content_lines, offsets, kind, line_starts, rules, sentences)
        if units:
            first, last = token.map
            end = line_starts[last] if last < len(line_starts) else len(text)
            start = max(line_starts[first], bom)
            blocks.append(Block(kind, first + 1, tuple(units), start, end))
    return Reading(blocks)


_LEAVES = {"inline", "fence", "code_block", "html_block", "hr", "definition"}
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _refuse_unread_text(text: str, line_starts: list[int], tokens: list[Token]) -> None:
    """Never lose text silently: markdown-it stops reading quotes and lists nested deeper
    than its limit (20 levels), and their text would simply not be offered for translation.
    A line with words that no block covers is an error naming it."""
    covered = bytearray(len(line_starts))
    for token in tokens:
        if token.type in _LEAVES and token.map is not None:
            first, last = token.map
            covered[first:last] = b"\1" * (last - first)
    for number, start in enumerate(line_starts):
        if covered[number]:
            continue
        end = line_starts[number + 1] if number + 1 < len(line_starts) else len(text)
        line = text[start:end]
        if _WORDS.search(line):
            raise SourceError(
                "this line's text is nested deeper than Markdown is read here (over 20 levels "
                "of quotes or lists) and would be lost; flatten the nesting",
                line=number + 1,
            )


def _units(
    content: str,
    content_lines: list[str],
    offsets: list[int],
    kind: BlockKind,
    line_starts: list[int],
    rules: GermanRules,
    sentences: bool,
) -> list[Unit]:
    line_begins = []
    position = 0
    for line in content_lines:
        line_begins.append(position)
        position += len(line) + 1

    def to_source(position: int) -> int:
        index = bisect_right(line_begins, position) - 1
        return offsets[index] + position - line_begins[index]

    protected = (
        [m.span() for m in _PROTECTED.finditer(content)] if _MAYBE_PROTECTED.search(content) else []
    )
    units = []
    segment_start = 0
    for segment_end in [m.start() for m in _HARD_BREAK.finditer(content)] + [len(content)]:
        segment = content[segment_start:segment_end]
        local = [(a - segment_start, b - segment_start) for a, b in protected]
        for a, b in unit_spans(segment, rules, sentences, local):
            start, end = to_source(segment_start + a), to_source(segment_start + b)
            unit_text = _SOFT_BREAK.sub(" ", segment[a:b])
            if has_letter(_NON_TEXT.sub("", unit_text)):
                line = bisect_right(line_starts, start)
                units.append(Unit(text=unit_text, kind=kind, line=line, start=start, end=end))
        hard_break = _HARD_BREAK.match(content, segment_end)
        segment_start = hard_break.end() if hard_break else segment_end
    return units
