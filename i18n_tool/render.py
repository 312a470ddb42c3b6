"""Localized articles: the source with each unit replaced by its translation, as Markdown (or
the source's own text format), standalone HTML and plain text, under a build policy
(`config.BuildPolicy`: which translations count, what happens to units without one, how much
of a language must be translated for it to be built).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from .config import BuildPolicy
from .errors import BuildError
from .fileio import write_atomic
from .invisible import why_unusable
from .languages import text_direction
from .model import Block, BlockKind, Document, Entry, EntryState, Unit
from .protect import keep_inline
from .sources import TEXT, ArticleFormat, article_format
from .sources.html_build import html_plain_text, localize_html, restore

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _markdown() -> MarkdownIt:
    """The renderer, made when an article is first rendered (a run with nothing to build
    never loads markdown-it)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table")


_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\n)")
# An HTML tag as CommonMark reads one (quoted attribute values may hold `>` and line breaks),
# or an angle-bracket link destination.
_ANGLED = re.compile(
    r"""<[A-Za-z][A-Za-z0-9-]*
        (?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>
      | </[A-Za-z][A-Za-z0-9-]*\s*>
      | <[^<>]*>""",
    re.VERBOSE,
)
# a soft break (any line ending) and the next line's markers
_CONTINUATION = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t>]*")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


@dataclass(frozen=True)
class BuildResult:
    """One article in one language: what it was made of, whether it is published (or held
    back, and why), and the files written."""

    language: str
    document: str
    paths: tuple[Path, ...]
    reviewed: int
    unreviewed: int  # fuzzy translations used (a draft): MT suggestions and others to review
    fallback: int
    omitted: int = 0
    written: bool = False
    usable: int = 0  # units with a translation the policy counts (omitted blocks included)
    machine: int = 0  # of `unreviewed`: MT suggestions nobody has reviewed
    draft: bool = False
    held_back: str = ""  # why the policy does not publish it ("": published)
    name: str = ""  # the article as its build in its own format is called (`gipfel.md`)

    @property
    def units(self) -> int:
        return self.reviewed + self.unreviewed + self.fallback + self.omitted

    @property
    def published(self) -> bool:
        return not self.held_back

    _COUNTS: ClassVar[tuple[str, ...]] = (
        "reviewed",
        "unreviewed",
        "fallback",
        "omitted",
        "usable",
        "machine",
    )

    def to_record(self) -> dict[str, Any]:
        """What the state and the build manifest keep of it (language, article and files are
        the key)."""
        counts = {name: getattr(self, name) for name in self._COUNTS}
        return {**counts, "draft": self.draft, "held_back": self.held_back, "name": self.name}

    @classmethod
    def from_record(
        cls, language: str, document: str, paths: list[Path], record: dict[str, Any]
    ) -> BuildResult:
        counts = {name: int(record[name]) for name in cls._COUNTS}
        return cls(
            language,
            document,
            tuple(paths),
            draft=bool(record["draft"]),
            held_back=str(record.get("held_back", "")),
            name=str(record.get("name", document)),
            **counts,
        )


@dataclass(frozen=True)
class LanguageBuild:
    """A language's articles: those published and those held back, and the files of earlier
    builds removed because they are no longer published."""

    language: str
    results: tuple[BuildResult, ...] = ()
    removed: tuple[Path, ...] = ()

    @property
    def published(self) -> tuple[BuildResult, ...]:
        return tuple(r for r in self.results if r.published)

    def unchanged(self) -> LanguageBuild:
        """What a build with nothing changed since this one reports: the same articles,
        nothing written, nothing removed."""
        results = tuple(
            replace(result, written=False) if result.written else result  # rows are immutable
            for result in self.results
        )
        return LanguageBuild(self.language, results)

    @property
    def held_back(self) -> tuple[BuildResult, ...]:
        return tuple(r for r in self.results if not r.published)

    @property
    def built(self) -> bool:
        """Whether any of its articles is published."""
        return bool(self.published)

    @property
    def units(self) -> int:
        return sum(r.units for r in self.results)

    @property
    def usable(self) -> int:
        return sum(r.usable for r in self.results)

    @property
    def percent_usable(self) -> float:
        return 100.0 * self.usable / self.units if self.units else 100.0

    def total(self) -> BuildResult:
        """The language's published articles summed (document "*"), for summaries."""
        published = self.published
        return BuildResult(
            self.language,
            "*",
            tuple(path for result in published for path in result.paths),
            **{name: sum(getattr(r, name) for r in published) for name in BuildResult._COUNTS},
            written=any(r.written for r in published),
            draft=any(r.draft for r in self.results),
        )


