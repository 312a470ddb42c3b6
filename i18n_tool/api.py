"""One function per user task. Each returns result objects and never prints: the CLI renders.

from pathlib import Path
import i18n_tool as i18n

config = i18n.load_config(Path("."))
i18n.extract(config)
i18n.update(config)
report = i18n.translate(config)
i18n.build(config)
"""

from __future__ import annotations

import bisect
import functools
import inspect
import json
import os
import re
import shutil
from collections.abc import Callable, Collection, Iterator
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import model_index
from .build import (
    BuildPolicy,
    BuildResult,
    LanguageBuild,
    fallback_refusal,
    index_page,
    render_document,
    why_held_back,
    write_outputs,
)
from .catalog import (
    GENERATOR,
    CatalogStats,
    HumanTranslation,
    annotate,
    catalog_path,
    msgfmt_refusal,
    now_stamp,
    read_catalog,
    read_entries,
    take_translations,
    template_path,
    totals,
    update_catalog,
    write_catalog,
    write_template,
)
from .check import Context, Problem, check_entry
from .config import (
    DEFAULT_TARGETS,
    LEARNED_ABBREVIATIONS,
    SHARED_CATALOG,
    Config,
    check_language,
    check_target,
    has_project_table,
    language_name,
    project_block,
    text_direction,
)
from .detect import Detection, clearly_in, detect_language, same_language
from .engines import Engine
from .engines.registry import check_engine_name
from .errors import (
    ArticlesFailed,
    CatalogError,
    ConfigError,
    EngineError,
    I18nError,
    ModelBrokenError,
    ModelInstallError,
    ModelMissingError,
    SourceError,
)
from .executors import Executor, create_executor
from .fileio import write_atomic
from .glossary import load_glossary
from .learn import AbbreviationEvidence, abbreviation_evidence, learned_lexicon
from .lock import project_lock
from .manifest import BuildManifest
from .memory import MemoryUnit, TranslationMemory
from .model import Catalog, Document, Entry, EntryState
from .outcomes import Failures
from .parallel import Progress, run_all
from .review import article_counts, article_rows, render
from .sources import (
    BUILD_SUFFIXES,
    article_format,
    check_source_name,
    document_name,
    known_suffixes,
    load_document,
)
from .state import (
    State,
    Step,
    as_suggested,
    content_hash,
    recall_export,
    recall_segmentation,
    recall_suggestions,
    remember_export,
    remember_segmentation,
    remember_suggestions,
)
from .tmx import TmxUnit, base_language, read_tmx, write_tmx
from .translate import (
    LanguageTranslation,
    fill_from_memory,
    needs_translation,
    translate_catalogs,
)
from .xliff import XliffFile, XliffSegment, read_xliff, write_xliff

if TYPE_CHECKING:
    from .engines.argos import InstalledModel

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def _writes_project(task: F) -> F:
    """A task that writes: it holds the project lock (lock.py) while it runs. The languages
    it is asked for are checked first, so a wrong code creates nothing, not even the lock."""
    signature = inspect.signature(task)

    @functools.wraps(task)
    def locked(config: Config, *args: Any, **kwargs: Any) -> Any:
        asked = signature.bind_partial(config, *args, **kwargs).arguments.get("languages")
        config.languages(asked)
        with project_lock(config.root):
            return task(config, *args, **kwargs)

    return locked  # type: ignore[return-value]


def source_files(config: Config) -> list[Path]:
    """The articles under the source folder, by name (what each holds is checked when read)."""
    if not config.sources.is_dir():
        raise SourceError("source folder not found", config.sources)
    # sorted as strings (Path comparisons cost ten times more; the order is the same)
    names = sorted(entry.path for entry in os.scandir(config.sources) if _is_article(entry))
    files = [Path(name) for name in names]
    if not files:
        raise SourceError(
            f"no source articles ({known_suffixes()}) in the source folder", config.sources
        )
    return files


def _check_source_path(config: Config, path: Path) -> None:
    """A name a catalog reference can carry, and a file inside the project."""
    check_source_name(path)
    if os.path.islink(path) and not path.resolve().is_relative_to(config.root.resolve()):
        raise SourceError(
            f"a link to {path.resolve()}, outside the project: sources are read only "
            "from inside it (copy the file in if it is an article)",
            path,
        )


def skipped_sources(config: Config) -> list[Path]:
    """What the source folder holds besides articles (other formats, folders), to be named:
    nothing there is ignored without a word. Hidden files (`.DS_Store`) are not listed."""
    if not config.sources.is_dir():
        return []
    return sorted(
        Path(entry.path)
        for entry in os.scandir(config.sources)
        if not _is_article(entry) and not entry.name.startswith(".")
    )


def _is_article(entry: os.DirEntry[str]) -> bool:
    """A file named like an article (what it holds is checked when it is read)."""
    return article_format(entry.name) is not None and not entry.is_dir()


@dataclass(frozen=True)
class InitResult:
    root: Path
    created: list[Path]  # files and folders made, in order
    pyproject_extended: bool  # an existing pyproject.toml got the [tool.i18n-tool] table


def init(
    folder: Path, source_language: str = "de", targets: tuple[str, ...] = DEFAULT_TARGETS
) -> InitResult:
    """Make `folder` (new or existing) an i18n-tool project: the `[tool.i18n-tool]` table in its
    pyproject.toml, appended to an existing file without touching the rest, and the source and
    locales folders. A folder that already is a project is refused."""
    source_language = check_language(source_language)
    targets = tuple(check_target(code, source_language) for code in targets)
    if not targets:
        raise ConfigError("give at least one target language, e.g. --target en")
    pyproject = folder / "pyproject.toml"
    if has_project_table(pyproject):
        raise ConfigError("already an i18n-tool project ([tool.i18n-tool] is there)", pyproject)
    created = []
    if not folder.exists():
        folder.mkdir(parents=True)
        created.append(folder)
    block = project_block(source_language, targets)
    extended = pyproject.exists()
    if extended:
        text = pyproject.read_text(encoding="utf-8")
        separator = (
            "" if not text or text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
        )
        write_atomic(pyproject, (text + separator + block).encode("utf-8"))
    else:
        write_atomic(pyproject, block.encode("utf-8"))
        created.append(pyproject)
    for sub in ("source", "locales"):
        if not (folder / sub).is_dir():
            (folder / sub).mkdir()
            created.append(folder / sub)
    return InitResult(folder.resolve(), created, extended)


def load_documents(config: Config) -> list[Document]:
    """Every source article, read and segmented."""
    return [_load(config, path) for path in _unique_sources(config)]


@dataclass(frozen=True)
class AbbreviationReport:
    """What `abbreviations` found: the evidence per unknown word (learned ones first) and the
    lexicon file it wrote, if asked to."""

    evidence: list[AbbreviationEvidence]
    lexicon: Path
    written: bool


def learn_abbreviations(
    config: Config, write: bool = False, fail_fast: bool = False
) -> AbbreviationReport:
    """Learn the project's own abbreviations from its articles (learn.py); with `write`,
    (re)write the lexicon that extract then reads (config.LEARNED_ABBREVIATIONS). An article
    that cannot be read is left out and named at the end (`ArticlesFailed`)."""
    unlearned = replace(
        config, segmentation=replace(config.segmentation, rules=config.segmentation.listed_rules)
    )
    failures = Failures(fail_fast)
    blocks = [
        " ".join(unit.text for unit in block.units)
        for document in _readable_documents(unlearned, failures, _load)
        for block in document.blocks
    ]
    evidence = abbreviation_evidence(blocks, config.segmentation.listed_rules)
    lexicon = config.root / LEARNED_ABBREVIATIONS
    written = write and write_atomic(lexicon, learned_lexicon(evidence).encode("utf-8"))
    report = AbbreviationReport(evidence, lexicon, written)
    failures.raise_if_any(report, functools.partial(_article_count, config))
    return report


