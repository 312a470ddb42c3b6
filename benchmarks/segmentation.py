"""Sentence segmentation: speed and accuracy of i18n-tool's German segmenter against pysbd.

    pip install -e ".[bench]"          # pysbd, for the baseline (never a dependency of the tool)
    python benchmarks/segmentation.py  # 1 MB of German news text; --megabytes to change

The text is the real German articles of ../shared/corpus (or, without them, the seed article
and the gold suite), cut into plain-text blocks and repeated to the requested size. Both
segmenters split the same blocks in the same process; speed is sentences per CPU-second
(time.process_time), best of --rounds. Accuracy is boundary F1 and exact cases on the gold sets.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n_tool.evaluate import GoldCase, read_gold, score  # noqa: E402
from i18n_tool.segment import split_sentences  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
GOLD_SETS = {
    "ours (tests/data)": ROOT / "tests" / "data" / "segmentation_de.toml",
    "public (shared)": SHARED / "segmentation" / "public_de.jsonl",
    "domains (tests/data, issue 18)": ROOT / "tests" / "data" / "segmentation_domains_de.toml",
    "held out (tests/data, issue 18)": ROOT / "tests" / "data" / "segmentation_heldout_de.toml",
    "desks (tests/data, issue 32)": ROOT / "tests" / "data" / "segmentation_desks_de.toml",
}
_MARKUP = re.compile(r"[*_`#>|]|\[([^\]]*)\]\([^)]*\)|^\s*[-+] ", re.MULTILINE)


def news_blocks() -> list[str]:
    """Plain-text paragraphs of real German news (Markdown syntax stripped)."""
    articles = sorted((SHARED / "articles").glob("*.de.*")) if SHARED.is_dir() else []
    texts = [path.read_text(encoding="utf-8") for path in articles]
    if not texts:
        texts = [(ROOT / "source" / "kim-truppen-russland.de.md").read_text(encoding="utf-8")]
        texts += [case.text for case in read_gold(GOLD_SETS["ours (tests/data)"])]
    blocks = []
    for text in texts:
        for block in re.split(r"\n\s*\n", text.lstrip("\ufeff")):
            plain = _MARKUP.sub(lambda m: m.group(1) or "", block).strip()
            if len(plain) > 20:
                blocks.append(plain)
    return blocks


def corpus(megabytes: float) -> list[str]:
    blocks, size, source = [], 0, news_blocks()
    while size < megabytes * 1_000_000:
        block = source[len(blocks) % len(source)]
        blocks.append(block)
        size += len(block.encode("utf-8"))
    return blocks


def cpu_seconds(
    split: Callable[[str], list[str]], blocks: list[str], rounds: int
) -> tuple[float, int]:
    best, sentences = float("inf"), 0
    for _ in range(rounds):
        start = time.process_time()
        sentences = sum(len(split(block)) for block in blocks)
        best = min(best, time.process_time() - start)
    return best, sentences


def pysbd_splitter() -> Callable[[str], list[str]] | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="de", clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def speed(
    segmenters: dict[str, Callable[[str], list[str]]], megabytes: float, rounds: int
) -> dict[str, float]:
    """The speed tables; sentences per CPU-second of each segmenter."""
    blocks = corpus(megabytes)
    size = sum(len(b.encode("utf-8")) for b in blocks) / 1e6
    print(f"## Speed: {size:.2f} MB of German news text in {len(blocks)} blocks\n")
    print("| segmenter | sentences | CPU s | sentences / CPU s | ratio |")
    print("|---|---|---|---|---|")
    measured = {
        name: cpu_seconds(split, blocks, rounds if name == "i18n-tool" else 1)
        for name, split in segmenters.items()
    }
    rates = {name: sentences / seconds for name, (seconds, sentences) in measured.items()}
    reference = rates[list(segmenters)[-1]]  # the baseline when there is one
    for name, (seconds, sentences) in measured.items():
        ratio = rates[name] / reference
        print(f"| {name} | {sentences} | {seconds:.3f} | {rates[name]:,.0f} | {ratio:.1f}× |")

    print("\n## Linear in input size (i18n-tool)\n")
    print("| input | blocks | CPU s | µs per KB |")
    print("|---|---|---|---|")
    for factor in (0.25, 0.5, 1.0, 2.0):
        part = corpus(megabytes * factor)
        kilobytes = sum(len(b.encode("utf-8")) for b in part) / 1000
        seconds, _ = cpu_seconds(split_sentences, part, rounds)
        per_kb = seconds / kilobytes * 1e6
        print(f"| {factor:g} × paragraphs | {len(part)} | {seconds:.3f} | {per_kb:.1f} |")
    for factor in (0.25, 1.0):
        one_line = " ".join(corpus(megabytes * factor))
        seconds, _ = cpu_seconds(split_sentences, [one_line], rounds)
        kilobytes = len(one_line.encode("utf-8")) / 1000
        print(f"| {factor:g} × as one line | 1 | {seconds:.3f} | {seconds / kilobytes * 1e6:.1f} |")
    return rates


def by_domain(
    label: str,
    cases: list[GoldCase],
    segmenters: dict[str, Callable[[str], list[str]]],
    part: int | None = None,
    heading: str = "domain",
) -> None:
    """A table by group; `part` takes one part of `kind | desk` group names."""

    def group_of(case: GoldCase) -> str:
        return case.group if part is None else case.group.split(" | ")[part]

    print(f"\n## {label} by {heading} (boundary F1 / exact cases)\n")
    print(f"| {heading} | cases | " + " | ".join(segmenters) + " |")
    print("|---|---|" + "---|" * len(segmenters))
    for group in dict.fromkeys(map(group_of, cases)):
        in_group = [case for case in cases if group_of(case) == group]
        results = [score(in_group, split) for split in segmenters.values()]
        cells = [f"{result.f1:.3f} / {result.accuracy:.3f}" for result in results]
        print(f"| {group} | {len(in_group)} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of the text (1)")
    parser.add_argument("--rounds", type=int, default=3, help="best of N rounds (3)")
    parser.add_argument(
        "--accuracy-only", action="store_true", help="skip the speed tables (seconds, not minutes)"
    )
    args = parser.parse_args()

    segmenters: dict[str, Callable[[str], list[str]]] = {"i18n-tool": split_sentences}
    baseline = pysbd_splitter()
    if baseline is None:
        print('pysbd is not installed (pip install -e ".[bench]"): no baseline.\n')
    else:
        segmenters["pysbd 0.3.4 (baseline)"] = baseline

    rates = {} if args.accuracy_only else speed(segmenters, args.megabytes, args.rounds)
    print("\n## Accuracy (boundary F1 / exact cases)\n")
    print("| gold set | cases | " + " | ".join(segmenters) + " |")
    print("|---|---|" + "---|" * len(segmenters))
    for label, path in GOLD_SETS.items():
        if not path.exists():
            continue
        cases = read_gold(path)
        cells = []
        for split in segmenters.values():
            result = score(cases, split)
            cells.append(f"{result.f1:.3f} / {result.accuracy:.3f}")
        print(f"| {label} | {len(cases)} | " + " | ".join(cells) + " |")

    for label in ("domains (tests/data, issue 18)", "held out (tests/data, issue 18)"):
        by_domain(label, read_gold(GOLD_SETS[label]), segmenters)
    desks = read_gold(GOLD_SETS["desks (tests/data, issue 32)"])
    by_domain("desks (tests/data, issue 32)", desks, segmenters, 0, "kind")
    by_domain("desks (tests/data, issue 32)", desks, segmenters, 1, "desk")

    if baseline is not None and rates:
        ratio = rates["i18n-tool"] / rates["pysbd 0.3.4 (baseline)"]
        print(f"\ni18n-tool: {rates['i18n-tool']:,.0f} sentences/CPU-s, {ratio:.1f}× pysbd")


if __name__ == "__main__":
    main()
