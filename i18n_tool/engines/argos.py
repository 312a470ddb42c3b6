"""argostranslate as an engine: its packages and tokenizers, our own batching.

argostranslate's `translate()` re-splits text with its own sentence model (downloaded on first
use) and sends about one sentence per CTranslate2 call. Our units are sentences already, so we
take the installed package (model dir, tokenizer, target prefix) and give CTranslate2 the whole
batch at once. Pairs without a direct package pivot through English.

argostranslate reads its settings (ARGOS_PACKAGES_DIR, ...) when first imported; this module
imports it lazily so commands that do not translate stay fast.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..config import MTSettings, physical_cores
from ..errors import ModelBrokenError, ModelInstallError, ModelMissingError
from ..languages import language_name
from .base import Translation

PIVOT = "en"
P = TypeVar("P")  # a package: installed (argostranslate's) or offered by an index
LENGTH_PENALTY = 0.2  # argostranslate's beam search setting, kept for the same outputs
END_TOKEN = "</s>"


def token_confidence(score: float, length: int) -> float:
    """The geometric mean of the output tokens' probabilities: exp of their average
    log-probability (the measure Firefox Translations flags below 0.5, i.e. ln 0.5).

    CTranslate2 returns the hypothesis' summed log-probability divided by
    length ** length_penalty; `length` counts the generated tokens, the end token included (a
    hypothesis cut at the maximum length has none). Undoing the division gives the sum; this
    equals the mean of `Translator.score_batch`'s per-token log-probabilities without its
    second pass (benchmarks/mt_throughput.py, row (e), measures both)."""
    if length == 0:
        return 1.0
    return math.exp(score * length**LENGTH_PENALTY / length)


def package_name(source: str, target: str) -> str:
    """An argos package's name for a language pair, as indexes and folders spell it:
    `translate-de_en`."""
    return f"translate-{source}_{target}"


@dataclass(frozen=True)
class InstalledModel:
    source: str
    target: str
    version: str
    path: Path

    @property
    def name(self) -> str:
        return package_name(self.source, self.target)


def _package_module() -> Any:
    import argostranslate.package

    return argostranslate.package


def installed_models() -> list[InstalledModel]:
    return sorted(
        (
            InstalledModel(pkg.from_code, pkg.to_code, pkg.package_version, pkg.package_path)
            for pkg in _package_module().get_installed_packages()
            if pkg.type == "translate"
        ),
        key=lambda m: (m.source, m.target),
    )


def packages_dir() -> Path:
    import argostranslate.settings

    return Path(argostranslate.settings.package_data_dir)


def find_route(source: str, target: str) -> list[Any]:
    """The installed packages that take `source` to `target` (see `pivot_route`)."""
    packages = {
        (pkg.from_code, pkg.to_code): pkg
        for pkg in _package_module().get_installed_packages()
        if pkg.type == "translate"
    }
    return pivot_route(packages, source, target)


def pivot_route(packages: Mapping[tuple[str, str], P], source: str, target: str) -> list[P]:
    """Of packages by (from, to) pair, those that take `source` to `target`: the direct one,
    else both legs via English; [] if none."""
    if (source, target) in packages:
        return [packages[(source, target)]]
    legs = [(source, PIVOT), (PIVOT, target)]
    return [packages[leg] for leg in legs] if all(leg in packages for leg in legs) else []


def missing_model_message(source: str, target: str) -> str:
    """Why `source`→`target` cannot be translated, and the install command for exactly the
    model(s) its route still lacks: with de→en installed, es needs only en→es."""
    installed = {(model.source, model.target) for model in installed_models()}
    if PIVOT in (source, target):
        wanted, how = [(source, target)], ""
    else:
        legs = [(source, PIVOT), (PIVOT, target)]
        wanted = [leg for leg in legs if leg not in installed]
        how = f" (direct or via {language_name(PIVOT)})"
    if len(wanted) == 2:  # nothing of the route: the index may also have a direct model
        commands = f"`i18n-tool models install {source} {target}`"
    else:
        commands = " and ".join(f"`i18n-tool models install {a} {b}`" for a, b in wanted)
    return (
        f"no translation model for {source}→{target}{how}; install it with {commands} "
        "(needs network) or `i18n-tool models install --file PATH.argosmodel`"
    )


def install_from_file(path: Path) -> InstalledModel:
    """Install a local `.argosmodel` (a zip of one folder with metadata.json and model/)."""
    return _install_checked(path, *check_model_file(path))


def _install_checked(path: Path, folder_name: str, metadata: dict[str, Any]) -> InstalledModel:
    """Unpack a package `check_model_file` passed into the packages folder."""
    try:
        _package_module().install_from_path(path)
    except OSError as exc:
        raise ModelInstallError(f"cannot install: {exc}", path) from exc
    return InstalledModel(
        metadata.get("from_code", "?"),
        metadata.get("to_code", "?"),
        metadata.get("package_version", ""),
        packages_dir() / folder_name,
    )


def check_model_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The package's folder name and metadata, once the archive passed every check (see
    `_check_archive`); nothing is unpacked."""
    if not path.is_file():
        raise ModelInstallError("model file not found", path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            metadata_names = [
                n for n in names if n.count("/") == 1 and n.endswith("/metadata.json")
            ]
            if len(metadata_names) != 1:
                raise ModelInstallError(
                    "not an argos model: expected one top-level folder with metadata.json", path
                )
            folder_name = metadata_names[0].split("/")[0]
            _check_archive(archive, folder_name, path)
            metadata = json.loads(archive.read(metadata_names[0]))
    except zipfile.BadZipFile as exc:
        raise ModelInstallError("not an argos model (not a zip archive)", path) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelInstallError(f"bad metadata.json in model: {exc}", path) from exc
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        raise ModelInstallError("not a translation model package", path)
    return folder_name, metadata


def replace_installed(path: Path, old: InstalledModel) -> InstalledModel:
    """Install a checked package in place of an installed one. The old folder is set aside
    (beside the packages folder, where argos does not look) until the new one is installed,
    and put back if it cannot be."""
    checked = check_model_file(path)
    aside = Path(tempfile.mkdtemp(prefix=".i18n-tool-replaced-", dir=packages_dir().parent))
    shutil.move(old.path, aside / old.path.name)
    try:
        installed = _install_checked(path, *checked)
    except BaseException:
        shutil.rmtree(old.path, ignore_errors=True)  # whatever the new one left half unpacked
        shutil.move(aside / old.path.name, old.path)
        raise
    shutil.rmtree(aside, ignore_errors=True)
    return installed


def packed_routes(source: str, targets: Sequence[str]) -> dict[str, bytes]:
    """The installed packages the routes source→target need, each as `.argosmodel` bytes
    (stored, not compressed): what a worker on another machine installs to translate the same
    way. Targets without a route are left out (translate reports them)."""
    packed: dict[str, bytes] = {}
    for target in targets:
        for pkg in find_route(source, target):
            folder = Path(pkg.package_path)
            if folder.name in packed:
                continue
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
                for file in sorted(folder.rglob("*")):
                    if file.is_file():
                        archive.write(file, file.relative_to(folder.parent).as_posix())
            packed[folder.name] = buffer.getvalue()
    return packed


def install_packed(packed: dict[str, bytes], folder: Path) -> None:
    """Install `packed_routes` output through the same checks as `models install --file`."""
    for name, data in packed.items():
        path = folder / f"{name}.argosmodel"
        path.write_bytes(data)
        install_from_file(path)
        path.unlink()


MAX_UNPACKED_BYTES = 4 * 2**30  # argos' largest models unpack to a few hundred MB
MAX_RATIO = 200  # a model file compresses a little; a member 200× its packed size is a bomb
# The whole archive too (a bomb of many small members): past 64 MB unpacked, no more than
# MAX_RATIO × the archive's own size.
RATIO_FLOOR = 64 * 2**20


def _check_archive(archive: zipfile.ZipFile, top: str, path: Path) -> None:
    """Refuse before unpacking: members outside the package folder or that are links, a
    package without model or tokenizer, and archives that unpack far beyond any model."""
    total = 0
    for member in archive.infolist():
        name = member.filename
        if name.startswith("/") or ".." in name.split("/") or not name.startswith(top + "/"):
            raise ModelInstallError(f"not an argos model: {name!r} lies outside its folder", path)
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ModelInstallError(f"not an argos model: {name!r} is a link", path)
        total += member.file_size
        if member.file_size > 2**20 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ModelInstallError(
                f"refused: {name!r} would unpack to {member.file_size / 1e6:.0f} MB from "
                f"{member.compress_size / 1e3:.0f} kB (a zip bomb, not a model)",
                path,
            )
    if total > MAX_UNPACKED_BYTES:
        raise ModelInstallError(
            f"refused: it would unpack to {total / 1e9:.1f} GB, more than any argos model", path
        )
    packed = path.stat().st_size
    if total > RATIO_FLOOR and total > MAX_RATIO * packed:
        raise ModelInstallError(
            f"refused: its {len(archive.infolist()):,} members would unpack to "
            f"{total / 1e6:,.0f} MB from {packed / 1e6:,.1f} MB (a zip bomb, not a model)",
            path,
        )
    names = set(archive.namelist())
    if f"{top}/model/model.bin" not in names:
        raise ModelInstallError("not an argos model: no model/model.bin in the package", path)
    if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & names:
        raise ModelInstallError(
            "not an argos model: no tokenizer (sentencepiece.model or bpe.model)", path
        )


def resolve_device(device: str) -> str:
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def broken_package(pkg: Any, exc: BaseException) -> ModelBrokenError:
    """A package that is installed but cannot be used, named, with how to repair it."""
    return ModelBrokenError(
        f"the installed model {getattr(pkg, 'package_path', pkg)} is broken "
        f"({type(exc).__name__}: {exc}); reinstall it with `i18n-tool models install --file "
        "PATH.argosmodel`"
    )


def _tokenizer(pkg: Any) -> Any:
    try:
        return pkg.tokenizer
    except AttributeError as exc:
        raise broken_package(pkg, exc) from exc


class ArgosEngine:
    """Batch translation with installed argos packages; one CTranslate2 model load per run."""

    name = "argostranslate"

    def __init__(self, settings: MTSettings):
        self.settings = settings
        self._translators: dict[Path, Any] = {}
        # Leg outputs of this run: de→fr and de→es both pivot through de→en, done once.
        self._done: dict[tuple[Path, str], str] = {}

    def _translator(self, pkg: Any) -> Any:
        model_dir = Path(pkg.package_path) / "model"
        if model_dir not in self._translators:
            import ctranslate2

            try:
                self._translators[model_dir] = ctranslate2.Translator(
                    str(model_dir),
                    device=resolve_device(self.settings.device),
                    compute_type=self.settings.compute_type,
                    inter_threads=self.settings.inter_threads,
                    # 0 = share the physical cores among the parallel translators
                    intra_threads=self.settings.intra_threads
                    or max(1, physical_cores() // self.settings.inter_threads),
                )
            except (RuntimeError, OSError, ValueError) as exc:
                raise broken_package(pkg, exc) from exc
        return self._translators[model_dir]

    def _decode(self, pkg: Any, tokens: list[str]) -> str:
        tokenizer = _tokenizer(pkg)
        if hasattr(tokenizer, "lazy_processor"):
            # SentencePiece; argostranslate's own decode also turns "_" into spaces.
            text = tokenizer.lazy_processor().decode_pieces(tokens)
        else:
            text = tokenizer.decode(tokens)
        if pkg.target_prefix and text.startswith(pkg.target_prefix):
            text = text[len(pkg.target_prefix) :]
        return text.strip()

    def _run_leg(self, pkg: Any, texts: list[str]) -> list[tuple[str, float]]:
        model = Path(pkg.package_path)
        todo = [text for text in dict.fromkeys(texts) if (model, text) not in self._done]
        if todo:
            outputs = self._translate(pkg, todo)
            self._done.update({(model, text): out for text, out in zip(todo, outputs, strict=True)})
        return [self._done[(model, text)] for text in texts]

    def _translate(self, pkg: Any, texts: list[str]) -> list[tuple[str, float]]:
        """Each text's translation and confidence, from one CTranslate2 call."""
        tokenized = [_tokenizer(pkg).encode(text) for text in texts]
        prefix = [[pkg.target_prefix]] * len(tokenized) if pkg.target_prefix else None
        results = self._translator(pkg).translate_batch(
            tokenized,
            target_prefix=prefix,
            beam_size=self.settings.beam_size,
            max_batch_size=self.settings.batch_tokens,
            batch_type="tokens",
            replace_unknowns=True,
            length_penalty=LENGTH_PENALTY,
            return_scores=True,
            return_end_token=True,
        )
        outputs = []
        for result in results:
            tokens = result.hypotheses[0]
            confidence = token_confidence(result.scores[0], len(tokens))
            if tokens and tokens[-1] == END_TOKEN:
                tokens = tokens[:-1]
            outputs.append((self._decode(pkg, tokens), confidence))
        return outputs

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        route = find_route(source, target)
        if not route:
            raise ModelMissingError(missing_model_message(source, target))
        unique = list(dict.fromkeys(texts))
        current = unique
        confidences = [1.0] * len(unique)
        for pkg in route:
            legs = self._run_leg(pkg, current)
            current = [text for text, _ in legs]
            # A pivot is right only if both legs are: the legs' confidences multiply.
            confidences = [c * leg for c, (_, leg) in zip(confidences, legs, strict=True)]
        provenance = f"{self.name} " + " → ".join(
            f"{package_name(pkg.from_code, pkg.to_code)} {pkg.package_version}" for pkg in route
        )
        by_source = {
            text: Translation(output, provenance, confidence)
            for text, output, confidence in zip(unique, current, confidences, strict=True)
        }
        return [by_source[text] for text in texts]
