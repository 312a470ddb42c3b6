"""The catalog lifecycle: the article changes, translators edit, MT runs again, and nothing a
human wrote is lost; our files are what GNU gettext would write."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import Shouting, invoke_in, translator_reviews

import i18n_tool
from i18n_tool.config import BuildPolicy

SEED = Path(__file__).resolve().parent.parent / "source" / "kim-truppen-russland.de.md"
needs_gettext = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="needs GNU gettext")


def english(project: Path, name: str = "praesident") -> polib.POFile:
    return polib.pofile(str(project / "locales" / "en" / f"{name}.po"))


def write_source(project: Path, text: str) -> None:
    (project / "source" / "praesident.de.md").write_text(text, encoding="utf-8")


ARTICLE = """\
# Der Präsident sprach

Der Präsident sprach heute vor dem Parlament. Die Regierung plant ein neues Gesetz.

Der Minister trat am Montag zurück.
"""

EDITED = """\
# Der Präsident sprach

Der Präsident sprach gestern vor dem Parlament. Die Regierung plant ein neues Gesetz.

Eine Woche später kam die Wende.
"""

EXPECTED_AFTER_EDIT = """\
#. block: paragraph
#: source/praesident.de.md:3
#, fuzzy
#| msgid "Der Präsident sprach heute vor dem Parlament."
msgid "Der Präsident sprach gestern vor dem Parlament."
msgstr "The president spoke to parliament today."

#. block: paragraph
#: source/praesident.de.md:3
msgid "Die Regierung plant ein neues Gesetz."
msgstr "The government plans a new law."

#. block: paragraph
#: source/praesident.de.md:5
msgid "Eine Woche später kam die Wende."
msgstr ""

#~ msgid "Der Minister trat am Montag zurück."
#~ msgstr "The minister resigned on Monday."
"""


def test_an_edited_sentence_keeps_its_old_translation_as_fuzzy_with_the_old_source(
    project: Path,
) -> None:
    write_source(project, ARTICLE)
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    translator_reviews(
        project,
        {
            "Der Präsident sprach": "The president spoke",
            "Der Präsident sprach heute vor dem Parlament.": (
                "The president spoke to parliament today."
            ),
            "Die Regierung plant ein neues Gesetz.": "The government plans a new law.",
            "Der Minister trat am Montag zurück.": "The minister resigned on Monday.",
        },
    )
    write_source(project, EDITED)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    text = (project / "locales" / "en" / "praesident.po").read_text(encoding="utf-8")
    assert text.endswith(EXPECTED_AFTER_EDIT)

    # the sentence comes back: so does its reviewed translation
    write_source(project, EDITED + "\nDer Minister trat am Montag zurück.\n")
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    back = english(project).find("Der Minister trat am Montag zurück.")
    assert (back.msgstr, back.fuzzy, back.obsolete) == (
        "The minister resigned on Monday.",
        False,
        0,
    )

    write_source(project, EDITED)
    i18n_tool.extract(config)
    code, _ = invoke_in(project, "update", "--no-obsolete")
    assert code == 0
    assert not [e for e in english(project) if e.obsolete]


def test_translate_after_an_update_sends_only_new_units_unless_asked(project: Path) -> None:
    write_source(project, ARTICLE)
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    i18n_tool.translate(config, ["en"], engine=Shouting())
    translator_reviews(
        project, {"Die Regierung plant ein neues Gesetz.": "The government plans a new law."}
    )
    write_source(project, EDITED)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])

    engine = Shouting()
    i18n_tool.translate(config, ["en"], engine=engine)
    assert engine.seen == ["Eine Woche später kam die Wende."]
    merged = english(project).find("Der Präsident sprach gestern vor dem Parlament.")
    assert (merged.msgstr, merged.fuzzy) == ("DER PRÄSIDENT SPRACH HEUTE VOR DEM PARLAMENT.", True)
    assert merged.previous_msgid == "Der Präsident sprach heute vor dem Parlament."

    engine = Shouting()
    i18n_tool.translate(config, ["en"], engine=engine, retranslate_fuzzy=True)
    assert engine.seen == ["Der Präsident sprach gestern vor dem Parlament."]
    merged = english(project).find("Der Präsident sprach gestern vor dem Parlament.")
    assert (merged.msgstr, merged.previous_msgid) == (
        "DER PRÄSIDENT SPRACH GESTERN VOR DEM PARLAMENT.",
        None,
    )
    reviewed = english(project).find("Die Regierung plant ein neues Gesetz.")
    assert (reviewed.msgstr, reviewed.fuzzy) == ("The government plans a new law.", False)


def seed_edits(text: str) -> str:
    """An editor's corrections of the seed article: reworded, deleted, added, repeated."""
    return (
        text.replace("10.000 seiner Soldaten", "rund 12.000 seiner Soldaten")
        .replace("Kims Truppen sind nicht nur symbolische Unterstützung. ", "")
        .replace("in wenigen Wochen", "in den kommenden Wochen")
        .replace(
            "## Kims Einfluss wächst",
            "Das Pentagon bestätigte die Zahlen am Abend.\n\n## Kims Einfluss wächst",
        )
        .replace("„Dies ist keine gewöhnliche Allianz“", "„Dies ist keine normale Allianz“")
        .replace(
            "## Nordkoreanische Deserteure bieten Hilfe an, um Kims Einfluss in der Ukraine "
            "zu bekämpfen\n\n",
            "",
        )
        + "\nKims Truppen sind nicht nur symbolische Unterstützung.\n"
    )


