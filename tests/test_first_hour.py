"""What a newcomer meets in the first hour: a fresh clone, the main job, the first edits."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from helpers import REPO, clone_of_repository, invoke, tracked_files

import i18n_tool
from i18n_tool.catalog_edits import language_header
from i18n_tool.errors import EXIT_CODES
from i18n_tool.plurals import PLURAL_FORMS

GOLDEN = REPO / "tests" / "golden" / "seed-build"
needs_gettext = pytest.mark.skipif(shutil.which("msginit") is None, reason="needs GNU gettext")


def digest(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in tracked_files()
    }


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], int, str]:
    """`i18n-tool run` on a fresh copy of the committed project: the copy, its tracked files'
    hashes before the run, the exit code and the output."""
    clone = clone_of_repository(tmp_path_factory.mktemp("clone"))
    before = digest(clone)
    code, output = invoke("run", "--project", str(clone))
    return clone, before, code, output


def test_the_main_job_on_a_fresh_clone_builds_three_languages_and_exits_0(seed_run) -> None:
    clone, _, code, output = seed_run
    assert code == 0, output
    for language in ("en", "fr", "es"):
        built = (clone / "build" / language / "kim-truppen-russland.md").read_text("utf-8")
        assert built == (GOLDEN / f"{language}.md").read_text("utf-8")
    assert (clone / "build" / "index.html").is_file()
    assert "machine-translated" not in output  # nothing was left for MT


def test_the_main_job_leaves_every_tracked_file_as_committed(seed_run) -> None:
    clone, before, _, _ = seed_run
    assert digest(clone) == before


def test_the_committed_translations_pass_every_check_without_an_error() -> None:
    findings = i18n_tool.check(i18n_tool.open_project(REPO))
    assert [f for f in findings if f.problem.severity == "error"] == []


def test_french_and_spanish_keep_two_plural_forms_whatever_babel_says() -> None:
    assert language_header("fr")["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert language_header("es")["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@needs_gettext
@pytest.mark.parametrize("language", sorted(PLURAL_FORMS))
def test_plural_forms_are_what_msginit_writes(language: str, tmp_path: Path) -> None:
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    written = subprocess.run(
        ["msginit", "--no-translator", "--no-wrap", "-l", language, "-i", str(pot), "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f'"Plural-Forms: {language_header(language)["Plural-Forms"]}\\n"' in written


def test_a_language_msginit_has_no_rule_for_gets_no_plural_forms_line() -> None:
    assert "Plural-Forms" not in language_header("ar")


def test_update_keeps_every_header_field_the_catalog_already_has(project: Path) -> None:
    assert invoke("update", "--project", str(project))[0] == 0
    path = project / "locales" / "fr" / "praesident.po"
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : 1;"
    po.metadata["Language-Team"] = "Desk Paris <paris@example.org>"
    po.metadata["X-Poedit-Basepath"] = "../.."
    po.save()
    (project / "source" / "praesident.de.md").write_text(
        "# Der Präsident sprach\n\nEin neuer Satz steht hier.\n", encoding="utf-8"
    )
    assert invoke("extract", "--project", str(project))[0] == 0
    assert invoke("update", "--project", str(project))[0] == 0
    metadata = polib.pofile(str(path)).metadata
    assert metadata["Plural-Forms"] == "nplurals=3; plural=(n == 0 || n == 1) ? 0 : 1;"
    assert metadata["Language-Team"] == "Desk Paris <paris@example.org>"
    assert metadata["X-Poedit-Basepath"] == "../.."


# --- catalogs follow the article -------------------------------------------------------------


def accept_all(project: Path, language: str = "en") -> None:
    """A translator accepts every MT suggestion as it is (Poedit: un-fuzzy), leaving the
    `# MT:` comments in place."""
    path = project / "locales" / language / "praesident.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(path))


def edit_the_law_sentence(project: Path) -> None:
    article = project / "source" / "praesident.de.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Das Gesetz ist neu.", "Das Gesetz ist alt."), "utf-8")


def test_update_after_an_edit_extracts_the_article_again_and_says_so(
    project: Path, installed_models: Path
) -> None:
    root = str(project)
    assert invoke("run", "-l", "en", "--project", root)[0] == 0
    accept_all(project)
    edit_the_law_sentence(project)
    code, output = invoke("update", "-l", "en", "--project", root)
    assert code == 0, output
    assert "locales/praesident.pot: extracted again, its article changed" in output
    entry = polib.pofile(str(project / "locales" / "en" / "praesident.po")).find(
        "Die Regierung sagte: „Das Gesetz ist alt.“"
    )
    assert entry.fuzzy and entry.previous_msgid == "Die Regierung sagte: „Das Gesetz ist neu.“"
    status = {s.document: s for s in i18n_tool.status(i18n_tool.open_project(project), ["en"])}
    [built] = i18n_tool.build(i18n_tool.open_project(project), ["en"])
    assert status["praesident"].percent_reviewed == built.percent_usable == 80.0


def test_status_says_when_a_catalog_is_behind_its_article(project: Path) -> None:
    root = str(project)
    assert invoke("update", "--project", root)[0] == 0
    (project / "source" / "praesident.de.md").write_text("Ganz neu.\n", encoding="utf-8")
    code, output = invoke("status", "-l", "en", "--project", root)
    assert code == 0
    assert (
        "en/praesident: the catalog is behind its article (new or edited sentences): "
        "run `i18n-tool update`"
    ) in output
    [row] = i18n_tool.status(i18n_tool.open_project(project), ["en"])
    assert (row.units, row.untranslated, row.behind_source) == (1, 1, True)


# --- review state is the translator's ----------------------------------------------------------


def test_a_reviewed_mt_translation_is_never_counted_as_mt_again(
    project: Path, installed_models: Path
) -> None:
    root = str(project)
    assert invoke("run", "-l", "en", "--project", root)[0] == 0
    accept_all(project)
    [row] = i18n_tool.status(i18n_tool.open_project(project), ["en"])
    assert (row.reviewed, row.machine) == (5, 0)
    edit_the_law_sentence(project)
    assert invoke("update", "-l", "en", "--project", root)[0] == 0
    [row] = i18n_tool.status(i18n_tool.open_project(project), ["en"])
    assert (row.reviewed, row.fuzzy, row.machine, row.needs_review) == (4, 1, 0, 1)
    code, output = invoke("build", "-l", "en", "--draft", "--project", root)
    assert code == 0
    assert "en/praesident.md: 4 reviewed, 1 unreviewed (0 MT suggestions), 0 in German" in output
    entry = polib.pofile(str(project / "locales" / "en" / "praesident.po")).find(
        "Die Regierung sagte: „Das Gesetz ist alt.“"
    )
    assert "MT: argostranslate" in entry.tcomment  # provenance kept, as history


# --- languages and models ----------------------------------------------------------------------


def test_the_source_language_is_not_a_target(project: Path) -> None:
    code, output = invoke("update", "-l", "de", "--project", str(project))
    assert (code, output) == (2, "error: de (German) is the source language, not a target\n")
    assert not (project / "locales" / "de").exists()
    with (project / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("[tool.i18n-tool.mt]\nbeam-size = 2\n")
    text = (project / "pyproject.toml").read_text("utf-8")
    (project / "pyproject.toml").write_text(
        text.replace('["en", "fr"]', '["en", "de"]'), encoding="utf-8"
    )
    code, output = invoke("status", "--project", str(project))
    assert (code, output) == (
        2,
        "error: pyproject.toml: target-languages: de (German) is the source language, "
        "not a target\n",
    )


def test_installing_an_installed_pair_says_so_and_never_goes_to_the_network(
    installed_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_tool import model_index

    def no_network(*_: object) -> None:
        raise AssertionError("the model index was asked")

    monkeypatch.setattr(model_index, "read_index", no_network)
    code, output = invoke("models", "install", "de", "en")
    assert code == 0, output
    assert output.splitlines()[-1] == "de→en is installed; nothing was downloaded"
    code, output = invoke("models", "install", "de", "fr")  # via English: also installed
    assert code == 0 and "already installed: translate-en_fr 0.1" in output


def test_models_install_without_a_pair_is_a_usage_error() -> None:
    code, output = invoke("models", "install")
    assert code == 2 and "give FROM and TO languages, or --file PATH.argosmodel" in output


# --- what is in source/ --------------------------------------------------------------------


def test_files_that_are_not_articles_are_named_once_as_skipped(project: Path) -> None:
    (project / "source" / "bericht.docx").write_bytes(b"PK\x03\x04")
    (project / "source" / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (project / "source" / ".DS_Store").write_bytes(b"\x00")
    code, output = invoke("extract", "--project", str(project))
    assert code == 0
    assert output.splitlines()[0] == (
        "skipped (articles are .htm, .html, .markdown, .md, .txt): "
        "source/bericht.docx, source/foto.jpg"
    )
    assert output.count("skipped") == 1


def test_a_binary_file_named_like_an_article_is_not_a_text_article(project: Path) -> None:
    (project / "source" / "bild.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    code, output = invoke("extract", "--project", str(project))
    assert code == 3
    assert output.splitlines()[-2:] == [
        "error: source/bild.md: not a text article (binary data); articles are Markdown, HTML "
        "or plain text in UTF-8",
        "2 articles: 1 done, 1 failed (unreadable source article)",
    ]


# --- finding the project -------------------------------------------------------------------


def test_outside_a_project_one_line_says_so(tmp_path: Path) -> None:
    code, output = invoke("status", cwd=tmp_path)
    assert code == 2
    assert output == (
        f"error: {tmp_path}: not in an i18n-tool project: no pyproject.toml with "
        "[tool.i18n-tool] here or in a parent folder; create one with `i18n-tool init`, or "
        "name one with --project DIR\n"
    )


def test_commands_find_the_project_from_a_folder_inside_it(project: Path) -> None:
    assert invoke("update", cwd=project / "source")[0] == 0
    code, output = invoke("status", "-l", "en", cwd=project / "source")
    assert code == 0 and "praesident" in output
    assert (project / "locales" / "en" / "praesident.po").is_file()
    assert not (project / "source" / "locales").exists()


def test_project_is_taken_before_and_after_every_command(project: Path) -> None:
    assert invoke("--project", str(project), "extract")[0] == 0
    assert invoke("-C", str(project), "update", "-l", "en")[0] == 0
    code, output = invoke("--project", str(project), "status", "-l", "en")
    assert code == 0 and "praesident" in output
    code, output = invoke("detect", "--text", "Der Präsident sprach heute vor dem Parlament.",
                          "--project", str(project))  # fmt: skip
    assert (code, output) == (0, "German (de, p=1.00, 38 letters)\n")
    assert invoke("--project", str(project), "models", "list")[0] == 0


def test_init_makes_a_project_and_touches_nothing_else(tmp_path: Path) -> None:
    existing = '[project]\nname = "newsroom"  # ours\n\n[tool.ruff]\nline-length = 88\n'
    (tmp_path / "pyproject.toml").write_text(existing, encoding="utf-8")
    code, output = invoke("init", str(tmp_path), "--source", "de", "-t", "en", "-t", "it")
    assert code == 0, output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith(existing)
    assert text[len(existing) :] == (
        '\n[tool.i18n-tool]\nsource-language = "de"\ntarget-languages = ["en", "it"]\n'
        'source-dir = "source"\nlocales-dir = "locales"\nbuild-dir = "build"\n'
    )
    assert (tmp_path / "source").is_dir() and (tmp_path / "locales").is_dir()
    assert i18n_tool.load_config(tmp_path).target_languages == ("en", "it")
    code, output = invoke("init", str(tmp_path))
    assert (code, output) == (
        2,
        "error: pyproject.toml: already an i18n-tool project ([tool.i18n-tool] is there)\n",
    )


def test_init_in_a_new_folder(tmp_path: Path) -> None:
    code, output = invoke("init", str(tmp_path / "neu"))
    assert code == 0, output
    assert 'target-languages = ["en", "fr", "es"]' in (
        tmp_path / "neu" / "pyproject.toml"
    ).read_text("utf-8")


# --- output a person reads -------------------------------------------------------------------


def test_tables_print_whole_rows_when_not_on_a_terminal(project: Path) -> None:
    long_name = "ein-sehr-langer-dateiname-fuer-einen-artikel-ueber-den-haushalt-2025"
    (project / "source" / "praesident.de.md").rename(project / "source" / f"{long_name}.de.md")
    assert invoke("update", "--project", str(project))[0] == 0
    code, output = invoke("status", "--project", str(project))
    assert code == 0
    rows = [line for line in output.splitlines() if long_name in line]
    assert len(rows) == 2 and "…" not in output  # en and fr, each whole on one line


def test_check_names_each_finding_by_line_and_column(project: Path) -> None:
    root = str(project)
    assert invoke("update", "-l", "en", "--project", root)[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    po = polib.pofile(str(path))
    po.find("Die Regierung sagte: „Das Gesetz ist neu.“").msgstr = "The government said: law"
    po.save(str(path))
    [finding] = [
        f
        for f in i18n_tool.check(i18n_tool.open_project(project), ["en"])
        if f.problem.check == "quotes"
    ]
    assert finding.reference == "source/praesident.de.md:3:29"  # the second sentence of line 3
    code, output = invoke("check", "-l", "en", "--project", root)
    assert code == 0 and "source/praesident.de.md:3:29" in output


def test_progress_shows_a_rate_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.progress import Progress

    from i18n_tool.commands import progress as bars

    clock = [100.0]
    monkeypatch.setattr(bars.time, "monotonic", lambda: clock[0])
    rates: list[str] = []
    monkeypatch.setattr(
        Progress, "update", lambda self, task, **fields: rates.append(fields.get("rate", ""))
    )
    with bars.progress_bar() as progress:
        progress("translate en", 0, 25)
        progress("translate en", 25, 25)  # the same instant: 25 units from cache
        clock[0] += 2.0
        progress("translate en", 25, 25)
    assert rates == ["", "", "12.5/s"]


def test_status_and_exports_report_their_progress_article_by_article(project: Path) -> None:
    """On an archive they take a while (2,000 articles: status 4 s, an XLIFF export 12 s, a
    memory export 7 s, by hand): each reports every article it is done with, as the steps of
    `run` do."""
    (project / "source" / "zweiter.de.md").write_text(
        "# Verkehr\n\nDer Regen hörte am Dienstag auf.\n", encoding="utf-8"
    )
    config = i18n_tool.open_project(project)
    i18n_tool.update(config, ["en"])
    heard: list[tuple[str, int, int]] = []

    def progress(step: str, done: int, total: int) -> None:
        heard.append((step, done, total))

    i18n_tool.status(config, ["en"], progress=progress)
    i18n_tool.export_xliff(config, ["en"], progress=progress)
    i18n_tool.export_memory(config, ["en"], progress=progress)
    assert heard == [
        *[("status en", 1, 2), ("status en", 2, 2)],
        *[("export en", 1, 2), ("export en", 2, 2)],
        *[("read en", 1, 2), ("read en", 2, 2)],
    ]


def test_a_draft_says_it_is_a_draft(project: Path) -> None:
    root = str(project)
    assert invoke("update", "-l", "en", "--project", root)[0] == 0
    code, output = invoke("build", "-l", "en", "--draft", "--format", "md,html", "--project", root)
    assert code == 0
    assert "en: DRAFT for review, not for publication: 1 article (1 written)" in output
    page = (project / "build" / "drafts" / "en" / "praesident.html").read_text(encoding="utf-8")
    assert '<meta name="i18n-tool-status" content="draft">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "Draft for review: machine suggestions and untranslated text" in page
    code, output = invoke("build", "-l", "en", "--format", "html", "--min-reviewed", "0",
                          "--project", root)  # fmt: skip
    page = (project / "build" / "en" / "praesident.html").read_text(encoding="utf-8")
    assert "draft" not in page.lower()


def test_messages_count_in_words_and_name_languages(project: Path) -> None:
    code, output = invoke("run", "-l", "fr", "--project", str(project))
    assert code == 5
    assert "extract: 1 template, 1 written, 0 unchanged" in output
    assert "fr: not translated into French" in output
    assert "left untranslated for lack of a model: French" in output
    assert str(project) not in output  # paths relative to the project


def test_the_top_level_help_lists_every_command_uncut() -> None:
    code, output = invoke("--help")
    assert code == 0 and "…" not in output.split("Commands:")[1].split("Exit codes")[0]
    for command in ("extract", "update", "translate", "build", "check", "detect", "status",
                    "run", "init", "models"):  # fmt: skip
        assert f"\n  {command} " in output


def test_command_help_teaches_what_the_readme_does() -> None:
    assert "extracted again first" in invoke("update", "--help")[1]
    assert "Default: md" in invoke("build", "--help")[1]


def test_exit_codes_are_the_same_in_the_docs_and_in_help() -> None:
    """The operator's page makes its table from EXIT_CODES when the site is built."""
    operator = (REPO / "docs" / "operator.md").read_text(encoding="utf-8")
    assert "```{exit-codes}\n```" in operator
    help_text = " ".join(invoke("--help")[1].split())
    for code, meaning in EXIT_CODES.items():
        assert f"{code} {meaning}" in help_text


def test_update_keeps_an_article_accepted_without_the_language_check(project: Path) -> None:
    english = project / "source" / "english.de.md"
    english.write_text("The government announced a new law on Monday morning.\n", "utf-8")
    assert invoke("extract", "--project", str(project))[0] == 3
    assert invoke("extract", "--no-language-check", "--project", str(project))[0] == 0
    code, output = invoke("update", "-l", "en", "--project", str(project))
    assert code == 0, output  # unchanged since it was accepted: not checked again
