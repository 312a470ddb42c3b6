"""Test helpers shared by the test modules: run the CLI as a user does, copy the repository,
stand-in MT engines."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from i18n_tool.cli import app
from i18n_tool.engines import Translation

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def use_packages_folder(patch: pytest.MonkeyPatch, folder: Path) -> Path:
    """Point argostranslate at this packages folder for as long as `patch` lasts (it reads
    ARGOS_PACKAGES_DIR only when first imported, so its settings are patched instead)."""
    import argostranslate.settings

    folder.mkdir(parents=True, exist_ok=True)
    patch.setattr(argostranslate.settings, "package_data_dir", folder)
    patch.setattr(argostranslate.settings, "package_dirs", [folder])
    return folder


@contextlib.contextmanager
def tiny_models_installed(
    folder: Path, model_files: dict[str, Path], pairs: Sequence[str] = ("de-en", "en-fr")
) -> Iterator[Path]:
    """The tiny models installed in a packages folder of their own, for fixtures that outlive
    one test (conftest's `installed_models` is per test)."""
    from i18n_tool.engines.argos import install_from_file

    with pytest.MonkeyPatch.context() as patch:
        use_packages_folder(patch, folder)
        for pair in pairs:
            install_from_file(model_files[pair])
        yield folder


def invoke(*args: str, cwd: Path | None = None) -> tuple[int, str]:
    """`i18n-tool ARGS` (from `cwd` when given): exit code and everything it printed.

    Fails the test on a traceback: every error must reach the user as one line."""
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.exit_code, result.output


def tracked_files() -> list[str]:
    """The files git tracks in this repository (what a fresh clone has)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, check=True, capture_output=True, text=True
    )
    return [name for name in listing.stdout.split("\0") if name]


def clone_of_repository(destination: Path) -> Path:
    """A copy of the committed project, as a fresh clone has it (tracked files only)."""
    for name in tracked_files():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    return destination


def invoke_in(project: Path, *args: str) -> tuple[int, str]:
    """`i18n-tool ARGS --project PROJECT`."""
    return invoke(*args, "--project", str(project))


class Shouting:
    """A stand-in MT engine: upper-cases, so every suggestion is recognisable; records what
    it was sent."""

    name = "shouting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        self.seen += texts
        return [Translation(text.upper(), "shouting 1") for text in texts]


def msgmerge_similarity(a: str, b: str) -> float:
    """msgmerge's fstrcmp by its definition, 2 × LCS / (len(a) + len(b)), with the LCS by the
    bit-parallel algorithm of Allison & Dix / Hyyrö: the reference the product's RapidFuzz
    scores are checked against."""
    if not a and not b:
        return 1.0
    longer, shorter = (a, b) if len(a) >= len(b) else (b, a)
    masks: dict[str, int] = {}
    for position, char in enumerate(longer):
        masks[char] = masks.get(char, 0) | (1 << position)
    all_ones = (1 << len(longer)) - 1
    row = all_ones
    for char in shorter:
        matches = row & masks.get(char, 0)
        row = ((row + matches) | (row - matches)) & all_ones
    return 2 * (len(longer) - row.bit_count()) / (len(a) + len(b))


def translator_reviews(
    project: Path,
    translations: dict[str, str],
    name: str = "praesident",
    language: str = "en",
    date: str = "",
) -> None:
    """A translator's session in a PO editor: these translations set and accepted (`fuzzy`
    removed), the revision date set when given."""
    import polib

    path = project / "locales" / language / f"{name}.po"
    catalog = polib.pofile(str(path))
    for msgid, msgstr in translations.items():
        entry = catalog.find(msgid)
        entry.msgstr, entry.flags = msgstr, [flag for flag in entry.flags if flag != "fuzzy"]
    if date:
        catalog.metadata["PO-Revision-Date"] = date
    catalog.save(str(path))


def catalog_files(project: Path) -> dict[str, bytes]:
    """Every PO file of a project, by its path in the project."""
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted((project / "locales").rglob("*.po"))
    }


# The article the XLIFF tests' `newsroom` (conftest) adds to the seed project: markup to carry.
LINKED = "Der **Deutsche Wetterdienst** warnte am Montag vor [Hagel](https://dwd.de/warnungen)."
TAGGED = "Die Warnung gilt <b>bis Mitternacht</b> &amp; länger."
MARKUP_ARTICLE = f"# Wetter\n\n{LINKED}\n\n{TAGGED}\n"
