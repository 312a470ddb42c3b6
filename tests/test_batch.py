"""Issue 19: one bad article never stops the others, an article with nothing to translate is
valid, and a translation never changes how the Markdown around it parses.

The edge articles (tests/data/edge_articles) are the kind of content a CMS export produces:
code only, a table of figures, rules, link definitions, raw HTML, empty headings, nested
quotes, setext headings with markup across lines, entities, escapes, hard breaks, and the two
corners where joining a unit's lines could change the parse (`<…>` across a line break).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import Shouting, invoke_in
from markdown_it import MarkdownIt

import i18n_tool

EDGE = Path(__file__).resolve().parent / "data" / "edge_articles"
EDGE_ARTICLES = {path.stem: path.read_bytes() for path in sorted(EDGE.glob("*.md"))}
PROSE = (
    "Die Regierung plant ein neues Gesetz. Die Opposition kritisiert den Entwurf scharf.\n",
    "# Der Haushalt\n\nDer Bundestag berät am Donnerstag über den Haushalt.\n",
)
UNREADABLE = {
    "foto.de.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
    "alt.de.md": "Grüße aus Köln.\n".encode("latin-1"),
}
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def rendered(markdown: str) -> str:
    """The HTML a Markdown text renders to, white space runs as one (a soft line break and a
    space render alike)."""
    return re.sub(r"\s+", " ", MARKDOWN.render(markdown.lstrip("\ufeff")))


def archive(root: Path, count: int) -> dict[str, bytes]:
    """`count` varied articles: the edge articles alone, then mixed with each other and with
    prose (seeded), written into the project's source folder."""
    pieces = list(EDGE_ARTICLES.values())
    plain = [p for name, p in EDGE_ARTICLES.items() if name != "bom-crlf"]  # BOM only first
    articles = {f"{name}.de.md": data for name, data in EDGE_ARTICLES.items()}
    chance = random.Random(19)
    while len(articles) < count:
        chosen = [chance.choice(pieces), *chance.sample(plain, chance.randint(0, 3))]
        chosen += [p.encode() for p in chance.sample(PROSE, chance.randint(0, 2))]
        articles[f"mix-{len(articles):03d}.de.md"] = b"\n".join(chosen)
    for name, data in articles.items():
        (root / "source" / name).write_bytes(data)
    return articles


