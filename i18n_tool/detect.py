"""Language detection with langdetect, deterministic and honest about short text.

langdetect samples n-grams at random, so the same text can get different answers on different
runs; we fix its seed, which makes every answer repeatable. It is unreliable on short text:
below `MIN_LETTERS` letters (after removing URLs, e-mail addresses, numbers and markup) we do
not guess at all and say so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .languages import base_language

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


CONFIDENCE = 0.9  # the probability from which a verdict refuses an article or flags a unit


def is_confident(detection: Detection) -> bool:
    """Sure enough to act on: the rule behind refusing an article in another language
    (`extract`) and flagging a translation still in the source language (`check`)."""
    return detection.reliable and detection.probability >= CONFIDENCE


def detect_language(text: str, min_letters: int = MIN_LETTERS) -> Detection:
    """The most probable language of `text` (langdetect codes: de, en, fr, es, ...)."""
    cleaned = _NOISE.sub(" ", text)
    letters = sum(char.isalpha() for char in cleaned)
    if letters < min_letters:
        return Detection(None, 0.0, letters)
    ranked = _ranked(cleaned)
    if not ranked:
        return Detection(None, 0.0, letters)
    (language, probability), others = ranked[0], ranked[1:3]
    return Detection(language, probability, letters, others)


@functools.lru_cache(maxsize=65_536)
def _ranked(cleaned: str) -> tuple[tuple[str, float], ...]:
    """langdetect's guesses for a cleaned text, most probable first; () when it has none.
    Kept per process: with the seed fixed the answer is a function of the text, and an archive
    repeats many lines (datelines, credits, boilerplate), each milliseconds of langdetect."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = SEED
    try:
        return tuple((guess.lang, round(guess.prob, 4)) for guess in detect_langs(cleaned))
    except LangDetectException:
        return ()


# Function words that are frequent in the language and rare in others (ambiguous ones such as
# German "die", "an", "war" left out): a quick, reliable test on article-length text.
FUNCTION_WORDS = {
    "de": frozenset(
        """der und ist nicht mit von zu den im ein eine sich auf für des dem als auch werden
        aus er hat dass sie nach wird bei einer um sind noch wie einem über einen zum haben
        nur oder aber vor zur bis durch wurde sei das ich wir ihr wenn diese dieser""".split()
    ),
}
_WORDS = re.compile(r"[^\W\d_]+")


def clearly_in(text: str, language: str, share: float = 0.15) -> bool:
    """True when at least `share` of the words of a long text are the language's function
    words (German news: about a third); False means "not sure", not "another language"."""
    words = FUNCTION_WORDS.get(base_language(language))
    tokens = _WORDS.findall(text.lower())
    if words is None or len(tokens) < 40:
        return False
    return sum(token in words for token in tokens) >= share * len(tokens)