@dataclass(frozen=True)
class ExtractResult:
    document: str
    template: Path
    units: int
    entries: int
    written: bool

    def to_record(self) -> dict[str, int]:
        """What the state keeps of it (the rest is the key and the file)."""
        return {"units": self.units, "entries": self.entries}

    @classmethod
    def from_record(cls, template: Path, record: dict[str, Any]) -> ExtractResult:
        return cls(template.stem, template, int(record["units"]), int(record["entries"]), False)


def verify_source_language(document: Document, language: str) -> None:
    """Refuse an article that langdetect reads, with confidence, as another language.

    An article whose words are clearly the language's function words passes without
    langdetect (which costs about a millisecond per article)."""
    sample = " ".join(unit.text for unit in document.units)[:1000]
    if clearly_in(sample, language):
        return
    detection = detect_language(sample[:400])
    if (
        detection.reliable
        and detection.probability >= 0.9
        and not same_language(detection.language or "", language)
    ):
        raise SourceError(
            f"this article looks {language_name(detection.language or '')} (langdetect "
            f"p={detection.probability:.2f}), not {language_name(language)}: fix "
            "source-language, or pass --no-language-check",
            document.path,
        )


@_writes_project
def extract(
    config: Config,
    check_language: bool = True,
    progress: Progress | None = None,
    fail_fast: bool = False,
) -> list[ExtractResult]:
    """Segment every source and write the templates: `locales/<doc>.pot` per document, or one
    `locales/articles.pot` for all (`catalogs = "per-language"`). Each article must read as
    the source language (langdetect), unless `check_language` is false. An article with
    nothing to translate (only code, a table of figures, a rule) gets an empty template.

    An article that cannot be extracted (unreadable, not UTF-8, another language) keeps its
    template as it was; every other article is extracted, then `ArticlesFailed` names the
    failures (with the others' results). With `fail_fast`, the first failure stops the step.

    Per-document templates are incremental: a source whose bytes and segmentation settings are
    unchanged since the last run, and whose template is as that run left it, is not read
    again; the others are segmented in parallel. A template whose source is gone is removed.
    """
    failures = Failures(fail_fast)
    if config.catalog_layout != "per-document":
        return _extract_shared(config, check_language, failures)
    state = State.load(config.root)
    step = state.step("extract")
    settings = _settings_key(config)
    results: dict[Path, ExtractResult] = {}
    todo = []
    sources = _unique_sources(config, failures)
    for path in sources:
        pot = template_path(config.locales, document_name(path))
        record = step.fresh(path.name, {"source": path}, settings)
        try:
            results[path] = ExtractResult.from_record(pot, record or {})
        except (KeyError, TypeError, ValueError):  # not extracted yet, or an odd record
            todo.append(path)
    context = ExtractContext(config, check_language)
    done = run_all(_extract_one, context, todo, "extract", progress, keep_going=not fail_fast)
    for path, result in failures.succeeded(todo, done, document_name):
        results[path] = result
        step.record(path.name, {"source": path}, settings, result.to_record(), [result.template])
    present = {path.name for path in source_files(config)}
    for gone in set(step.keys()) - present:
        template_path(config.locales, document_name(Path(gone))).unlink(missing_ok=True)
        step.forget(gone)
    state.save()
    extracted = [results[path] for path in sorted(results)]
    failures.raise_if_any(extracted, functools.partial(_article_count, config))
    return extracted


@dataclass(frozen=True)
class ExtractContext:
    """What every extract job shares (sent once to each worker process)."""

    config: Config
    check_language: bool


def _extract_one(context: ExtractContext, path: Path) -> ExtractResult:
    config, check_language = context.config, context.check_language
    document = _load(config, path)
    key = _segmentation_key(config, document.text.encode("utf-8"))  # the source's own bytes
    remember_segmentation(config.root, document, key)
    if check_language:
        verify_source_language(document, config.source_language)
    pot = template_path(config.locales, document.name)
    written = write_template(document.name, [document], pot, config.source_language)
    units = document.units
    return ExtractResult(document.name, pot, len(units), len({u.text for u in units}), written)


def _extract_shared(
    config: Config, check_language: bool, failures: Failures
) -> list[ExtractResult]:
    """One template for all articles: every source is read (not incremental). While an
    article fails, the shared template stays as it was (it would lose that article's units)."""
    documents = []
    for document in _readable_documents(config, failures, _load):
        try:
            if check_language:
                verify_source_language(document, config.source_language)
        except SourceError as error:
            failures.add(document.name, error)
            continue
        documents.append(document)
    path = template_path(config.locales, SHARED_CATALOG)
    units = [unit for document in documents for unit in document.units]
    written = not failures.errors and write_template(
        SHARED_CATALOG, documents, path, config.source_language
    )
    extracted = [
        ExtractResult(SHARED_CATALOG, path, len(units), len({u.text for u in units}), written)
    ]
    failures.raise_if_any(extracted, functools.partial(_article_count, config))
    return extracted


def _settings_key(config: Config, *extra: object) -> str:
    """What the output of a step depends on besides its files, as one hash (stable across
    processes: sets are sorted, since their order changes with Python's hash seed)."""
    parts = (config.source_language, config.segmentation, config.catalog_layout, *extra)
    return content_hash(repr(_stable(parts)).encode("utf-8"))


def _stable(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(_stable(getattr(value, f.name)) for f in fields(value))]
    return repr(value)


def _unique_sources(config: Config, failures: Failures | None = None) -> list[Path]:
    """The articles, each making its own document; one that cannot (a name a catalog cannot
    hold, a link outside the project, a second file of the same name) is a failure of that
    article in `failures`, else it stops the step."""
    seen: dict[str, Path] = {}
    for path in source_files(config):
        name = document_name(path)
        try:
            _check_source_path(config, path)
            if name in seen:
                raise SourceError(
                    f"two sources make the document {name!r}: {seen[name].name}", path
                )
        except SourceError as error:
            if failures is None:
                raise
            failures.add(name, error)
            continue
        seen[name] = path
    return list(seen.values())


def _readable_documents(
    config: Config, failures: Failures, load: Callable[[Config, Path], Document]
) -> Iterator[Document]:
    """Each article that can be read, segmented; the others are failures of their article."""
    for path in _unique_sources(config, failures):
        try:
            document = load(config, path)
        except SourceError as error:
            failures.add(document_name(path), error)
            continue
        yield document


def _segmentation_key(config: Config, raw: bytes) -> str:
    return content_hash(raw) + _segmentation_settings(config)


@functools.lru_cache(maxsize=8)
def _segmentation_settings(config: Config) -> str:
    return _settings_key(config)  # the same for every article of a run: computed once


def _load_segmented(config: Config, path: Path) -> Document:
    """The document, from the segmentation extract kept when the source is unchanged."""
    raw = path.read_bytes()
    key = _segmentation_key(config, raw)
    kept = recall_segmentation(config.root, document_name(path), _display(config, path), raw, key)
    return kept if kept is not None else _load(config, path)


def _load(config: Config, path: Path) -> Document:
    rules, sentences = config.segmentation.rules, config.segmentation.sentences
    return load_document(path, _display(config, path), rules, sentences)


def _display(config: Config, path: Path) -> Path:
    """How references name a source: relative to the project when it is inside it."""
    return path.relative_to(config.root) if path.is_relative_to(config.root) else path


def templates(config: Config) -> list[Path]:
    if not config.locales.is_dir():
        raise I18nError("no catalogs yet: run `i18n-tool extract` first", config.locales)
    found = sorted(config.locales.glob("*.pot"))
    if not found:
        raise I18nError("no templates (*.pot): run `i18n-tool extract` first", config.locales)
    return found


