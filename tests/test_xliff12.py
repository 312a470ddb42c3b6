"""XLIFF 1.2: what most CAT tools and converters still read and write. Our export goes through
Translate Toolkit's own command line (`xliff2po`, a translator's edit, `po2xliff`) and comes
back with every entry in its right state; reviewed work is kept as with XLIFF 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
from helpers import LINKED, TAGGED, catalog_files, invoke_in
from lxml import etree
from translate.storage import xliff as tt_xliff

from i18n_tool.xliff import read_xliff, unit_id
from i18n_tool.xliff12 import NAMESPACE

NS = {"x": NAMESPACE}


def toolkit(command: str, *args: Path) -> None:
    """Translate Toolkit's command (`xliff2po`, `po2xliff`; a test extra) as a translator
    runs it: its console script's `main`, with the Python running the tests."""
    script = f"import sys; from translate.convert.{command} import main; sys.exit(main())"
    subprocess.run([sys.executable, "-c", script, *map(str, args)], check=True, capture_output=True)


def entry(project: Path, msgid: str, language: str = "fr", name: str = "wetter") -> polib.POEntry:
    return polib.pofile(str(project / "locales" / language / f"{name}.po")).find(msgid)


def test_states_ids_and_inline_codes_as_a_1_2_tool_sees_them(newsroom: Path) -> None:
    invoke_in(newsroom, "export", "--xliff", "1.2", "-l", "fr")
    tree = etree.parse(str(newsroom / "build" / "xliff" / "fr" / "wetter.xlf"))
    file = tree.find("x:file", NS)
    assert (file.get("source-language"), file.get("target-language")) == ("de", "fr")
    assert file.get("original") == "source/wetter.de.md"
    unit = tree.find(f".//x:trans-unit[@id='{unit_id(LINKED)}']", NS)
    assert unit.get("approved") is None  # an MT suggestion: a draft
    target = unit.find("x:target", NS)
    assert (target.get("state"), target.get("state-qualifier")) == (
        "needs-review-translation",
        "mt-suggestion",
    )
    source = etree.tostring(unit.find("x:source", NS), encoding="unicode", with_tail=False)
    assert source.endswith(
        'Der <bpt id="1">**</bpt>Deutsche Wetterdienst<ept id="1">**</ept> warnte am Montag '
        'vor <bpt id="2">[</bpt>Hagel<ept id="2">](https://dwd.de/warnungen)</ept>.</source>'
    )
    tagged = tree.find(f".//x:trans-unit[@id='{unit_id(TAGGED)}']/x:source", NS)
    assert etree.tostring(tagged, encoding="unicode", with_tail=False).endswith(
        'Die Warnung gilt <bpt id="1">&lt;b&gt;</bpt>bis Mitternacht<ept id="1">&lt;/b&gt;</ept>'
        ' <ph id="2">&amp;amp;</ph> länger.</source>'
    )
    notes = [n.text for n in unit.iterfind("x:note", NS)]
    assert "location: source/wetter.de.md:3" in notes


def test_a_round_trip_through_translate_toolkits_command_line(
    newsroom: Path, tmp_path: Path
) -> None:
    """Our export → xliff2po → a translator accepts one suggestion and rewrites another in a
    PO editor → po2xliff → our import: each entry in its right state, the third unchanged."""
    invoke_in(newsroom, "export", "--xliff", "1.2", "-l", "fr")
    exported = newsroom / "build" / "xliff" / "fr" / "wetter.xlf"
    catalog = tmp_path / "wetter.po"
    toolkit("xliff2po", exported, catalog)
    po = polib.pofile(str(catalog))
    assert {e.msgid for e in po} == {"Wetter", LINKED, TAGGED}  # the markup came through whole
    assert all(e.fuzzy for e in po)  # MT suggestions stay drafts in the converter
    accepted, rewritten = po.find("Wetter"), po.find(LINKED)
    accepted.flags.remove("fuzzy")
    rewritten.msgstr = (
        "Le **Service météo allemand** a averti de la [grêle](https://dwd.de/warnungen)."
    )
    po.save()
    returned = tmp_path / "wetter-back.xlf"
    toolkit("po2xliff", catalog, returned)
    code, output = invoke_in(newsroom, "import", "-l", "fr", str(returned))
    assert code == 0, output
    assert f"{returned} (French): 1 reviewed, 1 fuzzy drafts, 1 unchanged" in output
    assert entry(newsroom, "Wetter").fuzzy is False
    assert entry(newsroom, "Wetter").msgstr == "WETTER"
    draft = entry(newsroom, LINKED)
    assert draft.fuzzy and draft.msgstr == rewritten.msgstr
    assert "MT:" not in (draft.tcomment or "")  # a translator's draft, never counted as MT


def test_po2xliff_of_a_catalog_imports_with_every_entry_in_its_state(
    newsroom: Path, tmp_path: Path
) -> None:
    """A translator converts a copy of our catalog with po2xliff (which always writes
    source-language en-US) after reviewing one entry: the file imports, and no other entry
    changes."""
    copy = tmp_path / "wetter.po"
    po = polib.pofile(str(newsroom / "locales" / "fr" / "wetter.po"))
    po.find(TAGGED).flags.remove("fuzzy")
    po.save(str(copy))
    returned = tmp_path / "wetter.xlf"
    toolkit("po2xliff", copy, returned)
    assert 'source-language="en-US"' in returned.read_text(encoding="utf-8")
    before = polib.pofile(str(newsroom / "locales" / "fr" / "wetter.po"))
    code, output = invoke_in(newsroom, "import", str(returned))
    assert code == 0, output
    assert "1 reviewed, 0 fuzzy drafts, 2 unchanged" in output
    after = polib.pofile(str(newsroom / "locales" / "fr" / "wetter.po"))
    states = {e.msgid: (e.msgstr, e.fuzzy) for e in after}
    assert states == {e.msgid: (e.msgstr, e.fuzzy and e.msgid != TAGGED) for e in before}


