"""Markdown the CommonMark spec allows, read as it is written (issue 26, item 8).

Our own cases, from the spec's rules: a link reference definition's label, destination and
title may each span lines (spec 4.7), and an HTML open tag's attributes may be separated by
line endings, its quoted values may hold line endings and `>` (spec 6.6). Each article must
extract without an error, rebuild byte for byte with empty catalogs, and, translated as
itself, render to the same HTML with every tag of the source byte for byte in the build.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from helpers import invoke_in
from markdown_it import MarkdownIt

MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
CASES = {
    "definition-destination-and-title-on-their-own-lines": (
        "Der Bericht steht online. Er ist lang.\n\n[bericht]:\n   /url\n  'Titel'\n\n"
        "Lesen Sie [den Bericht][bericht] heute.\n"
    ),
    "definition-label-across-lines": (
        "Zuerst ein Satz.\n\n[Foo\n  bar]: /url\n\nDanach [Foo bar] und mehr.\n"
    ),
    "definition-title-across-lines": (
        "Ein Satz.\n\n[quelle]: /url '\nTitel über\nzwei Zeilen\n'\n\nSiehe [quelle].\n"
    ),
    "definition-in-a-quote": "> [zitat]:\n> /url\n>\n> Ein Satz mit [zitat] darin.\n",
    "definition-in-a-list-item": "- Ein Punkt mit [x].\n\n  [x]:\n  /url\n",
    "definitions-with-crlf": 'Ein Satz.\r\n\r\n[a]:\r\n  /a\r\n  "T"\r\n\r\nSiehe [a].\r\n',
    "tag-attributes-on-lines": (
        'Der Text <a\nhref="/x"\ntitle="t">Link</a> geht weiter. Noch ein Satz.\n'
    ),
    "tag-quoted-value-with-line-break-and-gt": (
        'Ein <a title="a > b\nc"\nhref="/x">Link</a> hier. Satz zwei.\n'
    ),
    "tag-across-lines-with-crlf": 'Der <a\r\nhref="/x">Link</a> hier. Satz.\r\n',
    "tag-across-lines-in-a-list-item": '1. Punkt <a\n   href="/x">Link</a> hier. Satz.\n',
    "tag-across-lines-in-a-quote": '> Zitat <abbr title="Ein\n> Titel">EU</abbr> steht. Satz.\n',
    "tag-starting-a-continuation-line": 'Text davor.\n<span\nclass="x">geht</span> weiter.\n',
    "tag-with-tabs-and-single-quotes": "Ein <a\thref=\"/x\"\n\ttitle='t'>Link</a> hier.\n",
    "self-closing-tag-across-lines": 'Ein Bild <img src="a.png"\n     alt="Bild" /> darin.\n',
}
_TAG = re.compile(r"""<[A-Za-z][^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>""")


def rendered(markdown: str) -> str:
    """The HTML a text renders to, white space runs as one (a soft break renders as a space
    or a line end alike)."""
    return re.sub(r"\s+", " ", MARKDOWN.render(markdown.lstrip("\ufeff")))


@pytest.fixture
def articles(project: Path) -> Path:
    (project / "source" / "praesident.de.md").unlink()
    for name, text in CASES.items():
        (project / "source" / f"{name}.de.md").write_bytes(text.encode("utf-8"))
    code, output = invoke_in(project, "update", "-l", "en", "--no-language-check")
    assert code == 0, output
    return project


def test_every_case_extracts_and_rebuilds_byte_for_byte(articles: Path) -> None:
    code, output = invoke_in(articles, "build", "-l", "en", "--min-reviewed", "0")
    assert code == 0, output
    for name, text in CASES.items():
        assert (articles / "build" / "en" / f"{name}.md").read_bytes() == text.encode(), name


def test_every_case_translated_as_itself_renders_the_same(articles: Path) -> None:
    for path in (articles / "locales" / "en").glob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save()
    code, output = invoke_in(articles, "build", "-l", "en")  # every unit reviewed: published
    assert code == 0, output
    for name, text in CASES.items():
        built = (articles / "build" / "en" / f"{name}.md").read_bytes().decode("utf-8")
        assert rendered(built) == rendered(text), name
        for tag in _TAG.findall(text):  # attribute values and their line breaks as written
            assert tag in built, (name, tag)
