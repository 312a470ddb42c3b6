"""Plain-text sources: one block per line; a line without final punctuation is a title."""

from __future__ import annotations

from ..model import Block, BlockKind, Reading, Unit
from ..segment import GermanRules, unit_spans

_FINAL_PUNCTUATION = tuple(".!?…:;\"“”»«'’)]")


def read_text(text: str, rules: GermanRules, sentences: bool = True) -> Reading:
    blocks: list[Block] = []
    offset = 1 if text.startswith("\ufeff") else 0
    for number, raw_line in enumerate(text[offset:].splitlines(keepends=True), start=1):
        line = raw_line.rstrip("\r\n")
        if line.strip():
            ends_sentence = line.rstrip().endswith(_FINAL_PUNCTUATION)
            kind = BlockKind.PARAGRAPH if ends_sentence else BlockKind.HEADING
            units = tuple(
                Unit(text=line[a:b], kind=kind, line=number, start=offset + a, end=offset + b)
                for a, b in unit_spans(line, rules, sentences)
            )
            blocks.append(Block(kind, number, units, offset, offset + len(raw_line)))
        offset += len(raw_line)
    return Reading(blocks)
