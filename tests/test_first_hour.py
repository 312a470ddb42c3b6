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
from i18n_tool.catalog import language_header
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
    findings = i18n_tool.check(i18n_tool.load_config(REPO))
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
