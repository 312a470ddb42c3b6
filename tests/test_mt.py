"""Machine translation: markup and numbers survive, the glossary holds, problems are flagged,
batches span catalogs, and the provenance stays through gettext's own tools."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from helpers import invoke

import i18n_tool
from i18n_tool.engines import Translation
from i18n_tool.engines.argos import ArgosEngine
from i18n_tool.pretranslate import repetition
from i18n_tool.protect import shield

ARTICLE = """\
# Der Präsident sprach

Der **Präsident** sprach heute mit [Selenskyj](https://example.org/a_b.html) über 10.000 Soldaten.

Die Wohnungsgesellschaft Stadt und Land sagte: `Stadt und Parlament` ist <b>neu</b>.
"""

GLOSSARY = """\
keep = ["Stadt und Land"]

[terms."Selenskyj"]
en = "Zelenskyy"
fr = "Zelensky"
"""


def prepared(project: Path, article: str = ARTICLE) -> i18n_tool.Config:
    (project / "source" / "praesident.de.md").write_text(article, encoding="utf-8")
    (project / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config)
    return config


def catalog(project: Path, language: str) -> polib.POFile:
    return polib.pofile(str(project / "locales" / language / "praesident.po"))


def test_markup_numbers_and_glossary_survive_the_real_model(
    project: Path, installed_models: Path
) -> None:
    config = prepared(project)
    i18n_tool.translate(config)
    english, french = catalog(project, "en"), catalog(project, "fr")
    assert [e.msgstr for e in english] == [
        "The president spoke",
        "The **president** spoke today mit [Zelenskyy](https://example.org/a_b.html) über "
        "10,000 soldiers.",
        "The Wohnungsgesellschaft Stadt und Land said: `Stadt und Parlament` is <b>neu</b>.",
    ]
    assert french[1].msgstr == (
        "Le **président** parla aujourd'hui mit [Zelensky](https://example.org/a_b.html) über "
        "10\u202f000 soldats."
    )
    assert english[1].tcomment == (
        "MT: argostranslate translate-de_en 0.1; confidence 1.00\n"
        "MT glossary: Selenskyj → Zelenskyy"
    )
    assert english[2].tcomment.endswith("MT glossary: Stadt und Land")
    assert all(e.fuzzy and "MT warning" not in e.tcomment for e in [*english, *french])


def test_placeholders_are_plain_pieces_of_the_real_tokenizer(
    installed_models: Path,
) -> None:
    """Braces and digits: no `▁` inside a placeholder, and decoding gives them back exactly."""
    from i18n_tool.engines.argos import find_route

    tokenizer = find_route("de", "en")[0].tokenizer.lazy_processor()
    shielded = shield(ARTICLE.splitlines()[2], "de", "en", {"Selenskyj": "Zelenskyy"})
    assert shielded.text == "Der {1} Präsident {2} sprach heute mit {3} {4} {5} über {6} Soldaten."
    pieces = tokenizer.encode_as_pieces(shielded.text)
    assert "_" not in shielded.text
    assert tokenizer.decode_pieces(pieces) == shielded.text
    for number in range(1, 7):
        placeholder = f"{{{number}}}"
        assert placeholder in tokenizer.decode_pieces(pieces)


@pytest.mark.parametrize(
    ("language", "number"),
    [("en", "19,254.09"), ("fr", "19\u202f254,09"), ("es", "19.254,09"), ("de", "19.254,09")],
)
def test_numbers_come_back_in_the_target_locales_format(language: str, number: str) -> None:
    shielded = shield("Der Schaden: 19.254,09 Euro am 31.12.2024 um 20.15 Uhr.", "de", language)
    assert shielded.text == "Der Schaden: {1} Euro am 31.12.2024 um 20.15 Uhr."
    assert shielded.restore("Damage: {1} euros on 31.12.2024.").text == (
        f"Damage: {number} euros on 31.12.2024."
    )


def test_spaces_the_model_puts_inside_emphasis_and_links_are_removed() -> None:
    shielded = shield("Ein *wichtiger* [Bericht](https://x.org/b)", "de", "en")
    restored = shielded.restore("An { 1 } important {2} {3} report { 4 }")
    assert restored.text == "An *important* [report](https://x.org/b)"
    assert restored.problems == ()


def test_a_lost_or_repeated_placeholder_keeps_all_markup_and_says_so() -> None:
    shielded = shield("Der **Präsident** sprach über 10.000 Soldaten.", "de", "en")
    restored = shielded.restore("The president{2} spoke about {3} {3} soldiers.")
    assert restored.text == "**The president** spoke about 10,000 soldiers."
    assert restored.problems == (
        "MT repeated number '10,000' (extra copy removed)",
        "MT lost markup '**' (put back at the start)",
    )


class ScriptedEngine:
    """Answers from a script: how a model that drops markup or loops is seen by translate."""

    name = "scripted"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.calls: list[list[str]] = []

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        self.calls.append(list(texts))
        return [Translation(self.answers.get(t, t.upper()), "scripted 1.0") for t in texts]


def test_lost_markup_loops_and_empty_outputs_are_flagged_for_the_reviewer(
    project: Path,
) -> None:
    article = "# Titel\n\nDer **Präsident** sprach.\n\nEr sagte nein.\n\nDas ist alles.\n"
    config = prepared(project, article)
    engine = ScriptedEngine(
        {
            "Der {1} Präsident {2} sprach.": "The president spoke.",
            "Er sagte nein.": "He said no no no no no no.",
            "Das ist alles.": "",
        }
    )
    report = i18n_tool.translate(config, ["en"], engine=engine)
    assert (report.done[0].translated, report.done[0].warnings, report.done[0].empty) == (3, 2, 1)
    english = catalog(project, "en")
    markup, loop, empty = english[1], english[2], english[3]
    assert markup.msgstr == "**The president spoke.**"
    assert markup.tcomment.splitlines() == [
        "MT: scripted 1.0",
        "MT warning: MT lost markup '**' (put back at the start)",
        "MT warning: MT lost markup '**' (put back at the end)",
    ]
    assert loop.tcomment.splitlines()[-1] == "MT warning: repetition loop: 'no' 6 times in a row"
    assert (empty.msgstr, empty.fuzzy) == ("", False)


def test_repetition_in_the_source_is_not_a_loop() -> None:
    assert repetition("Er rief: „Nein, nein, nein, nein!“", "He shouted: “No, no, no, no!”") is None
    assert repetition("Er ging.", "He went went went went.") is not None
    assert repetition("Ja.", "Yes. " * 10) is not None


def test_one_batch_per_language_across_all_catalogs_shortest_first(project: Path) -> None:
    (project / "source" / "zweiter.de.md").write_text(
        "Der Präsident sprach heute.\n\nEin ganz neuer Satz steht hier.\n", encoding="utf-8"
    )
    config = prepared(project, "Der Präsident sprach heute. Das Parlament tagte.\n")
    engine = ScriptedEngine({})
    i18n_tool.translate(config, ["en"], engine=engine)
    assert [call for call in engine.calls if call] == [  # [] first: "can you do de→en?"
        ["Das Parlament tagte.", "Der Präsident sprach heute.", "Ein ganz neuer Satz steht hier."]
    ]
    second = polib.pofile(str(project / "locales" / "en" / "zweiter.po"))
    assert second.find("Der Präsident sprach heute.").msgstr == "DER PRÄSIDENT SPRACH HEUTE."


def test_each_model_is_loaded_once_and_each_leg_runs_once_per_run(
    project: Path, installed_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctranslate2

    loaded: list[str] = []
    sent: dict[str, int] = {}
    real = ctranslate2.Translator

    class Counting:
        def __init__(self, path: str, **kwargs: object) -> None:
            self.name = Path(path).parent.name
            loaded.append(self.name)
            self.inner = real(path, **kwargs)

        def translate_batch(self, tokens: list[list[str]], **kwargs: object) -> object:
            sent[self.name] = sent.get(self.name, 0) + len(tokens)
            return self.inner.translate_batch(tokens, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", Counting)
    config = prepared(project)
    i18n_tool.translate(config, engine=ArgosEngine(config.config.mt), chunk_size=1)
    assert sorted(loaded) == ["de_en", "en_fr"]
    # en and fr both need de→en: each of the 3 units goes through it once, not twice
    assert sent == {"de_en": 3, "en_fr": 3}


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")
def test_gettext_tools_keep_the_mt_provenance(project: Path, installed_models: Path) -> None:
    config = prepared(project)
    i18n_tool.translate(config, ["en"])
    po = project / "locales" / "en" / "praesident.po"
    pot = project / "locales" / "praesident.pot"
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], check=True)
    for command in (["msgcat", str(po)], ["msgmerge", "--quiet", "--previous", str(po), str(pot)]):
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        merged = polib.pofile(output)
        entry = merged.find(
            "Der **Präsident** sprach heute mit [Selenskyj]"
            "(https://example.org/a_b.html) über 10.000 Soldaten."
        )
        assert entry.fuzzy
        assert entry.tcomment.splitlines() == [
            "MT: argostranslate translate-de_en 0.1; confidence 1.00",
            "MT glossary: Selenskyj → Zelenskyy",
        ]


def test_too_many_threads_is_a_config_error(project: Path) -> None:
    code, output = invoke("translate", "--inter-threads", "64", "--project", str(project))
    assert code == 2
    assert "physical cores" in output


def test_a_broken_glossary_is_named(project: Path) -> None:
    (project / "glossary.toml").write_text('keep = "NATO"\n', encoding="utf-8")
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config)
    with pytest.raises(i18n_tool.I18nError, match="glossary `keep` must be a list"):
        i18n_tool.translate(config, engine=ScriptedEngine({}))


class FailingEngine:
    """An engine that crashes on some input, as a model fed too long a unit does."""

    name = "fragile"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        if any("Parlament" in text for text in texts):
            raise RuntimeError("No position encodings are defined for positions >= 256")
        return [Translation(text.upper(), "fragile 1") for text in texts]


def test_an_engine_crash_is_one_clear_error_and_finished_units_are_kept(project: Path) -> None:
    i18n_tool.register_engine("fragile", lambda settings: FailingEngine())
    config = i18n_tool.open_project(project).with_mt(engine="fragile")
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    report = i18n_tool.translate(config, ["en"], chunk_size=2)
    assert report.failed["en"].startswith(
        "fragile failed on 2 units (the first: 'Die Stadt und das Parlament.'): RuntimeError: "
        "No position encodings"
    )
    assert [bool(e.msgstr) for e in catalog(project, "en")] == [True, True, False, False]
    code, output = invoke("translate", "-l", "en", "--engine", "fragile", "--project", str(project))
    assert code == 1 and "Traceback" not in output


INFLECTED_GLOSSARY = """\
[terms."Putin"]
en = "Putin"
fr = "Poutine"

[terms."NATO"]
en = "NATO"
fr = "OTAN"

[terms."Soldat"]
en = "soldier"
fr = "soldat"
"""


def test_inflected_terms_are_shielded_and_come_back_in_the_glossarys_form(
    project: Path, installed_models: Path
) -> None:
    """A genitive name comes back as English writes it and as the French glossary form, flagged;
    a compound keeps its term part; an inflected noun is left to the engine, flagged."""
    config = prepared(
        project, "Der Präsident sprach heute mit Putins Soldaten und der NATO-Woche.\n"
    )
    (project / "glossary.toml").write_text(INFLECTED_GLOSSARY, encoding="utf-8")
    i18n_tool.translate(config)
    english, french = catalog(project, "en")[0], catalog(project, "fr")[0]
    assert english.msgstr == "The president spoke today mit Putin's soldiers and der NATO-Woche."
    assert english.tcomment.splitlines() == [
        "MT: argostranslate translate-de_en 0.1; confidence 1.00",
        "MT glossary: Putins → Putin's, NATO",
        "MT warning: glossary term 'Soldat' is inflected here ('Soldaten'): check that the "
        "translation uses 'soldier' in the matching form",
    ]
    assert french.msgstr == "Le président parla aujourd'hui mit Poutine soldats et der OTAN-Woche."
    assert french.tcomment.splitlines()[1:] == [
        "MT glossary: Putins → Poutine, NATO → OTAN",
        "MT warning: 'Putins' is a genitive, put back as 'Poutine': check that the sentence "
        "says whose",
        "MT warning: glossary term 'Soldat' is inflected here ('Soldaten'): check that the "
        "translation uses 'soldat' in the matching form",
    ]
