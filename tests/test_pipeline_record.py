"""The whole pipeline on the seed and every shared corpus article gives the recorded files.

extract → update → translate (tiny models) → a translator's review → an edit of the article →
update → build (draft, every format) → status and check: the hash of every catalog, build and
report is compared with `tests/golden/pipeline.json`, recorded before the catalog entry model
refactor, so a refactor cannot change behaviour unnoticed. Only hashes are kept: the corpus
articles' text belongs to their publishers. To record again after an intended change:
`I18N_TOOL_RECORD=1 pytest tests/test_pipeline_record.py`, and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import polib
import pytest
from helpers import REPO, invoke

CORPUS = REPO.parent / "shared" / "corpus" / "articles"
RECORD = REPO / "tests" / "golden" / "pipeline.json"
SEED = REPO / "source" / "kim-truppen-russland.de.md"
ARTICLES = [SEED, *sorted(CORPUS.glob("*.de.*"))] if CORPUS.is_dir() else [SEED]


def review(catalog: Path) -> None:
    """A translator accepts every second suggestion and rewrites the first one."""
    po = polib.pofile(str(catalog))
    for number, entry in enumerate(e for e in po if e.msgstr and not e.obsolete):
        if number == 0:
            entry.msgstr = "Rewritten by a translator."
        if number % 2 == 0:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(str(catalog))


def edit(article: Path) -> None:
    """The desk edits the article: a word changes, a paragraph is added."""
    text = article.read_bytes().decode("utf-8")
    text = text.replace(" der ", " jener ", 1) + "\n\nEin neuer Absatz steht am Ende.\n"
    article.write_bytes(text.encode("utf-8"))


def pipeline(root: Path, article: Path) -> dict[str, str]:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.i18n-tool]\nsource-language = "de"\ntarget-languages = ["en", "fr"]\n',
        encoding="utf-8",
    )
    source = root / "source" / article.name
    shutil.copyfile(article, source)
    project = ("--project", str(root))
    reports = {}
    for step in (["extract", "--no-language-check"], ["update"], ["translate"]):
        code, output = invoke(*step, *project)
        assert code == 0, output
    for catalog in sorted((root / "locales").glob("*/*.po")):
        review(catalog)
    edit(source)
    for name, step in {
        "update": ["update", "--no-language-check"],
        "build": ["build", "--draft", "--format", "md,html,txt"],
        "status": ["status", "--json"],
        "check": ["check", "--json"],
        "review": ["review"],
    }.items():
        code, output = invoke(*step, *project)
        reports[f"{name}.out"] = f"exit {code}\n{output}"
    files = {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ("locales", "build")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    }
    files.update({name: text.encode("utf-8") for name, text in reports.items()})
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@pytest.mark.parametrize("article", ARTICLES, ids=lambda path: path.name)
def test_the_pipeline_gives_the_recorded_files(
    article: Path, installed_models: Path, tmp_path: Path
) -> None:
    hashes = pipeline(tmp_path / "newsroom", article)
    recorded = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    if os.environ.get("I18N_TOOL_RECORD"):
        recorded[article.name] = hashes
        RECORD.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", "utf-8")
        pytest.skip("recorded")
    assert hashes == recorded[article.name]
