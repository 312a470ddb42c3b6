"""HTML sources: html5lib's HTML5 parser finds the text a reader sees; units keep their spans.

Why html5lib: it implements the WHATWG tokenizer and tree construction, so what it calls text
is text in a browser too (not the inside of a `<script>`, a comment or an RCDATA `<title>`
read as markup), which is what keeps a translation from ever landing where it would run.
Python's `html.parser` gives positions but disagrees with browsers on escaped script data,
CDATA in SVG and comment edge cases; lxml is faster but gives no character offsets. html5lib
has no offsets either: `html5_spans` records them, in the text html5lib reads (line ends
normalised; `Normalised` maps them back).

A run of text and inline markup (`<a>`, `<em>`, `<code>`…) inside one block element is
segmented into sentences as Markdown is. The msgid shows inline tags as bare, paired
placeholders (`<a>…</a>`; numbered when a name repeats: `<a1>`, `<a2>`), a literal `<` as
`&lt;` (so every `<` a translator sees is a placeholder) and untranslatable inline elements
whole (`<code>x()</code>`, `<span translate="no">…</span>`). `Inline` maps each piece of the
msgid back to the source's bytes, so a build restores tags with their attributes, and text a
translation did not change with its entities as written. People-facing attributes (`alt`,
`title`, `aria-label`, `placeholder`, description and title `<meta>`s) are units of their own.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..errors import SourceError
from ..model import Block, BlockKind, Inline, LanguageMark, Reading, Unit
from ..segment import GermanRules, has_letter, unit_spans
from .html5_spans import HTML_NAMESPACE, HtmlToken, html_tokens

_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()
)
# Elements that flow inside a sentence: their tags become placeholders in the unit.
_INLINE = frozenset(
    """a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q rb
    rp rt rtc ruby s samp small span strike strong sub sup time tt u var wbr""".split()
)
_CODE = frozenset(("code", "kbd", "samp", "var"))  # inline, never translated
_NEVER = frozenset(  # never shown, or shown as written: not text to translate
    "script style template pre textarea xmp plaintext iframe noembed noframes".split()
)
_UNTRANSLATED = _NEVER | _CODE
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
_PEOPLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_META_NAMES = frozenset(
    ("description", "title", "og:title", "og:description", "twitter:title", "twitter:description")
)
_HTML = HTML_NAMESPACE
_SPACE = re.compile(r"[\t\n\f\r ]+")
_TAG_NAME = re.compile(r"</?([^\t\n\f\r />]*)")
_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*
    (?P<name>[^\t\n\f\r />][^\t\n\f\r /=>]*)
    (?:[\t\n\f\r ]*=[\t\n\f\r ]*
       (?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\t\n\f\r >]*)))?""",
    re.VERBOSE,
)


class _Elements:
    """What the tree says of an element: is its text translated, and in which block."""

    def __init__(self) -> None:
        self._skip: dict[int, Any] = {}
        self._never: dict[int, Any] = {}  # the outermost <script>, <code>… holding it
        self._placed: dict[int, tuple[Any, Any] | None] = {}

    def placement(self, element: Any) -> tuple[Any, Any] | None:
        """The block element whose run holds `element`'s text, and the untranslatable inline
        element it is part of (or None); None when its text is not translated."""
        key = id(element)
        if key not in self._placed:
            skip = self.skip_root(element)
            if skip is not None and (not _is_inline(skip) or self.skip_root(skip.parent)):
                self._placed[key] = None  # inside a block that is not translated
            else:
                self._placed[key] = (_container(element if skip is None else skip.parent), skip)
        return self._placed[key]

    def skip_root(self, element: Any) -> Any:
        """The outermost element that keeps `element`'s text from translation (a `<script>`,
        a `<code>`, `translate="no"`, `class="notranslate"`), or None: it is translated. HTML's
        `translate` is inherited: the nearest element saying yes or no decides."""
        key = id(element)
        if key not in self._skip:
            self._settle(element)
        return self._skip[key]

    def _settle(self, element: Any) -> None:
        """The skip root of `element` and of its ancestors not yet known, from the top down
        (each from its parent's, so a page's elements are looked at once each)."""
        unknown = []
        node = element
        while node is not None and node.name is not None and id(node) not in self._skip:
            unknown.append(node)
            node = node.parent
        for node in reversed(unknown):
            parent = node.parent
            known = parent is not None and parent.name is not None
            above_skip = self._skip[id(parent)] if known else None
            above_never = self._never[id(parent)] if known else None
            never = node if node.namespace in (_HTML, None) and node.name in _UNTRANSLATED else None
            self._never[id(node)] = above_never or never
            saying = _translate_attribute(node.attributes)
            if saying is None:  # the nearest element saying yes or no, above, decides
                self._skip[id(node)] = above_skip or never
            else:  # it decides; only an untranslated element above it overrides
                self._skip[id(node)] = above_never or (node if never or not saying else None)


