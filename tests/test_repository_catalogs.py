"""The committed seed catalogs are valid, in sync with the source, and written as gettext does."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import i18n_tool
from i18n_tool.catalog import dump_catalog
from i18n_tool.model import Catalog, Entry, EntryState, Reference

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
CATALOGS = sorted((REPO / "locales").glob("**/*.po*"))
needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")


def test_the_repository_has_the_seed_template_and_three_catalogs() -> None:
    names = [path.relative_to(REPO / "locales").as_posix() for path in CATALOGS]
    assert names == [
        "en/kim-truppen-russland.po",
        "es/kim-truppen-russland.po",
        "fr/kim-truppen-russland.po",
        "kim-truppen-russland.pot",
    ]


@needs_gettext
@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_committed_catalogs_pass_msgfmt_and_msgcat_keeps_their_bytes(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    rewritten = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True)
    assert rewritten.stdout == path.read_text(encoding="utf-8")


def test_the_committed_template_matches_the_source(tmp_path: Path) -> None:
    """Extracting the seed again into a copy of the project changes nothing."""
    shutil.copytree(REPO / "source", tmp_path / "source")
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    [result] = i18n_tool.extract(i18n_tool.open_project(tmp_path))
    assert not result.written
    assert (result.units, result.entries) == (25, 25)


@needs_gettext
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_our_wrapping_is_gettexts_on_real_articles(tmp_path: Path) -> None:
    """Every unit and every whole block of the corpus, as msgid and msgstr: msgcat agrees."""
    texts: dict[str, None] = {}
    for article in sorted(CORPUS.glob("*.de.*")):
        document = i18n_tool.sources.load_document(article)
        for block in document.blocks:
            texts.update(dict.fromkeys(unit.text for unit in block.units))
            texts[" ".join(unit.text for unit in block.units)] = None
    catalog = Catalog(
        metadata={"Content-Type": "text/plain; charset=UTF-8"},
        entries=tuple(
            Entry(text, text, EntryState.REVIEWED, (Reference("source/a.md", str(number)),))
            for number, text in enumerate(texts)
        ),
    )
    path = tmp_path / "corpus.po"
    path.write_text(dump_catalog(catalog), encoding="utf-8")
    rewritten = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True)
    assert rewritten.stdout == path.read_text(encoding="utf-8")
