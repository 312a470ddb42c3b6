"""What the tool accepts from outside, item by item of issue 27, through the CLI as a hostile or
careless user would try it (docs/operator.md, "What the tool accepts")."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from helpers import invoke_in
from lxml import etree

from i18n_tool.xliff import NAMESPACE, unit_id

WETTER = "Der Wetterdienst warnte vor Hagel."
NS = {"x": NAMESPACE}


def msgfmt_accepts(path: Path) -> bool:
    done = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True)
    return done.returncode == 0


def agency_tmx(note: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence"
 adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
<tu><prop type="x-document">{note}</prop>
<tuv xml:lang="de"><seg>{WETTER}</seg></tuv>
<tuv xml:lang="en"><seg>The weather service warned of hail.</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize(
    "note",
    [
        'agency&#13;msgid "Injected by TMX"&#13;msgstr "pwned"&#13;',
        'agency&#10;&#10;msgid "Injected by TMX"&#10;msgstr "pwned"',
        "agency&#x2028;#, fuzzy&#x2029;&#x85;",
        "agency\\",
    ],
)
def test_a_memory_note_cannot_write_into_the_catalog(project: Path, note: str) -> None:
    """Item 1: a TMX property with carriage returns became a live entry after
    `check --annotate`; other shapes made the catalog unreadable (exit 4)."""
    (project / "agency.tmx").write_text(agency_tmx(note), encoding="utf-8")
    assert invoke_in(project, "memory", "import", str(project / "agency.tmx"))[0] == 0
    (project / "source" / "wetter.de.md").write_text(WETTER + "\n", encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    invoke_in(project, "translate", "-l", "en")  # the memory fills it; no model for the rest
    code, output = invoke_in(project, "check", "--annotate", "-l", "en")
    assert code in (0, 8), output
    catalog = project / "locales" / "en" / "wetter.po"
    entries = [e for e in polib.pofile(str(catalog)) if e.msgid]
    assert [e.msgid for e in entries] == [WETTER]
    assert entries[0].msgstr == "The weather service warned of hail."
    assert entries[0].tcomment.startswith("TM: 100 % from memory/agency.tmx (agency")
    assert msgfmt_accepts(catalog)
    assert invoke_in(project, "status", "-l", "en")[0] == 0


def with_target(path: Path, source: str, parts: list[str | int]) -> None:
    """As a CAT tool: the target of `source` made of text and characters as <cp/> codes."""
    tree = etree.parse(str(path))
    segment = tree.find(f".//x:unit[@id='{unit_id(source)}']/x:segment", NS)
    target = segment.find("x:target", NS)
    if target is None:
        target = etree.SubElement(segment, f"{{{NAMESPACE}}}target")
    for child in list(target):
        target.remove(child)
    target.text, last = "", None
    for part in parts:
        if isinstance(part, int):
            last = etree.SubElement(target, f"{{{NAMESPACE}}}cp", hex=f"{part:04X}")
            last.tail = ""
        elif last is None:
            target.text += part
        else:
            last.tail += part
    segment.set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_control_characters_from_an_exchange_file_are_refused(project: Path) -> None:
    """Item 2: an XLIFF target with NUL, ESC and BEL was imported as reviewed and built."""
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    assert invoke_in(project, "export", "-l", "en")[0] == 0
    path = project / "build" / "xliff" / "en" / "praesident.xlf"
    for source, code_point in (("Der Präsident sprach heute.", 0x1B), ("Der Präsident sprach", 7)):
        with_target(path, source, ["Bad ", code_point, " text."])
    with_target(path, "Die Stadt und das Parlament.", ["The city ", 0, "."])
    code, output = invoke_in(project, "import", str(path))
    assert code == 0, output
    for source, code_point in (
        ("Der Präsident sprach heute.", "U+001B"),
        ("Der Präsident sprach", "U+0007"),
        ("Die Stadt und das Parlament.", "U+0000"),
    ):
        assert (
            f"  not imported: {unit_id(source)} (line " in output
            and f"the translation holds the control character {code_point}; remove it" in output
        )
    catalog = polib.pofile(str(project / "locales" / "en" / "praesident.po"))
    assert all(not entry.msgstr for entry in catalog)


def test_control_characters_a_translator_typed_are_errors_and_never_built(project: Path) -> None:
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid  # every unit reviewed...
    catalog.find("Die Stadt und das Parlament.").msgstr = "The city\x1b[2J and parliament."
    catalog.save()
    code, output = invoke_in(project, "check", "-l", "en")
    assert code == 8
    assert "the translation holds the control character U+001B; it is not built" in output
    code, output = invoke_in(project, "build", "-l", "en")
    assert "en/praesident.md: held back: 4 of 5 units reviewed" in output
    assert not (project / "build" / "en" / "praesident.md").exists()


def test_bidirectional_overrides_are_errors_and_shown_in_the_report(project: Path) -> None:
    """Item 3: U+202E reordered what the desk editor read, and nothing said so."""
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.find("Der Präsident sprach heute.").msgstr = "The president \u202etoday\u202c spoke."
    catalog.find("Die Stadt und das Parlament.").msgstr = "The city of \u2067Tel Aviv\u2069."
    catalog.find("Der Präsident sprach").msgstr = "The president \u2066spoke"
    catalog.save()
    code, output = invoke_in(project, "check", "-l", "en", "--json")
    assert code == 8
    assert "the bidirectional control U+202E, which reorders the text a reader sees" in output
    assert "an isolate (U+2066–U+2068) is never closed by U+2069" in output
    assert "Tel Aviv" not in output  # balanced isolates are legitimate: no finding
    assert invoke_in(project, "review", "-l", "en")[0] in (0, 8)
    page = (project / "build" / "review" / "en" / "praesident.html").read_text(encoding="utf-8")
    assert "\u202e" not in page  # an override would reorder what the desk editor reads
    assert "[U+2067]</mark>\u2067Tel Aviv" in page  # an isolate stays, marked
    assert '<mark class="hidden-char" lang="en" dir="ltr" title="an invisible character">' in page
    assert "[U+202E]" in page and "[U+2067]" in page and "[U+2069]" in page


def test_a_report_link_is_never_a_script(project: Path) -> None:
    """Item 4: an article named `javascript:alert(1).de.md` became a script link, and the
    page's CSP allowed inline script."""
    (project / "source" / "javascript:alert(1).de.md").write_text(
        "Ein Satz steht hier.\n", encoding="utf-8"
    )
    assert invoke_in(project, "update", "-l", "en", "--no-language-check")[0] == 0
    invoke_in(project, "review", "-l", "en")
    index = (project / "build" / "review" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'href="./javascript%3Aalert%281%29.html"' in index
    assert 'href="javascript:' not in index
    for page in (project / "build" / "review").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "'unsafe-inline'; script-src 'unsafe-inline'" not in text
        assert "script-src 'sha256-" in text or "script-src 'none'" in text


def test_memory_files_are_recognised_by_one_rule_in_any_case(project: Path) -> None:
    """Item 7: `MEMORY.TMX` was imported ("1 unit English") and then ignored by translate."""
    (project / "MEMORY.TMX").write_text(agency_tmx("agency"), encoding="utf-8")
    code, output = invoke_in(project, "memory", "import", str(project / "MEMORY.TMX"))
    assert (code, output) == (0, "memory/MEMORY.TMX: 1 unit English\n")
    (project / "source" / "wetter.de.md").write_text(WETTER + "\n", encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    code, output = invoke_in(project, "translate", "-l", "en")
    assert "1 unit from the translation memory" in output
    entry = polib.pofile(str(project / "locales" / "en" / "wetter.po")).find(WETTER)
    assert entry.msgstr == "The weather service warned of hail."
    (project / "notes.txt").write_text("not a memory\n", encoding="utf-8")
    code, output = invoke_in(project, "memory", "import", str(project / "notes.txt"))
    assert (code, output) == (
        2,
        "error: notes.txt: not a memory file by its name (a memory is .tmx, .po, .xlf, .xliff)\n",
    )


def test_an_obsolete_entry_never_takes_the_place_of_reviewed_work(project: Path) -> None:
    """Item 10: a `#~` entry with the msgid of a live reviewed one swapped places with it on
    `update` (exit 0). msgfmt calls it a duplicate definition: refused, naming both lines."""
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(path))
    catalog.find("Der Präsident sprach heute.").msgstr = "The president spoke today."
    catalog.save()
    with path.open("a", encoding="utf-8") as po:
        po.write('\n#~ msgid "Der Präsident sprach heute."\n#~ msgstr "An old translation."\n')
    before = path.read_bytes()
    code, output = invoke_in(project, "update", "-l", "en")
    assert code == 4
    assert "is there twice (lines" in output and "(one of them obsolete, #~)" in output
    assert path.read_bytes() == before


def test_a_broken_installed_model_is_not_a_missing_one(
    project: Path, installed_models: Path
) -> None:
    """Item 11: a corrupt installed model exited 5, the code a CI tolerates on machines
    without models."""
    [weights] = installed_models.glob("*de_en*/model/model.bin")
    weights.write_bytes(b"not a model")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    code, output = invoke_in(project, "translate", "-l", "en")
    assert code == 6, output
    assert "en: not translated into English: the installed model " in output
    assert "is broken" in output and "reinstall it" in output


def test_units_joined_by_learned_abbreviations_come_back_reviewed(project: Path) -> None:
    """Item 8: a learned file that joined sentences, then deleted: the reviewed sentence came
    back fuzzy with a `#|` identical to its msgid."""
    (project / "source" / "praesident.de.md").write_text(
        "Der Rat der Stadt tagte heute sehr lange. Er ging.\n", encoding="utf-8"
    )
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"EN {entry.msgid}"
    catalog.save()
    learned = project / "abbreviations.learned.toml"
    learned.write_text('[never-final]\nlearned = "lange."\n', encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0  # one unit now
    learned.unlink()
    assert invoke_in(project, "update", "-l", "en")[0] == 0  # two again
    back = {e.msgid: e for e in polib.pofile(str(path)) if not e.obsolete}
    for msgid in ("Der Rat der Stadt tagte heute sehr lange.", "Er ging."):
        assert (back[msgid].msgstr, back[msgid].fuzzy, back[msgid].previous_msgid) == (
            f"EN {msgid}",
            False,
            None,
        )


def test_two_tool_processes_never_write_a_project_at_once(project: Path) -> None:
    """Item 12: the lock test contended with a lock of its own. Here one i18n-tool process
    holds the project lock as every writing command takes it, and a second `i18n-tool update`
    must be turned away (exit 10); taken shared, both would write."""
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "import i18n_tool\n"
            f"with i18n_tool.open_project(Path({str(project)!r})).lock():\n"
            "    print('locked', flush=True)\n"
            "    sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        second = subprocess.run(
            [str(Path(sys.executable).parent / "i18n-tool"), "update", "--project", str(project)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 10, second.stdout + second.stderr
        assert f"another i18n-tool (pid {holder.pid}) is changing this project" in second.stderr
        assert not (project / "locales").exists()
    finally:
        holder.communicate("done\n", timeout=60)


def test_the_small_ones(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 9, each as the issue found it."""
    from helpers import invoke

    # `detect missing.md` printed `[Errno 2] …` with exit 1
    assert invoke("detect", str(tmp_path / "missing.md")) == (
        2,
        f"error: {tmp_path / 'missing.md'}: no such file\n",
    )
    # `status` right after `extract` of a new article exited 1 ("catalog missing")
    assert invoke_in(project, "extract")[0] == 0
    code, output = invoke_in(project, "status", "-l", "en")
    assert code == 0, output
    assert "praesident │ 5     │ 0        │ 0 (0, 0)           │ 5" in output
    # `--help` of `import` and `memory import` showed `<list[Path]>`
    for command in (("import",), ("memory", "import")):
        assert "<list[Path]>" not in invoke(*command, "--help")[1]
    # `init -C p3 p4` silently used p3
    code, output = invoke("init", "-C", str(tmp_path / "p3"), str(tmp_path / "p4"))
    assert code == 2 and "two project folders given" in output
    assert not (tmp_path / "p3").exists() and not (tmp_path / "p4").exists()
    # `review --open` without a display did nothing and said nothing
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("BROWSER", "false")
    assert invoke_in(project, "update")[0] == 0
    code, output = invoke_in(project, "review", "-l", "en", "--open")
    assert "no web browser could be opened here: open build/review/index.html in one" in output


def test_build_for_one_language_keeps_the_others_on_the_index(project: Path) -> None:
    """Item 9: `build -l en` rewrote build/index.html without the other languages' rows."""
    assert invoke_in(project, "update")[0] == 0
    assert invoke_in(project, "build", "--min-reviewed", "0")[0] == 0
    assert invoke_in(project, "build", "-l", "en", "--min-reviewed", "0")[0] == 0
    index = (project / "build" / "index.html").read_text(encoding="utf-8")
    assert "<td>en</td><td>praesident.md</td>" in index
    assert "<td>fr</td><td>praesident.md</td>" in index


def test_a_number_sign_lost_by_mt_is_a_check_error(project: Path) -> None:
    """Item 9: `m²` became `m2` in MT output and no check noticed."""
    (project / "source" / "praesident.de.md").write_text(
        "Die Wohnung hat 80 m² und kostet ½ Million.\n", encoding="utf-8"
    )
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    catalog = polib.pofile(str(path))
    catalog[0].msgstr = "The flat has 80 m2 and costs half a million."
    catalog.save()
    code, output = invoke_in(project, "check", "-l", "en")
    assert code == 8 and "number ², ½ of the source is not in the translation" in output


def test_an_article_renamed_while_run_goes_on_is_named_for_the_next_run(project: Path) -> None:
    """Item 9: `run` said "run `i18n-tool update`" for an article renamed during the run,
    although the user did run the step that does it."""
    from helpers import Shouting

    import i18n_tool

    class RenamingMidRun(Shouting):
        def translate_batch(self, texts, source, target):  # type: ignore[no-untyped-def]
            article = project / "source" / "praesident.de.md"
            if article.exists():
                article.rename(project / "source" / "praesident-neu.de.md")
            return super().translate_batch(texts, source, target)

    i18n_tool.register_engine("renaming", lambda settings: RenamingMidRun())
    code, output = invoke_in(project, "run", "--engine", "renaming", "-l", "en")
    assert "run `i18n-tool update`" not in output
    assert (
        "error: source/praesident-neu.de.md: appeared while this run went on (added or "
        "renamed); the next run takes it"
    ) in output
    assert code == 3
