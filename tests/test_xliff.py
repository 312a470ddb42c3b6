"""XLIFF 2: articles go out to translators' CAT tools and their work comes back into the
catalogs; reviewed work is never replaced without --overwrite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from helpers import (
    LINKED,
    MARKUP_ARTICLE,
    REPO,
    TAGGED,
    Shouting,
    catalog_files,
    clone_of_repository,
    invoke_in,
)
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

import i18n_tool
from i18n_tool.xliff import NAMESPACE, read_xliff, unit_id

CORPUS = REPO.parent / "shared" / "corpus" / "articles"
NS = {"x": NAMESPACE}


def segment_of(tree: etree._ElementTree, source_text: str) -> etree._Element:
    return tree.find(f".//x:unit[@id='{unit_id(source_text)}']/x:segment", NS)


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_export_then_import_without_edits_leaves_every_catalog_byte_identical(
    newsroom: Path, version: str
) -> None:
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "export", "--xliff", version)
    assert code == 0, output
    assert output.splitlines() == [
        "build/xliff/en/kim-truppen-russland.xlf: 25 units",
        "build/xliff/en/wetter.xlf: 3 units",
        "build/xliff/fr/kim-truppen-russland.xlf: 25 units",
        "build/xliff/fr/wetter.xlf: 3 units",
        "build/xliff/es/kim-truppen-russland.xlf: 25 units",
        "build/xliff/es/wetter.xlf: 3 units",
    ]
    files = sorted(str(p) for p in (newsroom / "build" / "xliff").rglob("*.xlf"))
    code, output = invoke_in(newsroom, "import", *files)
    assert code == 0, output
    assert "build/xliff/fr/wetter.xlf (French): 0 reviewed, 0 fuzzy drafts, 3 unchanged" in output
    assert catalog_files(newsroom) == before


def test_an_articles_file_reads_only_that_articles_catalog(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import of many files into a large archive reads, for each file, the catalog of the
    article it names, not every catalog of the language (1,000 files into 2,000 articles had
    not ended after 14 minutes; 5.5 s after, by hand)."""
    from i18n_tool import project as gateway

    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    read: list[str] = []
    original = gateway.read_catalog
    monkeypatch.setattr(
        gateway, "read_catalog", lambda path: read.append(path.name) or original(path)
    )
    config = i18n_tool.open_project(newsroom)
    [report] = i18n_tool.import_xliff(config, [newsroom / "build/xliff/en/wetter.xlf"])
    assert report.unchanged == 3
    assert read == ["wetter.po"]


def test_states_ids_notes_and_inline_codes_as_a_cat_tool_sees_them(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "fr")[0] == 0
    path = newsroom / "build" / "xliff" / "fr" / "wetter.xlf"
    tree = etree.parse(str(path))
    root = tree.getroot()
    assert (root.get("srcLang"), root.get("trgLang"), root.get("version")) == ("de", "fr", "2.0")
    assert root.find("x:file", NS).get("original") == "source/wetter.de.md"
    sentence = LINKED
    segment = segment_of(tree, sentence)
    assert (segment.get("state"), segment.get("subState")) == ("initial", "i18n-tool:mt")
    source = etree.tostring(segment.find("x:source", NS), encoding="unicode", with_tail=False)
    assert source == (
        f'<source xmlns="{NAMESPACE}">Der '
        '<pc id="1" dataRefStart="d1" dataRefEnd="d2">Deutsche Wetterdienst</pc> warnte am '
        'Montag vor <pc id="2" dataRefStart="d3" dataRefEnd="d4">Hagel</pc>.</source>'
    )
    unit = segment.getparent()
    data = {d.get("id"): d.text for d in unit.findall("x:originalData/x:data", NS)}
    assert data == {"d1": "**", "d2": "**", "d3": "[", "d4": "](https://dwd.de/warnungen)"}
    notes = {n.get("category"): n.text for n in unit.findall("x:notes/x:note", NS)}
    assert notes["location"] == "source/wetter.de.md:3"
    assert notes["provenance"] == "MT: shouting 1"
    tags = segment_of(tree, TAGGED)
    # a pair of inline HTML tags is one <pc> around its words, as emphasis is; the entity a <ph>
    assert [code.tag.split("}")[1] for code in tags.find("x:source", NS)] == ["pc", "ph"]
    reviewed = segment_of(
        etree.parse(str(newsroom / "build/xliff/fr/kim-truppen-russland.xlf")),
        "Ein verzweifelter Putin wendet sich an Kims Truppen",
    )
    assert reviewed.get("state") == "reviewed"
    assert reviewed.findtext("x:target", namespaces=NS) == (
        "Un Poutine désespéré se tourne vers les troupes de Kim"
    )


