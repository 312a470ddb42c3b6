"""Project settings from `[tool.i18n-tool]` in pyproject.toml, as one typed, frozen Config."""

from __future__ import annotations

import difflib
import os
import tomllib
import warnings
from collections.abc import Callable, Iterable
from dataclasses import InitVar, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from .errors import ConfigError
from .languages import check_language, check_target, meant_target
from .segment import DEFAULT_RULES, BreakRule, GermanRules, read_lexicon

DOWNLOAD_TIMEOUT = 30.0  # seconds without a byte before a model download is given up

USES = ("reviewed", "reviewed+fuzzy")  # which translations a build uses
FALLBACKS = ("source", "omit", "fail")  # what it does with units that have none
FORMATS = ("md", "html", "txt")
DEFAULT_TARGETS = ("en", "fr", "es")
GRANULARITIES = ("sentence", "paragraph")
CATALOG_LAYOUTS = ("per-document", "per-language")
SHARED_CATALOG = "articles"  # the catalog name when all documents share one per language
DEVICES = ("cpu", "cuda", "auto")
EXECUTORS = ("local", "ray")


PROJECT_TABLE = "tool.i18n-tool"


def find_project(start: Path) -> Path:
    """The project `start` is in: the nearest folder, from `start` up, whose pyproject.toml has
    a `[tool.i18n-tool]` table (as git finds `.git` and ruff its configuration)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if has_project_table(folder / "pyproject.toml"):
            return folder
    raise ConfigError(
        f"not in an i18n-tool project: no pyproject.toml with [{PROJECT_TABLE}] here or in a "
        "parent folder; create one with `i18n-tool init`, or name one with --project DIR",
        start,
    )


def has_project_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", pyproject) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", pyproject) from exc
    tool = data.get("tool")
    return isinstance(tool, dict) and "i18n-tool" in tool


def project_block(source_language: str, targets: tuple[str, ...]) -> str:
    """The `[tool.i18n-tool]` table `i18n-tool init` writes."""
    quoted = ", ".join(f'"{code}"' for code in targets)
    return (
        f"[{PROJECT_TABLE}]\n"
        f'source-language = "{source_language}"\n'
        f"target-languages = [{quoted}]\n"
        'source-dir = "source"\n'
        'locales-dir = "locales"\n'
        'build-dir = "build"\n'
    )


def physical_cores() -> int:
    """Physical CPU cores (hyperthreads do not speed up CTranslate2's GEMMs)."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return os.cpu_count() or 1
    cores, physical = set(), "0"
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "physical id":
            physical = value.strip()
        elif key.strip() == "core id":
            cores.add((physical, value.strip()))
    return len(cores) or os.cpu_count() or 1


@dataclass(frozen=True)
class MTSettings:
    """How the MT engine runs; see docs/operator.md, "Machine translation"."""

    engine: str = "argos"
    beam_size: int = 4  # argostranslate's default, until a benchmark says otherwise
    device: str = "cpu"
    compute_type: str = "auto"
    inter_threads: int = 1
    intra_threads: int = 0
    batch_tokens: int = 2048
    # where batches run: here, or on a Ray cluster (docs/operator.md, "On a cluster")
    executor: str = "local"
    ray_address: str | None = None  # the head's HOST:PORT; "auto": the cluster running here;
    # None: start a local one
    model_index: str | None = (
        None  # where `models` finds packages: a URL or a folder (None: argos')
    )

    def __post_init__(self) -> None:
        if self.beam_size < 1 or self.batch_tokens < 1 or self.inter_threads < 1:
            raise ConfigError("beam size, batch tokens and inter-threads must be at least 1")
        if self.device not in DEVICES:
            raise ConfigError(f"device must be one of {', '.join(DEVICES)}, not {self.device!r}")
        if self.executor not in EXECUTORS:
            raise ConfigError(
                f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}"
            )
        cores = physical_cores()
        threads = self.inter_threads * max(self.intra_threads, 1)
        if self.device != "cuda" and threads > cores:
            raise ConfigError(
                f"inter-threads × intra-threads = {threads} is more than the {cores} physical "
                "cores: threads would compete for the same cores and run slower"
            )


class I18nDeprecationWarning(DeprecationWarning):
    """A setting, option or name that still works but will go; the CLI shows these."""


def deprecated(message: str) -> None:
    warnings.warn(message, I18nDeprecationWarning, stacklevel=3)