def _container(element: Any) -> Any:
    """The nearest ancestor-or-self that is not an inline element: the block of a run."""
    while element is not None and _is_inline(element):
        element = element.parent
    return element


def _is_inline(element: Any) -> bool:
    return element.namespace in (_HTML, None) and element.name in _INLINE


def _translate_attribute(attributes: Any) -> bool | None:
    """True, False or None (not said), from `translate` and `class="notranslate"`."""
    if not attributes:
        return None
    if "notranslate" in str(attributes.get("class", "")).split():
        return False
    value = attributes.get("translate")
    if value is None:
        return None
    return str(value).strip().lower() != "no"


def _block_kind(container: Any) -> BlockKind:
    node = container
    while node is not None and node.name is not None:
        if node.name in _HEADINGS:
            return BlockKind.HEADING
        if node.name in ("td", "th"):
            return BlockKind.TABLE_CELL
        if node.name in ("li", "dt", "dd"):
            return BlockKind.LIST_ITEM
        if node.name == "blockquote":
            return BlockKind.QUOTE
        node = node.parent
    return BlockKind.PARAGRAPH


def escape_text(text: str) -> str:
    """Decoded text as a msgid shows it: `<` always as `&lt;` (every `<` a translator sees is
    a placeholder), `&` as `&amp;` where it would read as a reference, and control characters
    as references (a catalog cannot hold them)."""
    if not _TO_ESCAPE.search(text):
        return text  # most text: nothing to escape
    text = _AMPERSAND.sub("&amp;", text).replace("<", "&lt;")
    return _CONTROL.sub(lambda m: f"&#x{ord(m.group()):X};", text)