@dataclass(frozen=True)
class UpdateResult:
    language: str
    document: str
    catalog: Path
    written: bool


@dataclass(frozen=True)
class UpdateReport:
    """What `update` did: the extraction it ran first (`written` says which templates changed),
    then the catalogs."""

    extracted: list[ExtractResult]
    catalogs: list[UpdateResult]


@_writes_project
def update(
    config: Config,
    languages: list[str] | None = None,
    keep_obsolete: bool = True,
    progress: Progress | None = None,
    check_language: bool = True,
    fail_fast: bool = False,
) -> UpdateReport:
    """Create or update `locales/<lang>/<doc>.po` from each template, keeping translations
    (msgmerge semantics: edited sentences get the old translation as fuzzy). A catalog whose
    template and own bytes are as the last update left them is not touched.

    Never from a stale template: the sources that changed since the last extract are extracted
    again first (in `extracted`, `written` marks the templates that changed). An article that
    fails (to extract, or a catalog that cannot be read) keeps its catalogs as they were; the
    others are updated, then `ArticlesFailed` names the failures (see `extract`)."""
    targets = config.languages(languages)
    failures = Failures(fail_fast)
    extracted = _keep_going(failures, extract, config, check_language, progress, fail_fast)
    catalogs = _update_catalogs(config, targets, keep_obsolete, progress, failures)
    report = UpdateReport(extracted, catalogs)
    failures.raise_if_any(report, functools.partial(_article_count, config))
    return report


