"""How catalogs change, as values: msgmerge's merge of a template into a language's catalog,
MT and memory suggestions, translators' work taken back from XLIFF, QA notes. Reading and
writing the PO files stays in `catalog.py`, the gateway."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from babel import Locale

from .catalog import (
    PROVENANCE_PREFIXES,
    now_stamp,
    one_line,
    origin_comments,
    qa_comments,
    read_catalog,
    translation_state,
    write_catalog,
)
from .model import Catalog, Entry, EntryState, MachineOrigin, MemoryOrigin
from .plurals import plural_forms
from .similarity import most_similar

# --- a language's catalog -----------------------------------------------------------------


def language_header(language: str) -> dict[str, str]:
    """The fields a new catalog of `language` gets, as msginit fills them."""
    locale = Locale.parse(language)
    header = {"Language-Team": f"{locale.english_name} <LL@li.org>", "Language": language}
    forms = plural_forms(language)
    if forms is not None:
        header["Plural-Forms"] = forms
    return header


def merge(
    template: Catalog,
    old: Catalog | None,
    language: str,
    stamp: str,
    keep_obsolete: bool = True,
) -> Catalog:
    """A language's catalog for this template, with GNU msgmerge's semantics (pure: neither
    input changes).

    - a unit whose text is in the old catalog (even as obsolete) keeps its translation, state
      and translator comments;
    - a new unit takes the translation of the most similar translated old entry (msgmerge's
      fstrcmp ≥ 0.6), marked fuzzy, with the source it was made for as `#| msgid`;
    - translated entries neither kept nor matched become obsolete (`#~`; dropped when
      `keep_obsolete` is false) and come back if their sentence returns; untranslated ones go.
      One difference from msgmerge: an entry whose sentence stands whole in the new unit it
      was matched to (units joined, as a new abbreviation does) is kept as obsolete too, so
      it comes back with its state when the units split again.
    """
    name = Locale.parse(language).english_name
    metadata = dict(template.metadata)
    metadata.update({"PO-Revision-Date": stamp, "Last-Translator": "", **language_header(language)})
    if old is not None:  # as msgmerge: the catalog's own header wins, but for the template's date
        metadata.update(
            {key: value for key, value in old.metadata.items() if key != "POT-Creation-Date"}
        )
    old_entries = [entry for entry in old.entries if entry.msgid] if old is not None else []
    by_msgid = {entry.msgid: entry for entry in old_entries}
    translated = [entry for entry in old_entries if entry.msgstr]
    translated_sources = [entry.msgid for entry in translated]
    used: set[int] = set()
    entries = []
    for new in template.entries:
        before = by_msgid.get(new.msgid)
        if before is not None:
            entries.append(_carry(before, new, fuzzy_match=False))
            used.add(id(before))
            continue
        found = most_similar(new.msgid, translated_sources)
        if found is not None:
            match = translated[found[0]]
            entries.append(_carry(match, new, fuzzy_match=True))
            if match.msgid not in new.msgid:
                used.add(id(match))
            # else units were joined (the old sentence stands whole in the new unit): the old
            # entry stays too, as obsolete, so it comes back as it was if they split again
        else:
            entries.append(Entry(new.msgid, references=new.references, block_kinds=new.block_kinds))
    if keep_obsolete:
        entries += [_obsolete(gone) for gone in old_entries if id(gone) not in used and gone.msgstr]
    return Catalog(
        metadata=metadata,
        header_comment=(old.header_comment if old is not None else "")
        or f"{name} translation of {template.metadata.get('Project-Id-Version', '')}.",
        header_fuzzy=False,
        entries=tuple(entries),
    )


def _carry(before: Entry, new: Entry, fuzzy_match: bool) -> Entry:
    """The template's entry `new` with the old entry's translation, state and comments."""
    fuzzy = before.fuzzy or fuzzy_match
    # the source the translation was made for: an older `#|` if the entry had one
    previous = (before.previous_msgid or (before.msgid if fuzzy_match else None)) if fuzzy else None
    state = translation_state(before.msgstr, fuzzy, before.origin, previous)
    return replace(
        before,
        msgid=new.msgid,
        state=state,
        references=new.references,
        block_kinds=new.block_kinds,
        notes=new.notes,
        previous_msgid=previous,
        kept_state=None,
    )


def _obsolete(entry: Entry) -> Entry:
    if entry.obsolete:
        return replace(entry, references=())
    return replace(entry, state=EntryState.OBSOLETE, kept_state=entry.state, references=())


def update_catalog(
    template_file: Path, catalog_file: Path, language: str, keep_obsolete: bool = True
) -> bool:
    """Create or update one PO file from its template; True when the file changed."""
    template = read_catalog(template_file)
    old = read_catalog(catalog_file) if catalog_file.exists() else None
    return write_catalog(merge(template, old, language, now_stamp(), keep_obsolete), catalog_file)


@dataclass(frozen=True)
class Suggestion:
    """A suggestion for one entry: the text, where it came from, the state it gives the entry
    (an MT suggestion; a TM suggestion; reviewed, for an exact memory match when the project
    takes those as msgmerge -C does) and, for a fuzzy memory match, the matched source."""

    text: str
    origin: MachineOrigin | MemoryOrigin
    state: EntryState = EntryState.MACHINE
    previous_msgid: str | None = None


def apply_suggestions(
    catalog: Catalog, suggestions: Mapping[str, Suggestion], stamp: str
) -> Catalog:
    """The catalog with these entries (msgid → suggestion) filled with the suggestions, their
    state and their provenance comments."""
    return _revised(catalog, suggestions, _suggested, stamp)


def _suggested(entry: Entry, suggestion: Suggestion) -> Entry:
    return replace(
        entry,
        msgstr=suggestion.text,
        state=suggestion.state,
        origin=suggestion.origin,
        comments=origin_comments(entry, suggestion.origin),
        previous_msgid=suggestion.previous_msgid,
    )


T = TypeVar("T")


def _revised(
    catalog: Catalog, changes: Mapping[str, T], change: Callable[[Entry, T], Entry], stamp: str
) -> Catalog:
    """The catalog with each live entry named in `changes` (msgid → change) changed, and
    its revision date `stamp`."""
    entries = tuple(
        change(entry, changes[entry.msgid])
        if entry.msgid in changes and not entry.obsolete
        else entry
        for entry in catalog.entries
    )
    return replace(
        catalog, entries=entries, metadata={**catalog.metadata, "PO-Revision-Date": stamp}
    )


@dataclass(frozen=True)
class HumanTranslation:
    """A translation a translator made in another tool (an XLIFF file): `confirmed` (it becomes
    reviewed) or a draft (fuzzy, to review); `came_from` names the file."""

    text: str
    confirmed: bool
    came_from: str


DRAFT_PREFIX = "draft from "  # `# draft from build/xliff/en/article.xlf`
_DRAFT_REPLACES = (*PROVENANCE_PREFIXES, DRAFT_PREFIX)  # the lines a new draft's comment ends


def take_translations(
    catalog: Catalog, translations: Mapping[str, HumanTranslation], stamp: str
) -> Catalog:
    """The catalog with these entries (msgid → translation) set to a translator's work.

    A confirmed translation is reviewed: no fuzzy flag, no `#|`; its MT or TM line stays as
    history. A draft is fuzzy and loses the MT/TM provenance (it is the translator's text now,
    never counted as a suggestion); a comment says which file it came from."""
    return _revised(catalog, translations, _taken, stamp)


def _taken(entry: Entry, translation: HumanTranslation) -> Entry:
    origin, comments = entry.origin, entry.comments
    if not translation.confirmed:
        origin = None
        kept = [line for line in comments if not line.startswith(_DRAFT_REPLACES)]
        comments = (*kept, DRAFT_PREFIX + one_line(translation.came_from))
    return replace(
        entry,
        msgstr=translation.text,
        state=translation_state(translation.text, not translation.confirmed, origin, None),
        origin=origin,
        comments=comments,
        previous_msgid=None,
    )


def annotate(catalog: Catalog, findings: Mapping[str, Sequence[str]]) -> Catalog:
    """The catalog with each live entry's `# QA:` lines replaced by its findings (msgid →
    lines; an entry without any loses its old ones)."""

    def annotated(entry: Entry) -> Entry:
        notes = tuple(findings.get(entry.msgid, ()))
        return replace(entry, qa=notes, comments=qa_comments(entry, notes))

    entries = tuple(e if e.obsolete else annotated(e) for e in catalog.entries)
    return replace(catalog, entries=entries)
