"""Localized outputs: byte-faithful Markdown, valid escaped HTML, plain text, review policies."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import html5lib
import polib
import pytest
from helpers import invoke_in
from markdown_it import MarkdownIt

import i18n_tool
from i18n_tool.config import BuildPolicy
from i18n_tool.render import markdown_to_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "articles"
ALL_FORMATS = BuildPolicy(min_reviewed=0, formats=("md", "html", "txt"))

# Every construct a newsroom article uses, with CRLF line endings and a BOM.
RICH = "\r\n".join(
    [
        "\ufeff# Der Präsident sprach",
        "",
        "Der **Präsident** sprach heute mit [Selenskyj](https://example.org/a_b.html).  ",
        "Danach ging er. Die Regierung sagte *nichts*.",
        "",
        "> Die Stadt und das Parlament.",
        "> Ein Zitat über `zwei Zeilen`.",
        "",
        "- Der Präsident sprach heute.",
        "- Die Regierung sagte nein.",
        "",
        "1. Erstens die Stadt.",
        "2. Zweitens das Parlament.",
        "",
        "| Posten | Betrag |",
        "|---|---|",
        "| Die Stadt | 40 Euro |",
        "",
        "```python",
        "print('Der Code. Bleibt')",
        "```",
        "",
        '<div class="box">Ein HTML-Block. Bleibt.</div>',
        "",
        "Eine Fußnote.[^1] Der Präsident sprach heute.",
        "",
        "[^1]: Die Quelle ist das Parlament.",
        "",
        "Der Präsident sprach heute.",
        "",
    ]
)


def project_with(tmp_path: Path, sources: dict[str, str | bytes]) -> i18n_tool.Config:
    root = tmp_path / "newsroom"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.i18n-tool]\ntarget-languages = ["en", "fr"]\n', encoding="utf-8"
    )
    for name, text in sources.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (root / "source" / name).write_bytes(data)
    config = i18n_tool.open_project(root)
    i18n_tool.extract(config, check_language=False)
    i18n_tool.update(config)
    return config


def block_structure(markdown: str) -> list[tuple[str, str, int]]:
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return [(t.type, t.tag, t.level) for t in parser.parse(markdown.lstrip("\ufeff"))]


def assert_valid_html(text: str) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(text)  # raises on any parse error


def test_empty_catalogs_rebuild_every_construct_byte_for_byte(tmp_path: Path) -> None:
    config = project_with(tmp_path, {"reich.de.md": RICH.encode("utf-8")})
    [document] = i18n_tool.load_documents(config)
    assert "print('Der Code. Bleibt')" not in {u.text for u in document.units}
    assert "Ein HTML-Block. Bleibt." not in " ".join(u.text for u in document.units)
    i18n_tool.build(config, policy=ALL_FORMATS)
    built = config.layout.build / "en"
    assert (built / "reich.md").read_bytes() == RICH.encode("utf-8")
    assert_valid_html((built / "reich.html").read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_every_corpus_article_rebuilds_byte_for_byte(tmp_path: Path) -> None:
    sources = {p.name: p.read_bytes() for p in CORPUS.glob("*.de.*")}
    config = project_with(tmp_path, sources)
    builds = i18n_tool.build(config, ["en"], ALL_FORMATS)
    assert builds[0].built
    for name, data in sources.items():
        stem = name.split(".")[0]
        suffix = Path(name).suffix
        assert (config.layout.build / "en" / f"{stem}{suffix}").read_bytes() == data, name
        assert_valid_html((config.layout.build / "en" / f"{stem}.html").read_text(encoding="utf-8"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_mt_translated_corpus_keeps_the_block_structure(
    tmp_path: Path, installed_models: Path
) -> None:
    sources = {p.name: p.read_bytes() for p in CORPUS.glob("*.de.md")}
    sources["reich.de.md"] = RICH.encode("utf-8")
    config = project_with(tmp_path, sources)
    i18n_tool.translate(config, ["en"])
    policy = BuildPolicy("reviewed+fuzzy", min_reviewed=0, formats=("md", "html"))
    [english] = i18n_tool.build(config, ["en"], policy)
    assert english.built and sum(r.unreviewed for r in english.results) == english.units
    for name, data in sources.items():
        stem = name.split(".")[0]
        built = (config.layout.build / "en" / f"{stem}.md").read_text(encoding="utf-8")
        assert built != data.decode("utf-8"), name
        assert block_structure(built) == block_structure(data.decode("utf-8")), name
        assert_valid_html((config.layout.build / "en" / f"{stem}.html").read_text(encoding="utf-8"))


def test_html_is_a_standalone_page_and_translations_are_text(tmp_path: Path) -> None:
    config = project_with(tmp_path, {"reich.de.md": RICH.encode("utf-8")})
    path = config.layout.locales / "en" / "reich.po"
    catalog = polib.pofile(str(path))
    catalog.find("Der Präsident sprach").msgstr = "The <script>alert(1)</script> president"
    catalog.find("Danach ging er.").msgstr = "Then he left & <b>closed</b> the door."
    catalog.save(str(path))
    i18n_tool.build(config, ["en"], ALL_FORMATS)
    page = (config.layout.build / "en" / "reich.html").read_text(encoding="utf-8")
    assert_valid_html(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">\n')
    assert "<title>The alert(1) president</title>" not in page
    assert "<title>The &lt;script&gt;alert(1)&lt;/script&gt; president</title>" in page
    assert "<script>" not in page
    assert "<h1>The &lt;script&gt;alert(1)&lt;/script&gt; president</h1>" in page
    assert "Then he left &amp; &lt;b&gt;closed&lt;/b&gt; the door." in page
    assert '<div class="box">Ein HTML-Block. Bleibt.</div>' in page  # the source's own HTML
    assert '<a href="https://example.org/a_b.html">Selenskyj</a>' in page


def test_right_to_left_languages_get_dir_rtl(tmp_path: Path) -> None:
    config = project_with(tmp_path, {"kurz.de.md": "Der Präsident sprach heute.\n"})
    config.layout.locales.joinpath("ar").mkdir()
    shutil.copy(config.layout.locales / "en" / "kurz.po", config.layout.locales / "ar" / "kurz.po")
    config = replace(config, config=replace(config.config, target_languages=("en", "fr", "ar")))
    i18n_tool.build(config, ["ar"], ALL_FORMATS)
    page = (config.layout.build / "ar" / "kurz.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repository")
def test_plain_text_of_the_seed_is_the_seeds_own_format(tmp_path: Path) -> None:
    seed = (ROOT / "source" / "kim-truppen-russland.de.md").read_text(encoding="utf-8")
    original = (SHARED / "seed" / "article.de.txt").read_text(encoding="utf-8")
    assert markdown_to_text(seed) == original.rstrip("\n") + "\n"


def test_plain_text_of_markdown_drops_markup_and_keeps_text() -> None:
    assert markdown_to_text(RICH) == (
        "Der Präsident sprach\n"
        "Der Präsident sprach heute mit Selenskyj.\n"
        "Danach ging er. Die Regierung sagte nichts.\n"
        "Die Stadt und das Parlament. Ein Zitat über zwei Zeilen.\n"
        "- Der Präsident sprach heute.\n"
        "- Die Regierung sagte nein.\n"
        "- Erstens die Stadt.\n"
        "- Zweitens das Parlament.\n"
        "Posten | Betrag\n"
        "Die Stadt | 40 Euro\n"
        "print('Der Code. Bleibt')\n"
        "Eine Fußnote.[^1] Der Präsident sprach heute.\n"
        "[^1]: Die Quelle ist das Parlament.\n"
        "Der Präsident sprach heute.\n"
    )


ARTICLE = (
    "# Titel hier\n\nDer erste Satz. Der zweite Satz.\n\nDer dritte Absatz.\n\n- Punkt eins.\n"
)


def translated(config: i18n_tool.Config, entries: dict[str, tuple[str, bool]]) -> None:
    """Set translations in the English catalog: msgid → (msgstr, fuzzy)."""
    path = config.layout.locales / "en" / "artikel.po"
    catalog = polib.pofile(str(path))
    for msgid, (msgstr, fuzzy) in entries.items():
        entry = catalog.find(msgid)
        entry.msgstr, entry.flags = msgstr, ["fuzzy"] if fuzzy else []
    catalog.save(str(path))


def invoke(config: i18n_tool.Project, *args: str) -> tuple[int, str]:
    return invoke_in(config.root, "build", "-l", "en", *args)


def test_an_article_under_the_policy_is_held_back_and_its_old_files_go(tmp_path: Path) -> None:
    config = project_with(tmp_path, {"artikel.de.md": ARTICLE})
    translated(
        config,
        {
            "Titel hier": ("Title here", False),
            "Der erste Satz.": ("The first sentence.", False),
            "Der zweite Satz.": ("The second sentence.", False),
            "Der dritte Absatz.": ("The third paragraph.", True),
        },
    )
    output_file = config.layout.build / "en" / "artikel.md"
    code, output = invoke(config, "--min-reviewed", "0")
    assert code == 0 and output_file.exists()
    code, output = invoke(config)  # default: every unit reviewed; 3 of 5 are
    assert code == 0
    assert output.splitlines() == [
        "en/artikel.md: held back: 3 of 5 units reviewed",
        "removed build/en/artikel.md: no longer published",
        "en: 0 of 1 article published (0 written), 1 held back: 0 reviewed, 0 in German",
    ]
    assert not output_file.exists() and not output_file.parent.exists()
    index = (config.layout.build / "index.html").read_text(encoding="utf-8")
    assert "<td>en</td><td>artikel.md</td><td>held back: 3 of 5 units reviewed</td>" in index
    # 4 of 5 with the MT suggestion, and a project that publishes at 80 % of an article
    code, output = invoke(config, "--use", "reviewed+fuzzy", "--min-reviewed", "80")
    assert code == 0 and output_file.read_text(encoding="utf-8") == (
        "# Title here\n\nThe first sentence. The second sentence.\n\n"
        "The third paragraph.\n\n- Punkt eins.\n"
    )
    assert "3 reviewed, 1 unreviewed (0 MT suggestions), 1 in German" in output
    index = (config.layout.build / "index.html").read_text(encoding="utf-8")
    row = "<td>en</td><td>artikel.md</td><td>published: 3 reviewed, 1 unreviewed (0 MT suggestions)"
    assert row in index
    assert_valid_html(index)
    # the old name of the setting still works, and says it is deprecated
    code, output = invoke(config, "--min-translated", "0")
    assert code == 0 and output_file.exists()
    assert "warning: min-translated is deprecated: it is now min-reviewed" in output


def test_fallbacks_source_omit_and_fail(tmp_path: Path) -> None:
    config = project_with(tmp_path, {"artikel.de.md": ARTICLE})
    translated(
        config,
        {
            "Titel hier": ("Title here", False),
            "Der erste Satz.": ("The first sentence.", False),
            "Der dritte Absatz.": ("The third paragraph.", False),
        },
    )
    output_file = config.layout.build / "en" / "artikel.md"
    invoke(config, "--min-reviewed", "0")
    assert output_file.read_text(encoding="utf-8") == (
        "# Title here\n\nThe first sentence. Der zweite Satz.\n\n"
        "The third paragraph.\n\n- Punkt eins.\n"
    )
    code, output = invoke(config, "--min-reviewed", "0", "--fallback", "omit")
    assert code == 0
    assert output_file.read_text(encoding="utf-8") == "# Title here\n\nThe third paragraph.\n\n"
    assert "2 reviewed, 0 in German, 3 omitted" in output
    code, output = invoke(config, "--min-reviewed", "0", "--fallback", "fail")
    assert code == 9
    assert "en: 2 of 5 units have no reviewed translation (fallback = fail)" in output
    code, output = invoke(config, "--fallback", "sometimes")
    assert code == 2 and "fallback must be one of source, omit, fail" in output
