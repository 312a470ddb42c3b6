"""The MT engine protocol: anything that turns a batch of source texts into target texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Translation:
    """One engine output and where it came from (engine, model, version, pivot path).

    `confidence` is the model's own probability for its output, from 0 to 1, when the engine
    has one (argos: the geometric mean of the output tokens' probabilities, see ArgosEngine)."""

    text: str
    provenance: str
    confidence: float | None = None


class Engine(Protocol):
    """Translate whole batches: the engine sees every unit of a run for one language pair."""

    name: str

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[Translation]:
        """One Translation per text, in order; raise ModelMissingError if it cannot. An empty
        batch only asks whether the pair can be translated (translate sends one first)."""
        ...
