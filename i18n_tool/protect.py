"""Shield what MT must not touch, and put it back after.

Before MT, a unit's inline Markdown and HTML (emphasis delimiters, link brackets with their
URLs, inline code, tags, entities, escapes, bare URLs), its numbers with separators and its
glossary terms are replaced by placeholders `{1}`, `{2}`, ...: ASCII braces and digits, which
SentencePiece vocabularies keep as ordinary pieces (no `▁`/underscore that decoders turn into
spaces) and which NMT models copy. The text between markup (a link's words, emphasised words)
is still translated; opening and closing markup stand apart from it by a space, so the model
sees whole words ("{1} Präsident {2}"), and the spaces go again when the markup is put back.

After MT each placeholder is put back once: markup as it was, a number in the target locale's
format (`10.000` → en `10,000`, fr `10 000`), a glossary term as the glossary says. A
placeholder the model lost is put back at the end (opening markup at the start) and one it
repeated is dropped, so the text never loses markup silently; each repair is reported.

Glossary terms are found in their German forms (terms.py). A name's genitive ("Putins") comes
back in English as "Putin's"; in other languages as the name, flagged for the translator, since
how the sentence joins it ("les troupes de Poutine") is the engine's guess. A hyphenated
compound has only its term part shielded ("{1}-Generalsekretär"). An inflected common noun
("Truppen") and a closed compound ("Truppenanstieg") are left to the engine, whose choice of
form a placeholder would take away; the inflected noun is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from .terms import Form, Occurrence, Terminology


class Role(StrEnum):
    ATOM = "atom"
    OPEN = "open"  # hugs the text after it: "**Wort"
    CLOSE = "close"  # hugs the text before it: "Wort**"


@dataclass(frozen=True)
class Piece:
    source: str
    target: str
    role: Role = Role.ATOM
    kind: str = "markup"  # markup, number or glossary


@dataclass(frozen=True)
class Restored:
    text: str
    problems: tuple[str, ...] = ()
    glossary: tuple[str, ...] = ()


# A name's genitive in the target languages that write it on the name itself.
_TARGET_GENITIVE: dict[str, Callable[[str], str]] = {
    "en": lambda name: name + ("'" if name.endswith("s") else "'s"),
}


_PLACEHOLDER = re.compile(r"\{\s*(\d+)\s*\}")
_MARK = re.compile(r"(\0(\d+)\0)")  # a placeholder being put back
_OPEN_SPACE = re.compile(r"(\0(\d+)\0)\s+")  # a placeholder and the spaces after it
_SPACE_CLOSE = re.compile(r"\s+(\0(\d+)\0)")  # the spaces before a placeholder, and it
_LINK = re.compile(
    r"""(!?\[)(?!\^)((?:[^\[\]]|\[[^\]]*\])*)(\]\([^)\s]*(?:\s+"[^"]*")?\)|\]\[[^\]]*\])"""
)
# A pair of bare tags: an HTML unit's placeholders (`<a>…</a>`, `<a2>…</a2>`), or inline HTML
# without attributes in Markdown (`<sup>2</sup>`); not across another tag of its name.
_TAG_PAIR = re.compile(r"(<([A-Za-z][A-Za-z0-9-]*)>)((?:(?!<\2[\s>]).)*?)(</\2>)")
_EMPHASIS = re.compile(r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_ATOM = re.compile(
    r"""(`+).*?\1                          # inline code
      | <(?P<code>code|kbd|samp|var)>.*?</(?P=code)>  # an HTML unit's code, shown whole
      | <(?P<kept>[A-Za-z][A-Za-z0-9-]*)\ translate="no">.*?</(?P=kept)>  # and what it keeps
      | <(?:https?://|mailto:)[^<>\s]+>     # autolink
      | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>  # HTML tag
      | &(?:[A-Za-z]+|\#\d+|\#x[0-9A-Fa-f]+);  # entity
      | \\[!-/:-@\[-`{-~]                   # backslash escape
      | \[\^[^\]]+\]                        # footnote reference
      | https?://[^\s<>]*[^\s<>.,;:!?'")\]] # bare URL (not its final punctuation)
      | [\w.+-]+@[\w-]+(?:\.[\w-]+)+        # e-mail address
      | \{\s*\d+\s*\}                       # a literal placeholder look-alike
    """,
    re.VERBOSE,
)


def _number_pattern(locale: Locale) -> re.Pattern[str]:
    group, decimal = re.escape(get_group_symbol(locale)), re.escape(get_decimal_symbol(locale))
    return re.compile(
        rf"(?<![\d.,])(?:\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?|\d+{decimal}\d+)(?![\d]|[.,]\d)"
    )


def markup_tokens(text: str) -> list[str | Piece]:
    """`text` as plain runs and markup pieces, in order; joined they are `text` again.

    Links, emphasis and pairs of bare tags keep their inner text as text between an opening
    and a closing piece
    (properly nested); atoms are whole. Linear in the text: a pattern's next match is searched
    again only once the text has moved past it (a search from a later position finds the same
    match, since the patterns' look-behinds see the whole text either way)."""
    tokens: list[str | Piece] = []
    position = 0
    patterns = (_ATOM, _LINK, _EMPHASIS, _TAG_PAIR)
    upcoming: list[re.Match[str] | None] = [p.search(text) for p in patterns]
    while position < len(text):
        for index, pattern in enumerate(patterns):
            match = upcoming[index]
            if match is not None and match.start() < position:
                upcoming[index] = pattern.search(text, position)
        found = [m for m in upcoming if m]
        if not found:
            break
        match = min(found, key=lambda m: (m.start(), -len(m.group(0))))
        if match.start() > position:
            tokens.append(text[position : match.start()])
        if match.re is _ATOM:
            tokens.append(Piece(match.group(0), match.group(0)))
        else:
            if match.re is _TAG_PAIR:
                opening, inner, closing = match.group(1, 3, 4)
            else:
                opening, inner, closing = match.group(1, 2, 3 if match.re is _LINK else 1)
            tokens.append(Piece(opening, opening, Role.OPEN))
            tokens += markup_tokens(inner)
            tokens.append(Piece(closing, closing, Role.CLOSE))
        position = match.end()
    if position < len(text):
        tokens.append(text[position:])
    return tokens


_BARE_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)>")
# What an HTML unit shows whole and never translates: its code, and what says translate="no".
KEPT_WHOLE = re.compile(
    r'<(code|kbd|samp|var)>.*?</\1>|<([A-Za-z][A-Za-z0-9-]*) translate="no">.*?</\2>'
)


