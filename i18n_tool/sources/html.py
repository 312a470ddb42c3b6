"""HTML sources: html5lib's HTML5 parser finds the text a reader sees; units keep their spans.

Why html5lib: it implements the WHATWG tokenizer and tree construction, so what it calls text
is text in a browser too (not the inside of a `<script>`, a comment or an RCDATA `<title>`
read as markup), which is what keeps a translation from ever landing where it would run.
Python's `html.parser` gives positions but disagrees with browsers on escaped script data,
CDATA in SVG and comment edge cases; lxml is faster but gives no character offsets. html5lib
has no offsets either, so `_SpanTokenizer` records them: every token starts where the
tokenizer last entered a content state (data, RCDATA, RAWTEXT, script data, PLAINTEXT) and
ends where it next does, in the text html5lib reads (line ends normalised, mapped back).

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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import SourceError
from ..model import Block, BlockKind, Inline, Unit
from ..segment import GermanRules, unit_spans

_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()
)
# Elements that flow inside a sentence: their tags become placeholders in the unit.
_INLINE = frozenset(
    """a abbr b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q rb
    rp rt rtc ruby s samp small span strike strong sub sup time tt u var wbr""".split()
)
_CODE = frozenset(("code", "kbd", "samp", "var"))  # inline, never translated
_NEVER = frozenset(("script", "style", "template", "pre", "textarea", "xmp", "plaintext"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "title"))
_PEOPLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_META_NAMES = frozenset(
    ("description", "title", "og:title", "og:description", "twitter:title", "twitter:description")
)
_HTML = "http://www.w3.org/1999/xhtml"
_SPACE = re.compile(r"[\t\n\f\r ]+")
_TAG_NAME = re.compile(r"</?([^\t\n\f\r />]*)")
_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*
    (?P<name>[^\t\n\f\r />][^\t\n\f\r /=>]*)
    (?:[\t\n\f\r ]*=[\t\n\f\r ]*
       (?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\t\n\f\r >]*)))?""",
    re.VERBOSE,
)


@dataclass
class HtmlToken:
    """One token of html5lib's tokenizer, with its span in the normalised text."""

    kind: str  # Characters, SpaceCharacters, StartTag, EndTag, Comment, Doctype
    data: Any
    name: str
    start: int = 0
    end: int = -1
    element: Any = None  # the element it belongs to, once the parser placed it


def html_tokens(text: str) -> list[HtmlToken]:
    """html5lib's tokens of `text` (line ends already normalised) with their spans and the
    element each one belongs to."""
    import html5lib
    from html5lib import _inputstream, _tokenizer
    from html5lib.constants import tokenTypes

    names = {value: key for key, value in tokenTypes.items()}

    class Stream(_inputstream.HTMLUnicodeInputStream):
        _defaultChunkSize = len(text) + 1  # one chunk: the offset in it is the offset in text

        def __init__(self, source: str) -> None:
            super().__init__(source)
            self.readChunk()  # now, so that the offset is right from the first character

        def offset(self) -> int:
            return len(text) - (self.chunkSize - self.chunkOffset)

    found: list[HtmlToken] = []

    class Tokenizer(_tokenizer.HTMLTokenizer):
        def __init__(self, stream: str, parser: Any = None, **kwargs: Any) -> None:
            super().__init__(stream, parser=parser, **kwargs)
            self.stream = Stream(stream)

        def __iter__(self) -> Iterator[dict[str, Any]]:
            content = {
                self.dataState.__func__, self.rcdataState.__func__, self.rawtextState.__func__,
                self.scriptDataState.__func__, self.plaintextState.__func__,
            }  # fmt: skip
            self.tokenQueue: deque[dict[str, Any]] = deque()
            open_elements = self.parser.tree.openElements
            waiting: list[HtmlToken] = []  # emitted, their end not known yet
            start = 0
            while True:
                if self.state.__func__ in content:
                    start = self.stream.offset()
                    for token in waiting:
                        token.end = start
                    waiting = []
                if not self.state():
                    break
                self.stream.errors.clear()
                while self.tokenQueue:
                    raw = self.tokenQueue.popleft()
                    kind = names[raw["type"]]
                    if kind == "ParseError":
                        continue
                    token = HtmlToken(kind, raw.get("data"), raw.get("name", ""), start)
                    found.append(token)
                    waiting.append(token)
                    before = open_elements[-1] if open_elements else None
                    yield raw
                    after = open_elements[-1] if open_elements else None
                    token.element = before if kind == "EndTag" else after
            for token in waiting:
                token.end = len(text)

    class Parser(html5lib.HTMLParser):
        def _parse(self, stream: str, innerHTML: bool = False, container: str = "div",
                   scripting: bool = False, **kwargs: Any) -> None:  # fmt: skip
            self.innerHTMLMode, self.container, self.scripting = innerHTML, container, scripting
            self.tokenizer = Tokenizer(stream, parser=self, **kwargs)
            self.reset()
            self.mainLoop()

    Parser(namespaceHTMLElements=True).parse(text)
    return found