def test_translate_toolkit_reads_our_xliff_with_languages_units_targets_and_states(
    newsroom: Path,
) -> None:
    assert invoke_in(newsroom, "export", "-l", "fr")[0] == 0
    store = tt_xliff2.Xliff2File.parsefile(str(newsroom / "build/xliff/fr/wetter.xlf"))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("de", "fr")
    assert [u.getid() for u in store.units] == [
        unit_id("Wetter"),
        unit_id(LINKED),
        unit_id(TAGGED),
    ]
    assert [(u.isfuzzy(), u.isapproved()) for u in store.units] == [(True, False)] * 3
    assert store.units[0].target == "WETTER"
    seed = tt_xliff2.Xliff2File.parsefile(str(newsroom / "build/xliff/fr/kim-truppen-russland.xlf"))
    po = polib.pofile(str(newsroom / "locales/fr/kim-truppen-russland.po"))
    assert [u.target for u in seed.units] == [e.msgstr for e in po if not e.obsolete]
    assert all(u.isapproved() and not u.isfuzzy() for u in seed.units)


def edit(path: Path, changes: dict[str, tuple[str, str]]) -> None:
    """As a translator in a CAT tool: source text → (new target text, state)."""
    tree = etree.parse(str(path))
    for source, (text, state) in changes.items():
        segment = segment_of(tree, source)
        target = segment.find("x:target", NS)
        if target is None:
            target = etree.SubElement(segment, f"{{{NAMESPACE}}}target")
        for child in list(target):
            target.remove(child)
        target.text = text
        segment.set("state", state)
        segment.attrib.pop("subState", None)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_three_targets_edited_and_marked_final_change_exactly_those_entries(
    newsroom: Path,
) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    before = polib.pofile(str(newsroom / "locales/en/wetter.po"))
    everything_before = catalog_files(newsroom)
    path = newsroom / "build/xliff/en/wetter.xlf"
    edit(
        path,
        {
            "Wetter": ("Weather", "final"),
            LINKED: (
                "The German weather service warned of hail on Monday.",
                "final",
            ),
            TAGGED: (
                "The warning holds until midnight and longer.",
                "final",
            ),
        },
    )
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    assert (
        output == "build/xliff/en/wetter.xlf (English): 3 reviewed, 0 fuzzy drafts, 0 unchanged\n"
    )
    after = polib.pofile(str(newsroom / "locales/en/wetter.po"))
    changed = [e.msgid for e, b in zip(after, before, strict=True) if str(e) != str(b)]
    assert changed == [e.msgid for e in before if e.msgid]
    assert [(e.msgstr, e.fuzzy) for e in after] == [
        ("Weather", False),
        ("The German weather service warned of hail on Monday.", False),
        ("The warning holds until midnight and longer.", False),
    ]
    assert str(after.find("Wetter")) == (
        "# MT: shouting 1\n"
        "#. block: heading\n"
        "#: source/wetter.de.md:1\n"
        'msgid "Wetter"\n'
        'msgstr "Weather"\n'
    )
    now = catalog_files(newsroom)
    assert [name for name in now if now[name] != everything_before[name]] == [
        "locales/en/wetter.po"
    ]
    again = invoke_in(newsroom, "import", str(path))
    assert again == (
        0,
        "build/xliff/en/wetter.xlf (English): 0 reviewed, 0 fuzzy drafts, 3 unchanged\n",
    )
    assert catalog_files(newsroom) == now


