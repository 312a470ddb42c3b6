"""TMX: the project's memory goes out to CAT tools, and their memories come in, safely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
from helpers import REPO, Shouting, clone_of_repository, invoke_in
from lxml import etree

import i18n_tool
from i18n_tool.tmx import XML_LANG, read_tmx

AGENCY_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SDL Trados" creationtoolversion="16" datatype="plaintext"
          segtype="sentence" adminlang="EN-US" srclang="*all*" o-tmf="TW4Win 2.0"/>
  <body>
    <tu creationdate="20260101T101010Z">
      <tuv xml:lang="EN-GB"><seg>The weather service warned of <bpt i="1">&lt;b&gt;</bpt>hail<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Der Wetterdienst warnte vor Hagel.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="fr-FR"><seg>Bonjour.</seg></tuv>
      <tuv xml:lang="it"><seg>Buongiorno.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_the_seed_memory_exports_with_real_languages(tmp_path: Path) -> None:
    clone = clone_of_repository(tmp_path / "clone")
    code, output = invoke_in(clone, "memory", "export")
    assert (code, output) == (0, "build/memory.tmx: 75 translation units\n")
    tree = etree.parse(str(clone / "build" / "memory.tmx"))
    assert tree.find("header").get("srclang") == "de"
    units = tree.findall("body/tu")
    assert len(units) == 75
    languages = [[tuv.get(XML_LANG) for tuv in tu.findall("tuv")] for tu in units]
    assert {tuple(pair) for pair in languages} == {("de", "en"), ("de", "fr"), ("de", "es")}
    first = units[0]
    assert first.get("creationdate") == "20261129T203000Z"
    assert first.findtext("prop[@type='x-document']") == "source/kim-truppen-russland.de.md:1"
    back = {(u.language, u.source): u.target for u in read_tmx(clone / "build/memory.tmx", "de")}
    catalog = polib.pofile(str(REPO / "locales" / "fr" / "kim-truppen-russland.po"))
    assert all(back[("fr", e.msgid)] == e.msgstr for e in catalog if e.msgid)


def test_a_memory_from_another_tool_is_imported_and_used(project: Path) -> None:
    agency = project / "agency.tmx"
    agency.write_text(AGENCY_TMX, encoding="utf-8")
    code, output = invoke_in(project, "memory", "import", str(agency))
    assert (code, output) == (0, "memory/agency.tmx: 1 unit English\n")
    assert (project / "memory" / "agency.tmx").read_bytes() == agency.read_bytes()
    (project / "source" / "wetter.de.md").write_text(
        "Der Wetterdienst warnte vor Hagel.\n", encoding="utf-8"
    )
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    code, output = invoke_in(project, "translate", "-l", "en")
    assert "1 unit from the translation memory (1 the same sentence (1 fuzzy, to confirm)" in output
    catalog = project / "locales" / "en" / "wetter.po"
    entry = polib.pofile(str(catalog)).find("Der Wetterdienst warnte vor Hagel.")
    # nobody in this project approved the agency's translation: a suggestion to confirm
    assert (entry.msgstr, entry.fuzzy) == ("The weather service warned of <b>hail</b>.", True)
    assert entry.tcomment == "TM: 100 % from memory/agency.tmx (agency.tmx)"
    code, output = invoke_in(project, "status", "-l", "en", "--json")
    [wetter] = [row for row in json.loads(output)["documents"] if row["document"] == "wetter"]
    assert (wetter["translated"], wetter["memory_suggestions"], wetter["published"]) == (
        0,
        1,
        False,
    )

    # a project that trusts the agency takes its exact matches as reviewed
    catalog.unlink()
    with (project / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write('[tool.i18n-tool.memory]\ntrusted = ["agency.tmx"]\n')
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    i18n_tool.translate(i18n_tool.open_project(project), ["en"], engine=Shouting())
    entry = polib.pofile(str(catalog)).find("Der Wetterdienst warnte vor Hagel.")
    assert (entry.msgstr, entry.fuzzy) == ("The weather service warned of <b>hail</b>.", False)
    assert entry.tcomment == "TM: 100 % from memory/agency.tmx (agency.tmx)"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<tmx version="1.4"><header srclang="de"/><body><tu><tuv xml:lang="de"><seg>&b;</seg></tuv>
<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="de"/><body><tu><tuv xml:lang="de"><seg>Satz.</seg></tuv>
<tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>
"""


def test_hostile_and_broken_memories_are_refused_with_one_line(project: Path) -> None:
    for name, text, message in (
        ("laughs.tmx", BILLION_LAUGHS, "refused: the file declares XML entities"),
        ("secret.tmx", EXTERNAL, "refused: the file declares XML entities"),
        ("broken.tmx", "<tmx><body><tu><tuv></tu>", "broken.tmx:1: not well-formed TMX"),
    ):
        (project / name).write_text(text, encoding="utf-8")
        code, output = invoke_in(project, "memory", "import", str(project / name))
        assert code == 2 and message in output, output
        assert len(output.splitlines()) == 1
        assert not (project / "memory" / name).exists()
    shutil.rmtree(project / "memory", ignore_errors=True)


def test_a_po_compendium_is_a_memory_too(project: Path) -> None:
    compendium = polib.POFile()
    compendium.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    compendium.append(polib.POEntry(msgid="Foto: dpa", msgstr="Photo: dpa"))
    compendium.append(polib.POEntry(msgid="Offen.", msgstr="Open.", flags=["fuzzy"]))
    compendium.save(str(project / "kompendium.po"))
    code, output = invoke_in(project, "memory", "import", str(project / "kompendium.po"))
    assert (code, output) == (0, "memory/kompendium.po: 1 unit English\n")  # reviewed only
    (project / "source" / "bild.de.md").write_text("Foto: dpa\n", encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    i18n_tool.translate(i18n_tool.open_project(project), ["en"], engine=Shouting())
    entry = polib.pofile(str(project / "locales" / "en" / "bild.po")).find("Foto: dpa")
    assert (entry.msgstr, entry.fuzzy) == ("Photo: dpa", True)  # imported: to confirm
    assert entry.tcomment == "TM: 100 % from memory/kompendium.po (kompendium.po)"