@dataclass(frozen=True)
class BuildPolicy:
    """Which translations a build uses (`reviewed`, or `reviewed+fuzzy` with MT suggestions),
    what happens to units without one (`source`: keep the source text; `omit`: drop the block;
    `fail`: refuse), and the share of an article's own units that must have one for that
    article to be published (`min_reviewed`, default 100: every unit). Decided per article,
    never per language. docs/desk-editor.md, "Publication"."""

    use: str = "reviewed"
    fallback: str = "source"
    min_reviewed: float = 100.0
    formats: tuple[str, ...] = ("md",)
    draft: bool = False  # built for review (`--draft`): outputs say so, never for publication
    min_translated: InitVar[float | None] = None  # the old name of min_reviewed (deprecated)

    def __post_init__(self, min_translated: float | None) -> None:
        if min_translated is not None:
            deprecated("BuildPolicy(min_translated=) is now min_reviewed= (per article)")
            object.__setattr__(self, "min_reviewed", float(min_translated))

    @property
    def include_fuzzy(self) -> bool:
        return self.use == "reviewed+fuzzy"


MEMORY_EXACT = ("reviewed", "fuzzy")


@dataclass(frozen=True)
class MemorySettings:
    """How `translate` reuses reviewed translations before MT (docs/translator.md,
    "Translation memory").

    The same sentence reviewed in this project's own catalogs is taken as reviewed, as
    `msgmerge -C` does (`exact = "fuzzy"`: a suggestion to confirm): a person of this newsroom
    approved that very translation. A match from an imported memory (`memory/`: an agency's
    TMX, a compendium) was approved by nobody here: a TM suggestion a translator confirms,
    unless the file is listed in `trusted`. A similar sentence scoring at least `threshold` %
    is always a suggestion."""

    threshold: float = 75.0
    exact: str = "reviewed"
    trusted: tuple[str, ...] = ()  # file names in memory/ whose exact matches count as reviewed

    def __post_init__(self) -> None:
        if not all(isinstance(name, str) and name for name in self.trusted):
            raise ConfigError('trusted must be a list of file names in memory/, e.g. ["a.tmx"]')
        object.__setattr__(self, "trusted", tuple(self.trusted))
        if not 0 < self.threshold <= 100:
            raise ConfigError(f"threshold must be a percentage 1–100, not {self.threshold:g}")
        if self.exact not in MEMORY_EXACT:
            raise ConfigError(f"exact must be one of {', '.join(MEMORY_EXACT)}, not {self.exact!r}")


@dataclass(frozen=True)
class CheckSettings:
    """What `check` flags besides the checks themselves (docs/translator.md, "Review checks"):
    an MT suggestion whose model confidence is below `min_confidence` (Firefox Translations'
    rule: a mean token log-probability below ln 0.5, i.e. a confidence below 0.5)."""

    min_confidence: float = 0.5

    def __post_init__(self) -> None:
        if not 0 <= self.min_confidence <= 1:
            raise ConfigError(f"min-confidence must be 0–1, not {self.min_confidence:g}")


# The abbreviations `i18n-tool abbreviations --write` learned from the articles, beside the
# project's pyproject.toml; read whenever it exists (docs/developer.md, "Segmentation").
LEARNED_ABBREVIATIONS = "abbreviations.learned.toml"


@dataclass(frozen=True)
class SegmentationSettings:
    """What a unit is, and the project's additions to the German rules (docs/developer.md,
    "Segmentation")."""

    granularity: str = "sentence"
    rules: GermanRules = DEFAULT_RULES
    # The rules without the learned file: what `i18n-tool abbreviations` learns against.
    listed_rules: GermanRules = DEFAULT_RULES

    @property
    def sentences(self) -> bool:
        return self.granularity == "sentence"


