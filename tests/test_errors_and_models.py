"""Bad input gets one clear line and an exit code; models install from file; runs resume."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from helpers import invoke

import i18n_tool
from i18n_tool.engines import Translation


def test_a_source_that_is_not_utf8_is_named_with_its_line(project: Path) -> None:
    (project / "source" / "alt.de.md").write_bytes(
        "Zeile eins.\nGrüße aus Köln.\n".encode("latin-1")
    )
    code, output = invoke("extract", "--project", str(project))
    assert code == 3
    assert output.strip().splitlines()[-2:] == [
        "error: source/alt.de.md:2: not UTF-8 (byte 0xfc at offset 14); "
        "convert it, e.g. iconv -f latin1 -t utf-8",
        "2 articles: 1 done, 1 failed (unreadable source article)",
    ]
    assert sorted(path.name for path in (project / "locales").iterdir()) == ["praesident.pot"]


def test_an_article_with_nothing_to_translate_is_valid(project: Path) -> None:
    (project / "source" / "leer.de.md").write_text("\n \n", encoding="utf-8")
    (project / "source" / "zahlen.de.md").write_text("| 1 | 2 |\n|---|---|\n| 3 | 4 |\n")
    code, output = invoke("extract", "--project", str(project))
    assert code == 0, output
    assert "locales/leer.pot: 0 units, 0 entries (written)" in output
    assert "locales/zahlen.pot: 0 units, 0 entries (written)" in output
    assert 'msgid ""' in (project / "locales" / "leer.pot").read_text(encoding="utf-8")


def test_a_missing_source_folder_is_named(project: Path) -> None:
    (project / "source" / "praesident.de.md").unlink()
    (project / "source").rmdir()
    code, output = invoke("extract", "--project", str(project))
    assert (code, output.strip()) == (3, "error: source: source folder not found")


def test_a_catalog_broken_by_a_translator_is_named_with_its_line(project: Path) -> None:
    invoke("extract", "--project", str(project))
    invoke("update", "--project", str(project))
    path = project / "locales" / "en" / "praesident.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_at = lines.index('msgid "Der Präsident sprach"') + 1
    lines[broken_at - 1] = 'msgid "Der Präsident sprach'  # closing quote lost
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    code, output = invoke("update", "--project", str(project))
    assert code == 4
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: locales/en/praesident.po:{broken_at}: cannot parse")
    assert output.endswith("1 article: 0 done, 1 failed (broken or unwritable catalog)\n")
    assert path.read_bytes() == before


def test_an_unknown_language_code_is_a_configuration_error(project: Path) -> None:
    code, output = invoke("update", "-l", "xx-nope", "--project", str(project))
    assert (code, output.strip()) == (
        2,
        "error: xx-nope is not a target language of this project (en, fr)",
    )
    code, output = invoke("update", "-l", "eng", "--project", str(project))
    assert (code, output.strip()) == (
        2,
        "error: eng is not a target language of this project (en, fr); did you mean en?",
    )
    assert not (project / "locales").exists()  # nothing created


def test_an_unwritable_locales_folder_leaves_nothing_half_written(project: Path) -> None:
    (project / "locales").write_text("not a folder", encoding="utf-8")
    code, output = invoke("extract", "--project", str(project))
    assert code == 4  # the catalog class: the template cannot be written
    assert output.strip().splitlines()[-2:] == [
        "error: locales/praesident.pot: cannot read: Not a directory",
        "1 article: 0 done, 1 failed (broken or unwritable catalog)",
    ]


def test_models_install_from_a_file_then_list(
    packages_dir: Path, model_files: dict[str, Path], project: Path
) -> None:
    code, output = invoke("models", "install", "--file", str(model_files["de-en"]))
    assert code == 0, output
    assert f"installed translate-de_en 0.1 (de→en) in {packages_dir}/de_en" in output
    code, output = invoke("models", "list", "--project", str(project))
    assert code == 0
    assert "de→en: translate-de_en" in output
    assert "de→fr: no model" in output


def test_installing_something_that_is_not_a_model_fails_clearly(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.argosmodel"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("readme.txt", "hello")
    code, output = invoke("models", "install", "--file", str(bogus))
    assert code == 6
    assert output.strip() == (
        f"error: {bogus}: not an argos model: expected one top-level folder with metadata.json"
    )


def test_models_install_from_the_index_without_network_says_how_to_install_a_file(
    monkeypatch: pytest.MonkeyPatch, packages_dir: Path
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # as argos reads it
    code, output = invoke("models", "install", "de", "en")
    assert code == 6
    assert "cannot read the model index http://127.0.0.1:9/index.json" in output
    assert "i18n-tool models install --file PATH.argosmodel" in output


class InterruptingEngine:
    """Translates by upper-casing, and is 'interrupted' (Ctrl-C) on its second batch."""

    name = "upper"

    def __init__(self, fail_on_batch: int | None) -> None:
        self.fail_on_batch = fail_on_batch
        self.seen: list[str] = []

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        if len(self.seen) // 2 + 1 == self.fail_on_batch:
            raise KeyboardInterrupt
        self.seen.extend(texts)
        return [Translation(text.upper(), f"upper {source}-{target}") for text in texts]


def test_an_interrupted_translation_keeps_its_work_and_resumes(project: Path) -> None:
    """Chunks of two: the first chunk is on disk after Ctrl-C; the rerun sends only the rest."""
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    with pytest.raises(KeyboardInterrupt):
        engine = InterruptingEngine(fail_on_batch=2)
        i18n_tool.translate(config, ["en"], engine=engine, chunk_size=2)
    catalog = polib.pofile(str(project / "locales" / "en" / "praesident.po"))
    assert [bool(e.msgstr) for e in catalog] == [True, True, False, False]

    engine = InterruptingEngine(fail_on_batch=None)
    report = i18n_tool.translate(config, ["en"], engine=engine)
    assert engine.seen == [  # shortest first
        "Die Stadt und das Parlament.",
        "Die Regierung sagte: „Das Gesetz ist neu.“",
    ]
    assert report.done[0].translated == 2
    entry = polib.pofile(str(project / "locales" / "en" / "praesident.po"))[3]
    assert (entry.msgstr, entry.fuzzy) == ("DIE STADT UND DAS PARLAMENT.", True)
    assert "MT: upper de-en" in entry.tcomment


def test_engines_plug_in_by_name(project: Path) -> None:
    """A registered engine is chosen by the config's mt.engine, no code path to edit."""
    i18n_tool.register_engine("upper", lambda settings: InterruptingEngine(None))
    config = i18n_tool.open_project(project).with_mt(engine="upper")
    i18n_tool.extract(config)
    i18n_tool.update(config, ["fr"])
    report = i18n_tool.translate(config, ["fr"])
    assert report.done[0].translated == 4
    code, output = invoke("translate", "-l", "fr", "--engine", "nope", "--project", str(project))
    assert (code, output.strip()) == (2, "error: unknown MT engine 'nope' (known: argos, upper)")
