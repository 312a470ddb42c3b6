"""The index page of a build tree: per language, every article, published with its files or
held back with the reason, written from the build manifest's rows."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import NamedTuple

from .config import BuildPolicy
from .render import BuildResult, local_link, page


class IndexEntry(NamedTuple):
    """An article's row of the index page: its outcome (counts and state, not its paths) and
    its files by their names in the build tree, as the build manifest keeps them (no path is
    made: an index of 10,000 articles is written on every build that changed one)."""

    language: str
    result: BuildResult
    files: tuple[str, ...]


def index_page(entries: Iterable[IndexEntry], policy: BuildPolicy) -> str:
    """The index of a build tree (`build/index.html`, or the drafts'): per language, every
    article, published with its files or held back with the reason."""
    rows = []
    for language, result, files in entries:
        if result.published:
            links = " ".join(
                f'<a href="{html.escape(local_link(name))}">'
                f"{html.escape(name.rpartition('/')[2])}</a>"
                for name in files
            )
            state = (
                f"{'DRAFT, not for publication' if result.draft else 'published'}: "
                f"{result.reviewed} reviewed, {result.unreviewed} unreviewed "
                f"({result.machine} MT suggestions), "
                f"{result.fallback + result.omitted} in the source language or omitted"
            )
        else:
            links, state = "", f"held back: {result.held_back}"
        rows.append(
            f"<tr><td>{html.escape(language)}</td>"
            f"<td>{html.escape(result.name or result.document)}</td>"
            f"<td>{html.escape(state)}</td><td>{links}</td></tr>\n"
        )
    if policy.draft:
        rule = "drafts: every article with its MT suggestions, none of them for publication"
    else:
        share = f"{policy.min_reviewed:g} % of its units have"
        share = "every unit has" if policy.min_reviewed >= 100 else share
        counted = "reviewed" if policy.use == "reviewed" else "reviewed or MT"
        fallback = {"source": "in the source language", "omit": "left out", "fail": "refused"}
        rule = (
            f"an article is published when {share} a {counted} translation; units without "
            f"one are {fallback[policy.fallback]}"
        )
    body = (
        "<h1>Localized articles</h1>\n"
        f"<p>Policy: {html.escape(rule)}.</p>\n"
        "<table>\n<thead><tr><th>language</th><th>article</th><th>state</th>"
        "<th>files</th></tr></thead>\n<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n"
    )
    return page(body, "en", "Localized articles", policy.draft)
