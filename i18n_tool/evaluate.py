"""Measure a sentence segmenter against gold cases: boundary F1 and exact-case accuracy.

Two gold formats are read: JSON lines (`{"text", "sentences", "alt"?}` per line, the format of
public segmentation suites) and the project's TOML suite (groups of cases, each a list of
sentences joined by one space, or a `{text, sentences}` table).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import I18nError

Splitter = Callable[[str], list[str]]


@dataclass(frozen=True)
class GoldCase:
    text: str
    sentences: tuple[str, ...]
    group: str = ""
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Score:
    cases: int = 0
    exact: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    failures: list[tuple[GoldCase, list[str]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.cases if self.cases else 1.0


def read_gold(path: Path) -> list[GoldCase]:
    """Gold cases from a `.jsonl` or `.toml` file."""
    try:
        if path.suffix == ".jsonl":
            return [
                _json_case(json.loads(line)) for line in path.open(encoding="utf-8") if line.strip()
            ]
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise I18nError(f"cannot read gold cases: {exc}", path) from exc
    return [_toml_case(case, group["name"]) for group in data["group"] for case in group["cases"]]


def _json_case(record: dict[str, object]) -> GoldCase:
    alternatives = record.get("alt") or []
    return GoldCase(
        text=str(record["text"]),
        sentences=tuple(record["sentences"]),  # type: ignore[arg-type]
        group=",".join(record.get("tags") or []),  # type: ignore[arg-type]
        alternatives=tuple(tuple(alt) for alt in alternatives),  # type: ignore[union-attr]
    )


def _toml_case(case: list[str] | dict[str, object], group: str) -> GoldCase:
    if isinstance(case, list):
        return GoldCase(text=" ".join(case), sentences=tuple(case), group=group)
    return GoldCase(text=str(case["text"]), sentences=tuple(case["sentences"]), group=group)  # type: ignore[arg-type]


def boundaries(text: str, sentences: Iterable[str]) -> set[int]:
    """Offsets in `text` where one sentence ends and another follows."""
    ends: list[int] = []
    position = 0
    for sentence in sentences:
        found = text.find(sentence, position)
        if found < 0:
            raise ValueError(f"sentence not found in its text, in order: {sentence!r}")
        position = found + len(sentence)
        ends.append(position)
    return set(ends[:-1])


def score(cases: Iterable[GoldCase], split: Splitter) -> Score:
    """Boundary precision/recall/F1 summed over all cases, and the share of cases split exactly
    as the gold (or one of its accepted alternatives)."""
    total = exact = true_positives = false_positives = false_negatives = 0
    failures: list[tuple[GoldCase, list[str]]] = []
    for case in cases:
        got = split(case.text)
        expected_ends = boundaries(case.text, case.sentences)
        got_ends = boundaries(case.text, got)
        total += 1
        if tuple(got) in (case.sentences, *case.alternatives):
            exact += 1
        else:
            failures.append((case, got))
        true_positives += len(expected_ends & got_ends)
        false_positives += len(got_ends - expected_ends)
        false_negatives += len(expected_ends - got_ends)
    return Score(total, exact, true_positives, false_positives, false_negatives, failures)