@dataclass(frozen=True)
class Selection:
    translations: dict[str, str]
    states: dict[str, EntryState]  # of the translations used
    reviewed: int
    unreviewed: int
    missing: int
    unmatched: int  # of `missing`: translated, with tags unlike the source's (HTML)

    @property
    def usable(self) -> int:
        """Units with a translation the policy counts."""
        return self.reviewed + self.unreviewed


def select(document: Document, entries: Mapping[str, Entry], include_fuzzy: bool) -> Selection:
    """The translations this policy uses for a document's units, and how many of each kind.
    `entries` maps msgid → Entry, as `catalog.read_entries` reads a catalog."""
    translations: dict[str, str] = {}
    states: dict[str, EntryState] = {}
    reviewed = unreviewed = missing = unmatched = 0
    for unit in document.units:
        entry = entries.get(unit.text)
        if (
            entry is None
            or not (
                entry.state is EntryState.REVIEWED
                or (include_fuzzy and entry.state.has_translation)
            )
            or why_unusable(entry.msgstr)  # hidden characters: a `check` error, never built
        ):
            missing += 1
            continue
        if not _restorable(unit, entry.msgstr, document):
            missing += 1
            unmatched += 1
            continue
        if entry.state is EntryState.REVIEWED:
            reviewed += 1
        else:
            unreviewed += 1
        # an HTML unit's translation is restored when it is built; Markdown's stays inline
        inline = unit.inline is not None
        translations[unit.text] = entry.msgstr if inline else keep_inline(entry.msgstr, unit.text)
        states[unit.text] = entry.state
    return Selection(translations, states, reviewed, unreviewed, missing, unmatched)


def _restorable(unit: Unit, translation: str, document: Document) -> bool:
    """An HTML unit's translation goes into the page only with the source's tags, each once
    and nested as there (`check` names the others); one that cannot is counted as a unit
    without a translation, not as built, since the page keeps its source text."""
    return unit.inline is None or restore(unit.inline, translation, document.text) is not None


def omitted_blocks(document: Document, translations: dict[str, str]) -> list[Block]:
    """Blocks the `omit` fallback leaves out: those lacking a translation, except table cells
    (a table cannot lose a cell; they keep the source text)."""
    return [
        block
        for block in document.blocks
        if block.kind is not BlockKind.TABLE_CELL
        and not all(unit.text in translations for unit in block.units)
    ]


def localize(
    document: Document, translations: dict[str, str], left_out: Collection[Block] = ()
) -> str:
    """The source text with each translated unit replaced, and without the blocks `left_out`
    (as `omitted_blocks` names them for the `omit` fallback)."""
    omitted = {id(block) for block in left_out}
    text = document.text
    edits: list[tuple[int, int, str]] = []
    for block in document.blocks:
        if id(block) in omitted:
            end = block.end
            blank = _BLANK_LINE.match(text, end)
            if blank and (block.start == 0 or text.endswith("\n\n", 0, block.start)):
                end = blank.end()  # and the blank line after it, to keep one between blocks
            edits.append((block.start, end, ""))
            continue
        for unit in block.units:
            if unit.text in translations:
                source = text[unit.start : unit.end]
                translation = _with_source_line_breaks(unit.text, source, translations[unit.text])
                edits.append((unit.start, unit.end, translation))
    pieces, cursor = [], 0
    for start, end, replacement in sorted(edits):
        if start < cursor:
            continue
        pieces += [document.text[cursor:start], replacement]
        cursor = end
    pieces.append(document.text[cursor:])
    return "".join(pieces)


def _with_source_line_breaks(msgid: str, source: str, translation: str) -> str:
    """A `<…>` that spans a line break in the source (an HTML tag, a link destination in
    angle brackets) goes back into the translation as the source has it, line break and
    container markers included: joined onto one line it could parse differently
    (`[a](<x\ny>)` is no link, `[a](<x y>)` is one). The msgid has it on one line; where the
    translation keeps it as the msgid has it, it gets the source's bytes back."""
    if "\n" not in source:
        return translation
    origin: list[int] = []  # the source offset of each character of the msgid
    cursor = 0
    for join in _CONTINUATION.finditer(source):
        origin += range(cursor, join.start())
        origin.append(join.start())  # the space a line break became
        cursor = join.end()
    origin += range(cursor, len(source))
    if len(origin) != len(msgid):
        return translation  # not a plain fold of the source (a hard break): nothing to restore
    for angled in _ANGLED.finditer(msgid):
        original = source[origin[angled.start()] : origin[angled.end() - 1] + 1]
        if "\n" in original:
            translation = translation.replace(angled.group(), original)
    return translation