def test_a_reviewed_translation_is_kept_unless_overwrite_is_given(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "fr")[0] == 0
    path = newsroom / "build/xliff/fr/kim-truppen-russland.xlf"
    heading = "Ein verzweifelter Putin wendet sich an Kims Truppen"
    edit(path, {heading: ("Poutine, aux abois, appelle les troupes de Kim", "translated")})
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 11
    assert (
        "  conflict: locales/fr/kim-truppen-russland.po: 'Ein verzweifelter Putin wendet sich an "
        "Kims Truppen' is reviewed as 'Un Poutine désespéré se tourne vers les troupes de Kim'; "
        "the file (line "
    ) in output
    assert output.endswith("1 reviewed translation kept; --overwrite takes the files' instead\n")
    assert catalog_files(newsroom) == before
    code, output = invoke_in(newsroom, "import", "--overwrite", str(path))
    assert code == 0, output
    assert "24 unchanged, 1 reviewed translations overwritten" in output
    entry = polib.pofile(str(newsroom / "locales/fr/kim-truppen-russland.po")).find(heading)
    assert (entry.msgstr, entry.fuzzy) == ("Poutine, aux abois, appelle les troupes de Kim", False)


def test_a_draft_comes_back_fuzzy_and_is_never_counted_as_mt(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    path = newsroom / "build/xliff/en/wetter.xlf"
    edit(path, {"Wetter": ("The weather", "initial")})
    code, output = invoke_in(newsroom, "import", str(path))
    assert (code, output) == (
        0,
        "build/xliff/en/wetter.xlf (English): 0 reviewed, 1 fuzzy drafts, 2 unchanged\n",
    )
    assert str(polib.pofile(str(newsroom / "locales/en/wetter.po")).find("Wetter")) == (
        "# draft from build/xliff/en/wetter.xlf\n"
        "#. block: heading\n"
        "#: source/wetter.de.md:1\n"
        "#, fuzzy\n"
        'msgid "Wetter"\n'
        'msgstr "The weather"\n'
    )
    code, output = invoke_in(newsroom, "status", "-l", "en", "--json")
    rows = {row["document"]: row for row in json.loads(output)["documents"]}
    assert (rows["wetter"]["machine_translated"], rows["wetter"]["needs_review"]) == (2, 1)


def test_inline_codes_moved_by_the_translator_come_back_as_markup(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    path = newsroom / "build/xliff/en/wetter.xlf"
    tree = etree.parse(str(path))
    sentence = LINKED
    segment = segment_of(tree, sentence)
    target = segment.find("x:target", NS)
    for child in list(target):
        target.remove(child)
    target.text = "On Monday, the "
    bold = etree.SubElement(
        target, f"{{{NAMESPACE}}}pc", id="1", dataRefStart="d1", dataRefEnd="d2"
    )
    bold.text = "German weather service"
    bold.tail = " warned of "
    link = etree.SubElement(
        target, f"{{{NAMESPACE}}}pc", id="2", dataRefStart="d3", dataRefEnd="d4"
    )
    link.text = "hail"
    link.tail = "."
    segment.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    entry = polib.pofile(str(newsroom / "locales/en/wetter.po")).find(sentence)
    assert (entry.msgstr, entry.fuzzy) == (
        "On Monday, the **German weather service** warned of [hail](https://dwd.de/warnungen).",
        False,
    )


def test_segments_whose_source_left_the_article_are_listed_not_imported(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    path = newsroom / "build/xliff/en/wetter.xlf"
    edit(path, {"Wetter": ("Weather", "final")})
    (newsroom / "source" / "wetter.de.md").write_text(
        MARKUP_ARTICLE.replace("# Wetter", "# Unwetter"), encoding="utf-8"
    )
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    line = segment_of(etree.parse(str(path)), "Wetter").sourceline
    assert (
        f"  not imported: {unit_id('Wetter')} (line {line}): its source is not in the current "
        "article\n"
    ) in output
    po = polib.pofile(str(newsroom / "locales/en/wetter.po"))
    assert po.find("Wetter") is None or po.find("Wetter").obsolete
    storm = po.find("Unwetter")  # msgmerge's fuzzy match of the old heading, not the import
    assert (storm.msgstr, storm.fuzzy, storm.previous_msgid) == ("WETTER", True, "Wetter")


def test_an_xliff_written_by_translate_toolkit_imports(newsroom: Path) -> None:
    store = tt_xliff2.Xliff2File()
    store.setsourcelanguage("de-DE")
    store.settargetlanguage("en-GB")
    unit = store.addsourceunit("Wetter")
    unit.target = "Weather"
    unit.markapproved()
    draft = store.addsourceunit(TAGGED)
    draft.target = "The warning holds <b>until midnight</b> &amp; longer."
    draft.markfuzzy()
    path = newsroom / "from-weblate.xlf"
    store.savefile(str(path))
    code, output = invoke_in(newsroom, "import", str(path))
    assert (code, output) == (
        0,
        "from-weblate.xlf (English): 1 reviewed, 1 fuzzy drafts, 0 unchanged\n",
    )
    po = polib.pofile(str(newsroom / "locales/en/wetter.po"))
    assert (po.find("Wetter").msgstr, po.find("Wetter").fuzzy) == ("Weather", False)
    warning = po.find(TAGGED)
    assert (warning.msgstr, warning.fuzzy) == (
        "The warning holds <b>until midnight</b> &amp; longer.",
        True,
    )


def test_po2tmx_memories_import_and_its_english_default_source_is_named(
    newsroom: Path, tmp_path: Path
) -> None:
    catalog = newsroom / "locales/fr/kim-truppen-russland.po"
    po2tmx = [sys.executable, "-m", "translate.convert.po2tmx", "-l", "fr"]
    subprocess.run([*po2tmx, "--source-language", "de", catalog, tmp_path / "de.tmx"], check=True)
    subprocess.run([*po2tmx, catalog, tmp_path / "en-labelled.tmx"], check=True)
    code, output = invoke_in(newsroom, "memory", "import", str(tmp_path / "de.tmx"))
    assert (code, output) == (0, "memory/de.tmx: 25 units French\n")
    code, output = invoke_in(newsroom, "memory", "import", str(tmp_path / "en-labelled.tmx"))
    assert code == 2
    assert "no translation unit with a German source segment in this memory" in output


def test_translate_toolkit_reads_our_tmx_with_the_real_languages(newsroom: Path) -> None:
    assert invoke_in(newsroom, "memory", "export", "-l", "fr")[0] == 0
    store = tt_tmx.tmxfile.parsefile(str(newsroom / "build/memory.tmx"))
    assert len(store.units) == 25
    unit = store.units[0]
    assert (unit.source, unit.target) == (
        "Veröffentlicht: 28. Oktober 2024",
        "Publié\u00a0: 28 octobre 2024",
    )
    tuv_languages = {
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
        for tuv in unit.xmlelement.iterfind("tuv")
    }
    assert tuv_languages == {"de", "fr"}


def test_a_confirmed_xliff_is_a_memory_too(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    path = newsroom / "build/xliff/en/wetter.xlf"
    edit(path, {"Wetter": ("Weather", "final")})
    code, output = invoke_in(newsroom, "memory", "import", str(path))
    assert (code, output) == (0, "memory/wetter.xlf: 1 unit English\n")
    (newsroom / "source" / "morgen.de.md").write_text("# Wetter\n", encoding="utf-8")
    assert invoke_in(newsroom, "update", "-l", "en")[0] == 0
    i18n_tool.translate(i18n_tool.open_project(newsroom), ["en"], engine=Shouting())
    entry = polib.pofile(str(newsroom / "locales/en/morgen.po")).find("Wetter")
    assert (entry.msgstr, entry.tcomment) == (
        "Weather",
        "TM: 100 % from memory/wetter.xlf (source/wetter.de.md)",
    )


HOSTILE = {
    "external-entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file://{secret}">]>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" '
        'trgLang="en"><file id="f"><unit id="u"><segment><source>Wetter</source>'
        "<target>&secret;</target></segment></unit></file></xliff>\n"
    ),
    "billion-laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
            for n in range(1, 10)
        )
        + ']>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" '
        'trgLang="en"><file id="f"><unit id="u"><segment><source>Wetter</source>'
        "<target>&lol9;</target></segment></unit></file></xliff>\n"
    ),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_xliff_is_refused_before_anything_is_read_or_expanded(
    newsroom: Path, tmp_path: Path, attack: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the desk's password", encoding="utf-8")
    path = newsroom / f"{attack}.xlf"
    path.write_text(HOSTILE[attack].replace("{secret}", str(secret)), encoding="utf-8")
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 2
    assert output == (
        f"error: {attack}.xlf: refused: the file declares XML entities (a DTD), which XLIFF "
        "never needs and attacks use (billion laughs, external entities)\n"
    )
    assert catalog_files(newsroom) == before


def test_a_broken_xliff_names_its_line_and_nothing_is_imported(newsroom: Path) -> None:
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    good = newsroom / "build/xliff/en/wetter.xlf"
    edit(good, {"Wetter": ("Weather", "final")})
    broken = newsroom / "broken.xlf"
    broken.write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.0" srcLang="de" trgLang="en">\n<file id="f">\n<unit id="u">\n'
        "<segment><source>Wetter</source></target></segment>\n</unit></file></xliff>\n",
        encoding="utf-8",
    )
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "import", str(good), str(broken))
    assert code == 2
    assert output.startswith("error: broken.xlf:5: not well-formed XLIFF: ")
    assert catalog_files(newsroom) == before


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            'srcLang="en" trgLang="fr"',
            "the file translates from 'en'; the project's articles are in de (German)",
        ),
        (
            'srcLang="de-DE" trgLang="it"',
            "the file's target language 'it' is not one of the project's (en, fr, es)",
        ),
    ],
)
def test_a_file_in_other_languages_is_refused(
    newsroom: Path, attributes: str, message: str
) -> None:
    path = newsroom / "other.xlf"
    path.write_text(
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" {attributes}>'
        '<file id="f"/></xliff>',
        encoding="utf-8",
    )
    assert invoke_in(newsroom, "import", str(path)) == (2, f"error: other.xlf: {message}\n")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_every_corpus_article_round_trips_with_its_markup_intact(tmp_path: Path) -> None:
    project = clone_of_repository(tmp_path / "clone")
    for article in sorted(CORPUS.glob("*.md")):
        (project / "source" / article.name).write_bytes(article.read_bytes())
    assert invoke_in(project, "update", "-l", "en", "--no-language-check")[0] == 0
    i18n_tool.translate(i18n_tool.open_project(project), ["en"], engine=Shouting())
    before = catalog_files(project)
    assert invoke_in(project, "export", "-l", "en")[0] == 0
    exported = sorted((project / "build/xliff/en").glob("*.xlf"))
    assert len(exported) == len(list(CORPUS.glob("*.md"))) + 1
    for path in exported:
        po = polib.pofile(str(project / "locales/en" / f"{path.stem}.po"))
        live = [(e.msgid, e.msgstr) for e in po if not e.obsolete]
        [document] = read_xliff(path)
        assert [(s.source, s.target) for s in document.segments] == live, path.name
    code, output = invoke_in(project, "import", *map(str, exported))
    assert code == 0, output
    assert catalog_files(project) == before


