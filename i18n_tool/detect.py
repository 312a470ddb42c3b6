"""Language detection with langdetect, deterministic and honest about short text.

langdetect samples n-grams at random, so the same text can get different answers on different
runs; we fix its seed, which makes every answer repeatable. It is unreliable on short text:
below `MIN_LETTERS` letters (after removing URLs, e-mail addresses, numbers and markup) we do
not guess at all and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_LETTERS = 25  # below this langdetect's answers on news text are close to coin flips
SEED = 0
_NOISE = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|`[^`]*`|<[^>]*>|\{\d+\}|\]\([^)]*\)|[\d_]+"
)


@dataclass(frozen=True)
class Detection:
    language: str | None  # None: not enough text to tell
    probability: float = 0.0
    letters: int = 0
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def reliable(self) -> bool:
        return self.language is not None


def letters_in(text: str) -> int:
    return sum(char.isalpha() for char in _NOISE.sub(" ", text))


def detect_language(text: str, min_letters: int = MIN_LETTERS) -> Detection:
    """The most probable language of `text` (langdetect codes: de, en, fr, es, ...)."""
    cleaned = _NOISE.sub(" ", text)
    letters = sum(char.isalpha() for char in cleaned)
    if letters < min_letters:
        return Detection(None, 0.0, letters)
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = SEED
    try:
        ranked = detect_langs(cleaned)
    except LangDetectException:
        return Detection(None, 0.0, letters)
    best = ranked[0]
    others = tuple((guess.lang, round(guess.prob, 4)) for guess in ranked[1:3])
    return Detection(best.lang, round(best.prob, 4), letters, others)


def same_language(detected: str, configured: str) -> bool:
    """langdetect's `zh-cn` vs gettext's `zh_CN`, `pt` vs `pt_BR`: compare the language part."""
    return detected.split("-")[0].lower() == configured.split("_")[0].lower()
