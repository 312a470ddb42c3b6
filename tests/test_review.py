"""The review report, as the desk editor gets it: the seed article after an edit of the German,
new sentences machine-translated by the tiny models and a partial review, written by
`i18n-tool review` and read as HTML (strict html5lib parse, exact rows)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import polib
import pytest
from helpers import clone_of_repository, invoke_in
from test_pipeline_record import ARTICLES, pipeline

import i18n_tool
from i18n_tool.report import word_diff

ARTICLE = "source/kim-truppen-russland.de.md"
EDITED_FROM = "Kims Truppen sind nicht nur symbolische Unterstützung."
EDITED_TO = "Kims Truppen sind weit mehr als symbolische Unterstützung."
NEW_SENTENCES = (
    "Der Präsident sprach heute.",
    "Die Regierung plant ein neues Gesetz für den Klimaschutz.",
    "Die Woche ist lang.",
)
CLEARED_HEADING = "Kims Einfluss wächst, während Putins Macht schwindet"
SCRIPTED = (
    "NATO Secretary General Mark Rutte called the move <script>document.title = 'hacked'"
    "</script> “a dangerous expansion of Russia's war”, showing that Putin now relies deeply "
    "on alliances with authoritarian leaders, even at the risk of losing control over the "
    "direction of the battlefield."
)
NUMBER_SENTENCE_START = "In einer überraschenden Wendung"


def seed_after_an_edit_and_partial_review(root: Path) -> Path:
    """The repository's seed project after a day of newsroom work, in English:

    - the German of one sentence was edited (its translation needs review, with `#|`);
    - three sentences were added and machine-translated (tiny models: confidences 1.00,
      0.99, 1.00); the translator reviewed the third;
    - a translator cleared one heading's translation (untranslated again), put a `<script>`
      into a reviewed translation, and mistyped a number (a QA error)."""
    project = clone_of_repository(root / "seed")
    source = project / ARTICLE
    text = source.read_text(encoding="utf-8").replace(EDITED_FROM, EDITED_TO)
    source.write_text(text + "\n" + " ".join(NEW_SENTENCES) + "\n", encoding="utf-8")
    config = i18n_tool.open_project(project)
    i18n_tool.update(config, ["en"])
    i18n_tool.translate(config, ["en"])
    po_path = project / "locales" / "en" / "kim-truppen-russland.po"
    po = polib.pofile(str(po_path), wrapwidth=79)
    week = po.find(NEW_SENTENCES[2])
    week.msgstr, week.flags = "The week is long.", []
    po.find(CLEARED_HEADING).msgstr = ""
    for entry in po:
        if entry.msgid.startswith(NUMBER_SENTENCE_START):
            entry.msgstr = entry.msgstr.replace("10,000", "1,000")
        if entry.msgid.startswith("Der NATO-Generalsekretär"):
            entry.msgstr = SCRIPTED
    po.save()
    return project


@pytest.fixture
def seed_report(tmp_path: Path, installed_models: Path) -> Path:
    project = seed_after_an_edit_and_partial_review(tmp_path)
    code, output = invoke_in(project, "review", "-l", "en")
    assert code == 0, output
    return project / "build" / "review" / "en" / "kim-truppen-russland.html"


def rows_of(page: Path) -> list[dict[str, str]]:
    """Each unit row's data attributes and cell texts, parsed strictly (any HTML5 parse
    error fails the test)."""
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        page.read_text(encoding="utf-8")
    )
    rows = []
    for row in document.iterfind(".//table[@id='units']/tbody/tr"):
        cells = ["".join(cell.itertext()) for cell in row.iterfind("td")]
        rows.append({**row.attrib, "cells": cells, "element": row})
    return rows


def test_the_report_shows_every_unit_with_its_state(seed_report: Path) -> None:
    rows = rows_of(seed_report)
    assert len(rows) == 28  # 25 units, one edited in place, three added
    states = [row["data-state"] for row in rows]
    assert states.count("reviewed") == 24
    assert [row["cells"][1] for row in rows if row["data-state"] == "machine"] == list(
        NEW_SENTENCES[:2]
    )
    badges = {row["cells"][1][:40]: row["cells"][3] for row in rows}
    assert badges["Der Präsident sprach heute."] == "MT 1.00"
    assert badges["Die Regierung plant ein neues Gesetz für"] == "MT 0.99"
    assert badges["Die Woche ist lang."] == "reviewed"
    assert badges[CLEARED_HEADING[:40]] == "untranslated"
    changed = [row for row in rows if row["data-changed"] == "1"]
    assert [row["cells"][3] for row in changed] == ["needs review: the German changed"]


def test_an_edited_sentence_shows_the_changed_words(seed_report: Path) -> None:
    [changed] = [row for row in rows_of(seed_report) if row["data-changed"] == "1"]
    source_cell = changed["element"].findall("td")[1]
    assert [d.text for d in source_cell.iter("del")] == ["nicht nur"]
    assert [i.text for i in source_cell.iter("ins")] == ["weit mehr als"]
    assert source_cell.get("lang") == "de"


def test_translations_are_text_never_markup(seed_report: Path) -> None:
    rows = rows_of(seed_report)
    [scripted] = [row for row in rows if row["cells"][2] == SCRIPTED]
    target_cell = scripted["element"].findall("td")[2]
    # no element inside but the glossary's marks: the <script> is characters
    assert {(e.tag, e.get("class")) for e in target_cell} <= {("mark", "term")}
    assert target_cell.find(".//script") is None
    assert (target_cell.get("lang"), target_cell.get("dir")) == ("en", "ltr")
    assert "&lt;script&gt;document.title" in seed_report.read_text(encoding="utf-8")


def test_glossary_terms_are_marked_in_both_columns_with_the_required_form(
    seed_report: Path,
) -> None:
    """Hovering a term shows the glossary's form: on the German, what it must become; on the
    translation, which term it stands for. Genitives ("Putins") are terms too."""

    def marked(cell: Element) -> list[tuple[str, str]]:
        return [(m.text or "", m.get("title", "")) for m in cell.iter("mark")]

    rows = rows_of(seed_report)
    [president] = [row for row in rows if "Wolodymyr Selenskyj" in row["cells"][1]]
    source, translation = president["element"].findall("td")[1:3]
    assert marked(source) == [
        ("Wolodymyr Selenskyj", "glossary: Wolodymyr Selenskyj → Volodymyr Zelenskyy")
    ]
    assert marked(translation) == [
        ("Volodymyr Zelenskyy", "glossary: Volodymyr Zelenskyy (for Wolodymyr Selenskyj)")
    ]
    genitives = [
        text
        for row in rows
        for text, title in marked(row["element"].findall("td")[1])
        if title == "glossary: Putin → Putin" and text == "Putins"
    ]
    assert len(genitives) == 6


def test_qa_findings_are_listed_with_their_severity(seed_report: Path) -> None:
    rows = rows_of(seed_report)
    errors = [
        (row["cells"][1][:31], row["cells"][4]) for row in rows if row["data-qa-error"] == "1"
    ]
    assert errors == [
        (
            NUMBER_SENTENCE_START,
            "error numbers: number 10000 of the source is not in the translation "
            "(it has 1000: in en format?)",
        ),
        (
            NEW_SENTENCES[1][:31],
            "error untranslated: the translation looks German (langdetect p=1.00)",
        ),
    ]


def test_every_page_parses_and_fetches_nothing(seed_report: Path) -> None:
    report = seed_report.parent.parent
    pages = sorted(report.rglob("*.html"))
    assert [p.relative_to(report).as_posix() for p in pages] == [
        "en/index.html",
        "en/kim-truppen-russland.html",
        "index.html",
    ]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        html5lib.HTMLParser(strict=True).parse(text)
        assert "default-src 'none'" in text
        for reference in ("src=", "http://", "https://", "<link", "@import", "url("):
            assert reference not in text, (page, reference)


def test_the_language_index_counts_as_status_does(seed_report: Path) -> None:
    project = seed_report.parents[3]
    [status] = i18n_tool.status(i18n_tool.open_project(project), ["en"])
    index = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(
        (seed_report.parent / "index.html").read_text(encoding="utf-8")
    )
    [row] = index.iterfind(".//tbody/tr")
    cells = ["".join(cell.itertext()).strip() for cell in row.iterfind("td")]
    assert cells[0] == "kim-truppen-russland"
    assert cells[2:] == [
        str(status.units),
        str(status.reviewed),
        str(status.memory),
        str(status.machine),
        str(status.needs_review),
        str(status.untranslated),
        "2",
        "0.99",
    ]
    assert (status.units, status.reviewed, status.machine, status.untranslated) == (
        28,
        24,
        2,
        1,
    )


def test_an_unchanged_article_is_not_written_again(seed_report: Path) -> None:
    project = seed_report.parents[3]
    before = seed_report.stat().st_mtime_ns
    code, output = invoke_in(project, "review", "-l", "en")
    assert code == 0
    assert "en: 1 article (0 written)" in output
    assert seed_report.stat().st_mtime_ns == before


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_every_corpus_article_gets_a_strictly_valid_report(
    article: Path, installed_models: Path, tmp_path: Path
) -> None:
    """The seed and every shared corpus article (the hostile one too) after MT, a partial
    review and an edit: every page parses strictly and shows each unit of the article once."""
    root = tmp_path / "newsroom"
    pipeline(root, article)  # extract, update, translate, review, edit, update, build, review
    config = i18n_tool.open_project(root)
    [document] = i18n_tool.load_documents(config)
    for language in ("en", "fr"):
        page = root / "build" / "review" / language / f"{document.name}.html"
        rows = rows_of(page)
        assert len(rows) == len(document.units)
        for row, unit in zip(rows, document.units, strict=True):
            if row["data-changed"] == "0":  # a changed one shows its diff instead
                assert row["cells"][1] == unit.text
    for page in (root / "build" / "review").rglob("*.html"):
        html5lib.HTMLParser(strict=True).parse(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "Die Bundesregierung plant ein Gesetz.",
            "Die Landesregierung plant ein Gesetz.",
            [("", "Die "), ("del", "Bundesregierung"), ("ins", "Landesregierung"),
             ("", " plant ein Gesetz.")],
        ),
        (
            "Er sagte, dass es regnet.",
            "Er sagte: Es regnet.",
            [("", "Er sagte"), ("del", ", dass es"), ("ins", ": Es"), ("", " regnet.")],
        ),
        (
            "Kims Truppen sind da.",
            "Kims Truppen sind schon da.",
            [("", "Kims Truppen sind "), ("ins", "schon "), ("", "da.")],
        ),
        ("Gleich.", "Gleich.", [("", "Gleich.")]),
    ],
)  # fmt: skip
def test_the_diff_is_word_by_word(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    """A compound changes as one word; punctuation is its own piece."""
    assert word_diff(old, new) == expected
