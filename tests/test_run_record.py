"""A rerun of `run` with nothing changed: the report a full check would give, from the project's
snapshot, without opening an article; anything changed since, by anyone, is seen."""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Shouting, invoke_in, translator_reviews

import i18n_tool
from i18n_tool import state
from i18n_tool.config import BuildPolicy

run_module = importlib.import_module("i18n_tool.tasks.run")  # the package exports the task
DRAFT = BuildPolicy("reviewed+fuzzy", min_reviewed=0, formats=("md", "html", "txt"), draft=True)


def files_of(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the project but the state, with its contents and mtime."""
    return {
        str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".i18n-tool" not in path.parts
    }


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the run opens: articles loaded or segmented, catalogs read."""
    opened: list[str] = []
    for name in ("load", "load_segmented"):
        original = getattr(i18n_tool.Project, name)

        def recording(project: i18n_tool.Project, path: Path, original=original) -> object:
            opened.append(path.name)
            return original(project, path)

        monkeypatch.setattr(i18n_tool.Project, name, recording)
    return opened


def checked_in_full(project: i18n_tool.Project, **options: object) -> i18n_tool.RunReport:
    """`run` with its record ignored: every step checks every article."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state.StateStore, "recall_run", lambda *_: None)
        return i18n_tool.run(project, **options)


def drafts_from_mt(root: Path) -> dict[str, object]:
    return {"engine": Shouting()}


def reviewed(root: Path) -> dict[str, object]:
    i18n_tool.run(i18n_tool.open_project(root), engine=Shouting())
    translator_reviews(root, {"Der Präsident sprach heute.": "The president spoke today."})
    return {"engine": Shouting()}


def a_draft_build(root: Path) -> dict[str, object]:
    return {"engine": Shouting(), "policy": DRAFT}


def two_articles_from_memory(root: Path) -> dict[str, object]:
    """A second article whose sentences the memory has: filled before MT."""
    i18n_tool.run(i18n_tool.open_project(root), engine=Shouting())
    translator_reviews(root, {"Der Präsident sprach heute.": "The president spoke today."})
    (root / "source" / "zweite.de.md").write_text("Der Präsident sprach heute.\n", "utf-8")
    return {"engine": Shouting()}


@pytest.mark.parametrize(
    "scenario",
    [drafts_from_mt, reviewed, a_draft_build, two_articles_from_memory],
    ids=lambda scenario: scenario.__name__,
)
def test_a_rerun_reports_what_a_full_check_would_without_opening_an_article(
    project: Path, monkeypatch: pytest.MonkeyPatch, scenario: Callable[[Path], dict]
) -> None:
    options = scenario(project)
    newsroom = i18n_tool.open_project(project)
    i18n_tool.run(newsroom, **options)  # the work
    after_work = files_of(project)
    opened = reads(monkeypatch)
    rerun = i18n_tool.run(newsroom, **options)
    assert opened == []
    assert files_of(project) == after_work
    assert checked_in_full(newsroom, **options) == rerun
    assert files_of(project) == after_work  # the work was settled: a full check writes nothing


def test_the_command_line_says_the_same_either_way(project: Path, installed_models: Path) -> None:
    invoke_in(project, "run")
    code, checked = invoke_in(project, "run")  # recorded by the first run
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state.StateStore, "recall_run", lambda *_: None)
        code_in_full, in_full = invoke_in(project, "run")
    assert (code, checked) == (code_in_full, in_full)
    assert code == 0 and "en/praesident.md: held back: 0 of 5 units reviewed" in checked


def test_an_article_edited_since_is_seen_even_with_its_size_and_mtime_kept(project: Path) -> None:
    """Within two seconds of the run, a file that kept its size and mtime is read again (git's
    "racily clean" rule); the edit is extracted."""
    newsroom = i18n_tool.open_project(project)
    i18n_tool.run(newsroom, engine=Shouting())
    article = project / "source" / "praesident.de.md"
    stat = article.stat()
    text = article.read_text(encoding="utf-8")
    edited = text.replace("Die Regierung sagte:", "Die Regierung fragte")
    assert len(edited.encode()) == len(text.encode())
    article.write_text(edited, encoding="utf-8")
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = i18n_tool.run(newsroom, engine=Shouting())
    assert [result.document for result in report.extracted if result.written] == ["praesident"]
    template = (project / "locales" / "praesident.pot").read_text(encoding="utf-8")
    assert "Die Regierung fragte" in template


def test_a_translators_save_after_the_run_is_built(project: Path) -> None:
    newsroom = i18n_tool.open_project(project)
    i18n_tool.run(newsroom, engine=Shouting(), policy=DRAFT)
    translator_reviews(project, {"Der Präsident sprach heute.": "The president spoke today."})
    [english, _] = i18n_tool.run(newsroom, engine=Shouting(), policy=DRAFT).built
    assert [result.document for result in english.results if result.written] == ["praesident"]


def test_an_article_edited_while_the_run_goes_on_leaves_no_record(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone saves an article while `run` builds: the run cannot vouch for the project as it
    is now, so the next run checks everything and extracts the edit."""
    newsroom = i18n_tool.open_project(project)
    article = project / "source" / "praesident.de.md"
    original_build = run_module.build

    def build_while_someone_edits(*args: object, **kwargs: object) -> object:
        built = original_build(*args, **kwargs)
        article.write_text(article.read_text("utf-8") + "\nEin neuer Satz.\n", "utf-8")
        return built

    monkeypatch.setattr(run_module, "build", build_while_someone_edits)
    i18n_tool.run(newsroom, engine=Shouting())
    monkeypatch.setattr(run_module, "build", original_build)
    report = i18n_tool.run(newsroom, engine=Shouting())
    assert [result.document for result in report.extracted if result.written] == ["praesident"]


def test_other_settings_are_another_run(project: Path) -> None:
    newsroom = i18n_tool.open_project(project)
    i18n_tool.run(newsroom, engine=Shouting())
    report = i18n_tool.run(newsroom, engine=Shouting(), policy=DRAFT)
    assert all(result.written for build in report.built for result in build.results)


# --- a run after a change: the changed articles looked at, the others' rows kept ----------


def a_new_article(root: Path) -> str:
    (root / "source" / "neu.de.md").write_text("# Neu\n\nDer Präsident sprach heute.\n", "utf-8")
    return "neu"


def a_reviewed_catalog(root: Path) -> str:
    translator_reviews(root, {"Der Präsident sprach heute.": "The president spoke today."})
    return "praesident"


def an_edited_article(root: Path) -> str:
    article = root / "source" / "praesident.de.md"
    article.write_text(article.read_text("utf-8") + "\nEin neuer Satz.\n", "utf-8")
    return "praesident"


def a_removed_article(root: Path) -> str:
    (root / "source" / "praesident.de.md").unlink()
    return "praesident"


def a_published_file_deleted(root: Path) -> str:
    (root / "build" / "drafts" / "en" / "praesident.md").unlink()
    return "praesident"


def a_newsroom_of_three(root: Path) -> Path:
    """The fixture's article and two more, every one drafted by MT: a settled run."""
    for name, text in (("gipfel", "# Gipfel\n\nDer Gipfel begann.\n"), ("wetter", "Es regnet.\n")):
        (root / "source" / f"{name}.de.md").write_text(text, "utf-8")
    i18n_tool.run(i18n_tool.open_project(root), engine=Shouting(), policy=DRAFT)
    return root


@pytest.mark.parametrize(
    "change",
    [a_new_article, a_reviewed_catalog, an_edited_article, a_removed_article,
     a_published_file_deleted],
    ids=lambda change: change.__name__,
)  # fmt: skip
def test_after_an_articles_change_the_run_looks_at_it_alone_and_reports_as_a_full_check(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], str]
) -> None:
    newsroom = a_newsroom_of_three(project)
    changed = change(newsroom)
    before_the_run = newsroom.parent / "before"
    shutil.copytree(newsroom, before_the_run)
    looked_at = steps_look_at(monkeypatch)
    opened = reads(monkeypatch)
    report = i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert looked_at == [{changed}] * 3  # update (with extract), translate, build
    assert set(opened) <= {f"{changed}.de.md"}
    files = {name: data for name, (data, _) in files_of(newsroom).items()}

    shutil.rmtree(newsroom)  # the same project and change, every article looked at
    shutil.copytree(before_the_run, newsroom)
    in_full = checked_in_full(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert report == in_full
    assert files == {name: data for name, (data, _) in files_of(newsroom).items()}


def test_anything_but_an_articles_files_changed_and_every_article_is_looked_at(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    newsroom = a_newsroom_of_three(project)
    looked_at = steps_look_at(monkeypatch)
    (newsroom / "glossary.toml").write_text('[terms."Gipfel"]\nen = "summit"\n', "utf-8")
    i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    index = newsroom / "build" / "drafts" / "index.html"
    index.write_text(index.read_text("utf-8").replace("<body", "<body data-edited"), "utf-8")
    i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert looked_at == [None] * 6
    assert "data-edited" not in index.read_text("utf-8")  # the build made it again


def steps_look_at(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The articles each step of `run` is asked to look at (None: every article)."""
    asked: list[object] = []
    for name in ("update", "translate", "build"):
        original = getattr(run_module, name)

        def recording(*args: object, original=original, **kwargs: object) -> object:
            asked.append(kwargs["only"])
            return original(*args, **kwargs)

        monkeypatch.setattr(run_module, name, recording)
    return asked


@pytest.mark.parametrize("kept_lines", [b"", b"\x05" + bytes(40), "text"])
def test_kept_stat_lines_that_are_not_the_runs_only_cost_a_look_at_every_article(
    project: Path, monkeypatch: pytest.MonkeyPatch, kept_lines: object
) -> None:
    newsroom = a_newsroom_of_three(project)
    with sqlite3.connect(newsroom / ".i18n-tool" / "state.sqlite") as database:
        changed = database.execute(
            "UPDATE meta SET value = ? WHERE name = 'run lines'", (kept_lines,)
        )
        assert changed.rowcount == 1
    looked_at = steps_look_at(monkeypatch)
    a_new_article(newsroom)
    report = i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert looked_at == [None] * 3
    assert [result.document for result in report.extracted if result.written] == ["neu"]


def test_stat_lines_of_another_snapshot_only_cost_a_look_at_every_article(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines of the right shape that are not the kept snapshot's (a file's size changed in
    them) are refused by the snapshot's digest, not trusted to tell what changed."""
    newsroom = a_newsroom_of_three(project)
    with sqlite3.connect(newsroom / ".i18n-tool" / "state.sqlite") as database:
        (lines,) = database.execute("SELECT value FROM meta WHERE name = 'run lines'").fetchone()
        size = int.from_bytes(lines[:8], "little")
        first_number = 8 + size  # the first file's size
        other = bytearray(lines)
        other[first_number] ^= 1
        database.execute("UPDATE meta SET value = ? WHERE name = 'run lines'", (bytes(other),))
    looked_at = steps_look_at(monkeypatch)
    a_new_article(newsroom)
    i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert looked_at == [None] * 3


def test_a_new_article_linking_outside_the_project_is_refused_when_the_others_are_not_rechecked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a settled run, only the changed articles' names and links are checked again (the
    others passed then): a new one that links outside the project is still refused."""
    newsroom = a_newsroom_of_three(project)
    (newsroom / "source" / "passwd.de.md").symlink_to("/etc/passwd")
    looked_at = steps_look_at(monkeypatch)
    with pytest.raises(i18n_tool.ArticlesFailed) as failed:
        i18n_tool.run(i18n_tool.open_project(newsroom), engine=Shouting(), policy=DRAFT)
    assert looked_at[0] == {"passwd"}
    [(name, error)] = failed.value.failures.items()
    assert name == "passwd" and "a link to /etc/passwd, outside the project" in str(error)