def translate_as_themselves(root: Path) -> int:
    """Every catalog's entries translated by their own msgid, reviewed."""
    entries = 0
    for path in (root / "locales").glob("*/*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entries += 1
        catalog.save()
    return entries


@pytest.fixture
def newsroom_archive(project: Path) -> tuple[Path, dict[str, bytes]]:
    (project / "source" / "praesident.de.md").unlink()
    articles = archive(project, 300)
    for name, data in UNREADABLE.items():
        (project / "source" / name).write_bytes(data)
    return project, articles


def test_a_run_over_an_archive_does_every_readable_article_and_lists_the_rest(
    newsroom_archive: tuple[Path, dict[str, bytes]],
) -> None:
    root, articles = newsroom_archive
    i18n_tool.register_engine("shouting", lambda settings: Shouting())
    code, output = invoke_in(root, "run", "--engine", "shouting", "--draft")
    assert code == 3, output  # the class of the failures: unreadable source articles
    assert [line for line in output.splitlines() if line.startswith("error:")] == [
        "error: source/alt.de.md:1: not UTF-8 (byte 0xfc at offset 2); convert it, e.g. "
        "iconv -f latin1 -t utf-8",
        "error: source/foto.de.md: not a text article (binary data); articles are Markdown, "
        "HTML or plain text in UTF-8",
    ]
    assert output.splitlines()[-1] == "302 articles: 300 done, 2 failed (unreadable source article)"
    stems = {name.removesuffix(".de.md") for name in articles}
    assert {path.stem for path in (root / "locales").glob("*.pot")} == stems
    for language in ("en", "fr"):
        drafts = root / "build" / "drafts" / language
        assert {path.stem for path in drafts.glob("*.md")} == stems
    for name, data in UNREADABLE.items():  # nothing else is touched
        assert (root / "source" / name).read_bytes() == data


def test_empty_catalogs_build_every_article_byte_for_byte(
    newsroom_archive: tuple[Path, dict[str, bytes]],
) -> None:
    root, articles = newsroom_archive
    code, output = invoke_in(root, "update")
    assert code == 3, output
    code, output = invoke_in(root, "build", "--min-reviewed", "0", "-l", "en")
    assert code == 3, output
    for name, data in articles.items():
        built = root / "build" / "en" / name.replace(".de.md", ".md")
        assert built.read_bytes() == data, name


def test_identity_translations_render_to_the_same_html_as_the_source(
    newsroom_archive: tuple[Path, dict[str, bytes]],
) -> None:
    root, articles = newsroom_archive
    invoke_in(root, "update")
    assert translate_as_themselves(root) > 300
    code, output = invoke_in(root, "build", "-l", "en", "--use", "reviewed")
    assert code == 3, output
    for name, data in articles.items():
        built = (root / "build" / "en" / name.replace(".de.md", ".md")).read_text("utf-8")
        assert rendered(built) == rendered(data.decode("utf-8")), name


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (
            "angle-destination-across-lines",
            "SIEHE [DEN BERICHT](<https://example.org/a\nb>) FÜR DETAILS. DAS IST KEIN LINK.\n",
        ),
        (
            "html-tag-across-lines-in-quote",
            '> IM ZITAT <span\n> class="hervor">STEHT</span> EIN SATZ. NOCH EINER.\n',
        ),
    ],
)
def test_a_translation_keeps_a_construct_that_spans_a_line_break_as_the_source_has_it(
    project: Path, article: str, expected: str
) -> None:
    """The two corners: joined onto one line, `[a](<x y>)` would become a link; the tag is
    put back with its line break and the quote's marker."""
    (project / "source" / "praesident.de.md").write_bytes(EDGE_ARTICLES[article])
    invoke_in(project, "update")
    for path in (project / "locales").glob("en/*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            parts = re.split(r"(<[^<>]*>)", entry.msgid)  # the text in capitals, tags kept
            entry.msgstr = "".join(p if p.startswith("<") else p.upper() for p in parts)
        catalog.save()
    code, output = invoke_in(project, "build", "-l", "en")  # every unit reviewed: published
    assert code == 0, output
    built = (project / "build" / "en" / "praesident.md").read_text("utf-8")
    assert built == expected
    assert rendered(built).lower() == rendered(EDGE_ARTICLES[article].decode()).lower()


def test_fail_fast_stops_at_the_first_failure_as_before(project: Path) -> None:
    for name, data in UNREADABLE.items():
        (project / "source" / name).write_bytes(data)
    code, output = invoke_in(project, "extract", "--fail-fast")
    assert code == 3
    assert output == (
        "error: source/alt.de.md:1: not UTF-8 (byte 0xfc at offset 2); convert it, e.g. "
        "iconv -f latin1 -t utf-8\n"
    )
    assert not (project / "locales").exists()


def test_an_article_with_nothing_to_translate_has_zero_units_in_status(project: Path) -> None:
    (project / "source" / "tabelle.de.md").write_bytes(EDGE_ARTICLES["code-only"])
    assert invoke_in(project, "update")[0] == 0
    code, output = invoke_in(project, "status", "--json")
    assert code == 0, output
    rows = [row for row in json.loads(output)["documents"] if row["document"] == "tabelle"]
    assert [(row["language"], row["units"]) for row in rows] == [("en", 0), ("fr", 0)]
    if shutil.which("msgfmt"):  # a header and no entries: still a catalog gettext keeps as it is
        for path in (project / "locales" / "tabelle.pot", project / "locales/en/tabelle.po"):
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
            kept = subprocess.run(
                ["msgcat", "--force-po", str(path)], check=True, capture_output=True
            )
            assert kept.stdout == path.read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ("update",),
        ("translate", "--engine", "shouting"),
        ("build", "--draft"),
        ("check",),
        ("status",),
        ("review",),
        ("export",),
        ("memory", "export"),
        ("import", "build/xliff/en/zweiter.xlf"),
    ],
    ids=[
        "update",
        "translate",
        "build",
        "check",
        "status",
        "review",
        "export",
        "memory-export",
        "import",
    ],
)
def test_every_step_goes_on_past_a_catalog_a_translator_broke(
    project: Path, command: tuple[str, ...]
) -> None:
    """One article's broken catalog: the step does the other article, names the broken one
    with its line, and exits 4 (the catalog class); the broken file is left as it was."""
    i18n_tool.register_engine("shouting", lambda settings: Shouting())
    (project / "source" / "zweiter.de.md").write_text("Ein zweiter Artikel. Mit zwei Sätzen.\n")
    assert invoke_in(project, "update")[0] == 0
    assert invoke_in(project, "export", "-l", "en")[0] == 0  # what `import` brings back
    broken = project / "locales" / "en" / "praesident.po"
    broken.write_text(broken.read_text("utf-8").replace('msgid "Der', 'msgid "Der\n', 1))
    before = broken.read_bytes()
    code, output = invoke_in(
        project, *(part.replace("build/", f"{project}/build/") for part in command)
    )
    assert code == 4, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: locales/en/praesident.po:")
    assert output.splitlines()[-1] == "2 articles: 1 done, 1 failed (broken or unwritable catalog)"
    assert broken.read_bytes() == before


def test_one_shared_template_is_kept_as_it_was_while_an_article_fails(project: Path) -> None:
    """`catalogs = "per-language"`: rewriting locales/articles.pot without the failed article
    would drop its units from every language's catalog."""
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.i18n-tool]", '[tool.i18n-tool]\ncatalogs = "per-language"'
        )
    )
    assert invoke_in(project, "extract")[0] == 0
    template = project / "locales" / "articles.pot"
    before = template.read_bytes()
    (project / "source" / "neu.de.md").write_text("Ein neuer Artikel mit einem Satz.\n")
    (project / "source" / "alt.de.md").write_bytes(UNREADABLE["alt.de.md"])
    code, output = invoke_in(project, "extract")
    assert code == 3, output
    assert output.splitlines()[-1] == "3 articles: 2 done, 1 failed (unreadable source article)"
    assert template.read_bytes() == before
    (project / "source" / "alt.de.md").unlink()
    assert invoke_in(project, "extract")[0] == 0
    assert "Ein neuer Artikel mit einem Satz." in template.read_text("utf-8")
