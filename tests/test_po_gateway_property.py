"""No text from outside can end a PO comment, flag or string early (issue 27).

Random text — control characters, CR, LF, quotes, backslashes, bidi and zero-width characters
among letters — goes through every string field and every comment kind a catalog entry has.
Through the gateway (`write_catalog` then `read_catalog`) each input is either refused with
one `CatalogError` or read back equal; through the operations that make comments from outside
text (MT and memory provenance, QA notes, a draft's file name) the catalog always reads back
with exactly its entries. Every catalog written passes `msgfmt -c`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_tool.catalog import read_catalog, write_catalog
from i18n_tool.catalog_edits import (
    HumanTranslation,
    Suggestion,
    annotate,
    apply_suggestions,
    take_translations,
)
from i18n_tool.errors import CatalogError
from i18n_tool.model import Catalog, Entry, EntryState, MachineOrigin, MemoryOrigin, Reference

HOSTILE = (
    "aZ ü.,:;#|~-\"'\\\r\n\t\x01\x07\x08\x0b\x0c\x1b\x1c\x1d\x1e\x7f\x85"
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200d\ufeff"
    '"msgstr msgid'
)
text = st.text(
    alphabet=st.sampled_from(list(HOSTILE)) | st.characters(blacklist_categories=("Cs",)),
    max_size=24,
)
line = text  # a comment line as the caller gives it
HEADER = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext")


def msgfmt_accepts(path: Path) -> bool:
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return done.returncode == 0


def written_and_read(catalog: Catalog) -> Catalog | None:
    """The catalog as read back after writing it; None when the gateway refused it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        try:
            write_catalog(catalog, path)
        except CatalogError as refused:
            assert "\n" not in str(refused)  # one line
            assert not path.exists()
            return None
        assert msgfmt_accepts(path), path.read_text(encoding="utf-8")
        return read_catalog(path)


def as_read(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Comment lines as a PO reader gives them back: white space at a line's end, and empty
    lines before the first and after the last, are not kept (polib strips them; they carry
    no text)."""
    stripped = [line.rstrip() for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    while stripped and not stripped[0]:
        stripped.pop(0)
    return tuple(stripped)


def fields(entry: Entry) -> tuple[object, ...]:
    return (entry.msgid, entry.msgstr, entry.previous_msgid, as_read(entry.comments),
            as_read(entry.notes), entry.flags, entry.references, entry.block_kinds)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    msgid=text.filter(lambda t: t.strip() != ""),
    msgstr=text,
    previous=st.none() | text.filter(bool),
    comments=st.lists(line, max_size=3),
    notes=st.lists(line, max_size=2),
    flags=st.lists(text.filter(bool), max_size=2),
    reference=st.tuples(text.filter(bool), st.sampled_from(["", "3", "12"])),
    fuzzy=st.booleans(),
    header_comment=text.map(lambda t: t.strip("\n")),
)
def test_every_field_is_refused_or_read_back_equal(
    msgid: str,
    msgstr: str,
    previous: str | None,
    comments: list[str],
    notes: list[str],
    flags: list[str],
    reference: tuple[str, str],
    fuzzy: bool,
    header_comment: str,
) -> None:
    state = EntryState.NEEDS_REVIEW if fuzzy and msgstr else EntryState.REVIEWED
    entry = Entry(
        msgid,
        msgstr,
        state if msgstr else EntryState.UNTRANSLATED,
        references=(Reference(*reference),),
        previous_msgid=previous if fuzzy and msgstr else None,
        comments=tuple(comments),
        notes=tuple(notes),
        flags=tuple(flags),
    )
    catalog = Catalog(metadata=HEADER, header_comment=header_comment, entries=(entry,))
    back = written_and_read(catalog)
    if back is None:
        return
    assert as_read(tuple(back.header_comment.split("\n"))) == as_read(
        tuple(header_comment.split("\n"))
    )
    [read] = back.entries
    assert fields(read) == fields(entry)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    provenance=text,
    glossary=st.lists(text, max_size=2),
    warnings=st.lists(text, max_size=2),
    where=text,
    alternatives=st.lists(text, max_size=2),
    finding=text,
    came_from=text,
    translation=text.filter(lambda t: t.strip() != ""),
)
def test_comments_made_from_outside_text_never_break_the_catalog(
    provenance: str,
    glossary: list[str],
    warnings: list[str],
    where: str,
    alternatives: list[str],
    finding: str,
    came_from: str,
    translation: str,
) -> None:
    entries = (Entry("Erster Satz."), Entry("Zweiter Satz."), Entry("Dritter Satz."))
    catalog = Catalog(metadata=HEADER, entries=entries)
    machine = MachineOrigin(provenance, tuple(glossary), tuple(warnings), 0.5)
    memory = MemoryOrigin(0.8, where, tuple(alternatives))
    catalog = apply_suggestions(
        catalog,
        {
            "Erster Satz.": Suggestion(translation, machine),
            "Zweiter Satz.": Suggestion(translation, memory, EntryState.MEMORY, "Zweiter Satz!"),
        },
        "2026-12-03 10:00+0000",
    )
    catalog = annotate(catalog, {"Erster Satz.": [finding]})
    catalog = take_translations(
        catalog,
        {"Dritter Satz.": HumanTranslation(translation, False, came_from)},
        "2026-12-03 10:00+0000",
    )
    back = written_and_read(catalog)
    if back is None:  # only the translation itself may be refused, never a comment
        with pytest.raises(CatalogError, match="the translation"):
            write_catalog(catalog, Path(tempfile.mkdtemp()) / "x.po")
        return
    assert [e.msgid for e in back.entries] == [e.msgid for e in entries]
    first, second, third = back.entries
    assert first.state is EntryState.MACHINE and second.state is EntryState.MEMORY
    assert (first.msgstr, second.msgstr) == (translation,) * 2
    assert third.state in (EntryState.NEEDS_REVIEW, EntryState.UNTRANSLATED)  # a draft, or
    # refused as a translation no catalog can hold (take_translations leaves those out)