def tags_nest(text: str) -> bool:
    """Do the bare tags of `text` (an HTML unit's placeholders) open and close in pairs,
    properly nested? What a unit keeps whole (`<code>…</code>`) is one piece, not tags."""
    stack: list[str] = []
    for tag in _BARE_TAG.finditer(KEPT_WHOLE.sub("", text)):
        if not tag.group(1):
            stack.append(tag.group(2))
        elif not stack or stack.pop() != tag.group(2):
            return False
    return not stack


@dataclass
class _Builder:
    source_locale: Locale
    target_locale: Locale
    terms: Terminology | None
    pieces: list[Piece] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # what the translator must look at
    _numbers: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        self._numbers = _number_pattern(self.source_locale)

    def placeholder(self, piece: Piece) -> str:
        self.pieces.append(piece)
        return f"{{{len(self.pieces)}}}"

    def markup(self, text: str) -> str:
        """Placeholders for the markup; opening and closing markup stand apart by a space."""
        out = []
        for token in markup_tokens(text):
            if isinstance(token, str):
                out.append(self.plain(token))
            elif token.role is Role.OPEN:
                out.append(self.placeholder(token) + " ")
            elif token.role is Role.CLOSE:
                out.append(" " + self.placeholder(token))
            else:
                out.append(self.placeholder(token))
        return "".join(out)

    def plain(self, text: str) -> str:
        assert self._numbers is not None
        if not self.terms:
            return self._numbers.sub(self._number_piece, text)
        out, position = [], 0
        for found in self.terms.find(text):
            shielded = self._glossary_piece(found)
            if shielded is None:
                continue
            before = text[position : found.part_start]
            out += [self._numbers.sub(self._number_piece, before), shielded]
            position = found.part_end
        out.append(self._numbers.sub(self._number_piece, text[position:]))
        return "".join(out)

    def _glossary_piece(self, found: Occurrence) -> str | None:
        """The placeholder for a term occurrence, or None where the engine must choose the
        form (an inflected noun, flagged; a closed compound, left to `check`)."""
        required = found.required
        if found.form is Form.CLOSED:
            return None
        if found.form is Form.INFLECTED and not found.genitive:
            self.flags.append(
                f"glossary term {found.entry.source!r} is inflected here ({found.text!r}): "
                f"check that the translation uses {required!r} in the matching form"
            )
            return None
        if found.genitive:
            genitive = _TARGET_GENITIVE.get(self.target_locale.language)
            if genitive is not None:
                required = genitive(required)
            else:
                self.flags.append(
                    f"{found.text!r} is a genitive, put back as {required!r}: check that the "
                    "sentence says whose"
                )
        return self.placeholder(Piece(found.part, required, kind="glossary"))

    def _number_piece(self, match: re.Match[str]) -> str:
        number = match.group(0)
        return self.placeholder(Piece(number, self._localize(number), kind="number"))

    def _localize(self, number: str) -> str:
        source, target = self.source_locale, self.target_locale
        whole, _, fraction = number.partition(get_decimal_symbol(source))
        whole = whole.replace(get_group_symbol(source), get_group_symbol(target))
        return whole + (get_decimal_symbol(target) + fraction if fraction else "")


