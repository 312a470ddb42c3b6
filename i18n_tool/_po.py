"""PO syntax, private to `catalog.py`: polib parses, a fast scanner reads gettext's own layout,
and our writer prints exactly what GNU gettext prints. What the lines *mean* (states, MT and QA
comments) is `catalog.py`'s business.

polib's own writer wraps lines differently from `msgcat`/`msgmerge`, so a catalog would churn
each time a gettext tool, Weblate or Poedit touched it. `dump_po` follows gettext's layout:
comment order, `#:` reference wrapping and string wrapping at 79 columns at the line-break
opportunities of Unicode's line breaking algorithm (the subset that occurs in European text).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .errors import CatalogError

PAGE_WIDTH = 79

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\v": "\\v",
}

# Line-breaking classes (UAX #14) of the characters that matter in our text.
_CLOSE = set(")]}")  # CL, CP
_CLOSE_PARENS = set(")]")  # CP: no break before letters and digits either
_EXCLAMATION = set("!?")  # EX
_INFIX = set(",.:;")  # IS
_SOLIDUS = set("/")  # SY
_QUOTE = set("\"'«»‘’“”‹›‛‟")  # QU
_OPEN = set("([{„‚¿¡")  # OP
_GLUE = set("\u00a0\u202f\u2007\u2011\u2060")  # GL
_HYPHEN = set("-")  # HY
_BREAK_AFTER = set("\t|\u00ad\u2010\u2012\u2013")  # BA
_BOTH = set("\u2014")  # B2
_INSEPARABLE = set("…\u2025")  # IN
_PREFIX = set("$€£¥+\\#")  # PR (# is AL, but never breaks next to words either)
_POSTFIX = set("%°‰′″")  # PO
_NO_BREAK_BEFORE = _CLOSE | _EXCLAMATION | _INFIX | _SOLIDUS


def _is_ideographic(char: str) -> bool:
    return len(char) == 1 and unicodedata.east_asian_width(char) in "WF"


def _may_break(before: str, char: str) -> bool:
    """May a line break between `before` and `char`?"""
    if char == " ":
        return before == " "  # libunistring breaks inside a run of spaces, not before one
    if char in _GLUE or before in _GLUE:
        return False
    if before == " ":
        return char not in _NO_BREAK_BEFORE
    if char in _NO_BREAK_BEFORE or char in _QUOTE or before in _QUOTE or before in _OPEN:
        return False
    if char in _BREAK_AFTER or char in _HYPHEN or char in _INSEPARABLE:
        return False
    if before in _HYPHEN or before in _INFIX:
        return not char.isdigit()
    if before in _BOTH or char in _BOTH:
        return not (before in _BOTH and char in _BOTH)
    if before in _BREAK_AFTER or before in _EXCLAMATION or before in _INSEPARABLE:
        return True
    if before in _SOLIDUS:
        return not char.isdigit()
    if before in _CLOSE_PARENS:
        return not char.isalnum()
    if before in _CLOSE:
        return True
    return _is_ideographic(before) or _is_ideographic(char)


@functools.lru_cache(maxsize=1 << 16)
def _wrap(keyword: str, text: str, prefix: str = "") -> tuple[str, ...]:
    """gettext's layout of `keyword "text"`: one line if it fits, else `keyword ""` + lines.

    `prefix` (`#| `, `#~ `, `#~| `) starts every line and counts against the width.
    """
    # a portion ends after each line break but a last one
    *ended, rest = text[:-1].split("\n")
    layouts = [_Layout(f"{portion}\n") for portion in ended] + [_Layout(rest + text[-1:])]

    indent = len(prefix)
    lines = layouts[0].lines(indent + len(keyword) + 1, indent)
    if len(layouts) == 1 and len(lines) == 1:
        return (f'{prefix}{keyword} "{lines[0]}"',)
    out = [f'{prefix}{keyword} ""']
    for layout in layouts:
        out.extend(f'{prefix}"{line}"' for line in layout.lines(indent, indent))
    return tuple(out)


_NEAR_NON_WORD = re.compile(r"(?=\W)|(?<=\W)(?=.)", re.DOTALL)  # positions beside a non-word
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_MAYBE_WIDE = re.compile(r"[\u1100-\U0010ffff]")


class _Layout:
    """One portion, broken into lines as gettext (libunistring) does.

    Break opportunities are found in the *escaped* text (so `\\"` acts as a backslash, a
    prefix character) and never inside an escape sequence. The text between two opportunities
    is a piece; when a piece ends past the width, the line breaks before that piece. Between
    two word characters there is no opportunity (outside East Asian scripts), so only the
    positions next to other characters are examined. What the breaking needs is worked out
    once, when a line is too long, for every layout asked of the portion.
    """

    def __init__(self, portion: str) -> None:
        self.portion = portion
        self.plain = not _NEEDS_ESCAPE.search(portion)
        self.wide = any(_is_ideographic(m.group(0)) for m in _MAYBE_WIDE.finditer(portion))
        self.pieces: Sequence[str] = ""  # each character as written in the file
        self.candidates: Sequence[int] = ()  # where an opportunity may be
        self.ends: Sequence[int] = ()  # ends[i]: the width of pieces[:i]

    def written(self) -> str:
        """The portion as the file holds it, escaped."""
        if self.plain:
            return self.portion
        return _NEEDS_ESCAPE.sub(lambda match: _ESCAPES[match.group()], self.portion)

    def _measure(self) -> None:
        portion = self.portion
        if self.plain and not self.wide:  # a character each, a column each
            self.pieces, self.ends = portion, range(len(portion) + 1)
            self.candidates = [m.start() for m in _NEAR_NON_WORD.finditer(portion, 1)]
            return
        pieces = list(portion) if self.plain else [_ESCAPES.get(char, char) for char in portion]
        if self.wide:
            self.candidates = range(1, len(pieces))
            widths = [len(piece) * (2 if _is_ideographic(piece) else 1) for piece in pieces]
        else:
            self.candidates = [m.start() for m in _NEAR_NON_WORD.finditer(portion, 1)]
            widths = [len(piece) for piece in pieces]
        self.pieces, self.ends = pieces, list(itertools.accumulate(widths, initial=0))

    def lines(self, start_column: int, indent: int) -> list[str]:
        width = PAGE_WIDTH - 2  # the two quotes
        if not self.wide:  # fits: the common case, nothing to compute
            written = self.written()
            if start_column + len(written) <= width:
                return [written]
        if not self.ends:
            self._measure()
        pieces, candidates, ends = self.pieces, self.candidates, self.ends
        last = len(pieces) - 1

        def opportunity(at: int) -> bool:  # is candidates[at] a break opportunity?
            index = candidates[at]
            if index == last and pieces[index] == "\\n":
                return False
            return _may_break(pieces[index - 1][-1], pieces[index][0])

        def next_opportunity(at: int) -> int | None:  # the first at or after candidates[at]
            while at < len(candidates) and not opportunity(at):
                at += 1
            return at if at < len(candidates) else None

        def previous_opportunity(at: int) -> int:  # the last at or before; the caller knows one
            while not opportunity(at):
                at -= 1
            return at

        # Each line breaks at the opportunity before the first one past the width (never
        # before its own first opportunity): only the opportunities around it are examined.
        breaks: list[int] = []
        start, column = 0, start_column  # where the line starts, in pieces and in columns
        first = next_opportunity(0)  # the line's first opportunity (an index into candidates)
        while first is not None:
            past = bisect_right(ends, width - column + ends[start])  # the first piece too far
            over = next_opportunity(max(first + 1, bisect_left(candidates, past)))
            if over is None:
                if column + ends[-1] - ends[start] > width:
                    breaks.append(candidates[previous_opportunity(len(candidates) - 1)])
                break
            start, column, first = candidates[previous_opportunity(over - 1)], indent, over
            breaks.append(start)
        bounds = [0, *breaks, len(pieces)]
        return ["".join(pieces[a:b]) for a, b in itertools.pairwise(bounds)]


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")] if text else []


def _reference_lines(occurrences: list[tuple[str, str]]) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for path, number in occurrences:
        ref = f"{path}:{number}" if number else path
        if len(line) > 2 and len(line) + 1 + len(ref) > PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + ref
    if len(line) > 2:
        lines.append(line)
    return lines


def _entry_lines(entry: PoLines) -> list[str]:
    lines = _comment_lines("#", entry.tcomment)
    if not entry.obsolete:  # as msgmerge: an obsolete entry keeps only translator comments
        lines += _comment_lines("#.", entry.comment) + _reference_lines(entry.occurrences)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if entry.previous_msgid:
        lines += _wrap("msgid", entry.previous_msgid, "#~| " if entry.obsolete else "#| ")
    prefix = "#~ " if entry.obsolete else ""
    return [*lines, *_wrap("msgid", entry.msgid, prefix), *_wrap("msgstr", entry.msgstr, prefix)]


@dataclass(slots=True)
class PoLines:
    """What the writer needs of an entry. Catalogs hold no contexts or plural forms (reading
    refuses them), so neither is written."""

    msgid: str
    msgstr: str = ""
    tcomment: str = ""
    comment: str = ""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    obsolete: bool = False
    previous_msgid: str | None = None


def dump(
    header: str,
    metadata: Iterable[tuple[str, str]],
    fuzzy_header: bool,
    entries: Iterable[PoLines],
) -> str:
    """A catalog's text as GNU gettext writes it (msgcat on our output changes nothing), from
    its header and entries (live ones first, then obsolete ones)."""
    head = PoLines(
        msgid="",
        msgstr="".join(f"{key}: {value}\n" for key, value in metadata),
        tcomment=header,
        flags=["fuzzy"] if fuzzy_header else [],
    )
    entries = list(entries)
    blocks = [_entry_lines(head)]
    blocks += [_entry_lines(e) for e in entries if not e.obsolete]
    blocks += [_entry_lines(e) for e in entries if e.obsolete]
    return "\n".join("\n".join(block) + "\n" for block in blocks)


_PO_LINE = re.compile(
    r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"[ \t]*'
)


def _syntax_error(text: str) -> tuple[int, str] | None:
    """The first line polib would misread silently: a string with a lost quote (polib drops
    it), or a msgid without its msgstr (a file cut short; polib would invent an empty one)."""
    open_msgid = None  # the line of a msgid whose msgstr has not come yet
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            if open_msgid is not None and not stripped.startswith("#"):
                break  # a blank line ends the entry
            continue
        if not _PO_LINE.fullmatch(stripped):
            return number, f"syntax error: {stripped[:40]!r} is not a keyword and a quoted string"
        if stripped.startswith("msgid "):
            if open_msgid is not None:
                break
            open_msgid = number
        elif stripped.startswith("msgstr"):
            open_msgid = None
    if open_msgid is not None:
        return open_msgid, "msgid without msgstr (is the file cut short?)"
    return None


def read_text(path: Path) -> str:
    """A catalog's text; a missing or unreadable file is one line naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CatalogError("catalog not found", path) from exc
    except UnicodeDecodeError as exc:
        raise CatalogError("cannot parse catalog: not UTF-8", path) from exc
    except OSError as exc:
        raise CatalogError(f"cannot read catalog: {exc.strerror}", path) from exc