@needs_gettext
def test_update_agrees_with_gnu_msgmerge_on_an_edited_article(project: Path) -> None:
    """Same kept, fuzzy and obsolete entries as `msgmerge --previous`, same `#|` lines,
    except where our rule differs on purpose: an MT suggestion (fuzzy, no `#|`) matched to an
    edited sentence gets `#|` with the sentence it was made for; msgmerge leaves it out."""
    write_source(project, SEED.read_text(encoding="utf-8"))
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    i18n_tool.translate(config, ["en"], engine=Shouting())
    po = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(po))
    for number, entry in enumerate(catalog):  # reviewed, except every third MT suggestion
        if number % 3:
            entry.flags.remove("fuzzy")
    catalog.save(str(po))
    before = project / "before.po"
    shutil.copy(po, before)

    write_source(project, seed_edits(SEED.read_text(encoding="utf-8")))
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    pot = project / "locales" / "praesident.pot"
    gnu = subprocess.run(
        ["msgmerge", "--quiet", "--previous", str(before), str(pot)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def states(catalog: polib.POFile) -> dict[str, tuple[str, str, str | None]]:
        return {
            e.msgid: (
                "obsolete" if e.obsolete else "fuzzy" if e.fuzzy else "kept" if e.msgstr else "new",
                e.msgstr,
                e.previous_msgid,
            )
            for e in catalog
        }

    ours, theirs = states(english(project)), states(polib.pofile(gnu))
    assert ours.keys() == theirs.keys()
    differences = {m: (ours[m], theirs[m]) for m in ours if ours[m] != theirs[m]}
    for msgid, (
        (state, msgstr, previous),
        (gnu_state, gnu_msgstr, gnu_previous),
    ) in differences.items():
        assert (state, msgstr) == (gnu_state, gnu_msgstr), msgid
        assert gnu_previous is None and previous is not None  # the deliberate difference
    counted = [state for state, _, _ in ours.values()]
    edited = [msgid for msgid, (_, _, previous) in ours.items() if previous]
    assert (len(edited), counted.count("obsolete"), counted.count("new")) == (3, 1, 1)
    assert len(differences) == 1


@needs_gettext
def test_gettext_tools_change_nothing_in_our_updated_catalogs(project: Path) -> None:
    write_source(project, SEED.read_text(encoding="utf-8"))
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    i18n_tool.translate(config, ["en"], engine=Shouting())
    write_source(project, seed_edits(SEED.read_text(encoding="utf-8")))
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    po = project / "locales" / "en" / "praesident.po"
    pot = project / "locales" / "praesident.pot"
    ours = po.read_text(encoding="utf-8")
    assert "#| msgid" in ours and "#, fuzzy" in ours
    for command in (
        ["msgcat", str(po)],
        ["msgmerge", "--quiet", "--previous", str(po), str(pot)],
    ):
        result = subprocess.run(command, check=True, capture_output=True, text=True)
        assert result.stdout == ours, command[0]
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
    before = po.stat().st_mtime_ns
    i18n_tool.update(config, ["en"])  # nothing changed: not even written
    assert po.stat().st_mtime_ns == before


def test_status_json_and_fail_under_for_ci(project: Path) -> None:
    (project / "source" / "zweiter.de.md").write_text("Ein zweiter Artikel.\n", encoding="utf-8")
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config)
    translator_reviews(project, {"Der Präsident sprach heute.": "The president spoke today."})
    code, output = invoke_in(project, "status", "--json", "-l", "en")
    assert code == 0
    data = json.loads(output)
    assert data["languages"] == [
        {
            "language": "en",
            "document": "*",
            "units": 6,
            "reviewed": 2,
            "fuzzy": 0,
            "machine_translated": 0,
            "memory_suggestions": 0,
            "needs_review": 0,
            "untranslated": 4,
            "percent_reviewed": 33.33,
            "behind_source": False,
            "translated": 2,  # the deprecated names, for one release
            "percent_translated": 33.33,
            "lowest_mt_confidence": None,
            "low_mt_confidence": 0,
            "articles": 2,
            "articles_published": 0,
        }
    ]  # units as the build counts them: the reviewed sentence stands twice in the article
    assert [(c["document"], c["units"]) for c in data["documents"]] == [
        ("praesident", 5),
        ("zweiter", 1),
    ]
    code, output = invoke_in(project, "status", "--fail-under", "33", "-l", "en")
    assert code == 0
    code, output = invoke_in(project, "status", "--fail-under", "80")
    assert code == 7
    assert "en: 33.3% reviewed, under --fail-under 80" in output
    assert "fr: 0.0% reviewed, under --fail-under 80" in output


def test_one_catalog_per_language_for_all_articles(project: Path) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write('catalogs = "per-language"\n')
    (project / "source" / "zweiter.de.md").write_text(
        "Der Präsident sprach heute.\n\nEin zweiter Artikel.\n", encoding="utf-8"
    )
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    assert sorted(p.name for p in (project / "locales").glob("*.pot")) == ["articles.pot"]
    i18n_tool.update(config, ["en"])
    shared = english(project, "articles")
    assert shared.find("Der Präsident sprach heute.").occurrences == [
        ("source/praesident.de.md", "3"),
        ("source/praesident.de.md", "7"),
        ("source/zweiter.de.md", "1"),
    ]
    po = project / "locales" / "en" / "articles.po"
    shared.find("Der Präsident sprach heute.").msgstr = "The president spoke today."
    shared.save(str(po))
    i18n_tool.build(config, ["en"], BuildPolicy(min_reviewed=0))
    second = (project / "build" / "en" / "zweiter.md").read_text(encoding="utf-8")
    assert second == "The president spoke today.\n\nEin zweiter Artikel.\n"
    assert [s.document for s in i18n_tool.status(config, ["en"])] == ["praesident", "zweiter"]


def test_the_fast_entry_reader_gives_the_entries_the_full_reader_gives(tmp_path: Path) -> None:
    from i18n_tool._po import scan_live_entries
    from i18n_tool.catalog import read_catalog, read_entries, write_catalog
    from i18n_tool.errors import CatalogError
    from i18n_tool.model import EntryState

    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    entries = [
        ("Kurz.", "Short.", [], "", None),
        ('Ein „Zitat“ mit "Anführung" und \\ Backslash\tTab.', 'A "quote"\\ \t.', ["fuzzy"],
         "MT: argostranslate translate-de_en 0.1\nMT glossary: A → B, C → D\nQA: warning x: y",
         None),
        ("Sehr lang " * 20, "Very long " * 20, [], "Translator's note", None),
        ("Zeile eins\nZeile zwei", "Line one\nLine two", ["fuzzy", "no-wrap"], "",
         "Zeile eins\nZeile " + "drei " * 30),
        ("Leer.", "", [], "", None),
    ]  # fmt: skip
    for msgid, msgstr, flags, comment, previous in entries:
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags, tcomment=comment)
        entry.occurrences = [("source/a.de.md", "3"), ("source/b.de.md", "12")]
        entry.comment = "block: paragraph, list item"
        entry.previous_msgid = previous
        catalog.append(entry)
    catalog.append(polib.POEntry(msgid="Weg.", msgstr="Gone.", obsolete=True))
    path = tmp_path / "x.po"
    catalog.save(str(path))  # a translator's tool wrote it; our writer gives gettext's layout
    write_catalog(read_catalog(path), path)
    fast = read_entries(path)
    assert fast == read_catalog(path).live()
    assert scan_live_entries(path.read_text(encoding="utf-8")) is not None  # no fallback
    assert [e.state for e in fast.values()] == [
        EntryState.REVIEWED,
        EntryState.MACHINE,
        EntryState.REVIEWED,
        EntryState.NEEDS_REVIEW,
        EntryState.UNTRANSLATED,
    ]
    assert "Weg." not in fast

    # a hand-made file gettext accepts but our layout never has: polib reads it
    path.write_text('msgid "Eins"\nmsgstr "One"\nmsgid "Zwei"\nmsgstr "Two"\n', "utf-8")
    assert {k: (e.msgstr, e.state) for k, e in read_entries(path).items()} == {
        "Eins": ("One", EntryState.REVIEWED),
        "Zwei": ("Two", EntryState.REVIEWED),
    }
    # an entry with a context cannot be kept by a pipeline without contexts: refused, by line
    path.write_text('msgctxt "a"\nmsgid "Eins"\nmsgstr "One"\n', "utf-8")
    with pytest.raises(CatalogError, match="has a msgctxt") as refused:
        read_entries(path)
    assert refused.value.line == 1
