"""Machine translation of catalogs: which entries go to the engine, and what comes back.

Only entries without any translation are sent; whatever a human wrote (reviewed or fuzzy) is
never touched. The units of all catalogs of a language go to the engine together: shielded
(markup, numbers and glossary terms become placeholders), deduplicated and sorted by length,
in chunks that are saved as soon as they are done, so an interrupted run keeps its work and a
rerun only translates what is still missing.

Results are fuzzy suggestions with translator comments that gettext tools keep (`msgmerge`
and `msgcat` drop `#.` comments and unknown flags, not `#` ones):
`# MT: <engine> <package> <version> [→ ...]; confidence 0.93` (the model's own confidence,
see `engines.argos.token_confidence`), `# MT glossary: ...`, and `# MT warning: ...`
for anything a reviewer must look at (lost markup, a repetition loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .catalog import now_stamp, read_catalog, write_catalog
from .catalog_edits import Suggestion, apply_suggestions
from .config import MemorySettings
from .errors import EngineError
from .executors import Executor
from .memory import Memory
from .model import Entry, EntryState, MachineOrigin, MemoryOrigin
from .parallel import Progress
from .protect import Shielded, shield
from .qa import repetition
from .terms import Terminology


@dataclass(frozen=True)
class LanguageTranslation:
    language: str
    translated: int  # by MT
    empty: int = 0
    warnings: int = 0
    from_memory: int = 0  # entries filled from the translation memory, before MT
    memory_exact: int = 0  # of those: the same sentence, reviewed elsewhere
    memory_accepted: int = 0  # of those: taken as reviewed (the project's own, or trusted)


# Told each catalog's new suggestions (msgid → text) as they are written: what an import
# compares with to tell an untouched suggestion from a translator's draft.
SuggestionLog = Callable[[Path, dict[str, str]], None]


def fill_from_memory(
    paths: list[Path],
    memory: Memory,
    settings: MemorySettings,
    log: SuggestionLog | None = None,
) -> tuple[int, int, int]:
    """Fill untranslated entries from the memory before MT; (entries filled, of which exact,
    of which taken as reviewed).

    The same sentence reviewed in this project is taken as reviewed, as `msgmerge -C` does
    (or as a TM suggestion with `exact = "fuzzy"`, or when it was reviewed in different ways:
    then the most recent, with the others listed); from an imported memory it is a TM
    suggestion unless the project trusts that memory. A similar one scoring at least the
    threshold is a TM suggestion whose `#| msgid` shows the sentence it was made for."""
    filled = exact = accepted = 0
    threshold = settings.threshold / 100
    for path in paths:
        catalog = read_catalog(path)
        suggestions = {}
        for entry in catalog.entries:
            if entry.state is not EntryState.UNTRANSLATED:
                continue
            match = memory.lookup(entry.msgid, threshold)
            if match is None:
                continue
            origin = MemoryOrigin(match.score, match.unit.where, match.alternatives)
            reviewed = (
                match.exact
                and match.unit.trusted
                and not match.alternatives
                and settings.exact == "reviewed"
            )
            suggestions[entry.msgid] = Suggestion(
                match.unit.target,
                origin,
                EntryState.REVIEWED if reviewed else EntryState.MEMORY,
                None if match.exact else match.unit.source,
            )
            exact += match.exact
            accepted += reviewed
        if suggestions:
            write_catalog(apply_suggestions(catalog, suggestions, now_stamp()), path)
            filled += len(suggestions)
            if log:
                log(path, {msgid: made.text for msgid, made in suggestions.items()})
    return filled, exact, accepted


def needs_translation(entry: Entry, retranslate_fuzzy: bool = False) -> bool:
    """Untranslated entries; with `retranslate_fuzzy` also those `update` matched to an edited
    sentence (fuzzy with a `#| msgid`). Reviewed entries never."""
    merged = entry.state is EntryState.NEEDS_REVIEW and entry.previous_msgid is not None
    return entry.state is EntryState.UNTRANSLATED or (retranslate_fuzzy and merged)


def translate_catalogs(
    paths: list[Path],
    source: str,
    target: str,
    executor: Executor,
    chunk_size: int = 64,
    progress: Progress | None = None,
    terms: Terminology | None = None,
    retranslate_fuzzy: bool = False,
    log: SuggestionLog | None = None,
) -> LanguageTranslation:
    """Fill every untranslated entry of these catalogs (one language) by MT, chunk by chunk;
    each chunk is saved as soon as the executor returns it.

    `terms` is the glossary for this language.
    """
    executor.check(source, target)  # no model: say so before reading anything
    catalogs = {path: read_catalog(path) for path in paths}
    pending: dict[str, list[tuple[Shielded, Path, str]]] = {}
    for path, catalog in catalogs.items():
        for entry in catalog.entries:
            if needs_translation(entry, retranslate_fuzzy):
                shielded = shield(entry.msgid, source, target, terms)
                pending.setdefault(shielded.text, []).append((shielded, path, entry.msgid))
    texts = sorted(pending, key=len)
    chunks = [texts[start : start + chunk_size] for start in range(0, len(texts), chunk_size)]
    done = empty = warnings = 0
    results = executor.translate_chunks(chunks, source, target)
    while True:
        try:
            index, translations = next(results)
        except StopIteration:
            break
        except EngineError as exc:
            raise EngineError(
                f"{exc.message}; the {done} units translated before it in this run are saved"
            ) from exc
        suggestions: dict[Path, dict[str, Suggestion]] = {}
        for text, result in zip(chunks[index], translations, strict=True):
            if not result.text.strip():
                empty += 1  # no suggestion: the entry stays untranslated
                continue
            for shielded, path, msgid in pending[text]:
                restored = shielded.restore(result.text)
                loop = repetition(msgid, restored.text)
                problems = (*restored.problems, loop) if loop else restored.problems
                warnings += bool(problems)
                confidence = None if result.confidence is None else round(result.confidence, 2)
                origin = MachineOrigin(result.provenance, restored.glossary, problems, confidence)
                suggestions.setdefault(path, {})[msgid] = Suggestion(restored.text, origin)
            done += 1
        for path, made in suggestions.items():
            catalogs[path] = apply_suggestions(catalogs[path], made, now_stamp())
            write_catalog(catalogs[path], path)
            if log:
                log(path, {msgid: suggestion.text for msgid, suggestion in made.items()})
        if progress:
            progress(f"translate {target}", done + empty, len(texts))
    return LanguageTranslation(target, translated=done, empty=empty, warnings=warnings)
