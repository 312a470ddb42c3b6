"""Shared fixtures: an isolated argostranslate home, tiny real models, a small project."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

# argostranslate reads its folders when first imported: point them somewhere disposable
# before any test imports it, so no test touches ~/.local/share/argos-translate.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="i18n-tool-tests-"))
for variable, folder in {
    "ARGOS_PACKAGES_DIR": "packages",
    "XDG_DATA_HOME": "data",
    "XDG_CONFIG_HOME": "config",
    "XDG_CACHE_HOME": "cache",
}.items():
    os.environ[variable] = str(_ARGOS_HOME / folder)

sys.path.insert(0, str(Path(__file__).parent))
import tiny_argos  # noqa: E402
from helpers import use_packages_folder  # noqa: E402

FIXTURE_ARTICLE = """\
# Der Präsident sprach

Der Präsident sprach heute. Die Regierung sagte:
„Das Gesetz ist neu.“

- Die Stadt und das Parlament.
- Der Präsident sprach heute.
"""

PYPROJECT = """\
[tool.i18n-tool]
source-language = "de"
target-languages = ["en", "fr"]
"""


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """PO header dates come from SOURCE_DATE_EPOCH: 2024-10-28 00:00 UTC."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1730073600")


@pytest.fixture(scope="session")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """translate-de_en, -en_fr and -en_es .argosmodel files built once per session."""
    folder = tmp_path_factory.mktemp("models")
    sp_model = tiny_argos.train_sentencepiece()
    return {
        f"{source}-{target}": tiny_argos.build_package(folder, source, target, sp_model)
        for source, target in (("de", "en"), ("en", "fr"), ("en", "es"))
    }


@pytest.fixture
def packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty argos packages folder of this test's own."""
    return use_packages_folder(monkeypatch, tmp_path / "argos-packages")


@pytest.fixture
def installed_models(packages_dir: Path, model_files: dict[str, Path]) -> Path:
    """de→en and en→fr installed from file (so fr pivots through English); no en→es."""
    from i18n_tool.engines.argos import install_from_file

    install_from_file(model_files["de-en"])
    install_from_file(model_files["en-fr"])
    return packages_dir


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A newsroom project: pyproject.toml with [tool.i18n-tool] and one source article."""
    root = tmp_path / "newsroom"
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (root / "source" / "praesident.de.md").write_text(FIXTURE_ARTICLE, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def registered_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Engines a test registers stay in that test (the registry is process-wide)."""
    from i18n_tool.engines import registry

    monkeypatch.setattr(registry, "_FACTORIES", dict(registry._FACTORIES))


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """The seed project, plus an article with markup that MT suggested in French and English."""
    from helpers import MARKUP_ARTICLE, Shouting, clone_of_repository, invoke_in

    import i18n_tool

    clone = clone_of_repository(tmp_path / "clone")
    (clone / "source" / "wetter.de.md").write_text(MARKUP_ARTICLE, encoding="utf-8")
    assert invoke_in(clone, "update")[0] == 0
    i18n_tool.translate(i18n_tool.open_project(clone), ["fr", "en"], engine=Shouting())
    return clone
