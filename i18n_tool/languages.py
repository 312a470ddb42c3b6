"""Language codes: what a code is, its base language, its name and direction (CLDR through
Babel). The one place every module asks."""

from __future__ import annotations

import difflib
import functools
import re

from babel import Locale, UnknownLocaleError

from .errors import ConfigError


def base_language(code: str) -> str:
    """`de-DE`, `DE`, `de_de`, langdetect's `zh-cn` → `de`, `zh`: the language of a code or
    tag, for comparing codes written by different tools."""
    return re.split(r"[-_]", code.strip())[0].lower()


def same_language(one: str, other: str) -> bool:
    """`zh-cn` vs `zh_CN`, `pt` vs `pt_BR`: the same language, whatever the region."""
    return base_language(one) == base_language(other)


def check_language(code: str) -> str:
    """A language code CLDR knows (through Babel), as gettext writes it: `de`, `pt_BR`;
    `pt-BR` and `EN` are the same codes written differently and are normalised. Nothing is
    guessed: `eng` or `fre` (which Babel would widen to `en_US`, `fr_FR`) and unknown codes
    are refused, with the code meant when there is one."""
    given = code.strip().replace("-", "_")
    try:
        locale = Locale.parse(given)
    except (UnknownLocaleError, ValueError) as exc:
        close = difflib.get_close_matches(given.lower(), _cldr_languages(), n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise ConfigError(f"unknown language code {code!r}{hint}") from exc
    normal = str(locale)
    if normal.lower() != given.lower():
        raise ConfigError(
            f"{code!r} is not a language code as CLDR writes it; did you mean {locale.language}?"
        )
    return normal


@functools.cache
def _cldr_languages() -> list[str]:
    from babel.localedata import locale_identifiers

    return sorted({name.lower() for name in locale_identifiers()})


def language_name(code: str) -> str:
    """`de` → `German`, `pt_BR` → `Portuguese (Brazil)`, for messages; the code itself if
    Babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).english_name or code
    except (ValueError, LookupError):
        return code


@functools.cache
def text_direction(code: str) -> str:
    """`rtl` for languages written right to left (CLDR, through Babel), else `ltr`."""
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (ValueError, LookupError):
        return "ltr"
    return "rtl" if locale.text_direction == "rtl" else "ltr"


def check_target(code: str, source_language: str) -> str:
    """A target language code, checked as `check_language` does; never the source language."""
    language = check_language(code)
    if language == source_language:
        raise ConfigError(
            f"{language} ({language_name(language)}) is the source language, not a target"
        )
    return language


def meant_target(given: str, targets: tuple[str, ...]) -> str | None:
    """The target a wrongly written code most likely means: the one of the same language
    (`eng`, `en_US` → en), else the closest spelling."""
    try:
        language = Locale.parse(given).language
    except (UnknownLocaleError, ValueError):
        language = base_language(given)
    same = [target for target in targets if base_language(target) == language]
    if same:
        return same[0]
    close = difflib.get_close_matches(given, [t.lower() for t in targets], n=1)
    return next((t for t in targets if close and t.lower() == close[0]), None)