class _Elements:
    """What the tree says of an element: is its text translated, and in which block."""

    def __init__(self) -> None:
        self._skip: dict[int, Any] = {}

    def skip_root(self, element: Any) -> Any:
        """The outermost element that keeps `element`'s text from translation (a `<script>`,
        a `<code>`, `translate="no"`, `class="notranslate"`), or None: it is translated. HTML's
        `translate` is inherited: the nearest element saying yes or no decides."""
        key = id(element)
        if key not in self._skip:
            root, node, decided = None, element, False
            while node is not None and node.name is not None:
                if node.namespace in (_HTML, None) and node.name in _NEVER | _CODE:
                    root = node
                saying = None if decided else _translate_attribute(node.attributes)
                if saying is not None:
                    decided = True
                    root = root if saying else node
                node = node.parent
            self._skip[key] = root
        return self._skip[key]


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
    text = _AMPERSAND.sub("&amp;", text).replace("<", "&lt;")
    return _CONTROL.sub(lambda m: f"&#x{ord(m.group()):X};", text)


_AMPERSAND = re.compile(r"&(?=[A-Za-z0-9#])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
    """Text and inline markup in one block element, in msgid form: `display`, and the
    normalised source span of each of its characters."""

    container: Any
    display: list[str]
    starts: list[int]
    ends: list[int]
    codes: list[tuple[int, _Code]]  # display offset, code

    def add_text(self, data: str, start: int, end: int) -> None:
        whole = end - start != len(data)  # a reference or CDATA section: one span for all
        for index, char in enumerate(data):
            a, b = (start, end) if whole else (start + index, start + index + 1)
            if char in " \t\n\f\r":
                if self.display and self.display[-1] == " " and self.ends[-1] == a:
                    self.ends[-1] = b  # white space folds to one space
                    continue
                char = " "
            self.display.append(char)
            self.starts.append(a)
            self.ends.append(b)

    def add_atom(self, code: _Code) -> None:
        """An untranslatable inline element, shown whole: `<code>x()</code>`."""
        inner = escape_text(_SPACE.sub(" ", code.display))
        translate = "" if code.name in _CODE else ' translate="no"'
        code.display = f"<{code.name}{translate}>{inner}</{code.name}>"
        self.add_code(code)

    def add_code(self, code: _Code) -> None:
        self.codes.append((len(self.display), code))
        self.display += code.display
        self.starts += [code.start] * len(code.display)
        self.ends += [code.end] * len(code.display)


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

    def read(self) -> list[Block]:
        run: _Run | None = None
        atom: tuple[Any, _Code] | None = None  # the untranslatable inline element being read
        for token in html_tokens(self.normal):
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
                run = _Run(container, [], [], [], [])
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
                run.add_text(token.data, token.start, token.end)
            else:
                run.add_code(self._tag_code(token))
        self._flush(run, atom)
        self.blocks.sort(key=lambda block: block.start)
        return self.blocks

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
        skip = self.elements.skip_root(element)
        if skip is not None and (not _is_inline(skip) or self.elements.skip_root(skip.parent)):
            return None  # inside a block that is not translated
        return _container(element if skip is None else skip.parent), skip

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
        if atom is not None:
            run.add_atom(atom[1])
        display = "".join(run.display)
        protected = [(offset, offset + len(code.display)) for offset, code in run.codes]
        protected = sorted(protected + _pairs(run.codes))
        units = []
        for a, b in unit_spans(display, self.rules, self.sentences, protected):
            inner = [(o, c) for o, c in run.codes if a <= o < b]
            words = display[a:b]
            for offset, code in reversed(inner):
                words = words[: offset - a] + words[offset - a + len(code.display) :]
            if not any(char.isalpha() for char in words):
                continue
            units.append(self._unit(run, display, a, b, inner))
        if units:
            kind = _block_kind(run.container)
            start, end = units[0].start, units[-1].end
            self.blocks.append(Block(kind, units[0].line, tuple(units), start, end))

    def _unit(
        self, run: _Run, display: str, a: int, b: int, codes: list[tuple[int, _Code]]
    ) -> Unit:
        pieces: list[tuple[str, int, int, bool]] = []
        cursor = a
        names = _numbered_names(codes)
        for offset, code in [*codes, (b, None)]:
            if offset > cursor:
                escaped = escape_text(display[cursor:offset])
                start, end = run.starts[cursor], run.ends[offset - 1]
                pieces.append((escaped, self.to_raw(start), self.to_raw(end), False))
            if code is None:
                break
            pieces.append((names[id(code)], self.to_raw(code.start), self.to_raw(code.end), True))
            cursor = offset + len(code.display)
        text = "".join(piece[0] for piece in pieces)
        start, end = pieces[0][1], pieces[-1][2]
        return Unit(text, _block_kind(run.container), self.line(start), start, end,
                    Inline(tuple(pieces)))  # fmt: skip

    def _attribute_units(self, token: HtmlToken) -> None:
        """The people-facing attribute values of a start tag, each a unit of its own."""
        element = token.element
        if element is None or not isinstance(token.data, dict):
            return
        if self.elements.skip_root(element) is not None:
            return
        if token.name in _VOID and _translate_attribute(token.data) is False:
            return
        wanted = [name for name in _PEOPLE_ATTRIBUTES if name in token.data]
        if (
            token.name == "meta"
            and str(token.data.get("name", token.data.get("property", ""))).lower() in _META_NAMES
        ):
            wanted.append("content")
        if not wanted:
            return
        spans = _attribute_spans(self.normal, token.start, token.end)
        for name in wanted:
            value = token.data[name]
            found = spans.get(name)
            if found is None or not any(char.isalpha() for char in value):
                continue
            start, end, quote = found
            written = self.normal[start:end]
            if written != value and html.unescape(written) != value:
                continue  # not the value html5lib read: leave it as it is
            text = escape_text(_SPACE.sub(" ", value).strip())
            raw_start, raw_end = self.to_raw(start), self.to_raw(end)
            unit = Unit(text, BlockKind.ATTRIBUTE, self.line(raw_start), raw_start, raw_end,
                        Inline(((text, raw_start, raw_end, False),), quote))  # fmt: skip
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


def read_html(text: str, rules: GermanRules, sentences: bool = True) -> list[Block]:
    """The blocks of an HTML article: runs of text per block element, and people-facing
    attribute values, in document order."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError("a NUL character (U+0000) in the page; remove it", line=line)
    return _Reader(text, rules, sentences).read()


def language_edits(text: str, language: str, right_to_left: bool) -> list[tuple[int, int, str]]:
    """The edits that say a build's language: `lang` (and `dir="rtl"` for a right-to-left
    one) on the page's `<html>` tag, or on each top-level element of a fragment. Each edit is
    (start, end, replacement) in the article's offsets: an attribute's value replaced, or the
    attribute added after the tag's name."""
    page = Normalised(text)
    wanted = {"lang": language.replace("_", "-")}
    if right_to_left:
        wanted["dir"] = "rtl"
    root: dict[str, HtmlToken] = {}
    top_level = []
    for token in html_tokens(page.text):
        if token.kind != "StartTag":
            continue
        if token.name in ("html", "body"):
            root.setdefault(token.name, token)
            continue
        holder = token.element if token.name in _VOID else getattr(token.element, "parent", None)
        if getattr(holder, "name", None) == "body":
            top_level.append(token)
    tags = [root["html"]] if "html" in root else [root["body"]] if "body" in root else top_level
    edits = []
    for token in tags:
        spans = _attribute_spans(page.text, token.start, token.end)
        name = _TAG_NAME.match(page.text, token.start, token.end)
        after_name = name.end() if name else token.start + 1
        added = ""
        for attribute, value in wanted.items():
            if attribute in spans:
                start, end, quote = spans[attribute]
                value = value if quote else f'"{value}"'
                edits.append((page.to_raw(start), page.to_raw(end), value))
            else:
                added += f' {attribute}="{value}"'
        if added:
            at = page.to_raw(after_name)
            edits.append((at, at, added))
    return edits