@pytest.mark.parametrize(
    ("unit", "why"),
    [
        (
            "<segment><source>Wetter</source><target>W<cp hex='zz'/></target></segment>",
            "<cp hex='zz'> is not a character",
        ),
        (
            "<segment><source>Wetter</source><target>W<ph id='1'/></target></segment>",
            "the inline code <ph id='1'> has no dataRef: which markup it stands for is unknown",
        ),
        (
            "<originalData><data id='d1'><ph id='9'/></data></originalData>"
            "<segment><source>Wetter</source><target>Weather</target></segment>",
            "the inline code <ph id='9'> has no dataRef: which markup it stands for is unknown",
        ),
    ],
)
def test_a_segment_whose_codes_cannot_be_read_is_listed_not_imported(
    newsroom: Path, unit: str, why: str
) -> None:
    path = newsroom / "odd.xlf"
    path.write_text(
        f'<xliff xmlns="{NAMESPACE}" version="2.0" srcLang="de" trgLang="en">\n'
        f'<file id="f"><unit id="u1">{unit}</unit></file></xliff>\n',
        encoding="utf-8",
    )
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "import", str(path))
    assert (code, output) == (
        0,
        "odd.xlf (English): 0 reviewed, 0 fuzzy drafts, 0 unchanged\n"
        f"  not imported: u1 (line 2): {why}\n",
    )
    assert catalog_files(newsroom) == before


