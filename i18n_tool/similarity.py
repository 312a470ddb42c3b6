"""String similarity as GNU msgmerge measures it, for matching edited sentences to old entries.

msgmerge's `fstrcmp` scores two strings by their longest common subsequence:
2 × LCS / (len(a) + len(b)), and takes the best old entry scoring at least 0.6. We compute the
LCS with the bit-parallel algorithm of Allison & Dix / Hyyrö (one big-integer step per
character of `b`), so a pair of news sentences costs tens of microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

FUZZY_THRESHOLD = 0.6  # msgmerge's

T = TypeVar("T")


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of `a` and `b`."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return 0
    masks: dict[str, int] = {}
    for position, char in enumerate(a):
        masks[char] = masks.get(char, 0) | (1 << position)
    all_ones = (1 << len(a)) - 1
    row = all_ones
    for char in b:
        matches = row & masks.get(char, 0)
        row = ((row + matches) | (row - matches)) & all_ones
    return len(a) - row.bit_count()


def similarity(a: str, b: str) -> float:
    """msgmerge's fstrcmp: 1.0 for equal strings, 0.0 for nothing in common."""
    total = len(a) + len(b)
    return 2 * lcs_length(a, b) / total if total else 1.0


def best_match(
    text: str, candidates: Iterable[tuple[str, T]], threshold: float = FUZZY_THRESHOLD
) -> T | None:
    """The candidate whose key is most similar to `text` (first of equals), if ≥ threshold."""
    best: T | None = None
    best_score = threshold
    for key, value in candidates:
        total = len(text) + len(key)
        if total == 0 or 2 * min(len(text), len(key)) / total < best_score:
            continue  # even a full overlap could not reach the best so far
        score = similarity(text, key)
        if score > best_score or (score == best_score and best is None):
            best, best_score = value, score
    return best