_AMPERSAND = re.compile(r"&(?=[A-Za-z0-9#])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TO_ESCAPE = re.compile(r"[&<\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class _Code:
    """A tag in a run, or an untranslatable inline element whole (`atom`)."""

    display: str
    start: int
    end: int
    kind: str  # open, close, void or atom
    name: str


@dataclass
class _Run:
    """Text and inline markup in one block element: `display`, the text as html5lib decoded
    it with each code's placeholder, in segments (one per token) that map it back to the
    normalised source, character by character where a token is the text as written."""

    container: Any
    parts: list[str] = field(default_factory=list)
    length: int = 0
    segment_starts: list[int] = field(default_factory=list)  # display offset of each
    segments: list[tuple[int, int, bool]] = field(default_factory=list)  # start, end, exact
    codes: list[tuple[int, _Code]] = field(default_factory=list)  # display offset, code
    letters: bool = False  # whether its text (not its codes) has a letter: else no unit

    def add(self, display: str, start: int, end: int, exact: bool) -> None:
        self.segment_starts.append(self.length)
        self.segments.append((start, end, exact))
        self.parts.append(display)
        self.length += len(display)

    def add_atom(self, code: _Code) -> None:
        """An untranslatable inline element, shown whole: `<code>x()</code>`."""
        inner = escape_text(_SPACE.sub(" ", code.display))
        translate = "" if code.name in _CODE else ' translate="no"'
        code.display = f"<{code.name}{translate}>{inner}</{code.name}>"
        self.add_code(code)

    def add_code(self, code: _Code) -> None:
        self.codes.append((self.length, code))
        self.add(code.display, code.start, code.end, False)

    def source_start(self, position: int) -> int:
        """Where the display character at `position` starts in the normalised source."""
        index = bisect_right(self.segment_starts, position) - 1
        start, _, exact = self.segments[index]
        return start + position - self.segment_starts[index] if exact else start

    def source_end(self, position: int) -> int:
        """Where the display character before `position` ends in the normalised source."""
        index = bisect_right(self.segment_starts, position - 1) - 1
        start, end, exact = self.segments[index]
        return start + position - self.segment_starts[index] if exact else end


class Normalised:
    """The page as html5lib reads it (after a BOM, every line end as "\n"), and the way
    back to the article's offsets."""

    def __init__(self, text: str) -> None:
        self.bom = 1 if text.startswith("\ufeff") else 0
        body = text[self.bom :]
        self.joined = [m.start() - i for i, m in enumerate(re.finditer(r"\r\n", body))]
        self.text = body.replace("\r\n", "\n").replace("\r", "\n")

    def to_raw(self, offset: int) -> int:
        """A normalised offset's place in the article's text."""
        return self.bom + offset + bisect_left(self.joined, offset)


class _Reader:
    def __init__(self, text: str, rules: GermanRules, sentences: bool) -> None:
        self.rules, self.sentences = rules, sentences
        self.page = Normalised(text)
        self.normal, self.to_raw = self.page.text, self.page.to_raw
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        self.elements = _Elements()
        self.blocks: list[Block] = []

    def line(self, raw_offset: int) -> int:
        return bisect_right(self.line_starts, raw_offset)

    def read(self) -> Reading:
        run: _Run | None = None
        atom: tuple[Any, _Code] | None = None  # the untranslatable inline element being read
        tokens = html_tokens(self.normal)
        for token in tokens:
            if token.kind == "StartTag":
                self._attribute_units(token)
            place = self._place(token)
            if run is not None and (place is None or place[0] is not run.container):
                self._flush(run, atom)
                run, atom = None, None
            if place is None:
                continue
            container, skip = place
            if run is None:
                if skip is None and token.kind == "SpaceCharacters":
                    continue  # spaces before a run's first text or tag: in no unit
                run = _Run(container)
            if skip is not None:  # part of an untranslatable inline element: one atom
                if atom is not None and atom[0] is not skip:
                    run.add_atom(atom[1])
                    atom = None
                if atom is None:
                    atom = (skip, _Code("", token.start, token.end, "atom", skip.name))
                atom[1].end = token.end
                if token.kind in ("Characters", "SpaceCharacters"):
                    atom[1].display += token.data
                continue
            if atom is not None:
                run.add_atom(atom[1])
                atom = None
            if token.kind in ("Characters", "SpaceCharacters"):
                data, start, end = token.data, token.start, token.end
                exact = end - start == len(data) and self.normal.startswith(data, start)
                run.add(data, start, end, exact)
                run.letters = run.letters or has_letter(data)
            else:
                run.add_code(self._tag_code(token))
        self._flush(run, atom)
        self.blocks.sort(key=lambda block: block.start)
        return Reading(self.blocks, self._language_marks(tokens))

    def _language_marks(self, tokens: list[HtmlToken]) -> tuple[LanguageMark, ...]:
        """Where the page says its language: its `<html>` tag, else its `<body>` tag, else
        each top-level element of a fragment (as the tree holds them once parsed)."""
        root: dict[str, HtmlToken] = {}
        top_level = []
        for token in tokens:
            if token.kind != "StartTag":
                continue
            if token.name in ("html", "body"):
                root.setdefault(token.name, token)
                continue
            element = token.element
            holder = element if token.name in _VOID else getattr(element, "parent", None)
            if getattr(holder, "name", None) == "body":
                top_level.append(token)
        tags = [root["html"]] if "html" in root else [root["body"]] if "body" in root else top_level
        marks = []
        for tag in tags:
            spans = _attribute_spans(self.normal, tag.start, tag.end)
            name = _TAG_NAME.match(self.normal, tag.start, tag.end)
            at = self.to_raw(name.end() if name else tag.start + 1)
            lang, direction = (
                (self.to_raw(spans[key][0]), self.to_raw(spans[key][1]), spans[key][2])
                if key in spans
                else None
                for key in ("lang", "dir")
            )
            marks.append(LanguageMark(at, lang, direction))
        return tuple(marks)

    def _place(self, token: HtmlToken) -> tuple[Any, Any] | None:
        """The block element of a token that belongs in a run, and the untranslatable inline
        element it is part of (or None); None: the token ends a run (a block tag, a comment,
        untranslated content)."""
        element = token.element
        if element is None or token.kind in ("Comment", "Doctype") or token.end <= token.start:
            return None
        tag = token.kind in ("StartTag", "EndTag")
        if tag and token.name not in _INLINE:
            return None
        void = token.kind == "StartTag" and token.name in _VOID  # `element` is its parent
        if void and _translate_attribute(token.data) is False:
            return None
        return self.elements.placement(element)

    @staticmethod
    def _tag_code(token: HtmlToken) -> _Code:
        name = token.name
        if token.kind == "EndTag":
            return _Code(f"</{name}>", token.start, token.end, "close", name)
        if name in _VOID:
            return _Code(f"<{name}/>", token.start, token.end, "void", name)
        return _Code(f"<{name}>", token.start, token.end, "open", name)

    def _flush(self, run: _Run | None, atom: tuple[Any, _Code] | None) -> None:
        if run is None:
            return
        if not run.letters:
            return  # markup and spaces only: nothing to translate
        if atom is not None:
            run.add_atom(atom[1])
        display = "".join(run.parts)
        protected = [(offset, offset + len(code.display)) for offset, code in run.codes]
        protected = sorted(protected + _pairs(run.codes))
        units = []
        kind = _block_kind(run.container)
        for a, b in unit_spans(display, self.rules, self.sentences, protected):
            inner = [(o, c) for o, c in run.codes if a <= o < b]
            words = display[a:b]
            for offset, code in reversed(inner):
                words = words[: offset - a] + words[offset - a + len(code.display) :]
            if not has_letter(words):
                continue
            units.append(self._unit(run, kind, display, a, b, inner))
        if units:
            start, end = units[0].start, units[-1].end
            self.blocks.append(Block(kind, units[0].line, tuple(units), start, end))

    def _unit(
        self, run: _Run, kind: BlockKind, display: str, a: int, b: int,
        codes: list[tuple[int, _Code]],
    ) -> Unit:  # fmt: skip
        pieces: list[tuple[str, int, int, bool]] = []
        cursor = a
        names = _numbered_names(codes)
        for offset, code in [*codes, (b, None)]:
            if offset > cursor:
                escaped = escape_text(_SPACE.sub(" ", display[cursor:offset]))
                start, end = run.source_start(cursor), run.source_end(offset)
                pieces.append((escaped, self.to_raw(start), self.to_raw(end), False))
            if code is None:
                break
            pieces.append((names[id(code)], self.to_raw(code.start), self.to_raw(code.end), True))
            cursor = offset + len(code.display)
        text = "".join(piece[0] for piece in pieces)
        start, end = pieces[0][1], pieces[-1][2]
        return Unit(text, kind, self.line(start), start, end, Inline(tuple(pieces)))

    def _attribute_units(self, token: HtmlToken) -> None:
        """The people-facing attribute values of a start tag, each a unit of its own."""
        element, data = token.element, token.data
        if element is None or not isinstance(data, dict) or not data:
            return
        wanted = [name for name in _PEOPLE_ATTRIBUTES if name in data]
        shown = ""  # for translators: `alt of <img>`
        if token.name == "meta":
            meta = str(data.get("name", data.get("property", ""))).lower()
            if meta in _META_NAMES:
                wanted.append("content")
                shown = f"<meta {meta}>"
        if not wanted or self.elements.skip_root(element) is not None:
            return
        shown = shown or f"<{token.name}>"
        if token.name in _VOID and _translate_attribute(token.data) is False:
            return
        spans = _attribute_spans(self.normal, token.start, token.end)
        for name in wanted:
            value = token.data[name]
            found = spans.get(name)
            if found is None or not has_letter(value):
                continue
            start, end, quote = found
            written = self.normal[start:end]
            if written != value and html.unescape(written) != value:
                continue  # not the value html5lib read: leave it as it is
            text = escape_text(_SPACE.sub(" ", value).strip())
            raw_start, raw_end = self.to_raw(start), self.to_raw(end)
            unit = Unit(text, BlockKind.ATTRIBUTE, self.line(raw_start), raw_start, raw_end,
                        Inline(((text, raw_start, raw_end, False),), quote,
                               f"{name} of {shown}"))  # fmt: skip
            self.blocks.append(Block(BlockKind.ATTRIBUTE, unit.line, (unit,), raw_start, raw_end))


def _numbered_names(codes: list[tuple[int, _Code]]) -> dict[int, str]:
    """Each code's placeholder in a unit: its bare tag, numbered where a name repeats
    (`<a1>…</a1> <a2>…</a2>`), a closing tag taking its opening tag's number."""
    counts: dict[str, int] = {}
    for _, code in codes:
        if code.kind in ("open", "void"):
            counts[code.name] = counts.get(code.name, 0) + 1
    shown: dict[int, str] = {}
    numbers: dict[str, int] = {}
    open_numbers: dict[str, list[str]] = {}
    for _, code in codes:
        if code.kind == "atom":
            shown[id(code)] = code.display
            continue
        number = ""
        if counts.get(code.name, 0) > 1:
            if code.kind == "close":
                stack = open_numbers.get(code.name)
                number = stack.pop() if stack else ""
            else:
                numbers[code.name] = numbers.get(code.name, 0) + 1
                number = str(numbers[code.name])
                if code.kind == "open":
                    open_numbers.setdefault(code.name, []).append(number)
        slash = "/" if code.kind == "close" else ""
        end = "/>" if code.kind == "void" else ">"
        shown[id(code)] = f"<{slash}{code.name}{number}{end}"
    return shown


def _pairs(codes: list[tuple[int, _Code]]) -> list[tuple[int, int]]:
    """The display spans of each opening tag to its closing tag: no sentence ends inside."""
    spans, stack = [], []
    for offset, code in codes:
        if code.kind == "open":
            stack.append((code.name, offset))
        elif code.kind == "close":
            for index in range(len(stack) - 1, -1, -1):
                if stack[index][0] == code.name:
                    spans.append((stack[index][1], offset + len(code.display)))
                    del stack[index:]
                    break
    return spans


def _attribute_spans(text: str, start: int, end: int) -> dict[str, tuple[int, int, str]]:
    """Each attribute of the start tag `text[start:end]` by lowercased name (the first one
    wins, as in HTML): its value's span and its quote (`"`, `'`, or "" unquoted)."""
    spans: dict[str, tuple[int, int, str]] = {}
    name = _TAG_NAME.match(text, start, end)
    position = name.end() if name else end
    while position < end:
        match = _ATTRIBUTE.match(text, position, end)
        if match is None or match.end() == position:
            break
        key = match.group("name").lower()
        for group, quote in (("double", '"'), ("single", "'"), ("bare", "")):
            if match.group(group) is not None:
                spans.setdefault(key, (match.start(group), match.end(group), quote))
                break
        else:
            spans.setdefault(key, (match.end(), match.end(), ""))
        position = match.end()
    return spans


def read_html(text: str, rules: GermanRules, sentences: bool = True) -> Reading:
    """The blocks of an HTML article (runs of text per block element, and people-facing
    attribute values, in document order) and where it says its language."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError("a NUL character (U+0000) in the page; remove it", line=line)
    return _Reader(text, rules, sentences).read()