def test_translate_toolkits_python_reader_reads_our_1_2(newsroom: Path) -> None:
    reviewed = "Ein verzweifelter Putin wendet sich an Kims Truppen"
    invoke_in(newsroom, "export", "--xliff", "1.2", "-l", "fr")
    path = newsroom / "build" / "xliff" / "fr" / "kim-truppen-russland.xlf"
    store = tt_xliff.xlifffile.parsefile(str(path))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("de", "fr")
    units = {unit.source: unit for unit in store.units}
    assert len(units) == 25
    assert units[reviewed].isapproved() and not units[reviewed].isfuzzy()
    assert units[reviewed].target == "Un Poutine désespéré se tourne vers les troupes de Kim"


def test_g_and_x_codes_stand_for_the_sources_codes(newsroom: Path, tmp_path: Path) -> None:
    """A tool that rewrote the target's codes as `<g>`/`<x/>` (keeping the source's `<bpt>`,
    `<ph>`) still gives the markup back."""
    source = (
        'Die Warnung gilt <bpt id="1">&lt;b&gt;</bpt>bis Mitternacht<ept id="1">&lt;/b&gt;</ept>'
        ' <ph id="2">&amp;amp;</ph> länger.'
    )
    path = tmp_path / "g.xlf"
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="{NAMESPACE}" version="1.2">'
        '<file original="source/wetter.de.md" source-language="de" target-language="fr" '
        'datatype="plaintext"><body><trans-unit id="1" approved="yes">'
        f'<source>{source}</source><target state="translated">L\'alerte vaut '
        '<g id="1">jusqu\'à minuit</g> <x id="2"/> plus.</target>'
        "</trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    taken = entry(newsroom, TAGGED)
    assert (taken.msgstr, taken.fuzzy) == ("L'alerte vaut <b>jusqu'à minuit</b> &amp; plus.", False)


STATES = [  # (approved, state): confirmed (reviewed) or a draft (fuzzy)
    (None, "new", False),
    (None, "needs-translation", False),
    (None, "needs-review-translation", False),
    (None, "needs-adaptation", False),
    (None, "translated", True),
    (None, "final", True),
    (None, "signed-off", True),
    ("yes", None, True),
    ("yes", "needs-review-translation", True),
    ("no", "translated", False),
    (None, None, False),
]


def test_every_1_2_state_reads_as_confirmed_or_draft(tmp_path: Path) -> None:
    units = []
    for number, (approved, state, _) in enumerate(STATES):
        approval = f' approved="{approved}"' if approved else ""
        state_attribute = f' state="{state}"' if state else ""
        units.append(
            f'<trans-unit id="{number}"{approval}><source>Satz {number}.</source>'
            f"<target{state_attribute}>Phrase {number}.</target></trans-unit>"
        )
    path = tmp_path / "states.xlf"
    path.write_text(
        f'<xliff xmlns="{NAMESPACE}" version="1.2"><file original="a.de.md" '
        'source-language="de" target-language="fr" datatype="plaintext"><body>'
        + "".join(units)
        + "</body></file></xliff>",
        encoding="utf-8",
    )
    (document,) = read_xliff(path)
    assert [segment.confirmed for segment in document.segments] == [c for *_, c in STATES]


def test_a_1_2_file_with_entities_is_refused_before_it_is_read(newsroom: Path) -> None:
    path = newsroom / "laughs.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>\n'
        f'<xliff xmlns="{NAMESPACE}" version="1.2"><file original="source/wetter.de.md" '
        'source-language="de" target-language="fr" datatype="plaintext"><body>'
        '<trans-unit id="1" approved="yes"><source>Wetter</source><target>&b;</target>'
        "</trans-unit></body></file></xliff>\n",
        encoding="utf-8",
    )
    before = catalog_files(newsroom)
    code, output = invoke_in(newsroom, "import", str(path))
    assert (code, output) == (
        2,
        "error: laughs.xlf: refused: the file declares XML entities (a DTD), which XLIFF never "
        "needs and attacks use (billion laughs, external entities)\n",
    )
    assert catalog_files(newsroom) == before


def test_a_file_translate_toolkits_python_writer_made_imports(
    newsroom: Path, tmp_path: Path
) -> None:
    store = tt_xliff.xlifffile(sourcelanguage="de", targetlanguage="fr")
    store.setfilename(store.getfilenode("NoName"), "source/wetter.de.md")
    approved, draft = tt_xliff.xliffunit("Wetter"), tt_xliff.xliffunit(TAGGED)
    for unit in (approved, draft):
        store.addunit(unit)
    approved.target = "Météo"
    approved.markapproved(True)
    draft.target = "L'alerte vaut <b>jusqu'à minuit</b> &amp; plus."
    draft.markfuzzy(True)
    path = tmp_path / "tt.xlf"
    store.savefile(str(path))
    code, output = invoke_in(newsroom, "import", str(path))
    assert code == 0, output
    assert f"{path} (French): 1 reviewed, 1 fuzzy drafts, 0 unchanged" in output
    assert (entry(newsroom, "Wetter").msgstr, entry(newsroom, "Wetter").fuzzy) == ("Météo", False)
    assert entry(newsroom, TAGGED).fuzzy
