"""html5lib's parser, extended to say where each token stands in the page.

html5lib implements the WHATWG tokenizer and tree construction but reports no source offsets.
Its tokenizer is subclassed here: a token starts where the tokenizer last entered a content
state (data, RCDATA, RAWTEXT, script data, PLAINTEXT) and ends where it next enters one, in the
text html5lib reads (line ends normalised by the caller). The parser still drives the
tokenizer's states, so script data, RCDATA and CDATA in foreign content are what a browser
makes of them. Its tree keeps only what a reader asks of it: element names, namespaces,
attributes and parents. This extends html5lib's private tokenizer API: the version is pinned.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HTML_NAMESPACE = "http://www.w3.org/1999/xhtml"


@dataclass(slots=True)
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
    parser = _parser()
    parser.parse(text)
    tokens: list[HtmlToken] = parser.tokenizer.found
    return tokens


@functools.cache
def _parser() -> Any:
    """One parser per process, page after page: html5lib resets it for each document, and its
    caches of tag handlers stay filled (made afresh per page, they were a tenth of the work)."""
    return _parser_class()()


@functools.cache
def _parser_class() -> type:
    """html5lib's parser with a tokenizer that records spans (made when a page is first read:
    a run without HTML articles never imports html5lib)."""
    import html5lib
    from html5lib import _inputstream, _tokenizer
    from html5lib.constants import asciiUpper2Lower as lowercase
    from html5lib.constants import spaceCharacters, tokenTypes

    kinds = {value: key for key, value in tokenTypes.items()}
    start_tag, end_tag = tokenTypes["StartTag"], tokenTypes["EndTag"]
    characters, space_characters = tokenTypes["Characters"], tokenTypes["SpaceCharacters"]
    spaces = frozenset(spaceCharacters)
    name_ends = frozenset(spaceCharacters | {">", "/", "\u0000"})  # what tagNameState acts on

    class Stream(_inputstream.HTMLUnicodeInputStream):  # type: ignore[misc]
        def __init__(self, source: str) -> None:
            self._defaultChunkSize = self.length = len(source)
            super().__init__(source)
            self.reportCharacterErrors = None  # parse errors are not read
            self.readChunk()  # one chunk, read now: its offsets are the text's from the start

    class Tokenizer(_tokenizer.HTMLTokenizer):  # type: ignore[misc]
        """A token starts where the tokenizer last entered a content state and ends where it
        next enters one (tags, references and text alike)."""

        def __init__(self, stream: str, parser: Any = None, **kwargs: Any) -> None:
            super().__init__(stream, parser=parser, **kwargs)
            self.stream = Stream(stream)
            self.start = 0
            self.waiting: list[HtmlToken] = []  # emitted, their end not known yet
            self.found: list[HtmlToken] = []

        def tagOpenState(self) -> bool:
            """html5lib's; a start tag of the usual shape (no character reference, nothing
            a parse error would mend) read at once, as html5lib's states would read it."""
            return self._start_tag(self.stream.chunkOffset) or bool(super().tagOpenState())

        def closeTagOpenState(self) -> bool:
            """html5lib's; an end tag without attributes read at once."""
            return self._end_tag(self.stream.chunkOffset) or bool(super().closeTagOpenState())

        def dataState(self) -> bool:
            """html5lib's, entered (see `entered`): text, or a tag of the usual shape, is read
            by one regular expression (html5lib takes a call per state and a tag's characters
            one by one); a character reference, a NUL, a comment, an odd tag by its states."""
            self.entered()
            stream = self.stream
            chunk, offset = stream.chunk, stream.chunkOffset
            first = chunk[offset : offset + 1]
            if first == "<":
                if chunk.startswith("/", offset + 1):
                    if self._end_tag(offset + 2):
                        return True
                elif self._start_tag(offset + 1):
                    return True
            elif first:
                space = first in spaces
                found = (_SPACES if space else _TEXT).match(chunk, offset)
                if found is not None:
                    kind = space_characters if space else characters
                    self.tokenQueue.append({"type": kind, "data": found.group()})
                    stream.chunkOffset = found.end()
                    return True
            return bool(super().dataState())

        def _start_tag(self, offset: int) -> bool:
            """The start tag after `<` at `offset` emitted, if it has the usual shape, as
            html5lib's `emitCurrentToken` emits it (names in lower case, the first of an
            attribute's repeats kept)."""
            stream = self.stream
            match = _START_TAG.match(stream.chunk, offset)
            if match is None:
                return False
            attributes: dict[str, str] = {}
            for found in _ATTRIBUTE.finditer(match["attributes"]):
                attributes.setdefault(found["name"].translate(lowercase), _attribute_value(found))
            self.currentToken = token = {"type": start_tag,  # an end tag in RCDATA asks it
                                         "name": match["name"].translate(lowercase),
                                         "data": attributes, "selfClosing": bool(match["closing"]),
                                         "selfClosingAcknowledged": False}  # fmt: skip
            self.tokenQueue.append(token)
            stream.chunkOffset = match.end()
            self.state = self.dataState
            return True

        def _end_tag(self, offset: int) -> bool:
            """The end tag after `</` at `offset` emitted, if it has the usual shape."""
            stream = self.stream
            match = _END_TAG.match(stream.chunk, offset)
            if match is None:
                return False
            self.currentToken = token = {"type": end_tag,
                                         "name": match["name"].translate(lowercase),
                                         "data": [], "selfClosing": False}  # fmt: skip
            self.tokenQueue.append(token)
            stream.chunkOffset = match.end()
            self.state = self.dataState
            return True

        def entered(self) -> None:
            """A content state is entered: the tokens emitted since it was last entered end
            here, and the next one starts here."""
            stream = self.stream
            self.start = offset = stream.length - (stream.chunkSize - stream.chunkOffset)
            waiting = self.waiting
            if waiting:
                for token in waiting:
                    token.end = offset
                waiting.clear()

        def tagNameState(self) -> bool:
            """html5lib's, the name's characters taken at once (it takes them one by one)."""
            name = self.stream.charsUntil(name_ends)
            if name:
                self.currentToken["name"] += name
            return bool(super().tagNameState())  # the character after them, or the end

        def __iter__(self) -> Iterator[dict[str, Any]]:
            self.tokenQueue: deque[dict[str, Any]] = deque()
            queue, open_elements = self.tokenQueue, self.parser.tree.openElements
            found, waiting = self.found, self.waiting
            while self.state():  # the stream's errors are not read: parse errors are skipped
                while queue:
                    raw = queue.popleft()
                    kind = kinds[raw["type"]]
                    if kind == "ParseError":
                        continue
                    token = HtmlToken(kind, raw.get("data"), raw.get("name", ""), self.start)
                    found.append(token)
                    waiting.append(token)
                    if kind == "EndTag":  # the element it closes: the current one before it
                        token.element = open_elements[-1] if open_elements else None
                        yield raw
                    else:  # the element it is in, or opens: the current one after it
                        yield raw
                        token.element = open_elements[-1] if open_elements else None
            for token in waiting:
                token.end = self.stream.length

    def entering(state: Any) -> Any:
        """`state`, noting where it was entered (the data state notes it itself)."""

        def entered_state(self: Tokenizer) -> Any:
            self.entered()
            return state(self)

        return entered_state

    for name in ("rcdataState", "rawtextState", "scriptDataState", "plaintextState"):
        setattr(Tokenizer, name, entering(getattr(_tokenizer.HTMLTokenizer, name)))

    class Parser(html5lib.HTMLParser):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(tree=_tree_builder(), namespaceHTMLElements=True)

        def _parse(self, stream: str, innerHTML: bool = False, container: str = "div",
                   scripting: bool = False, **kwargs: Any) -> None:  # fmt: skip
            self.innerHTMLMode, self.container, self.scripting = innerHTML, container, scripting
            self.tokenizer = Tokenizer(stream, parser=self, **kwargs)
            self.reset()
            self.mainLoop()

    return Parser


