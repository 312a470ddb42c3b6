"""`i18n-tool detect`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import plural, say

SHORT_HELP = "Which language a text or file is in (langdetect, seeded)."


def command(
    file: Annotated[
        Path | None, typer.Argument(metavar="FILE", help="A text or Markdown file.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Text to detect instead of a file.")] = None,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project", "-C", help="Accepted as by every command; detect needs no project."
        ),
    ] = None,
) -> None:
    """Which language a text is in (langdetect, seeded so every run answers the same).

    Below 25 letters (URLs, numbers and markup removed) it does not guess.
    """
    from .. import detect_file, detect_language, language_name

    if (file is None) == (text is None):
        raise typer.BadParameter("give a FILE or --text, not both")
    detection = detect_file(file) if file is not None else detect_language(text or "")
    if not detection.reliable:
        say(f"undetermined: only {plural(detection.letters, 'letter')} of text (need 25)")
        return
    others = ", ".join(f"{language_name(lang)} {prob:.2f}" for lang, prob in detection.alternatives)
    say(
        f"{language_name(detection.language or '')} ({detection.language}, "
        f"p={detection.probability:.2f}, {detection.letters} letters)"
        + (f"; then {others}" if others else "")
    )