def _keep_going(failures: Failures, step: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """A step run by another (`update` runs `extract`): its failures join the caller's."""
    try:
        return step(*args, **kwargs)
    except ArticlesFailed as failed:
        failures.absorb(failed)
        return cast(R, failed.result)


def _article_count(config: Config) -> int:
    """How many articles the source folder holds (the total of a run's summary)."""
    return len(source_files(config))


@dataclass(frozen=True)
class UpdateJob:
    """One catalog to bring up to date with its template."""

    key: str
    language: str
    template: Path
    catalog: Path
    keep_obsolete: bool


def _update_catalogs(
    config: Config,
    targets: tuple[str, ...],
    keep_obsolete: bool,
    progress: Progress | None,
    failures: Failures,
) -> list[UpdateResult]:
    state = State.load(config.root)
    step = state.step("update")
    settings = f"keep obsolete: {keep_obsolete}"
    jobs, results = [], {}
    for language in targets:
        for pot in templates(config):
            if pot.stem in failures:
                continue  # its article failed: its catalogs stay as they were
            po = catalog_path(config.locales, language, pot.stem)
            key = f"{language}/{pot.stem}"
            if step.fresh(key, {"template": pot, "catalog": po}, settings) is not None:
                results[key] = UpdateResult(language, pot.stem, po, False)
            else:
                jobs.append(UpdateJob(key, language, pot, po, keep_obsolete))
    done = run_all(_update_one, None, jobs, "update", progress, keep_going=not failures.fail_fast)
    for job, written in failures.succeeded(jobs, done, lambda job: job.template.stem):
        results[job.key] = UpdateResult(job.language, job.template.stem, job.catalog, written)
        step.record(job.key, {"template": job.template, "catalog": job.catalog}, settings)
    state.save()
    return [results[key] for key in sorted(results)]


def _update_one(_: None, job: UpdateJob) -> bool:
    return update_catalog(job.template, job.catalog, job.language, job.keep_obsolete)


def _existing_catalog(config: Config, language: str, document: str) -> Path:
    path = catalog_path(config.locales, language, document)
    if not path.exists():
        raise I18nError("catalog missing: run `i18n-tool update` first", path)
    return path


def _catalogs(config: Config, language: str) -> list[Path]:
    return [_existing_catalog(config, language, pot.stem) for pot in templates(config)]


@dataclass
class TranslateReport:
    done: list[LanguageTranslation] = field(default_factory=list)
    missing_models: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # language -> what the engine said
    broken: dict[str, str] = field(default_factory=dict)  # language -> the broken model


@_writes_project
def translate(
    config: Config,
    languages: list[str] | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    chunk_size: int = 64,
    retranslate_fuzzy: bool = False,
    executor: Executor | None = None,
    fail_fast: bool = False,
    skip: Collection[str] = (),
) -> TranslateReport:
    """Fill untranslated entries by MT; languages without a model are reported, not fatal.

    Each chunk of `chunk_size` units is saved as soon as it is translated (resumable). The
    batches run where `config.mt.executor` says, or on a caller's `executor` (kept open: a
    Ray pool can serve many calls), or on a caller's `engine` here. A catalog that cannot be
    read is left alone and named at the end (`ArticlesFailed`); the articles in `skip` (failed
    in an earlier step of `run`) are left alone too.
    """
    report = TranslateReport()
    if engine is None:
        check_engine_name(config.mt.engine)
    targets = config.languages(languages)
    failures = Failures(fail_fast)
    catalogs = {
        language: [path for path in _catalogs(config, language) if path.stem not in skip]
        for language in targets
    }
    pending = _pending_translation(config, catalogs, retranslate_fuzzy, failures)
    glossary = load_glossary(config.glossary, config.glossary_required)
    given = executor
    try:
        for language in targets:
            if not pending[language]:
                report.done.append(LanguageTranslation(language, translated=0))
                continue
            memory = project_memory(config, language, {*skip, *failures.errors})
            log = functools.partial(remember_suggestions, config.root)
            filled, exact, accepted = fill_from_memory(
                catalogs[language], memory, config.memory, log
            )
            from_memory = LanguageTranslation(
                language, 0, from_memory=filled, memory_exact=exact, memory_accepted=accepted
            )
            if filled == pending[language] and not retranslate_fuzzy:
                report.done.append(from_memory)  # nothing left for MT: no model needed
                continue
            if executor is None:  # only now: argostranslate (and Ray) are slow to load
                later = [t for t in targets if pending[t]]
                executor = create_executor(config.mt, config.source_language, later, engine)
            try:
                done = translate_catalogs(
                    catalogs[language],
                    config.source_language,
                    language,
                    executor,
                    chunk_size=chunk_size,
                    progress=progress,
                    terms=glossary.for_language(language),
                    retranslate_fuzzy=retranslate_fuzzy,
                    log=log,
                )
                report.done.append(
                    replace(done, from_memory=filled, memory_exact=exact, memory_accepted=accepted)
                )
            except ModelBrokenError as exc:
                report.broken[language] = exc.message
                if filled:
                    report.done.append(from_memory)
            except ModelMissingError as exc:
                report.missing_models[language] = exc.message
                if filled:
                    report.done.append(from_memory)
            except EngineError as exc:
                report.failed[language] = exc.message
    finally:
        if executor is not None and executor is not given:
            executor.close()
    failures.raise_if_any(report, functools.partial(_article_count, config))
    return report


MEMORY_DIR = "memory"  # imported memories (TMX, PO, XLIFF), part of the project
MEMORY_FORMATS = {".tmx": "tmx", ".po": "po", ".xlf": "xliff", ".xliff": "xliff"}


def memory_format(path: Path) -> str | None:
    """What kind of memory a file is, by its suffix in any case (`MEMORY.TMX` is TMX); None:
    not a memory. The one rule `memory import` and `translate` both read by."""
    return MEMORY_FORMATS.get(path.suffix.lower())


def project_memory(
    config: Config, language: str, leave_out: Collection[str] = ()
) -> TranslationMemory:
    """Imported memories (`memory/`: TMX, PO, XLIFF), then the reviewed translations of every
    catalog of a language but those of `leave_out` (articles that failed), the most recently
    revised catalog last (the project's own work wins). Incremental: a file unchanged since
    the last run is not read again."""
    state = State.load(config.root)
    step = state.step(f"memory {language}")
    imported = []
    for path in sorted((config.root / MEMORY_DIR).glob("*.*")):
        if memory_format(path) is None:
            continue
        key = f"{MEMORY_DIR}/{path.name}"
        record = step.fresh(key, {"file": path})
        if record is None or not isinstance(record.get("units"), list):
            units = [
                [unit.source, unit.target, f"{key} ({unit.where})"]
                for unit in _memory_file_units(path, config.source_language)
                if unit.language == base_language(language)
            ]
            record = {"units": units}
            step.record(key, {"file": path}, result=record)
        imported.append((path.name, record))
    recorded = []
    for pot in templates(config):
        path = catalog_path(config.locales, language, pot.stem)
        if not path.exists() or pot.stem in leave_out:
            continue
        record = step.fresh(pot.stem, {"catalog": path})
        if record is None or not isinstance(record.get("units"), list):
            catalog = read_catalog(path)
            units = [
                [unit.source, unit.target, unit.where]
                for unit in _reviewed_units(catalog, language, path.name)
            ]
            record = {"revised": catalog.metadata.get("PO-Revision-Date", ""), "units": units}
            step.record(pot.stem, {"catalog": path}, result=record)
        recorded.append(record)
    state.save()
    recorded.sort(key=lambda record: str(record.get("revised", "")))
    trusted = set(config.memory.trusted)
    return TranslationMemory(
        [
            *(
                MemoryUnit(*unit, trusted=name in trusted)
                for name, record in imported
                for unit in record["units"]
                if len(unit) == 3
            ),
            *(
                MemoryUnit(*unit)
                for record in recorded
                for unit in record["units"]
                if len(unit) == 3
            ),
        ]
    )


@dataclass(frozen=True)
class MemoryImport:
    file: Path  # where it is kept now: memory/<name>
    units: dict[str, int]  # language → translation units


def import_memory(config: Config, files: list[Path]) -> list[MemoryImport]:
    """Check memories from other tools (TMX files, PO compendia) and keep them in the project's
    `memory/` folder, where `translate` reads them (after the project's own reviewed work)."""
    results = []
    with project_lock(config.root):
        for file in files:
            if memory_format(file) is None:
                known = ", ".join(MEMORY_FORMATS)
                raise ConfigError(f"not a memory file by its name (a memory is {known})", file)
            counts: dict[str, int] = {}
            for unit in _memory_file_units(file, config.source_language):
                counts[unit.language] = counts.get(unit.language, 0) + 1
            if not counts:
                raise ConfigError(
                    f"no translation unit with a {language_name(config.source_language)} "
                    "source segment in this memory",
                    file,
                )
            kept = config.root / MEMORY_DIR / file.name
            if file.resolve() != kept.resolve():
                _copy_atomic(file, kept)
            results.append(MemoryImport(kept, counts))
    return results


def _memory_file_units(path: Path, source_language: str) -> Iterator[TmxUnit]:
    """The translation units of an imported memory: a TMX file, an XLIFF 2 file (its confirmed
    segments), or a PO compendium (its reviewed entries, in the language its header names)."""
    kind = memory_format(path)
    if kind == "xliff":
        for document in read_xliff(path):
            if base_language(document.source_language) != base_language(source_language):
                continue
            language = base_language(document.target_language)
            where = document.original or path.name
            for segment in document.segments:
                if segment.confirmed and segment.target and segment.source:
                    yield TmxUnit(segment.source, language, segment.target, where)
        return
    if kind != "po":
        yield from read_tmx(path, source_language)
        return
    catalog = read_catalog(path)
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        raise ConfigError(
            "a compendium needs a Language header (the language it translates to)", path
        )
    yield from _reviewed_units(catalog, base_language(language), path.name)


def _reviewed_units(
    catalog: Catalog, language: str, elsewhere: str, date: str = ""
) -> list[TmxUnit]:
    """A catalog's reviewed translations as memory units (`elsewhere`: where a unit that
    stands nowhere in the articles comes from)."""
    return [
        TmxUnit(entry.msgid, language, entry.msgstr, entry.place or elsewhere, date)
        for entry in catalog.entries
        if entry.state is EntryState.REVIEWED
    ]


def _copy_atomic(source: Path, target: Path) -> None:
    """Copy a (possibly large) file in streamed blocks to a temp file, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise I18nError(f"cannot keep the memory: {exc.strerror}", target) from exc


def export_memory(config: Config, languages: list[str] | None, path: Path) -> int:
    """The project's memory as TMX 1.4b: every reviewed entry of every catalog of these
    languages (`srclang` the source language, each `<tuv>` its real `xml:lang`, the review
    date and where it stands); the number of units written."""
    units = []
    for language in config.languages(languages):
        for catalog_file in _catalogs(config, language):
            catalog = read_catalog(catalog_file)
            date = _tmx_date(catalog.metadata.get("PO-Revision-Date", ""))
            units += _reviewed_units(catalog, language, catalog_file.name, date)
    return write_tmx(path, config.source_language, units)


@dataclass(frozen=True)
class XliffExport:
    path: Path
    language: str
    units: int


def export_xliff(config: Config, languages: list[str] | None, folder: Path) -> list[XliffExport]:
    """One XLIFF 2.0 file per article and language, `<folder>/<language>/<article>.xlf`, for
    translators in CAT tools: every unit of the catalog, its state, its notes (where it
    stands, MT/TM provenance, QA findings) and its inline markup as protected codes."""
    articles = {document_name(path): path for path in source_files(config)}
    written = []
    for language in config.languages(languages):
        for pot in templates(config):
            catalog_file = catalog_path(config.locales, language, pot.stem)
            catalog = read_catalog(catalog_file if catalog_file.exists() else pot)
            article = articles.get(pot.stem)
            original = _display(config, article).as_posix() if article else pot.name
            path = folder / language / f"{pot.stem}.xlf"
            exported = {
                entry.msgid: [entry.msgstr, entry.state.value]
                for entry in catalog.entries
                if not entry.obsolete and entry.msgid
            }
            export_id = "x" + content_hash(
                json.dumps([language, pot.stem, exported], sort_keys=True).encode("utf-8")
            )
            remember_export(config.root, export_id, exported)
            count = write_xliff(
                path, config.source_language, language, original, catalog.entries, export_id
            )
            written.append(XliffExport(path, language, count))
    return written


@dataclass(frozen=True)
class ImportConflict:
    """Human work the file would replace, kept unless `overwrite` was given: a reviewed
    translation, or a translator's draft newer than the export the file came from."""

    catalog: Path
    unit: str  # the unit id
    line: int  # of the segment in the file
    source: str
    kept: str
    offered: str
    kept_state: str = "reviewed"  # or "draft": fuzzy, not as MT or the memory left it


@dataclass
class XliffImport:
    """What importing one XLIFF file did."""

    file: Path
    language: str = ""
    confirmed: int = 0  # entries that became reviewed (a translator confirmed them)
    drafts: int = 0  # entries given a translator's draft, fuzzy
    unchanged: int = 0
    overwritten: int = 0  # reviewed entries replaced, as `overwrite` asked
    conflicts: list[ImportConflict] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # `unit (line N)`: not in the article
    refused: list[str] = field(default_factory=list)  # `unit (line N): why`
    written: list[Path] = field(default_factory=list)


@_writes_project
def import_xliff(config: Config, files: list[Path], overwrite: bool = False) -> list[XliffImport]:
    """Take translators' work back from XLIFF 2 files into the catalogs.

    The catalogs are brought up to date with the articles first; then a segment counts only if
    its source is a unit of the current article. A confirmed segment (`translated`, `reviewed`,
    `final`) becomes reviewed, a draft (`initial`) a fuzzy entry.

    Newer work is never replaced: a segment the translator left as the export wrote it changes
    nothing; otherwise an entry changes only where it is still what the export wrote (a
    three-way comparison with the export's record) or holds no human work (untranslated, or a
    suggestion as MT or the memory left it). A reviewed entry or a translator's draft would be
    replaced only with `overwrite`; the conflicts are listed."""
    parsed = [(file, read_xliff(file)) for file in files]  # every file readable, or none taken
    languages = {file: _xliff_language(config, file, documents) for file, documents in parsed}
    update(config, sorted(set(languages.values())))
    return [
        _import_one(config, file, languages[file], documents, overwrite)
        for file, documents in parsed
    ]


def _xliff_language(config: Config, file: Path, documents: list[XliffFile]) -> str:
    """The project's target language an XLIFF file translates into (its `trgLang`)."""
    if not documents:
        raise ConfigError("no <file> in this XLIFF document", file)
    source, target = documents[0].source_language, documents[0].target_language
    if base_language(source) != base_language(config.source_language):
        raise ConfigError(
            f"the file translates from {source!r}; the project's articles are in "
            f"{config.source_language} ({language_name(config.source_language)})",
            file,
        )
    matching = [
        language
        for language in config.target_languages
        if base_language(language) == base_language(target)
    ]
    if not target or not matching:
        targets = ", ".join(config.target_languages)
        raise ConfigError(
            f"the file's target language {target!r} is not one of the project's ({targets})",
            file,
        )
    return matching[0]


def _import_one(
    config: Config, file: Path, language: str, documents: list[XliffFile], overwrite: bool
) -> XliffImport:
    report = XliffImport(file, language)
    catalogs = {path: read_catalog(path) for path in _catalogs(config, language)}
    live = {path: catalog.live() for path, catalog in catalogs.items()}
    taken: dict[Path, dict[str, HumanTranslation]] = {path: {} for path in catalogs}
    came_from = _display(config, file.absolute()).as_posix()
    suggested = {path: recall_suggestions(config.root, path) for path in catalogs}
    for document in documents:
        stem = document_name(Path(document.original)) if document.original else ""
        chosen = [p for p in catalogs if p.stem == stem] or list(catalogs)
        exported = recall_export(config.root, document.file_id)
        for segment in document.segments:
            where = f"{segment.unit_id} (line {segment.line})"
            if segment.problem:
                report.refused.append(f"{where}: {segment.problem}")
                continue
            if not segment.target:
                continue
            found = [(p, live[p][segment.source]) for p in chosen if segment.source in live[p]]
            if not found:
                report.not_found.append(where)
            for path, entry in found:
                problem = msgfmt_refusal(entry, segment.target)
                if problem:
                    report.refused.append(f"{where}: {problem}")
                    continue
                base = exported.get(entry.msgid)
                untouched = as_suggested(suggested[path], entry.msgid, entry.msgstr)
                outcome = _import_outcome(entry, segment, overwrite, base, untouched)
                if outcome == "conflict":
                    report.conflicts.append(
                        ImportConflict(
                            path,
                            segment.unit_id,
                            segment.line,
                            entry.msgid,
                            entry.msgstr,
                            segment.target,
                            "reviewed" if entry.state is EntryState.REVIEWED else "draft",
                        )
                    )
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome != "unchanged":
                    translation = HumanTranslation(segment.target, segment.confirmed, came_from)
                    taken[path][entry.msgid] = translation
    stamp = now_stamp()
    for path, translations in taken.items():
        if translations and write_catalog(
            take_translations(catalogs[path], translations, stamp), path
        ):
            report.written.append(path)
    return report


def _import_outcome(
    entry: Entry,
    segment: XliffSegment,
    overwrite: bool,
    exported: tuple[str, str] | None,
    as_suggested: bool,
) -> str:
    """What a translated segment does to its entry, named as the XliffImport count it adds to
    (`unchanged`, `confirmed`, `drafts`, `overwritten`), or `conflict`.

    `exported` is what the export the file came from wrote for the entry (None: unknown);
    `as_suggested`, whether the entry is an MT or memory suggestion as it was made."""
    reviewed = entry.state is EntryState.REVIEWED
    if segment.target == entry.msgstr and (reviewed or not segment.confirmed):
        return "unchanged"
    if exported is not None:
        text, state = exported
        if segment.target == text and segment.confirmed == (state == EntryState.REVIEWED):
            return "unchanged"  # the translator left it as exported: nothing to take
    draft = entry.state is EntryState.NEEDS_REVIEW or (
        entry.state in (EntryState.MACHINE, EntryState.MEMORY) and not as_suggested
    )  # a translator's draft, unless it is still what the export wrote
    if reviewed or (draft and (entry.msgstr, entry.state.value) != exported):
        return "overwritten" if overwrite else "conflict"
    return "confirmed" if segment.confirmed else "drafts"


def _tmx_date(po_date: str) -> str:
    """`2026-11-29 20:30+0000` → `20261129T203000Z` (TMX's form); empty if it is not a date."""
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)\+0000", po_date.strip())
    return "{}{}{}T{}{}00Z".format(*match.groups()) if match else ""


