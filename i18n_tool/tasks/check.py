"""check: reads the articles and the catalogs (and the glossary); writes nothing, or with
annotations the findings into the catalogs as `# QA:` comments."""

from __future__ import annotations

import bisect
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..catalog import write_catalog
from ..catalog_edits import annotate
from ..memory import reviewed_units
from ..model import Catalog, Entry, EntryState
from ..outcomes import Failures
from ..parallel import Progress, run_all
from ..project import Project
from ..qa import Context, Problem, check_entry
from ..terms import Terminology
from ._task import task


@dataclass(frozen=True)
class Finding:
    language: str
    document: str
    reference: str
    msgid: str
    problem: Problem


def qa_context(project: Project, language: str, terms: Terminology) -> Context:
    """What the checks know of a language: `check` and the review report use the same."""
    config = project.config
    return Context(config.source_language, language, terms, config.check.min_confidence)


@task(writes=False)
def check(
    project: Project,
    languages: list[str] | None = None,
    write_annotations: bool = False,
    fail_fast: bool = False,
    progress: Progress | None = None,
) -> list[Finding]:
    """Run every QA check on every translated entry; with `write_annotations`, write the
    findings into the catalogs as `# QA:` translator comments (replacing the previous ones).

    Each finding names its unit precisely: `source/<article>:<line>:<column>` of the unit's
    first occurrence in the current article (several sentences share a paragraph's line). An
    article whose source or catalog cannot be read is named at the end (`ArticlesFailed`,
    with the findings of the others). The catalogs are checked in parallel (`progress` hears
    of each: "check <language>"): on 2,000 articles a check took 50 s (by hand), two thirds
    of it the checks of each entry."""
    failures = project.failures(fail_fast)
    with project.lock() if write_annotations else nullcontext():
        findings = _check(project, languages, write_annotations, failures, progress)
    failures.raise_if_any(findings)
    return findings


@dataclass(frozen=True)
class CheckContext:
    """What checking each catalog of a language shares (sent once to each worker process)."""

    qa: Context
    reviewed: dict[str, dict[str, str]]  # msgid → {translation → where it is reviewed}


def _check(
    project: Project,
    languages: list[str] | None,
    write_annotations: bool,
    failures: Failures,
    progress: Progress | None,
) -> list[Finding]:
    glossary = project.glossary()
    locations = _unit_locations(project, failures)
    findings = []
    for language in project.languages(languages):
        context = qa_context(
            project, language, glossary.for_language(language, project.config.source_language)
        )
        catalogs = project.read_catalogs(language, failures, progress)
        shared = CheckContext(context, _reviewed_translations(catalogs))
        items = list(catalogs.values())
        checked = run_all(_check_catalog, shared, items, f"check {language}", progress)
        for (path, catalog), problems in zip(catalogs.items(), checked, strict=True):
            notes = {}
            for entry, found in zip(catalog.entries, problems, strict=True):
                reference = locations.get(entry.msgid) or entry.place
                findings += [Finding(language, path.stem, reference, entry.msgid, p) for p in found]
                notes[entry.msgid] = [problem.note for problem in found]
            if write_annotations:
                write_catalog(annotate(catalog, notes), path)
    return findings


def _check_catalog(context: CheckContext, catalog: Catalog) -> list[list[Problem]]:
    """Each entry's problems, in the catalog's order."""
    return [
        check_entry(entry, context.qa) + _inconsistent(entry, context.reviewed)
        for entry in catalog.entries
    ]


def _reviewed_translations(catalogs: dict[Path, Catalog]) -> dict[str, dict[str, str]]:
    """msgid → {translation → where it is reviewed}, over all catalogs of a language."""
    found: dict[str, dict[str, str]] = {}
    for path, catalog in catalogs.items():
        for unit in reviewed_units(catalog, catalog.metadata.get("Language", ""), path.name):
            found.setdefault(unit.source, {}).setdefault(unit.target, unit.where)
    return found


def _inconsistent(entry: Entry, reviewed: dict[str, dict[str, str]]) -> list[Problem]:
    """One sentence reviewed differently in another article of the same language."""
    if entry.state is not EntryState.REVIEWED:
        return []
    others = dict(reviewed.get(entry.msgid, {}))
    others.pop(entry.msgstr, None)
    return [
        Problem("consistency", f"reviewed differently at {where}: {text!r}")
        for text, where in others.items()
    ]


def _unit_locations(project: Project, failures: Failures) -> dict[str, str]:
    """msgid → `path:line:column` of its first unit in the current articles (an article
    that cannot be read is a failure)."""
    locations: dict[str, str] = {}
    for document in project.documents(failures, segmented=True):
        line_starts = [0, *(i + 1 for i, char in enumerate(document.text) if char == "\n")]
        for unit in document.units:
            if unit.text not in locations:
                line = bisect.bisect_right(line_starts, unit.start)
                column = unit.start - line_starts[line - 1] + 1
                locations[unit.text] = f"{document.path.as_posix()}:{line}:{column}"
    return locations