# Tags of the usual shape, as html5lib's tag states read them, from after the `<` (or `</`):
# attribute values quoted, or bare without a character that is a parse error there, none with
# a character reference or a NUL. Any other tag is read by html5lib's states one by one.
_WS = r"\t\n\f\r "
_NAME = rf"[A-Za-z][^{_WS}/>\0]*"
_VALUES = (
    r"\"(?P<double>[^\"&\0]*)\"|'(?P<single>[^'&\0]*)'"
    rf"|(?P<bare>[^{_WS}>&\0\"'=<`]+)"
)
_ATTRIBUTE_TEXT = rf"[{_WS}]+(?P<name>[^{_WS}/>=\0\"'<]+)(?:[{_WS}]*=[{_WS}]*(?:{_VALUES}))?"
_ATTRIBUTE = re.compile(_ATTRIBUTE_TEXT)
_START_TAG = re.compile(
    rf"(?P<name>{_NAME})(?P<attributes>(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', _ATTRIBUTE_TEXT)})*)"
    rf"[{_WS}]*(?P<closing>/?)>"
)
_END_TAG = re.compile(rf"(?P<name>{_NAME})[{_WS}]*>")
# Text in the data state, as html5lib's reads it: a run of spaces, or text up to a reference,
# a tag or a NUL (spaces inside it included).
_SPACES = re.compile(rf"[{_WS}]+")
_TEXT = re.compile(r"[^&<\0]+")


def _attribute_value(found: re.Match[str]) -> str:
    for value in found.group("double", "single", "bare"):
        if value is not None:
            return str(value)
    return ""  # an attribute without a value


@functools.cache
def _tree_builder() -> type:
    """html5lib's tree construction on a tree of elements only: names, namespaces,
    attributes and parents, which is all a reader asks of it (text stays in the tokens)."""
    from html5lib.treebuilders import base

    class Node(base.Node):  # type: ignore[misc]
        def __init__(self, name: str | None, namespace: str | None = None) -> None:
            super().__init__(name)
            self.namespace = namespace
            self.nameTuple = (namespace or HTML_NAMESPACE, name)  # what scope checks compare
            self.text = False

        def appendChild(self, node: Node) -> None:
            self.childNodes.append(node)
            node.parent = self

        def insertText(self, data: str, insertBefore: Node | None = None) -> None:
            self.text = True

        def insertBefore(self, node: Node, refNode: Node) -> None:
            self.childNodes.insert(self.childNodes.index(refNode), node)
            node.parent = self

        def removeChild(self, node: Node) -> None:
            self.childNodes.remove(node)
            node.parent = None

        def reparentChildren(self, newParent: Node) -> None:
            super().reparentChildren(newParent)
            newParent.text, self.text = newParent.text or self.text, False

        def cloneNode(self) -> Node:
            clone = Node(self.name, self.namespace)
            clone.attributes = dict(self.attributes)
            return clone

        def hasContent(self) -> bool:
            return bool(self.childNodes) or self.text

    class Other(Node):  # the document, a comment, a doctype
        def __init__(self, *_: Any) -> None:
            super().__init__(None)

    class Builder(base.TreeBuilder):  # type: ignore[misc]
        documentClass = fragmentClass = commentClass = doctypeClass = Other
        elementClass = Node

        def getDocument(self) -> Node:
            return self.document

    return Builder