def _pending_translation(
    config: Config, catalogs: dict[str, list[Path]], retranslate_fuzzy: bool, failures: Failures
) -> dict[str, int]:
    """Per language, how many entries MT would fill; counted only in catalogs that changed
    since they were last counted. A catalog that cannot be read is a failure of its article,
    taken out of `catalogs`."""
    state = State.load(config.root)
    step = state.step("translate")
    pending = {}
    for language, paths in catalogs.items():
        total = 0
        for path in list(paths):
            key = f"{language}/{path.stem}"
            record = step.fresh(key, {"catalog": path})
            if record is None:
                try:
                    entries = read_catalog(path).entries
                except CatalogError as error:
                    failures.add(path.stem, error)
                    paths.remove(path)
                    continue
                empty = sum(needs_translation(e) for e in entries)
                record = {
                    "empty": empty,
                    "merged": sum(needs_translation(e, True) for e in entries) - empty,
                }
                step.record(key, {"catalog": path}, result=record)
            total += record["empty"] + (record["merged"] if retranslate_fuzzy else 0)
        pending[language] = total
    state.save()
    return pending


DRAFTS_FOLDER = "drafts"  # build/drafts/: drafts for review, apart from what is published


def build_tree(config: Config, policy: BuildPolicy) -> Path:
    """Where a build writes: `build/` holds exactly the published set; drafts go to their own
    tree, `build/drafts/`, so `build/<lang>/` can be published as it is."""
    return config.build / DRAFTS_FOLDER if policy.draft else config.build


