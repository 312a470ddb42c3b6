"""translate: reads the catalogs, the memory (memory/ and the catalogs' reviewed work) and the
glossary; writes MT and memory suggestions into the catalogs, and the suggestions' record."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..catalog import read_catalog
from ..engines import Engine
from ..engines.registry import check_engine_name
from ..errors import CatalogError, EngineError, ModelBrokenError, ModelMissingError
from ..executors import Executor, create_executor
from ..outcomes import Failures
from ..parallel import Progress
from ..pretranslate import (
    LanguageTranslation,
    fill_from_memory,
    needs_translation,
    translate_catalogs,
)
from ..project import Project
from ..snapshot import Snapshot
from ._task import task


@dataclass
class TranslateReport:
    done: list[LanguageTranslation] = field(default_factory=list)
    missing_models: dict[str, str] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # language -> what the engine said
    broken: dict[str, str] = field(default_factory=dict)  # language -> the broken model

    @property
    def settled(self) -> bool:
        """Whether a second run would have nothing to translate: every language done, no
        entry left empty."""
        problems = self.missing_models or self.failed or self.broken
        return not problems and not any(done.empty for done in self.done)

    def unchanged(self) -> TranslateReport:
        """What a translation with nothing changed since this settled one reports."""
        return TranslateReport([LanguageTranslation(done.language, 0) for done in self.done])


@task(writes=True)
def translate(
    project: Project,
    languages: list[str] | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    chunk_size: int = 64,
    retranslate_fuzzy: bool = False,
    executor: Executor | None = None,
    fail_fast: bool = False,
    skip: Collection[str] = (),
    only: Collection[str] | None = None,
    project_files: Snapshot | None = None,
) -> TranslateReport:
    """Fill untranslated entries by MT; languages without a model are reported, not fatal.

    Each chunk of `chunk_size` units is saved as soon as it is translated (resumable). The
    batches run where `[tool.i18n-tool.mt] executor` says, or on a caller's `executor` (kept
    open: a Ray pool can serve many calls), or on a caller's `engine` here. A catalog that
    cannot be read is left alone and named at the end (`ArticlesFailed`); the articles in
    `skip` (failed in an earlier step of `run`) are left alone too; with `only` (document
    names), only those articles' catalogs are looked at (the memory still holds them all).
    `project_files`: the project's stat lines as the caller took them before its steps,
    when only the articles of `only` may have changed since (`run`'s): the memory's sync
    reads its catalogs' lines from them, not from a walk of its own.
    """
    config = project.config
    report = TranslateReport()
    if engine is None:
        check_engine_name(config.mt.engine)
    targets = project.languages(languages)
    failures = project.failures(fail_fast)
    catalogs = {
        language: [path for path in project.catalogs(language, only) if path.stem not in skip]
        for language in targets
    }
    pending = _pending_translation(project, catalogs, retranslate_fuzzy, failures)
    glossary = project.glossary()
    log = project.state.remember_suggestions
    given = executor
    try:
        for language in targets:
            if not pending[language]:
                report.done.append(LanguageTranslation(language, translated=0))
                continue
            memory = project.memory(
                language,
                {*skip, *failures.errors},
                progress,
                _catalog_lines(project, language, project_files, only),
            )
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
                    terms=glossary.for_language(language, config.source_language),
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
    failures.raise_if_any(report)
    return report


def _catalog_lines(
    project: Project, language: str, project_files: Snapshot | None, only: Collection[str] | None
) -> Snapshot | None:
    """The stat lines of a language's catalogs from the caller's snapshot, those of the
    articles in `only` taken again (the steps before may have written them)."""
    if project_files is None or only is None:
        return None
    written = [str(project.layout.catalog(language, name)) for name in only]
    return project_files.refreshed(str(project.layout.language_folder(language)), written)


def _pending_translation(
    project: Project,
    catalogs: dict[str, list[Path]],
    retranslate_fuzzy: bool,
    failures: Failures,
) -> dict[str, int]:
    """Per language, how many entries MT would fill; counted only in catalogs that changed
    since they were last counted. Only the catalogs with entries to fill stay in `catalogs`
    (the others are not read again); one that cannot be read is a failure of its article."""
    pending = {}
    with project.state.step("translate") as step:
        for language, paths in catalogs.items():
            total, with_work = 0, []
            for path in paths:
                try:
                    record = step.remembered(
                        f"{language}/{path.stem}", {"catalog": path}, lambda p=path: _count(p)
                    )
                except CatalogError as error:
                    failures.add(path.stem, error)
                    continue
                todo = record["empty"] + (record["merged"] if retranslate_fuzzy else 0)
                if todo:
                    with_work.append(path)
                total += todo
            paths[:] = with_work
            pending[language] = total
    return pending


def _count(catalog: Path) -> dict[str, int]:
    """How many entries are empty, and how many `update` matched to an edited sentence."""
    entries = read_catalog(catalog).entries
    empty = sum(needs_translation(e) for e in entries)
    return {"empty": empty, "merged": sum(needs_translation(e, True) for e in entries) - empty}