@dataclass(frozen=True)
class Config:
    root: Path
    source_language: str = "de"
    target_languages: tuple[str, ...] = DEFAULT_TARGETS
    source_dir: Path = Path("source")
    locales_dir: Path = Path("locales")
    build_dir: Path = Path("build")
    glossary_file: Path = Path("glossary.toml")
    glossary_required: bool = False  # set in the configuration: a missing file is an error
    catalog_layout: str = "per-document"
    segmentation: SegmentationSettings = field(default_factory=SegmentationSettings)
    build_policy: BuildPolicy = field(default_factory=BuildPolicy)
    mt: MTSettings = field(default_factory=MTSettings)
    memory: MemorySettings = field(default_factory=MemorySettings)
    check: CheckSettings = field(default_factory=CheckSettings)

    @property
    def sources(self) -> Path:
        deprecated("Config.sources is deprecated: use Project(config).layout.sources")
        return self.root / self.source_dir

    @property
    def locales(self) -> Path:
        deprecated("Config.locales is deprecated: use Project(config).layout.locales")
        return self.root / self.locales_dir

    @property
    def build(self) -> Path:
        deprecated("Config.build is deprecated: use Project(config).layout.build")
        return self.root / self.build_dir

    @property
    def glossary(self) -> Path:
        deprecated("Config.glossary is deprecated: use Project(config).layout.glossary")
        return self.root / self.glossary_file

    def catalog_name(self, document: str) -> str:
        deprecated("Config.catalog_name is deprecated: use Project(config).catalog_name")
        return document if self.catalog_layout == "per-document" else SHARED_CATALOG

    def languages(self, requested: list[str] | None) -> tuple[str, ...]:
        """The languages a command works on: those asked for, else the configured targets.

        Only the project's target languages are accepted, in any case and with `-` or `_`
        (`EN`, `pt-br`); anything else is refused before anything is written, with the
        target meant when there is one (`eng` → en)."""
        if not requested:
            return self.target_languages
        return tuple(dict.fromkeys(self.target_language(code) for code in requested))

    def target_language(self, code: str) -> str:
        """`code` as one of the project's target languages; ConfigError if it is none."""
        given = code.strip().replace("-", "_").lower()
        for target in self.target_languages:
            if target.lower() == given:
                return target
        if given == self.source_language.lower():
            check_target(self.source_language, self.source_language)  # says it is the source
        targets = ", ".join(self.target_languages)
        meant = meant_target(given, self.target_languages)
        hint = f"; did you mean {meant}?" if meant else ""
        raise ConfigError(f"{code} is not a target language of this project ({targets}){hint}")

    def with_mt(self, **changes: Any) -> Config:
        """This config with some MT settings overridden (CLI flags); None means keep."""
        given = {key: value for key, value in changes.items() if value is not None}
        return replace(self, mt=replace(self.mt, **given)) if given else self


_KEYS = {
    "source-language": "source_language",
    "target-languages": "target_languages",
    "source-dir": "source_dir",
    "locales-dir": "locales_dir",
    "build-dir": "build_dir",
    "glossary": "glossary_file",
    "catalogs": "catalog_layout",
}
_WORD_LISTS = {
    "abbreviations": "abbreviations",
    "ambiguous-abbreviations": "ambiguous_abbreviations",
    "final-abbreviations": "final_abbreviations",
    "sentence-starters": "sentence_starters",
}
_MT_KEYS = {
    "engine": str,
    "beam-size": int,
    "device": str,
    "compute-type": str,
    "inter-threads": int,
    "intra-threads": int,
    "batch-tokens": int,
    "executor": str,
    "ray-address": str,
    "model-index": str,
}


def known_settings() -> dict[str, list[str]]:
    """Every setting the configuration reader knows, by table ("" is `[tool.i18n-tool]`
    itself): what it refuses anything else with, and what the documentation lists."""
    return {
        "": list(_KEYS),
        "mt": list(_MT_KEYS),
        "segmentation": [*_WORD_LISTS, "granularity", "rules"],
        "build": list(_BUILD_KEYS),
        "memory": list(_MEMORY_KEYS),
        "check": list(_CHECK_KEYS),
    }


