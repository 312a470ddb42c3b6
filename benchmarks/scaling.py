"""Is the work linear in the input? Shielding (placeholders for markup before MT), restoring
and segmentation of one paragraph of 1k to 100k characters, dense with inline markup.

    python benchmarks/scaling.py

Each row: the best of 3 runs (CPU time), in-process; µs per character should stay flat when
the work is linear. The texts are hostile on purpose: a run of `*` (every character is
emphasis markup) and a sentence full of bold, links and inline code, repeated.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from i18n_tool.protect import shield
from i18n_tool.segment import DEFAULT_RULES
from i18n_tool.sources.markdown import read_markdown

SIZES = (1_000, 10_000, 100_000)
TEXTS: dict[str, Callable[[int], str]] = {
    "stars": lambda size: "*" * size,
    "markup": lambda size: (
        "Der **Präsident** sprach [heute](https://example.org/a) mit `code` und _ihr_. " * size
    )[:size],
}


def best_of(work: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    print("| text | characters | shield + restore s | µs/char | segment s | µs/char |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for name, make in TEXTS.items():
        for size in SIZES:
            text = make(size)

            def protect(text: str = text) -> None:
                shielded = shield(text, "de", "en")
                shielded.restore(shielded.text)

            def segment(text: str = text) -> None:
                read_markdown(text + "\n", DEFAULT_RULES, True)

            shielding, segmenting = best_of(protect), best_of(segment)
            worst = max(worst, shielding, segmenting)
            print(
                f"| {name} | {size:,} | {shielding:.3f} | {1e6 * shielding / size:.2f} "
                f"| {segmenting:.3f} | {1e6 * segmenting / size:.2f} |"
            )
    print(f"\nslowest 100k-character step: {worst:.3f} s")


if __name__ == "__main__":
    main()
