"""Incremental runs: only what changed is redone; the state file is only a cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import polib
import pytest

import i18n_tool
from i18n_tool import parallel
from i18n_tool.config import BuildPolicy
from i18n_tool.project import STATE_FOLDER as STATE_DIR

DRAFT = BuildPolicy("reviewed+fuzzy", min_reviewed=0, formats=("md", "txt"))


def newsroom(tmp_path: Path, articles: int) -> i18n_tool.Project:
    root = tmp_path / "newsroom"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.i18n-tool]\ntarget-languages = ["en"]\n', encoding="utf-8"
    )
    for number in range(articles):
        (root / "source" / f"a{number:03d}.de.md").write_text(
            f"# Meldung {number}\n\nDer Präsident sprach am {number % 28 + 1}. Mai. "
            "Die Regierung plant ein neues Gesetz.\n",
            encoding="utf-8",
        )
    return i18n_tool.open_project(root)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and STATE_DIR not in p.parts
    }


def full_pipeline(config: i18n_tool.Config) -> None:
    i18n_tool.extract(config)
    i18n_tool.update(config)
    i18n_tool.build(config, policy=DRAFT)


def test_a_rerun_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    config = newsroom(tmp_path, 5)
    full_pipeline(config)
    before = {p: p.stat().st_mtime_ns for p in config.root.rglob("*.p*")}
    results = i18n_tool.extract(config)
    updated = i18n_tool.update(config)
    [english] = i18n_tool.build(config, policy=DRAFT)
    assert not any(r.written for r in results) and not any(u.written for u in updated.catalogs)
    assert not any(r.written for r in updated.extracted)
    assert not any(r.written for r in english.results) and english.built
    assert {p: p.stat().st_mtime_ns for p in before} == before


def record_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Replace the project's `name(path)` by one that also notes each file's name."""
    calls: list[str] = []
    original = getattr(i18n_tool.Project, name)

    def recording(project: i18n_tool.Project, path: Path) -> object:
        calls.append(path.name)
        return original(project, path)

    monkeypatch.setattr(i18n_tool.Project, name, recording)
    return calls


def test_editing_one_article_redoes_only_that_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = newsroom(tmp_path, 5)
    full_pipeline(config)
    source = config.layout.sources / "a003.de.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nNeu hinzu.\n", encoding="utf-8")
    loaded = record_calls(monkeypatch, "load")  # reads and segments a source
    extracted = i18n_tool.extract(config)
    assert loaded == ["a003.de.md"]
    assert [r.document for r in extracted if r.written] == ["a003"]
    assert [u.document for u in i18n_tool.update(config).catalogs if u.written] == ["a003"]
    loaded.clear()
    rendered = record_calls(monkeypatch, "load_segmented")
    [english] = i18n_tool.build(config, policy=DRAFT)
    assert rendered == ["a003.de.md"]  # counted and rendered in one pass; no other
    assert loaded == []  # the segmentation extract kept: no Markdown parsing in build
    assert [r.document for r in english.results if r.written] == ["a003"]
    assert "Neu hinzu." in (config.layout.build / "en" / "a003.md").read_text(encoding="utf-8")


def test_a_template_whose_source_is_gone_is_removed(tmp_path: Path) -> None:
    config = newsroom(tmp_path, 3)
    full_pipeline(config)
    (config.layout.sources / "a001.de.md").unlink()
    i18n_tool.extract(config)
    assert sorted(p.name for p in config.layout.locales.glob("*.pot")) == ["a000.pot", "a002.pot"]
    assert (config.layout.locales / "en" / "a001.po").exists()  # translations are never deleted


def test_many_articles_go_through_worker_processes_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as serially:
        serially.setattr(parallel, "POOL_MINIMUM", 10_000)
        serial_config = newsroom(tmp_path / "serial", 60)
        full_pipeline(serial_config)
        serial_findings = checked(serial_config)
    parallel_config = newsroom(tmp_path / "pool", 60)
    full_pipeline(parallel_config)  # 60 ≥ POOL_MINIMUM: process pool
    heard: list[tuple[str, int, int]] = []
    assert checked(parallel_config, lambda *event: heard.append(event)) == serial_findings
    assert heard[:60] == [("read en", n, 60) for n in range(1, 61)]
    assert heard[-1] == ("check en", 60, 60)
    assert snapshot(parallel_config.root) == snapshot(serial_config.root)


def checked(config: i18n_tool.Project, progress: parallel.Progress | None = None) -> list[tuple]:
    """`check`'s findings once every entry is reviewed as its source, but for one sentence of
    a010, reviewed in English (so the others are inconsistent with it)."""
    for path in sorted((config.layout.locales / "en").glob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            english = path.stem == "a010" and entry.msgid.startswith("Die Regierung")
            entry.msgstr = "The government plans a new law." if english else entry.msgid
        catalog.save(str(path))
    findings = i18n_tool.check(config, progress=progress)
    assert {finding.problem.check for finding in findings} >= {"untranslated", "consistency"}
    return [
        (f.document, f.reference, f.msgid, f.problem.check, f.problem.message) for f in findings
    ]


def test_an_error_in_a_worker_process_is_the_same_one_clear_error(tmp_path: Path) -> None:
    config = newsroom(tmp_path, 60)
    (config.layout.sources / "a007.de.md").write_bytes("Kaputt: \xff".encode("latin-1"))
    with pytest.raises(i18n_tool.ArticlesFailed) as failed:
        i18n_tool.extract(config)
    assert list(failed.value.failures) == ["a007"]
    error = failed.value.failures["a007"]
    assert error.path is not None and error.path.name == "a007.de.md"
    assert "not UTF-8" in error.message
    assert len(failed.value.result) == 59  # every other article was extracted


def test_a_new_article_is_translated_without_reading_the_other_catalogs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memory and MT read the catalogs that changed and those with entries to fill; the
    archive's other catalogs are known by their records."""
    from helpers import Shouting

    from i18n_tool import catalog

    project = newsroom(tmp_path, 6)
    i18n_tool.run(project, engine=Shouting())
    i18n_tool.translate(project, engine=Shouting())  # counts the catalogs MT wrote: 0 to do
    project.memory("en")  # and the memory holds them as they are now
    (project.layout.sources / "neu.de.md").write_text(
        "# Neu\n\nDer Präsident sprach heute.\n", encoding="utf-8"
    )
    i18n_tool.extract(project)
    i18n_tool.update(project)
    read: list[str] = []
    original = catalog.parse_po

    def parse_po(text: str, path: Path) -> object:
        read.append(path.name)
        return original(text, path)

    monkeypatch.setattr(catalog, "parse_po", parse_po)
    i18n_tool.translate(project, engine=Shouting())
    assert set(read) == {"neu.po"}


def test_a_file_added_within_the_folders_mtime_is_listed(project: Path) -> None:
    """A folder changed again within its timestamp's granularity keeps its mtime: while that
    mtime is recent, the folder's names decide whether the kept listing still holds."""
    newsroom = i18n_tool.open_project(project)
    folder = project / "source"
    now = time.time_ns()
    os.utime(folder, ns=(now, now))
    assert [path.name for path in newsroom.source_files()] == ["praesident.de.md"]
    (folder / "zweiter.de.md").write_text("Ein Satz.\n", encoding="utf-8")
    os.utime(folder, ns=(now, now))
    assert [path.name for path in newsroom.source_files()] == [
        "praesident.de.md",
        "zweiter.de.md",
    ]