def test_an_earlier_export_never_replaces_a_translators_newer_draft(newsroom: Path) -> None:
    """Issue 26, item 5: a re-imported old export left an MT target as it was; the translator
    has since written a fuzzy draft in the catalog. The draft, its state and the MT
    provenance stay; where the file does change the unit, the draft is listed as kept."""
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0
    path = newsroom / "build/xliff/en/wetter.xlf"
    exported = path.read_bytes()
    catalog_file = newsroom / "locales/en/wetter.po"
    catalog = polib.pofile(str(catalog_file))
    entry = catalog.find("Wetter")
    assert entry.fuzzy and entry.tcomment == "MT: shouting 1"
    entry.msgstr = "The weather today"  # the translator's newer draft, still fuzzy
    catalog.save(str(catalog_file))
    assert invoke_in(newsroom, "update", "-l", "en")[0] == 0  # written as gettext writes it
    before = catalog_file.read_bytes()

    code, output = invoke_in(newsroom, "import", str(path))  # the earlier export, untouched
    assert (code, output) == (
        0,
        "build/xliff/en/wetter.xlf (English): 0 reviewed, 0 fuzzy drafts, 3 unchanged\n",
    )
    assert catalog_file.read_bytes() == before

    edit(path, {"Wetter": ("Weather (agency)", "initial")})  # the file changes it too
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 11
    assert (
        "  conflict: locales/en/wetter.po: 'Wetter' has a translator's draft newer than the "
        "file's export, 'The weather today'; the file (line "
    ) in output
    assert catalog_file.read_bytes() == before
    code, output = invoke_in(newsroom, "import", "--overwrite", str(path))
    assert code == 0, output
    assert polib.pofile(str(catalog_file)).find("Wetter").msgstr == "Weather (agency)"
    path.write_bytes(exported)


def test_a_suggestion_made_after_the_export_is_still_replaced_by_the_translators_work(
    newsroom: Path,
) -> None:
    """An entry MT filled after the export holds no human work: the file's confirmed
    translation takes it."""
    catalog_file = newsroom / "locales/en/wetter.po"
    catalog = polib.pofile(str(catalog_file))
    catalog.find("Wetter").msgstr = ""
    catalog.find("Wetter").flags = []
    catalog.find("Wetter").tcomment = ""
    catalog.save(str(catalog_file))
    assert invoke_in(newsroom, "export", "-l", "en")[0] == 0  # exported untranslated
    i18n_tool.translate(i18n_tool.open_project(newsroom), ["en"], engine=Shouting())
    assert polib.pofile(str(catalog_file)).find("Wetter").fuzzy  # MT after the export
    path = newsroom / "build/xliff/en/wetter.xlf"
    edit(path, {"Wetter": ("Weather", "final")})
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    entry = polib.pofile(str(catalog_file)).find("Wetter")
    assert (entry.msgstr, entry.fuzzy) == ("Weather", False)