def html_safe(translation: str, source: str) -> str:
    """A translation to splice into Markdown rendered as HTML: tags and entities the source
    unit has stay markup, anything else is escaped (a `<script>` from MT or a translator is
    shown as text)."""

    def keep_or_escape(match: re.Match[str]) -> str:
        return match.group(0) if match.group(0) in source else html.escape(match.group(0))

    pieces, cursor = [], 0
    for match in _TAG.finditer(translation):
        pieces += [translation[cursor : match.start()].replace("<", "&lt;"), keep_or_escape(match)]
        cursor = match.end()
    pieces.append(translation[cursor:].replace("<", "&lt;"))
    return "".join(pieces)


def _inline_text(children: list[Token] | None) -> str:
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children))
    return "".join(parts)


def markdown_to_text(markdown: str) -> str:
    """Plain text in the seed's format: one line per heading, paragraph, list item or table
    row, inline markup dropped (link text kept), code blocks as they are."""
    lines: list[str] = []
    row: list[str] = []
    list_depth = 0
    for token in _mark_cells(_markdown().parse(markdown.lstrip("\ufeff"))):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            lines.append(" | ".join(row))
        elif token.type == "inline":
            text = _inline_text(token.children)
            if token.map is not None and _in_cell(token):
                row.append(text)
            else:
                lines.append(("- " * min(list_depth, 1)) + text)
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(line for line in lines if line.strip()) + "\n"


def _in_cell(token: Token) -> bool:
    return bool(token.meta.get("in_cell"))


def _mark_cells(tokens: list[Token]) -> list[Token]:
    in_cell = False
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline":
            token.meta["in_cell"] = in_cell
    return tokens


DRAFT_NOTE = "Draft for review: machine suggestions and untranslated text; not for publication."


def page(body: str, language: str, title: str, draft: bool = False) -> str:
    """A clean standalone HTML5 page with the language and its writing direction; a draft
    carries a visible banner and tells search engines and CMS importers to keep away."""
    direction = text_direction(language)
    draft_head = (
        '<meta name="robots" content="noindex">\n<meta name="i18n-tool-status" content="draft">\n'
        if draft
        else ""
    )
    banner = (
        f'<p class="i18n-tool-draft" role="note" lang="en" dir="ltr" style="border:2px solid '
        f'#b00;padding:.5em;color:#b00"><strong>{html.escape(DRAFT_NOTE)}</strong></p>\n'
        if draft
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{language.replace("_", "-")}" dir="{direction}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{draft_head}"
        f"<title>{html.escape(title)}</title>\n"
        "</head>\n"
        f"<body>\n{banner}<article>\n"
        f"{body}"
        "</article>\n</body>\n</html>\n"
    )


def _title(document: Document, translations: dict[str, str]) -> str:
    """The first heading as plain text (translations already made HTML-safe)."""
    for block in document.blocks:
        if block.kind is BlockKind.HEADING:
            text = " ".join(translations.get(u.text, u.text) for u in block.units)
            return _inline_text(_markdown().parseInline(text)[0].children) or document.name
    return document.name


def _text_source_html(document: Document, translations: dict[str, str]) -> str:
    body = []
    first_heading = True
    for block in document.blocks:
        text = html.escape(" ".join(translations.get(u.text, u.text) for u in block.units))
        if block.kind is BlockKind.HEADING:
            tag = "h1" if first_heading else "h2"
            first_heading = False
            body.append(f"<{tag}>{text}</{tag}>\n")
        else:
            body.append(f"<p>{text}</p>\n")
    return "".join(body)


