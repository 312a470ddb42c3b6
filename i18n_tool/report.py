"""The review report: a localized article as the desk editor reads it before it goes out.

One static page per article and language: each block's units in source order, German beside
the translation, the state of each (reviewed, TM n %, MT with the model's confidence, needs
review, untranslated), a word-level diff where the German changed since it was translated, and
what QA found. Filters and the sort by confidence run in the page itself: no server, nothing
fetched (a Content-Security-Policy forbids it). Pages are Jinja2 templates with autoescaping,
so no text of an article or a catalog can become markup.

The rows come from the same entries `status` and `build` read (`catalog.read_entries`), and
the counts from the same `counts.article_counts`, so the three can never disagree.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from .invisible import marks
from .model import Document, Entry, EntryState, MemoryOrigin
from .qa import Problem, Severity
from .render import local_link
from .terms import Terminology, target_spans

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The changes from `old` to `new` as (operation, text) pieces, word by word: "" (kept),
    "del" or "ins". Words count whole (a changed compound is one changed word); punctuation
    marks are pieces of their own, so a moved comma does not mark its word; changes separated
    only by spaces read as one (`nicht nur` → `weit mehr`, not word by word)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    groups: list[list[int]] = []  # [i1, i2, j1, j2, changed]
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = operation != "equal"
        between = not changed and groups and groups[-1][4] and "".join(before[i1:i2]).isspace()
        if groups and (changed or between) and groups[-1][4]:
            groups[-1][1], groups[-1][3] = i2, j2  # a change goes on over spaces
        else:
            groups.append([i1, i2, j1, j2, changed])
    pieces: list[tuple[str, str]] = []
    for i1, i2, j1, j2, changed in groups:
        if not changed:
            pieces.append(("", "".join(after[j1:j2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(after[j1:j2])))
    return pieces


Highlight = tuple[int, int, str]  # start, end, what a reader sees on hover


def highlighted(text: str, highlights: Sequence[Highlight]) -> list[tuple[str, str, str]]:
    """`text` as (text, hidden character, hover title) pieces: `marks` inside and outside the
    highlighted spans, the spans' pieces carrying their title."""
    pieces: list[tuple[str, str, str]] = []
    cursor = 0
    for start, end, title in sorted(highlights):
        if start < cursor:
            continue  # overlapping spans: the first wins
        pieces += [(t, hidden, "") for t, hidden in marks(text[cursor:start])]
        pieces += [(t, hidden, title) for t, hidden in marks(text[start:end])]
        cursor = end
    pieces += [(t, hidden, "") for t, hidden in marks(text[cursor:])]
    return pieces


def term_highlights(
    source: str, translation: str, terms: Terminology | None
) -> tuple[tuple[Highlight, ...], tuple[Highlight, ...]]:
    """The glossary terms of a unit in both columns: in the German, every occurrence with the
    target form it requires; in the translation, where that form stands."""
    if not terms:
        return (), ()
    in_source, in_translation = [], []
    for found in terms.find(source):
        required = found.required
        title = f"glossary: {found.entry.source} → {required}"
        in_source.append((found.part_start, found.part_end, title))
        for start, end in target_spans(translation, required, terms.target_language):
            in_translation.append((start, end, f"glossary: {required} (for {found.text})"))
    return tuple(in_source), tuple(dict.fromkeys(in_translation))


@dataclass(frozen=True)
class Row:
    """One unit of the article as the report shows it."""

    order: int  # source order
    block: str  # "paragraph, line 12" on a block's first unit, else ""
    source: str
    diff: tuple[tuple[str, str], ...]  # old German → current, when a `#|` says what it was
    diff_against: str  # what the old German was: "translated" or "memory"
    translation: str
    state: str  # the CSS key of the state: reviewed, memory, machine, needs-review, untranslated
    badge: str
    confidence: float | None
    findings: tuple[Problem, ...]
    source_terms: tuple[Highlight, ...] = ()  # glossary terms, with the form required on hover
    translation_terms: tuple[Highlight, ...] = ()

    @property
    def needs_human(self) -> bool:
        return self.state != "reviewed"

    @property
    def changed(self) -> bool:
        return self.state == "needs-review" and bool(self.diff)

    @property
    def qa_error(self) -> bool:
        return any(problem.severity is Severity.ERROR for problem in self.findings)


def _state(entry: Entry | None) -> tuple[str, str]:
    """The state's CSS key and the badge text a reader sees."""
    if entry is None or entry.state is EntryState.UNTRANSLATED:
        return "untranslated", "untranslated"
    if entry.state is EntryState.REVIEWED:
        if isinstance(entry.origin, MemoryOrigin) and entry.origin.score >= 1.0:
            return "reviewed", "reviewed (same sentence in the memory)"
        return "reviewed", "reviewed"
    if entry.state is EntryState.MEMORY:
        percent = getattr(entry.origin, "percent", None)
        return "memory", f"TM {percent} %" if percent is not None else "TM"
    if entry.state is EntryState.MACHINE:
        confidence = entry.mt_confidence
        return "machine", "MT" if confidence is None else f"MT {confidence:.2f}"
    if entry.previous_msgid is not None:
        return "needs-review", "needs review: the German changed"
    return "needs-review", "needs review"


def article_rows(
    document: Document,
    entries: Mapping[str, Entry],
    findings: Mapping[str, Sequence[Problem]],
    terms: Terminology | None = None,
) -> list[Row]:
    """Every unit of the article in source order, with its entry's translation and state, and
    the glossary's terms marked in both."""
    rows = []
    for block in document.blocks:
        for number, unit in enumerate(block.units):
            entry = entries.get(unit.text)
            state, badge = _state(entry)
            previous = entry.previous_msgid if entry else None
            translation = entry.msgstr if entry else ""
            source_terms, translation_terms = term_highlights(unit.text, translation, terms)
            rows.append(
                Row(
                    order=len(rows),
                    block=f"{block.kind}, line {block.line}" if number == 0 else "",
                    source=unit.text,
                    diff=tuple(word_diff(previous, unit.text)) if previous else (),
                    diff_against="memory" if state == "memory" else "translated",
                    translation=translation,
                    state=state,
                    badge=badge,
                    confidence=entry.mt_confidence if entry else None,
                    findings=tuple(findings.get(unit.text, ())),
                    source_terms=source_terms,
                    translation_terms=translation_terms,
                )
            )
    return rows


@cache
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    environment = Environment(
        loader=PackageLoader("i18n_tool", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["percent"] = lambda part, whole: 100.0 * part / whole if whole else 0.0
    # invisible characters shown as [U+202E], and glossary terms marked
    environment.filters["highlighted"] = highlighted
    environment.filters["local_link"] = local_link
    return environment


def render(template: str, **values: Any) -> str:
    """A report page from its template (templates/review_*.html). The article pages' one
    script is allowed by its hash in the Content-Security-Policy: nothing else on a page can
    run, not even a `<script>` that got past the escaping."""
    script = ""
    if template == "review_article.html":
        script = _script()
    source = f"'sha256-{_digest(script)}'" if script else "'none'"
    return (
        _environment()
        .get_template(template)
        .render(script=Markup(script), script_source=Markup(source), **values)
    )


@cache
def _script() -> str:
    return resources.files("i18n_tool").joinpath("templates/review_article.js").read_text("utf-8")


def _digest(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