@_writes_project
def build(
    config: Config,
    languages: list[str] | None = None,
    policy: BuildPolicy | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
    skip: Collection[str] = (),
) -> list[LanguageBuild]:
    """Write `build/<lang>/<doc>.<ext>` for every article the policy publishes in each
    language (default policy: the project's; every unit reviewed), and `build/index.html`
    listing every article, published or held back and why. An article is published on its
    own state alone, never withdrawn because another is incomplete.

    `build/` then holds exactly the published set: the build removes its own earlier outputs
    that are no longer published (a held-back or removed article, a dropped format or
    language), known from the tree's manifest; it never deletes a file it did not write.
    A draft build (`policy.draft`) writes every article into `build/drafts/` instead.

    An article that cannot be built (its source or catalog unreadable) keeps its earlier
    outputs and is named at the end (`ArticlesFailed`); the articles in `skip` (failed in an
    earlier step of `run`) keep theirs too. Incremental: an article whose source, catalog,
    settings and output files are as the last build left them is not rendered again; the
    others are rendered and written in parallel.
    """
    policy = policy or config.build_policy
    tree = build_tree(config, policy)
    state = State.load(config.root)
    step = state.step("build drafts" if policy.draft else "build")
    settings = _settings_key(config, policy)
    failures = Failures(fail_fast)
    unique = _unique_sources(config, failures)
    articles = {document_name(path) for path in unique} | set(failures.errors)  # all, failed too
    sources = [path for path in unique if document_name(path) not in skip]
    manifest = BuildManifest.load(tree)
    if not manifest.found:
        _adopt_earlier_outputs(config, manifest, articles)
    builds = []
    for language in config.languages(languages):
        context = BuildContext(config, language, policy, tree)
        fresh, jobs = _article_jobs(config, language, sources, step, settings, failures)
        results = {
            path: BuildResult.from_record(
                language, document_name(path), step.outputs(job.key), record
            )
            for path, (job, record) in fresh.items()
        }
        keep_going = not fail_fast
        done = run_all(_build_one, context, jobs, f"build {language}", progress, keep_going)
        for job, result in failures.succeeded(jobs, done, _job_document):
            results[job.source] = result
            step.record(job.key, job.inputs, settings, result.to_record(), result.paths)
        ordered = tuple(results[path] for path in sources if path in results)
        removed = [path for result in ordered for path in manifest.put(result)]
        for name in manifest.documents(language):
            if name not in articles:  # the article is gone: so are its outputs
                removed += manifest.drop(language, name)
                step.forget(f"{language}/{name}")
        builds.append(LanguageBuild(language, ordered, tuple(removed)))
    for language in manifest.languages():
        if language not in config.target_languages:  # no longer translated into
            builds.append(LanguageBuild(language, removed=tuple(manifest.drop(language))))
    state.save()
    index = index_page(manifest.language_builds(config.target_languages), tree, policy)
    write_atomic(tree / "index.html", index.encode("utf-8"))
    manifest.save()
    failures.raise_if_any(builds, functools.partial(_article_count, config))
    return builds


def _adopt_earlier_outputs(config: Config, manifest: BuildManifest, articles: set[str]) -> None:
    """A tree built before manifests: the files named as a build names an article's outputs
    are the tool's own (as earlier versions removed them), so they can be withdrawn."""
    for language in config.target_languages:
        folder = manifest.tree / language
        if not folder.is_dir():
            continue
        for name in articles:
            files = [folder / f"{name}{suffix}" for suffix in BUILD_SUFFIXES]
            manifest.adopt(language, name, [path for path in files if path.is_file()])


def _job_document(job: ArticleJob) -> str:
    return document_name(job.source)


@dataclass(frozen=True)
class BuildContext:
    """What every build job of a language shares (sent once to each worker process)."""

    config: Config
    language: str
    policy: BuildPolicy
    tree: Path  # build/, or build/drafts/

    @property
    def folder(self) -> Path:
        return self.tree / self.language


@dataclass(frozen=True)
class ArticleJob:
    """One article in one language and its catalog: a job of `build` or `review`."""

    key: str
    source: Path
    catalog: Path

    @property
    def inputs(self) -> dict[str, Path]:
        return {"source": self.source, "catalog": self.catalog}


def _article_jobs(
    config: Config,
    language: str,
    sources: list[Path],
    step: Step,
    settings: str,
    failures: Failures | None = None,
) -> tuple[dict[Path, tuple[ArticleJob, dict[str, Any]]], list[ArticleJob]]:
    """Each article's job in this language: those whose recorded result still holds for their
    files and settings (with that result), and those to run. An article without a catalog is
    a failure in `failures`, else it stops the step."""
    fresh, stale = {}, []
    for path in sources:
        name = document_name(path)
        try:
            catalog = _existing_catalog(config, language, config.catalog_name(name))
        except I18nError as error:
            if failures is None:
                raise
            failures.add(name, _why_no_catalog(config, path, error))
            continue
        job = ArticleJob(f"{language}/{name}", path, catalog)
        record = step.fresh(job.key, job.inputs, settings)
        if record is None:
            stale.append(job)
        else:
            fresh[path] = (job, record)
    return fresh, stale


def _why_no_catalog(config: Config, source: Path, missing: I18nError) -> I18nError:
    """An article without a catalog is most often one extract could not read: say that."""
    try:
        _load_segmented(config, source)
    except SourceError as unreadable:
        return unreadable
    return missing


def _build_one(context: BuildContext, job: ArticleJob) -> BuildResult:
    """Decide whether one article is published, and render and write it if it is."""
    document = _load_segmented(context.config, job.source)
    entries = read_entries(job.catalog)
    result, outputs = render_document(
        document, entries, context.language, context.folder, context.policy
    )
    return replace(result, written=write_outputs(outputs))


REVIEW_FOLDER = "review"


def review_home(config: Config) -> Path:
    """build/review/index.html: the report's first page."""
    return config.build / REVIEW_FOLDER / "index.html"


@dataclass(frozen=True)
class ArticleReview:
    """One article's report page in one language and what its index row shows."""

    stats: CatalogStats
    errors: int  # units with a QA error
    page: Path
    written: bool  # False: the page was up to date


@dataclass(frozen=True)
class LanguageReview:
    language: str
    articles: tuple[ArticleReview, ...]
    index: Path

    def total(self) -> CatalogStats:
        return totals([article.stats for article in self.articles])[0]


@dataclass(frozen=True)
class ReviewContext:
    """What every report page of a language shares (sent once to each worker process)."""

    config: Config
    language: str
    terms: dict[str, str]

    @property
    def folder(self) -> Path:
        return self.config.build / REVIEW_FOLDER / self.language


@_writes_project
def review(
    config: Config,
    languages: list[str] | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
) -> list[LanguageReview]:
    """Write the review report: `build/review/<lang>/<article>.html` per article and language,
    an index per language and `build/review/index.html`.

    Incremental as `build`: a page whose article, catalog, glossary and settings are as when it
    was written is kept (its counts come from the state); the others are rendered in parallel.
    An article that cannot be read keeps its old page and is named at the end (`ArticlesFailed`).
    """
    glossary = load_glossary(config.glossary, config.glossary_required)
    state = State.load(config.root)
    step = state.step("review")
    settings = _settings_key(config, config.check, GENERATOR, _glossary_fingerprint(config))
    failures = Failures(fail_fast)
    sources = _unique_sources(config, failures)
    reviews = []
    for language in config.languages(languages):
        context = ReviewContext(config, language, glossary.for_language(language))
        fresh, jobs = _article_jobs(config, language, sources, step, settings, failures)
        kept = {
            path: ArticleReview(
                CatalogStats(**record["stats"]), record["errors"], step.outputs(job.key)[0], False
            )
            for path, (job, record) in fresh.items()
        }
        pages = run_all(
            _review_one, context, jobs, f"review {language}", progress, keep_going=not fail_fast
        )
        for job, article in failures.succeeded(jobs, pages, _job_document):
            kept[job.source] = article
            record = {"stats": asdict(article.stats), "errors": article.errors}
            step.record(job.key, job.inputs, settings, record, [article.page])
        articles = tuple(kept[path] for path in sources if path in kept)
        index = context.folder / "index.html"
        reviews.append(LanguageReview(language, articles, index))
        write_atomic(index, _language_index(config, reviews[-1]).encode("utf-8"))
    state.save()
    home = render(
        "review_home.html",
        title="Review report",
        generator=GENERATOR,
        languages=[
            {
                "code": r.language,
                "name": language_name(r.language),
                "articles": len(r.articles),
                "total": r.total(),
            }
            for r in reviews
        ],
    )
    write_atomic(review_home(config), home.encode("utf-8"))
    failures.raise_if_any(reviews, functools.partial(_article_count, config))
    return reviews


def _glossary_fingerprint(config: Config) -> str | None:
    """The glossary's content hash: QA findings depend on it (a missing file has none)."""
    try:
        return content_hash(config.glossary.read_bytes())
    except OSError:
        return None


