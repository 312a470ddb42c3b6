"""String similarity as GNU msgmerge measures it, for matching edited sentences to old entries
and new sentences to the translation memory.

msgmerge's `fstrcmp` scores two strings by their longest common subsequence:
2 × LCS / (len(a) + len(b)), and takes the best old entry scoring at least 0.6. That is
RapidFuzz's `Indel.normalized_similarity`, computed in C++ (bit-parallel LCS) with a score
cut-off that skips a candidate as soon as it cannot reach the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

FUZZY_THRESHOLD = 0.6  # msgmerge's


def most_similar(
    text: str, keys: Sequence[str], threshold: float = FUZZY_THRESHOLD
) -> tuple[int, float] | None:
    """The index of the key most similar to `text` (the first of equals) and its score, if it
    scores at least `threshold`; None otherwise."""
    from rapidfuzz import process  # imported when first needed: every command starts faster
    from rapidfuzz.distance import Indel

    found = process.extractOne(
        text, keys, scorer=Indel.normalized_similarity, score_cutoff=threshold
    )
    return None if found is None else (found[2], float(found[1]))
