"""The MT engine protocol: anything that turns a batch of source texts into target texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Translation:
    """One engine output and where it came from (engine, model, version, pivot path)."""

    text: str
    provenance: str


class Engine(Protocol):
    """Translate whole batches: the engine sees every unit of a run for one language pair."""

    name: str

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        """One Translation per text, in order; raise ModelMissingError if it cannot. An empty
        batch only asks whether the pair can be translated (translate sends one first)."""
        ...