def _qa_context(config: Config, language: str, terms: dict[str, str]) -> Context:
    """What the checks know of a language: `check` and the review report use the same."""
    return Context(config.source_language, language, terms, config.check.min_confidence)


def _review_one(context: ReviewContext, job: ArticleJob) -> ArticleReview:
    """Check and render one article's report page."""
    config, language = context.config, context.language
    document = _load_segmented(config, job.source)
    entries = read_entries(job.catalog)
    checks = _qa_context(config, language, context.terms)
    findings = {
        unit.text: check_entry(entries[unit.text], checks)
        for unit in document.units
        if unit.text in entries
    }
    rows = article_rows(document, entries, findings)
    stats = article_counts(language, document.name, document, entries, config.check.min_confidence)
    errors = sum(row.qa_error for row in rows)
    page = context.folder / f"{document.name}.html"
    text = render(
        "review_article.html",
        title=f"{document.name} ({language}): review",
        generator=GENERATOR,
        document=document.name,
        language=language,
        language_name=language_name(language),
        direction=text_direction(language),
        source_language=config.source_language,
        source_name=language_name(config.source_language),
        source_direction=text_direction(config.source_language),
        stats=stats,
        errors=errors,
        rows=rows,
    )
    written = write_atomic(page, text.encode("utf-8"))
    return ArticleReview(stats, errors, page, written)


def _language_index(config: Config, report: LanguageReview) -> str:
    return render(
        "review_language.html",
        title=f"Review: {language_name(report.language)}",
        generator=GENERATOR,
        language=report.language,
        language_name=language_name(report.language),
        source_name=language_name(config.source_language),
        total=report.total(),
        articles=[
            {"stats": article.stats, "errors": article.errors, "page": article.page.name}
            for article in report.articles
        ],
    )


@dataclass(frozen=True)
class Finding:
    language: str
    document: str
    reference: str
    msgid: str
    problem: Problem


def check(
    config: Config,
    languages: list[str] | None = None,
    write_annotations: bool = False,
    fail_fast: bool = False,
) -> list[Finding]:
    """Run every QA check on every translated entry; with `write_annotations`, write the
    findings into the catalogs as `# QA:` translator comments (replacing the previous ones).

    Each finding names its unit precisely: `source/<article>:<line>:<column>` of the unit's
    first occurrence in the current article (several sentences share a paragraph's line). An
    article whose source or catalog cannot be read is named at the end (`ArticlesFailed`,
    with the findings of the others)."""
    failures = Failures(fail_fast)
    if write_annotations:
        with project_lock(config.root):
            findings = _check(config, languages, True, failures)
    else:
        findings = _check(config, languages, False, failures)
    failures.raise_if_any(findings, functools.partial(_article_count, config))
    return findings


def _check(
    config: Config, languages: list[str] | None, write_annotations: bool, failures: Failures
) -> list[Finding]:
    glossary = load_glossary(config.glossary, config.glossary_required)
    locations = _unit_locations(config, failures)
    findings = []
    for language in config.languages(languages):
        context = _qa_context(config, language, glossary.for_language(language))
        catalogs = {}
        for path in _catalogs(config, language):
            try:
                catalogs[path] = read_catalog(path)
            except CatalogError as error:
                failures.add(path.stem, error)
        reviewed = _reviewed_translations(catalogs)
        for path, catalog in catalogs.items():
            notes = {}
            for entry in catalog.entries:
                problems = check_entry(entry, context) + _inconsistent(entry, path, reviewed)
                reference = locations.get(entry.msgid) or entry.place
                findings += [
                    Finding(language, path.stem, reference, entry.msgid, p) for p in problems
                ]
                notes[entry.msgid] = [problem.note for problem in problems]
            if write_annotations:
                write_catalog(annotate(catalog, notes), path)
    return findings


def _reviewed_translations(catalogs: dict[Path, Catalog]) -> dict[str, dict[str, str]]:
    """msgid → {translation → where it is reviewed}, over all catalogs of a language."""
    found: dict[str, dict[str, str]] = {}
    for path, catalog in catalogs.items():
        for unit in _reviewed_units(catalog, catalog.metadata.get("Language", ""), path.name):
            found.setdefault(unit.source, {}).setdefault(unit.target, unit.where)
    return found


def _inconsistent(entry: Entry, path: Path, reviewed: dict[str, dict[str, str]]) -> list[Problem]:
    """One sentence reviewed differently in another article of the same language."""
    if entry.state is not EntryState.REVIEWED:
        return []
    others = dict(reviewed.get(entry.msgid, {}))
    others.pop(entry.msgstr, None)
    return [
        Problem("consistency", f"reviewed differently at {where}: {text!r}")
        for text, where in others.items()
    ]


def _unit_locations(config: Config, failures: Failures) -> dict[str, str]:
    """msgid → `path:line:column` of its first unit in the current articles (an article
    that cannot be read is a failure)."""
    locations: dict[str, str] = {}
    for document in _readable_documents(config, failures, _load_segmented):
        line_starts = [0, *(i + 1 for i, char in enumerate(document.text) if char == "\n")]
        for unit in document.units:
            if unit.text not in locations:
                line = bisect.bisect_right(line_starts, unit.start)
                column = unit.start - line_starts[line - 1] + 1
                locations[unit.text] = f"{document.path.as_posix()}:{line}:{column}"
    return locations


def status(
    config: Config, languages: list[str] | None = None, fail_fast: bool = False
) -> list[CatalogStats]:
    """Per language and article: the article's current units counted by the state of their
    translation, exactly as `build` counts them (a unit its catalog lacks is untranslated, and
    the row says the catalog is behind its source). An article whose source or catalog cannot
    be read has no row; `ArticlesFailed` names it, with the other rows."""
    stats = []
    failures = Failures(fail_fast)
    sources = _unique_sources(config, failures)
    for language in config.languages(languages):
        read: dict[Path, dict[str, Entry]] = {}  # one catalog may serve every article
        for path in sources:
            name = document_name(path)
            try:  # no catalog yet (extracted, not updated): every unit is untranslated
                po = catalog_path(config.locales, language, config.catalog_name(name))
                if po not in read:
                    read[po] = read_entries(po)
                entries = read[po]
                document = _load_segmented(config, path)
            except I18nError as error:
                failures.add(name, error)
                continue
            counts = article_counts(language, name, document, entries, config.check.min_confidence)
            behind = any(unit.text not in entries for unit in document.units)
            held = _held_back(counts, config.build_policy)
            stats.append(replace(counts, behind_source=behind, held_back=held))
    failures.raise_if_any(stats, functools.partial(_article_count, config))
    return stats


def _held_back(stats: CatalogStats, policy: BuildPolicy) -> str:
    """Why `build` would hold this article back or refuse it ("": it publishes it), from its
    counts."""
    usable = stats.translated + (stats.fuzzy if policy.include_fuzzy else 0)
    return why_held_back(stats.units, usable, policy) or fallback_refusal(
        stats.units, usable, policy
    )


