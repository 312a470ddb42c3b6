"""Units counted by the state of their translation: the one count `status`, `build`'s index,
the review report and `--fail-under` all read, so they can never disagree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .config import deprecated
from .model import Document, Entry, EntryState

_FUZZY = (EntryState.MACHINE, EntryState.MEMORY, EntryState.NEEDS_REVIEW)


@dataclass(frozen=True)
class CatalogStats:
    """A language's units in one document (or, as `document="*"`, all), counted by state."""

    language: str
    document: str
    units: int
    reviewed: int
    fuzzy: int  # MT suggestions and translations to review again
    machine: int  # of `fuzzy`: MT suggestions nobody has reviewed
    behind_source: bool = False  # the catalog lacks units of the current source: run update
    memory: int = 0  # of `fuzzy`: translation-memory suggestions nobody has reviewed
    lowest_confidence: float | None = None  # of the MT suggestions; None when they have none
    low_confidence: int = 0  # MT suggestions below the project's min-confidence
    held_back: str | None = None  # why the build policy does not publish this article ("":
    # it does; None: not decided, as for a language's totals)

    @property
    def needs_review(self) -> int:
        return self.fuzzy - self.machine - self.memory

    @property
    def untranslated(self) -> int:
        return self.units - self.reviewed - self.fuzzy

    @property
    def percent_reviewed(self) -> float:
        return 100.0 * self.reviewed / self.units if self.units else 100.0

    @property
    def translated(self) -> int:
        """Deprecated name of `reviewed` (it always counted reviewed units)."""
        deprecated("CatalogStats.translated is now CatalogStats.reviewed")
        return self.reviewed

    @property
    def percent_translated(self) -> float:
        """Deprecated name of `percent_reviewed`."""
        deprecated("CatalogStats.percent_translated is now CatalogStats.percent_reviewed")
        return self.percent_reviewed


def count_states(
    language: str, document: str, entries: Sequence[Entry | None], min_confidence: float
) -> CatalogStats:
    """Counts of the states of a document's units, from each unit's entry (None: the catalog
    lacks it, so it is untranslated); repeated units count each time."""
    states = [entry.state if entry else EntryState.UNTRANSLATED for entry in entries]
    confidences = [c for e in entries if e and (c := e.mt_confidence) is not None]
    return CatalogStats(
        language=language,
        document=document,
        units=len(states),
        reviewed=states.count(EntryState.REVIEWED),
        fuzzy=sum(state in _FUZZY for state in states),
        machine=states.count(EntryState.MACHINE),
        memory=states.count(EntryState.MEMORY),
        lowest_confidence=min(confidences, default=None),
        low_confidence=sum(c < min_confidence for c in confidences),
    )


def article_counts(
    language: str, document: Document, entries: Mapping[str, Entry], min_confidence: float
) -> CatalogStats:
    """The article's current units counted by state, from its catalog's entries."""
    found = [entries.get(unit.text) for unit in document.units]
    return count_states(language, document.name, found, min_confidence)


def totals(stats: list[CatalogStats]) -> list[CatalogStats]:
    """One row per language summing its documents (document "*"), in first-seen order."""
    by_language: dict[str, list[CatalogStats]] = {}
    for row in stats:
        by_language.setdefault(row.language, []).append(row)
    return [
        CatalogStats(
            language=language,
            document="*",
            units=sum(r.units for r in rows),
            reviewed=sum(r.reviewed for r in rows),
            fuzzy=sum(r.fuzzy for r in rows),
            machine=sum(r.machine for r in rows),
            behind_source=any(r.behind_source for r in rows),
            memory=sum(r.memory for r in rows),
            lowest_confidence=min(
                (r.lowest_confidence for r in rows if r.lowest_confidence is not None),
                default=None,
            ),
            low_confidence=sum(r.low_confidence for r in rows),
        )
        for language, rows in by_language.items()
    ]


def under_bar(languages: list[CatalogStats], percent: float) -> list[CatalogStats]:
    """The languages (rows of `totals`) with less than `percent` % of their units reviewed:
    what `status --fail-under` fails on."""
    return [row for row in languages if row.percent_reviewed < percent]