def parse_po(text: str, path: Path) -> polib.POFile:
    """Parse a PO/POT file's text; a file broken by hand gives one line naming it and the line."""
    error = _syntax_error(text)
    if error is not None:
        raise CatalogError(f"cannot parse catalog: {error[1]}", path, error[0])
    try:
        return polib.pofile(text, wrapwidth=PAGE_WIDTH)
    except (OSError, ValueError) as exc:
        message = str(exc)
        line = None
        if "(line " in message:
            line = int(message.rsplit("(line ", 1)[1].split(")")[0])
            message = message.split(" (line ")[0]
        raise CatalogError(f"cannot parse catalog: {message}", path, line) from exc


_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_SEQUENCE = re.compile(r"\\(.)")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE_SEQUENCE.sub(lambda m: _UNESCAPE.get(m.group(1), m.group(1)), text)


@dataclass(slots=True)
class RawEntry:
    """The lines of one live PO entry, unescaped, as the fast scanner reads them."""

    msgid: str = ""
    msgstr: str = ""
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgid: str | None = None


def scan_live_entries(text: str) -> list[RawEntry] | None:
    """The live entries of a catalog in the layout gettext (and we) write, about 6× quicker
    than polib; None for anything it does not expect — msgctxt, plurals, entries not
    separated by blank lines, odd lines — which polib then reads (and reports if broken)."""
    entries = []
    for block in text.split("\n\n"):
        raw = RawEntry()
        fields: dict[str, list[str]] = {}
        keyword = ""  # the string the next continuation line belongs to
        for line in block.split("\n"):
            if not line:
                continue
            if line[0] == "#":
                marker = line[1:2]
                if marker == ":":
                    raw.references += [_reference(ref) for ref in line[2:].split()]
                    continue
                if marker == ".":
                    raw.extracted_comments.append(line[3:])
                    continue
                if marker == " " or not marker:
                    raw.translator_comments.append(line[2:])
                    continue
                if marker == ",":
                    raw.flags = [flag.strip() for flag in line[2:].split(",") if flag.strip()]
                    continue
                if marker == "~":
                    break  # obsolete: not a live entry
                if marker != "|":
                    return None
                line, prefix = line[3:], "#| "
            else:
                prefix = ""
            if line[:1] == '"':
                if keyword.startswith("#| ") != bool(prefix) or keyword not in fields:
                    return None  # a continuation of nothing, or of another keyword
            else:
                name, _, line = line.partition(" ")
                keyword = prefix + name
                if keyword not in ("msgid", "msgstr", "#| msgid") or keyword in fields:
                    return None  # msgctxt, plurals, two entries without a blank line
                fields[keyword] = []
            if len(line) >= 2 and line[0] == '"' and line[-1] == '"':
                fields[keyword].append(line[1:-1])  # the common case, without a call
                continue
            value = _quoted(line)
            if value is None:
                return None
            fields[keyword].append(value)
        else:
            if not fields:
                continue
            if "msgid" not in fields or "msgstr" not in fields:
                return None
            raw.msgid = _unescape("".join(fields["msgid"]))
            raw.msgstr = _unescape("".join(fields["msgstr"]))
            if "#| msgid" in fields:
                raw.previous_msgid = _unescape("".join(fields["#| msgid"]))
            if raw.msgid:
                entries.append(raw)
    if len({raw.msgid for raw in entries}) != len(entries):
        return None  # a msgid twice: the full reader says where
    return entries


def _quoted(text: str) -> str | None:
    """The inside of `"..."` (trailing blanks allowed), or None if it is not one string."""
    text = text.rstrip(" \t")
    return text[1:-1] if len(text) >= 2 and text[0] == '"' and text[-1] == '"' else None


def _reference(text: str) -> tuple[str, str]:
    path, _, line = text.rpartition(":")
    return (path, line) if path and line.isdigit() else (text, "")