def load_config(root: Path, allow_outside: bool = False) -> Config:
    """Read `root/pyproject.toml`; a project without one (or without the table) gets defaults.

    Every setting is checked when it is read — type, range, known key (an unknown one is named
    with the closest known key) — and a folder or file setting must stay inside the project
    unless `allow_outside` (`--allow-outside-project`). Each error is one line naming
    pyproject.toml and the key."""
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.exists():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"invalid TOML: {exc}", pyproject) from exc
        tool = _table(data.get("tool", {}), "[tool]", pyproject)
        table = dict(_table(tool.get("i18n-tool", {}), f"[{PROJECT_TABLE}]", pyproject))
    here = f"[{PROJECT_TABLE}]"
    subtables = {name: table.pop(name, {}) for name in known_settings() if name}
    _known(table, [*_KEYS, *subtables], here, pyproject)
    mt = _settings(subtables["mt"], "mt", _MT_KEYS, MTSettings, pyproject)
    segmentation_table = _table(
        subtables["segmentation"], f"[{PROJECT_TABLE}.segmentation]", pyproject
    )
    _known(
        segmentation_table,
        known_settings()["segmentation"],
        f"[{PROJECT_TABLE}.segmentation]",
        pyproject,
    )
    values: dict[str, Any] = {}
    for key, name in _KEYS.items():
        if key in table:
            if key == "target-languages":
                kind, what = list, "a list of language codes"
            else:
                kind, what = str, "a string"
            values[name] = _typed(table, key, kind, what, here, pyproject)
    for key, name in (
        ("source-dir", "source_dir"),
        ("locales-dir", "locales_dir"),
        ("build-dir", "build_dir"),
        ("glossary", "glossary_file"),
    ):
        if name in values:
            values[name] = _inside(root, key, values[name], allow_outside, pyproject)
    values["glossary_required"] = "glossary_file" in values
    try:
        if "source_language" in values:
            values["source_language"] = check_language(values["source_language"])
    except ConfigError as exc:
        raise ConfigError(f"{here} source-language: {exc.message}", pyproject) from exc
    if "target_languages" in values:
        targets = values["target_languages"]
        if not targets or not all(isinstance(code, str) for code in targets):
            raise ConfigError(
                f'{here} target-languages must be a non-empty list of language codes, e.g. ["en"]',
                pyproject,
            )
        source = values.get("source_language", Config.source_language)
        try:
            values["target_languages"] = tuple(check_target(code, source) for code in targets)
        except ConfigError as exc:
            raise ConfigError(f"target-languages: {exc.message}", pyproject) from exc
    if values.get("catalog_layout", "per-document") not in CATALOG_LAYOUTS:
        raise ConfigError(f"{here} catalogs must be one of {', '.join(CATALOG_LAYOUTS)}", pyproject)
    segmentation = _segmentation(segmentation_table, pyproject)
    memory = _settings(subtables["memory"], "memory", _MEMORY_KEYS, MemorySettings, pyproject)
    policy = _settings(subtables["build"], "build", _BUILD_KEYS, build_policy, pyproject)
    checks = _settings(subtables["check"], "check", _CHECK_KEYS, CheckSettings, pyproject)
    return Config(
        root=root,
        mt=mt,
        memory=memory,
        check=checks,
        segmentation=segmentation,
        build_policy=policy,
        **values,
    )


_KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", list: "a list"}
T = TypeVar("T")


def _settings(
    value: object,
    name: str,
    kinds: dict[str, type],
    make: Callable[..., T],
    pyproject: Path,
) -> T:
    """A `[tool.i18n-tool.NAME]` table made into its settings: known keys only, each of its
    kind (`beam-size` → `beam_size=`), and any range error of `make` naming the table."""
    where = f"[{PROJECT_TABLE}.{name}]"
    table = _table(value, where, pyproject)
    _known(table, kinds, where, pyproject)
    typed = {
        key.replace("-", "_"): _typed(table, key, kind, _KIND_NAMES[kind], where, pyproject)
        for key, kind in kinds.items()
        if key in table
    }
    try:
        return make(**typed)
    except ConfigError as exc:
        if exc.path is not None:
            raise
        raise ConfigError(f"{where} {exc.message}", pyproject) from exc


def _table(value: object, where: str, pyproject: Path) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where} must be a table, not {value!r}", pyproject)
    return value


def _known(table: dict[str, Any], known: Iterable[str], where: str, pyproject: Path) -> None:
    """Refuse a key this table does not have, naming the closest one (a typo, usually)."""
    known = list(known)
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else f" (known: {', '.join(known)})"
            raise ConfigError(f"unknown setting `{key}` in {where}{hint}", pyproject)


def _typed(
    table: dict[str, Any], key: str, kind: type, what: str, where: str, pyproject: Path
) -> Any:
    """`table[key]` if it is of `kind` (an int counts as a float; a bool as neither)."""
    value = table[key]
    kinds: tuple[type, ...] = (int, float) if kind is float else (kind,)
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise ConfigError(f"{where} {key} must be {what}, not {value!r}", pyproject)
    return value


def _inside(root: Path, key: str, value: str, allow_outside: bool, pyproject: Path) -> Path:
    """A folder or file setting, which must stay inside the project (`../..` or `/` would
    read or write elsewhere) unless the user allows it explicitly."""
    path = Path(value)
    if not value.strip() or "\0" in value:
        raise ConfigError(f"[{PROJECT_TABLE}] {key} must name a path, not {value!r}", pyproject)
    resolved = (root / path).resolve()
    if not allow_outside and not resolved.is_relative_to(root.resolve()):
        raise ConfigError(
            f"[{PROJECT_TABLE}] {key} = {value!r} is outside the project; pass "
            "--allow-outside-project to use it",
            pyproject,
        )
    if resolved == root.resolve() and key != "glossary":
        raise ConfigError(
            f"[{PROJECT_TABLE}] {key} = {value!r} is the project folder itself; name a folder "
            "inside it",
            pyproject,
        )
    return path