@dataclass(frozen=True)
class Shielded:
    """A unit as the engine sees it, and what its placeholders stand for."""

    text: str
    pieces: tuple[Piece, ...] = ()
    flags: tuple[str, ...] = ()  # glossary forms the translator must check

    def restore(self, translated: str) -> Restored:
        problems: list[str] = list(self.flags)
        seen: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            number = int(match.group(1))
            if not 1 <= number <= len(self.pieces):
                problems.append(f"MT invented a placeholder {match.group(0)} (removed)")
                return ""
            if number in seen:
                problems.append(f"MT repeated {self._describe(number)} (extra copy removed)")
                return ""
            seen.add(number)
            return f"\0{number}\0"

        text = _PLACEHOLDER.sub(put_back, translated)
        if problems:  # removed copies leave their spaces behind
            text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
        before, after = [], []
        for number in range(1, len(self.pieces) + 1):
            if number in seen:
                continue
            piece = self.pieces[number - 1]
            where = "start" if piece.role is Role.OPEN else "end"
            problems.append(f"MT lost {self._describe(number)} (put back at the {where})")
            (before if piece.role is Role.OPEN else after).append(f"\0{number}\0")
        text = "".join([*reversed(before), text, *after])

        # a few passes over the whole text, each linear (not one pass per piece)
        text = _OPEN_SPACE.sub(
            lambda m: m.group(1) if self._role(m) is Role.OPEN else m.group(0), text
        )
        text = _SPACE_CLOSE.sub(
            lambda m: m.group(1) if self._role(m) is Role.CLOSE else m.group(0), text
        )
        text = _MARK.sub(lambda m: self.pieces[int(m.group(2)) - 1].target, text)
        glossary = tuple(
            dict.fromkeys(
                p.source if p.source == p.target else f"{p.source} → {p.target}"
                for p in self.pieces
                if p.kind == "glossary"
            )
        )
        return Restored(text.strip(), tuple(problems), glossary)

    def _role(self, match: re.Match[str]) -> Role:
        return self.pieces[int(match.group(2)) - 1].role

    def _describe(self, number: int) -> str:
        piece = self.pieces[number - 1]
        return f"{piece.kind} {piece.target!r}"


def shield(
    text: str, source: str, target: str, terms: Terminology | dict[str, str] | None = None
) -> Shielded:
    """`text` with placeholders for markup, numbers and glossary `terms` (the language's
    glossary, or plain source → target pairs)."""
    if isinstance(terms, dict):
        terms = Terminology.from_mapping(terms, target, source)
    builder = _Builder(Locale.parse(source), Locale.parse(target), terms)
    shielded = builder.markup(text)
    return Shielded(shielded, tuple(builder.pieces), tuple(builder.flags))


# A unit's translation replaces text inside one block; what would open a block of its own if
# it stood at a line start (a heading, list item, quote, rule, fence, HTML block or table row)
# must not, and a line break must not end the block early.
_BLOCK_START = re.compile(
    r"""[ ]{0,3}(?:\#{1,6}(?=\s|$)|[-+*](?=\s|$)|>|\d{1,9}[.)](?=\s|$)
    |(?:=+|-{3,}|_{3,}|\*{3,})\s*$|`{3,}|~{3,}|<[A-Za-z/!?]|\|)""",
    re.VERBOSE,
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MAY_START_A_BLOCK = set(" #-+*>=_`~<|0123456789")


def block_breakout(source: str, target: str) -> str | None:
    """What in a translation would change the article's block structure (a line break, or a
    block marker at its start) that the source unit does not have; None when nothing."""
    if _LINE_BREAK.search(target) and not _LINE_BREAK.search(source):
        return "a line break, which would end the unit's block and could start another"
    start = _BLOCK_START.match(target)
    if start and not _BLOCK_START.match(source):
        return f"{start.group().strip()!r} at its start, which would open a block of its own"
    return None


def keep_inline(target: str, source: str) -> str:
    """The translation made to stay inside its unit's block: line breaks the source does not
    have become spaces, and a block marker at its start is escaped (`\\#`, `1\\.`), so it shows
    as text instead of making a heading, list or HTML block."""
    if target[:1] not in _MAY_START_A_BLOCK and "\n" not in target and "\r" not in target:
        return target  # the common case, decided without a pattern
    if not _LINE_BREAK.search(source):
        target = _LINE_BREAK.sub(" ", target)
    start = _BLOCK_START.match(target)
    if start is None or _BLOCK_START.match(source):
        return target
    indent = len(start.group()) - len(start.group().lstrip(" "))
    marker = target[indent:]
    number = re.match(r"\d{1,9}(?=[.)])", marker)
    if number:  # `1.` → `1\.`
        cut = indent + number.end()
        return target[:cut] + "\\" + target[cut:]
    return target[:indent] + "\\" + marker
