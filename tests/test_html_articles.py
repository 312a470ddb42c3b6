"""HTML articles: read as a browser reads them, rebuilt byte for byte around their units.

The public test corpus is html5lib-tests' tree-construction documents (tests/data/, MIT), each
written as a standalone `.de.html` article, as the issue asks: every one extracts (but those
holding U+0000, refused with one line), rebuilds byte for byte with empty catalogs and with
identity translations, and with every text changed parses to the same tree.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import html5lib
import pytest
from helpers import REPO

from i18n_tool.errors import SourceError
from i18n_tool.model import Document
from i18n_tool.sources import load_document
from i18n_tool.sources.html_build import localize_html

TREE_CONSTRUCTION = REPO / "tests" / "data" / "html5lib-tests" / "tree-construction"
DAT_FILES = sorted(TREE_CONSTRUCTION.rglob("*.dat"))
_SECTION = re.compile(r"(?m)^#(?:errors|new-errors|document-fragment|script-on|script-off)\n")
PEOPLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content"}


def corpus_documents(dat: Path) -> list[str]:
    """The `#data` documents of one tree-construction file (fragment cases as documents)."""
    text = dat.read_text(encoding="utf-8")
    documents = []
    for chunk in re.split(r"(?m)^#data\n", text)[1:]:
        data = _SECTION.split(chunk)[0]
        documents.append(data[:-1] if data.endswith("\n") else data)
    return documents


def tree_shape(page: str, texts: bool = True) -> list[Any]:
    """What html5lib builds of a page, as nested lists: tags, attributes (without the `lang`
    and `dir` a build sets; people-facing values only when `texts`), and texts when `texts`."""
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=True)

    def shape(element: ElementTree.Element) -> list[Any]:
        attributes = sorted(
            (name, value if texts or name not in PEOPLE_ATTRIBUTES else "")
            for name, value in element.attrib.items()
            if name not in ("lang", "dir")
        )
        inner = [shape(child) for child in element]
        kept = [element.text, element.tail] if texts else []
        return [element.tag, attributes, *kept, inner]

    return shape(root)


def marked(document: Document) -> dict[str, str]:
    """A translation of every unit that changes every piece of text and keeps the tags."""
    translations = {}
    for unit in document.units:
        assert unit.inline is not None
        translations[unit.text] = "".join(
            text if code else f"Ü<&>“ {text}" for text, _, _, code in unit.inline.pieces
        )
    return translations


@pytest.mark.parametrize("dat", DAT_FILES, ids=lambda path: path.stem)
def test_every_tree_construction_document_rebuilds_exactly(dat: Path, tmp_path: Path) -> None:
    for number, page in enumerate(corpus_documents(dat)):
        path = tmp_path / f"doc-{number}.de.html"
        path.write_text(page, encoding="utf-8", newline="")
        if "\x00" in page:
            with pytest.raises(SourceError, match=r"a NUL character \(U\+0000\)"):
                load_document(path)
            continue
        document = load_document(path)
        identity = {unit.text: unit.text for unit in document.units}
        assert localize_html(document, {}, None) == page, number
        assert localize_html(document, identity, None) == page, number
        assert tree_shape(localize_html(document, identity, "fr")) == tree_shape(page), number
        changed = localize_html(document, marked(document), "fr")
        assert tree_shape(changed, texts=False) == tree_shape(page, texts=False), number


def test_the_corpus_counts() -> None:
    pages = [page for dat in DAT_FILES for page in corpus_documents(dat)]
    assert (len(pages), sum("\x00" in page for page in pages)) == (1796, 36)


HOSTILE = """<!DOCTYPE html>
<html><head><title>Ein Titel</title>
<script>var s = "</p><p>Kein Text";</script></head>
<body>
<p>Ein <a href="javascript:alert(1)" onclick="steal()">Link</a> im Satz.</p>
<p><!-- ein <b>Kommentar</b> --> Nach dem Kommentar.<![CDATA[ kein Text ]]> Weiter.</p>
<svg><text>Eine Grafik.<![CDATA[ Daten ]]></text></svg>
<img src="x.png" alt="Ein Bild">
<p title='Hinweis'>Ende.</p>
</body></html>
"""
ATTACKS = [
    "<script>alert(1)</script>",
    '</p><img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</title><script>x</script>",
    "]]><b>fett</b><!--",
    "' onmouseover='x",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<a>Link</a><a>zwei</a>",
]


def elements_and_attributes(page: str) -> list[tuple[str, list[str]]]:
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    return [(e.tag, sorted(e.attrib)) for e in root.iter() if isinstance(e.tag, str)]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_translation_never_adds_markup(attack: str, tmp_path: Path) -> None:
    path = tmp_path / "angriff.de.html"
    path.write_text(HOSTILE, encoding="utf-8")
    document = load_document(path)
    texts = [unit.text for unit in document.units]
    assert texts == [
        "Ein Titel",
        "Ein <a>Link</a> im Satz.",
        "Nach dem Kommentar.",
        "Weiter.",
        "Eine Grafik.",
        "Daten",  # CDATA in SVG is text
        "Ein Bild",
        "Hinweis",
        "Ende.",
    ]
    translations = {text: f"{attack} {text} {attack}" for text in texts}
    built = localize_html(document, translations, "en")
    expected = elements_and_attributes(HOSTILE.replace("<html>", '<html lang="en">'))
    assert elements_and_attributes(built) == expected
    source_scripts = html5lib.parse(HOSTILE, namespaceHTMLElements=False).iter("script")
    built_scripts = html5lib.parse(built, namespaceHTMLElements=False).iter("script")
    assert [s.text for s in built_scripts] == [s.text for s in source_scripts]