_BUILD_KEYS = {
    "use": str,
    "fallback": str,
    "min-reviewed": float,
    "min-translated": float,  # the old name of min-reviewed, deprecated
    "formats": list,
}
_MEMORY_KEYS = {"threshold": float, "exact": str, "trusted": list}
_CHECK_KEYS = {"min-confidence": float}


def build_policy(
    base: BuildPolicy | None = None,
    use: str | None = None,
    fallback: str | None = None,
    min_reviewed: float | None = None,
    formats: list[str] | tuple[str, ...] | str | None = None,
    draft: bool = False,
    min_translated: float | None = None,
) -> BuildPolicy:
    """A checked build policy: `base` (default: the defaults) with these values changed.

    A draft (for review) uses MT suggestions too and builds every article, marked as a draft,
    into its own tree. `min_translated` is the deprecated name of `min_reviewed`."""
    policy = base or BuildPolicy()
    if min_translated is not None:
        if min_reviewed is not None:
            raise ConfigError("min-translated is the old name of min-reviewed; give only one")
        if not 0 <= float(min_translated) <= 100:
            raise ConfigError(f"min-translated must be a percentage 0–100, not {min_translated}")
        deprecated(
            "min-translated is deprecated: it is now min-reviewed, the share of an article's "
            "own units (no longer of a language's)"
        )
        min_reviewed = min_translated
    if draft:
        use = use or "reviewed+fuzzy"
    if use is not None and use not in USES:
        raise ConfigError(f"use must be one of {', '.join(USES)}, not {use!r}")
    if fallback is not None and fallback not in FALLBACKS:
        raise ConfigError(f"fallback must be one of {', '.join(FALLBACKS)}, not {fallback!r}")
    if min_reviewed is not None and not 0 <= float(min_reviewed) <= 100:
        raise ConfigError(f"min-reviewed must be a percentage 0–100, not {min_reviewed}")
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",") if f.strip()]
    if formats is not None:
        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise ConfigError(f"formats are {', '.join(FORMATS)}; not {', '.join(unknown)}")
    return BuildPolicy(
        use=use or policy.use,
        fallback=fallback or policy.fallback,
        min_reviewed=policy.min_reviewed if min_reviewed is None else float(min_reviewed),
        formats=tuple(dict.fromkeys(formats)) if formats else policy.formats,
        draft=draft or policy.draft,
    )


def _segmentation(table: dict[str, Any], pyproject: Path) -> SegmentationSettings:
    granularity = table.get("granularity", "sentence")
    if not isinstance(granularity, str) or granularity not in GRANULARITIES:
        raise ConfigError(
            f"segmentation.granularity must be one of {', '.join(GRANULARITIES)}", pyproject
        )
    words: dict[str, tuple[str, ...]] = {}
    for key, name in _WORD_LISTS.items():
        listed = table.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(word, str) for word in listed):
            raise ConfigError(
                f'segmentation.{key} must be a list of words, e.g. ["Bgm."]', pyproject
            )
        words[name] = tuple(listed)
    break_rules = []
    listed_rules = table.get("rules", [])
    if not isinstance(listed_rules, list):
        raise ConfigError("segmentation.rules must be a list of [[rules]] tables", pyproject)
    for number, rule in enumerate(listed_rules, start=1):
        if (
            not isinstance(rule, dict)
            or not isinstance(rule.get("before"), str)
            or not isinstance(rule.get("after", ""), str)
            or not isinstance(rule.get("break", False), bool)
            or set(rule) - {"before", "after", "break"}
        ):
            raise ConfigError(
                f"segmentation.rules #{number} needs `before` (a regex) and may have `after` (a "
                "regex) and `break` (true or false)",
                pyproject,
            )
        try:
            break_rules.append(
                BreakRule(rule["before"], rule.get("after", ""), bool(rule.get("break")))
            )
        except ConfigError as exc:
            raise ConfigError(f"segmentation.rules #{number}: {exc.message}", pyproject) from exc
    listed = rules = DEFAULT_RULES.extended(**words, break_rules=break_rules)
    learned = pyproject.parent / LEARNED_ABBREVIATIONS
    if learned.is_file():
        try:
            rules = listed.with_lexicon(read_lexicon(learned.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError, TypeError) as exc:
            raise ConfigError(
                f"not a lexicon of abbreviations ({exc}); rewrite it with "
                "`i18n-tool abbreviations --write` or delete it",
                learned,
            ) from exc
    return SegmentationSettings(granularity=granularity, rules=rules, listed_rules=listed)