def render_document(
    document: Document,
    catalog: Mapping[str, Entry],
    language: str,
    folder: Path,
    policy: BuildPolicy,
) -> tuple[BuildResult, dict[Path, str]]:
    """One localized article in the policy's formats: its counts and the texts to write; no
    texts when the policy holds the article back."""
    form = article_format(document.path) or TEXT
    selection = select(document, catalog, policy.include_fuzzy)
    usable = selection.usable
    reason = held_back(document, selection, policy)
    refused = "" if reason else fallback_refusal(len(document.units), usable, policy)
    if refused:
        raise BuildError(f"{language}: {refused}", document.path)
    name = f"{document.name}{form.suffix}"
    if reason:
        result = BuildResult(
            language, document.name, (), selection.reviewed, selection.unreviewed,
            selection.missing, usable=usable, held_back=reason, name=name,
        )  # fmt: skip
        return result, {}
    left_out = omitted_blocks(document, selection.translations) if policy.fallback == "omit" else []
    if form.html:
        localized = localize_html(document, selection.translations, language, left_out)
    else:
        localized = localize(document, selection.translations, left_out)
    omitted = {id(block) for block in left_out}
    kept = [u for b in document.blocks if id(b) not in omitted for u in b.units]
    used = [selection.states[u.text] for u in kept if u.text in selection.translations]
    reviewed = used.count(EntryState.REVIEWED)
    outputs: dict[Path, str] = {}
    for fmt in policy.formats:
        if form.html and fmt == "txt":
            text = html_plain_text(document, selection.translations)
            outputs[folder / f"{document.name}.txt"] = _drafted(text, TEXT, policy.draft)
        elif form.html:  # the page itself, whichever other format is asked for
            outputs[folder / name] = _drafted(localized, form, policy.draft)
        elif fmt == "html":
            if form.markdown:
                safe = {
                    text: html_safe(translation, text)
                    for text, translation in selection.translations.items()
                }
                body = _markdown().render(localize(document, safe, left_out).lstrip("\ufeff"))
                title = _title(document, safe)
            else:
                body = _text_source_html(document, selection.translations)
                title = _title(document, {})
            outputs[folder / f"{document.name}.html"] = page(body, language, title, policy.draft)
        elif fmt == "txt" and form.markdown:
            text = markdown_to_text(localized)
            outputs[folder / f"{document.name}.txt"] = _drafted(text, TEXT, policy.draft)
        else:  # the article's own format: Markdown, or the text of a .txt source
            outputs[folder / name] = _drafted(localized, form, policy.draft)
    result = BuildResult(
        language=language,
        document=document.name,
        paths=tuple(outputs),
        reviewed=reviewed,
        unreviewed=len(used) - reviewed,
        fallback=len(kept) - len(used),
        omitted=len(document.units) - len(kept),
        usable=usable,
        machine=used.count(EntryState.MACHINE),
        draft=policy.draft,
        name=name,
    )
    return result, outputs


def _drafted(text: str, form: ArticleFormat, draft: bool) -> str:
    """A draft opens with the draft note (after a BOM): in Markdown and HTML as a comment, seen
    by whoever opens the file, invisible once rendered, kept by CMS importers; in plain text
    as its first line. Anything else is the text as it is."""
    if not draft:
        return text
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    note = f"[{DRAFT_NOTE}]" if form is TEXT else f"<!-- {DRAFT_NOTE} -->"
    return f"{bom}{note}\n\n{text.removeprefix(bom)}"


def write_outputs(outputs: dict[Path, str]) -> bool:
    """Write the files of one article; True if any changed."""
    written = False
    for path, text in outputs.items():
        written |= write_atomic(path, text.encode("utf-8"))
    return written


def held_back(document: Document, selection: Selection, policy: BuildPolicy) -> str:
    """Why the policy does not publish the article with the translations `select` chose
    ("": it is published); `status` and `build` both ask this."""
    reason = why_held_back(len(document.units), selection.usable, policy)
    if reason and selection.unmatched:
        reason += (
            f" ({selection.unmatched} more translated with tags unlike the source's: "
            "see `i18n-tool check`)"
        )
    return reason


def why_held_back(units: int, usable: int, policy: BuildPolicy) -> str:
    """Why the policy does not publish an article with `usable` of its `units` translated as
    it requires ("": it is published). By default every unit must have a reviewed
    translation; a project may lower the share per article (`min-reviewed`)."""
    if policy.draft or not units:
        return ""
    counted = "reviewed" if policy.use == "reviewed" else "translated (reviewed or MT)"
    if 100.0 * usable < policy.min_reviewed * units:
        bar = f", under the minimum of {policy.min_reviewed:g} %"
        bar = "" if policy.min_reviewed >= 100 else bar
        return f"{usable} of {units} units {counted}{bar}"
    return ""


def fallback_refusal(units: int, usable: int, policy: BuildPolicy) -> str:
    """Why `fallback = "fail"` refuses an article the policy would publish with units that
    have no translation it uses ("": it does not)."""
    if policy.draft or usable >= units or policy.fallback != "fail":
        return ""
    return f"{units - usable} of {units} units have no {policy.use} translation (fallback = fail)"


def local_link(name: str) -> str:
    """A link to one of the tool's own pages or files: a relative path that no browser can
    read as a scheme (`javascript:alert(1).html` → `./javascript%3Aalert%281%29.html`)."""
    return "./" + quote(name, safe="/")
