"""Characters a reader does not see but that change what is read: one rule for `check`, the
build and the review report.

Control characters (C0 but tab and line feed, DEL, C1) have no place in a translation:
articles with them are refused, so translations with them are `check` errors and are never
built. Bidirectional embeddings and overrides (U+202A–U+202E) reorder the text a reader sees
(the "Trojan Source" trick): errors, never built. Isolates (U+2066–U+2068, closed by U+2069)
are how right-to-left text embeds a name or a number correctly: shown in the review report,
refused only when unbalanced, where they would reorder what follows.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OVERRIDES = re.compile("[\u202a-\u202e]")
_ISOLATES = re.compile("[\u2066-\u2069]")
# Shown in the review report as a visible mark: all of the above and the zero-width ones.
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def unbalanced_isolate(text: str) -> str | None:
    """The first isolate left open or closed without an opening, as `U+XXXX`; else None."""
    depth = 0
    for match in _ISOLATES.finditer(text):
        if match.group() == "\u2069":
            if depth == 0:
                return "U+2069 closes an isolate that was never opened"
            depth -= 1
        else:
            depth += 1
    return "an isolate (U+2066–U+2068) is never closed by U+2069" if depth else None


def why_unusable(translation: str) -> str | None:
    """Why a translation must not be published as it is (None: nothing hidden in it)."""
    found = CONTROL.search(translation)
    if found:
        return f"the control character U+{ord(found.group()):04X}"
    found = OVERRIDES.search(translation)
    if found:
        return (
            f"the bidirectional control U+{ord(found.group()):04X}, which reorders the text "
            "a reader sees"
        )
    unbalanced = unbalanced_isolate(translation)
    return f"an unbalanced isolate: {unbalanced}" if unbalanced else None


def marks(text: str) -> list[tuple[str, str]]:
    """The text as pieces (text, "") and hidden characters (what stays, `U+XXXX`), in order,
    for a page that shows what a reader would not see. An isolate stays beside its mark, so
    right-to-left text still reads as it should; every other hidden character is replaced by
    its mark (an override would reorder what the desk editor reads)."""
    pieces: list[tuple[str, str]] = []
    cursor = 0
    for match in HIDDEN.finditer(text):
        if match.start() > cursor:
            pieces.append((text[cursor : match.start()], ""))
        kept = match.group() if _ISOLATES.fullmatch(match.group()) else ""
        pieces.append((kept, f"U+{ord(match.group()):04X}"))
        cursor = match.end()
    if cursor < len(text):
        pieces.append((text[cursor:], ""))
    return pieces