def detect_file(path: Path) -> Detection:
    """The language of a text file: an article, or any UTF-8 text."""
    try:
        return detect_language(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError("no such file", path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("not UTF-8 text", path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path) from exc


@dataclass
class RunReport:
    updated: UpdateReport
    translated: TranslateReport
    built: list[LanguageBuild]

    @property
    def extracted(self) -> list[ExtractResult]:
        return self.updated.extracted


@_writes_project
def run(
    config: Config,
    languages: list[str] | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    check_language: bool = True,
    policy: BuildPolicy | None = None,
    fail_fast: bool = False,
) -> RunReport:
    """The main job: extract → update → translate → build (`update` extracts first).

    An article that fails a step is left as it was by the later steps; every other article
    goes through, then `ArticlesFailed` names the failures with the report of the rest.
    With `fail_fast`, the first failure stops the run."""
    failures = Failures(fail_fast)
    before = {document_name(path) for path in source_files(config)}
    updated = _keep_going(
        failures,
        update,
        config,
        languages,
        progress=progress,
        check_language=check_language,
        fail_fast=fail_fast,
    )
    failed = set(failures.errors)
    translated = _keep_going(
        failures, translate, config, languages, engine, progress, fail_fast=fail_fast, skip=failed
    )
    for path in source_files(config):  # renamed or added while the run went on
        if document_name(path) not in before:
            failures.add(
                document_name(path),
                SourceError(
                    "appeared while this run went on (added or renamed); the next run takes it",
                    path,
                ),
            )
    failed = set(failures.errors)
    built = _keep_going(
        failures, build, config, languages, policy, progress, fail_fast=fail_fast, skip=failed
    )
    report = RunReport(updated, translated, built)
    failures.raise_if_any(report, functools.partial(_article_count, config))
    return report


@dataclass(frozen=True)
class ModelRoute:
    target: str
    route: tuple[str, ...]  # the models' names, e.g. ("translate-de_en", "translate-en_fr"); ()


@dataclass(frozen=True)
class ModelsReport:
    installed: list[InstalledModel]
    packages_dir: Path
    routes: list[ModelRoute]  # how each configured target language would be translated


def models(config: Config) -> ModelsReport:
    """The installed argos models, and the route each configured language would take."""
    from .engines import argos

    routes = [
        ModelRoute(language, tuple(f"translate-{p.from_code}_{p.to_code}" for p in route))
        for language in config.target_languages
        for route in [argos.find_route(config.source_language, language)]
    ]
    return ModelsReport(argos.installed_models(), argos.packages_dir(), routes)


@dataclass(frozen=True)
class InstallReport:
    installed: list[InstalledModel]
    already: list[InstalledModel]  # the pair could be translated before: nothing was fetched
    replaced: list[InstalledModel] = field(default_factory=list)  # older versions removed
    index: str | None = None  # the index it was installed from


def install_models(
    source: str | None = None,
    target: str | None = None,
    file: Path | None = None,
    index: str | None = None,
    upgrade: bool = False,
    timeout: float = model_index.TIMEOUT,
    progress: model_index.Download | None = None,
) -> InstallReport:
    """Install a model file, or the model(s) for a language pair from an index: argos' own
    (network) or a mirror (`index`: a URL, a `file://` URL or a folder). A pair already
    installed, directly or via English, is left alone without asking the index, unless
    `upgrade` replaces the packages the index has newer versions of. Each download is checked
    (size and checksum when the index gives them, then the archive) before it is installed."""
    from .engines import argos

    if file is not None:
        return InstallReport([argos.install_from_file(file)], [])
    if not source or not target:
        raise ConfigError("give FROM and TO languages, or --file PATH.argosmodel")
    source, target = check_language(source), check_language(target)
    installed = {(model.source, model.target): model for model in argos.installed_models()}
    local = {(package.from_code, package.to_code) for package in argos.find_route(source, target)}
    if local and not upgrade:
        return InstallReport([], [installed[pair] for pair in sorted(local)])
    url = model_index.index_url(index)
    wanted = model_index.route(model_index.read_index(url, timeout), source, target)
    if not wanted:
        raise ModelInstallError(
            f"the model index {url} has no model for {source}→{target} (direct or via English)"
        )
    report = InstallReport([], [], [], url)
    for model in wanted:
        old = installed.get((model.source, model.target))
        if old is not None and not (upgrade and model_index.newer(model.version, old.version)):
            report.already.append(old)
            continue
        folder = argos.packages_dir().parent
        downloaded, link = model_index.download(model, folder, timeout, progress)
        try:
            if old is None:
                report.installed.append(argos.install_from_file(downloaded))
            else:
                report.installed.append(argos.replace_installed(downloaded, old))
                report.replaced.append(old)
        except ModelInstallError as exc:
            raise ModelInstallError(
                f"download of {model.name} {model.version} from {link}: {exc.message}; "
                "nothing was installed"
            ) from exc
        finally:
            downloaded.unlink(missing_ok=True)
    return report


@dataclass(frozen=True)
class AvailableModel:
    model: model_index.IndexedModel
    installed: str | None  # the installed version of the pair, if any


@dataclass(frozen=True)
class AvailableReport:
    index: str
    models: list[AvailableModel]
    routes: list[ModelRoute]  # what the index's packages would make of each target language


def available_models(
    config: Config, index: str | None = None, timeout: float = model_index.TIMEOUT
) -> AvailableReport:
    """What an index offers (`index`, else the project's `model-index`, else argos'), which
    of it is installed, and the route each configured language would take with it."""
    from .engines import argos

    url = model_index.index_url(index or config.mt.model_index)
    offered = model_index.read_index(url, timeout)
    installed = {(model.source, model.target): model.version for model in argos.installed_models()}
    models = [
        AvailableModel(model, installed.get((model.source, model.target)))
        for model in sorted(offered, key=lambda m: (m.source, m.target, m.version))
    ]
    routes = [
        ModelRoute(language, tuple(model.name for model in wanted))
        for language in config.target_languages
        for wanted in [model_index.route(offered, config.source_language, language)]
    ]
    return AvailableReport(url, models, routes)


@dataclass(frozen=True)
class MirrorReport:
    index: Path
    downloaded: list[model_index.IndexedModel]
    kept: list[model_index.IndexedModel]  # in the mirror already, same version: not fetched
    missing: list[str]  # the project's languages the index has no route for


def mirror_models(
    config: Config,
    folder: Path,
    pairs: list[tuple[str, str]] | None = None,
    index: str | None = None,
    timeout: float = model_index.TIMEOUT,
    progress: model_index.Download | None = None,
) -> MirrorReport:
    """Copy packages from an index into `folder` and write its `index.json`, so `--index
    FOLDER` (or a web server serving it) installs them without reaching the index: the given
    pairs, else those the project's languages need. Packages already mirrored at the index's
    version are not downloaded again; other entries of the mirror are kept."""
    from .engines import argos

    url = model_index.index_url(index or config.mt.model_index)
    offered = model_index.read_index(url, timeout)
    wanted: list[model_index.IndexedModel] = []
    missing: list[str] = []
    by_pair = model_index.newest(offered)
    for source, target in pairs or [
        (config.source_language, language) for language in config.target_languages
    ]:
        if pairs is None:  # what the language needs, direct or via English
            found = argos.pivot_route(by_pair, source, target)
        else:
            found = [by_pair[(source, target)]] if (source, target) in by_pair else []
        if not found and pairs is not None:
            raise ModelInstallError(f"the model index {url} has no model for {source}→{target}")
        if not found:
            missing.append(target)  # a language the index cannot serve: named, not fatal
        wanted += [model for model in found if model not in wanted]
    folder.mkdir(parents=True, exist_ok=True)
    entries = model_index.mirrored(folder)
    report = MirrorReport(folder / "index.json", [], [], missing)
    for model in wanted:
        key = (model.source, model.target, model.version)
        if key in entries:
            report.kept.append(model)
            continue
        downloaded, link = model_index.download(model, folder, timeout, progress)
        try:
            argos.check_model_file(downloaded)  # a mirror serves only what installs
        except ModelInstallError as exc:
            downloaded.unlink()
            raise ModelInstallError(
                f"download of {model.name} {model.version} from {link}: {exc.message}"
            ) from exc
        target = folder / model.file_name
        downloaded.replace(target)
        entries[key] = model_index.mirror_entry(model, target)
        report.downloaded.append(model)
    model_index.write_mirror_index(folder, [entries[key] for key in sorted(entries)])
    return report
