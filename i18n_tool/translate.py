"""Machine translation of catalogs: which entries go to the engine, and what comes back.

Only entries without any translation are sent; whatever a human wrote (reviewed or fuzzy) is
never touched. The units of all catalogs of a language go to the engine together: shielded
(markup, numbers and glossary terms become placeholders), deduplicated and sorted by length,
in chunks that are saved as soon as they are done, so an interrupted run keeps its work and a
rerun only translates what is still missing.

Results are fuzzy suggestions with translator comments that gettext tools keep (`msgmerge`
and `msgcat` drop `#.` comments and unknown flags, not `#` ones):
`# MT: <engine> <package> <version> [→ ...]`, `# MT glossary: ...`, and `# MT warning: ...`
for anything a reviewer must look at (lost markup, a repetition loop).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import now_stamp
from .engines.base import Engine
from .errors import EngineError, I18nError
from .model import EntryState
from .pofile import MT_PREFIX, read_po, save_po, state_of
from .protect import Restored, Shielded, shield

Progress = Callable[[str, int, int], None]
"""Called with (language, units done, units total) after each chunk."""

MT_GLOSSARY = "MT glossary: "
MT_WARNING = "MT warning: "
_MT_LINES = (MT_PREFIX, MT_GLOSSARY, MT_WARNING)


@dataclass(frozen=True)
class LanguageTranslation:
    language: str
    translated: int
    empty: int = 0
    warnings: int = 0


def needs_translation(entry: polib.POEntry, retranslate_fuzzy: bool = False) -> bool:
    """Untranslated entries; with `retranslate_fuzzy` also those `update` matched to an edited
    sentence (fuzzy with a `#| msgid`). Reviewed entries never."""
    state = state_of(entry)
    merged = state is EntryState.NEEDS_REVIEW and bool(entry.previous_msgid)
    return state is EntryState.UNTRANSLATED or (retranslate_fuzzy and merged)


def _runs(words: list[str], size: int) -> tuple[int, list[str]]:
    """The longest run of one `size`-word group repeated back to back, and that group."""
    best, best_gram = 1, []
    for start in range(len(words) - size):
        gram, count = words[start : start + size], 1
        while words[start + count * size : start + (count + 1) * size] == gram:
            count += 1
        if count > best:
            best, best_gram = count, gram
    return best, best_gram


def repetition(source: str, output: str) -> str | None:
    """A repetition loop in MT output that the source does not have, described; else None."""
    words, source_words = re.findall(r"\w+", output.lower()), re.findall(r"\w+", source.lower())
    for size in (1, 2, 3, 4):
        count, gram = _runs(words, size)
        if count >= (4 if size == 1 else 3) and count > _runs(source_words, size)[0]:
            return f"repetition loop: {' '.join(gram)!r} {count} times in a row"
    if len(output) > 3 * len(source) + 20:
        return f"output is {len(output) / max(len(source), 1):.1f}× the source length"
    return None


def mark_machine_translated(entry: polib.POEntry, restored: Restored, provenance: str) -> None:
    entry.msgstr = restored.text
    entry.previous_msgid = None  # the suggestion is for the current text
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    lines = [line for line in entry.tcomment.splitlines() if not line.startswith(_MT_LINES)]
    lines.append(MT_PREFIX + provenance)
    if restored.glossary:
        lines.append(MT_GLOSSARY + ", ".join(restored.glossary))
    lines += [MT_WARNING + problem for problem in restored.problems]
    entry.tcomment = "\n".join(lines)


def translate_catalogs(
    paths: list[Path],
    source: str,
    target: str,
    engine: Engine,
    chunk_size: int = 64,
    progress: Progress | None = None,
    terms: dict[str, str] | None = None,
    retranslate_fuzzy: bool = False,
) -> LanguageTranslation:
    """Fill every untranslated entry of these catalogs (one language) by MT, chunk by chunk.

    `terms` is the glossary for this language (source term → required target text).
    """
    engine.translate_batch([], source, target)  # no model: say so before reading anything
    catalogs = {path: read_po(path) for path in paths}
    pending: dict[str, list[tuple[Shielded, Path, polib.POEntry]]] = {}
    for path, po in catalogs.items():
        for entry in po:
            if needs_translation(entry, retranslate_fuzzy):
                shielded = shield(entry.msgid, source, target, terms)
                pending.setdefault(shielded.text, []).append((shielded, path, entry))
    texts = sorted(pending, key=len)
    done = empty = warnings = 0
    for start in range(0, len(texts), chunk_size):
        chunk = texts[start : start + chunk_size]
        touched: set[Path] = set()
        try:
            results = engine.translate_batch(chunk, source, target)
        except I18nError:
            raise
        except Exception as exc:  # an engine's own failure: say which units, keep the rest
            raise EngineError(
                f"{getattr(engine, 'name', 'MT engine')} failed on {len(chunk)} units "
                f"(the first: {chunk[0][:60]!r}): {type(exc).__name__}: {exc}; "
                f"the {done} units translated before it in this run are saved"
            ) from exc
        for text, result in zip(chunk, results, strict=True):
            if not result.text.strip():
                empty += 1  # no suggestion: the entry stays untranslated
                continue
            for shielded, path, entry in pending[text]:
                restored = shielded.restore(result.text)
                loop = repetition(entry.msgid, restored.text)
                if loop:
                    restored = Restored(
                        restored.text, (*restored.problems, loop), restored.glossary
                    )
                warnings += bool(restored.problems)
                mark_machine_translated(entry, restored, result.provenance)
                touched.add(path)
            done += 1
        for path in touched:
            catalogs[path].metadata["PO-Revision-Date"] = now_stamp()
            save_po(catalogs[path], path)
        if progress:
            progress(f"translate {target}", min(start + chunk_size, len(texts)), len(texts))
    return LanguageTranslation(target, translated=done, empty=empty, warnings=warnings)
