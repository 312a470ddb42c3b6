"""QA checks on translations: where a reviewer should look first.

Each check is a small function of one entry's source and translation that returns problems;
`CHECKS` lists them. They run on every translated entry (reviewed or fuzzy). Checks are tuned
against false positives: numbers are compared by value in each locale's own format (Babel),
quotes by the target language's conventions, language by langdetect only on text long enough.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from babel import Locale
from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

from .detect import detect_language, is_confident
from .invisible import why_unusable
from .languages import base_language, same_language
from .model import Entry
from .protect import KEPT_WHOLE, block_breakout, shield, tags_nest
from .terms import Form, Terminology, avoided, contains_term


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    check: str
    message: str
    severity: Severity = Severity.WARNING

    @property
    def note(self) -> str:
        """The problem as `check --annotate` records it in the entry."""
        return f"{self.severity} {self.check}: {self.message}"


@dataclass(frozen=True)
class Context:
    """What the checks know besides the two texts."""

    source_language: str
    target_language: str
    terms: Terminology | dict[str, str] | None = None  # the glossary (or source → target)
    min_confidence: float = 0.5  # an MT suggestion below it is flagged

    def __post_init__(self) -> None:
        if not isinstance(self.terms, Terminology):
            terms = Terminology.from_mapping(
                dict(self.terms or {}), self.target_language, self.source_language
            )
            object.__setattr__(self, "terms", terms)

    @property
    def terminology(self) -> Terminology:
        assert isinstance(self.terms, Terminology)
        return self.terms


Check = Callable[[str, str, Context], list[Problem]]

# Opening and closing quotation marks per language (CLDR delimiters, primary and alternate).
QUOTES: dict[str, tuple[tuple[str, str], ...]] = {
    "de": (("„", "“"), ("‚", "‘"), ("»", "«"), ("›", "‹")),
    "en": (("“", "”"), ("‘", "’"), ('"', '"')),
    "fr": (("«", "»"), ("“", "”"), ("‹", "›")),
    "es": (("«", "»"), ("“", "”"), ("‘", "’")),
    "it": (("«", "»"), ("“", "”")),
    "pt": (("“", "”"), ("«", "»"), ("‘", "’")),
    "nl": (("‘", "’"), ("“", "”")),
    "pl": (("„", "”"), ("«", "»")),
}
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:(?:[.,]|[\u00a0\u202f ](?=\d{3}(?!\d)))\d+)*")
_SPACES = re.compile(r"[\u00a0\u202f ]")
# The final punctuation, before closing quotes and brackets; spaces may stand between them, as
# French typography puts a no-break space inside guillemets: `… quiconque. »`.
_END = re.compile(r"([.!?…:;]+)(?:[\"'“”‘’»«›‹)\]]|\s)*$")


# Numbers written as one character: superscripts and subscripts (m², CO₂), vulgar fractions,
# and the signs that are part of a quantity (‰, °): MT turning `m²` into `m2` changes it.
_NUMBER_SIGNS = re.compile(
    "[\u00b2\u00b3\u00b9\u2070-\u209c\u00bc-\u00be\u2150-\u215f\u2030\u00b0]"
)


def _numbers(text: str, locale: Locale) -> list[Decimal | str]:
    """Each number's value in this locale's format; what does not parse stays as its digits
    (dates, times: `31.12.2024`, `20.15`); number signs (², ½, ‰, °) as themselves."""
    group = get_group_symbol(locale)
    values: list[Decimal | str] = [sign.group() for sign in _NUMBER_SIGNS.finditer(text)]
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        if group.isspace():
            token = _SPACES.sub(group, token)
        try:
            values.append(parse_decimal(token, locale=locale, strict=True))
        except NumberFormatError:
            values.append(re.sub(r"\D", "", token))
    return values


def check_numbers(source: str, target: str, context: Context) -> list[Problem]:
    source_locale = Locale.parse(context.source_language)
    target_locale = Locale.parse(context.target_language)
    expected = Counter(_numbers(source, source_locale))
    found = Counter(_numbers(target, target_locale))
    missing = expected - found
    if not missing:
        return []
    extra = found - expected
    text = ", ".join(_show(v) for v in missing.elements())
    message = f"number {text} of the source is not in the translation"
    if extra:
        shown = ", ".join(_show(v) for v in extra.elements())
        message += f" (it has {shown}: in {context.target_language} format?)"
    return [Problem("numbers", message, Severity.ERROR)]


def _name(language: str) -> str:
    """`de` → `German`, for messages; the code itself if Babel does not know it."""
    try:
        return Locale.parse(language.replace("-", "_")).english_name or language
    except (ValueError, LookupError):
        return language


def _show(value: Decimal | str) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else value


def check_quotes_and_brackets(source: str, target: str, context: Context) -> list[Problem]:
    problems = []
    for opening, closing in (("(", ")"), ("[", "]")):
        if target.count(opening) != target.count(closing):
            problems.append(
                Problem("brackets", f"unbalanced {opening}{closing} in the translation")
            )
    language = base_language(context.target_language)
    styles = QUOTES.get(language)
    source_quotes = sum(source.count(mark) for mark in '„‚»›"“')
    if styles is None or not source_quotes:
        return problems
    used = {o for o, c in styles if o in target or c in target}
    if not used:
        marks = " ".join(f"{o}…{c}" for o, c in styles[:2])
        return [
            *problems,
            Problem("quotes", f"the source quotes: use {marks} in {_name(language)}"),
        ]
    foreign = sorted({ch for ch in "„‚" if ch in target and ch not in "".join(used)})
    if foreign:
        problems.append(
            Problem("quotes", f"{' '.join(foreign)} is not a quotation mark in {_name(language)}")
        )
    return problems


def check_punctuation_and_spaces(source: str, target: str, context: Context) -> list[Problem]:
    problems = []
    source_end, target_end = _END.search(source), _END.search(target)
    if source_end and not target_end:
        problems.append(
            Problem(
                "punctuation", f"the source ends with {source_end.group(1)!r}, not the translation"
            )
        )
    elif source_end and target_end:
        wanted, got = source_end.group(1)[-1], target_end.group(1)[-1]
        if (wanted in "?!" or got in "?!") and wanted != got:
            problems.append(
                Problem(
                    "punctuation", f"the source ends with {wanted!r}, the translation with {got!r}"
                )
            )
    if target != target.strip():
        problems.append(Problem("whitespace", "leading or trailing whitespace in the translation"))
    if "  " in target and "  " not in source:
        problems.append(Problem("whitespace", "double space in the translation"))
    return problems


def check_glossary(source: str, target: str, context: Context) -> list[Problem]:
    """A source term, in any form (terms.py), needs its target term, in any inflected form of
    the target language; a spelling the glossary says to avoid is reported wherever it is. A
    closed compound (Truppenanstieg) only warns: its translation may say it another way."""
    terms = context.terminology
    messages: dict[str, Severity] = {}
    for found in terms.find(source):
        required = found.required
        if contains_term(target, required, context.target_language):
            continue
        entry = found.entry
        written = entry.head if found.form is Form.HEAD else entry.source
        what = "keep" if written == required else "translate as"
        message = f"glossary: {what} {required!r} for {written!r}"
        if found.text != written:
            message += f" (written {found.text!r})"
        severity = Severity.WARNING if found.form is Form.CLOSED else Severity.ERROR
        messages.setdefault(message, severity)
    for entry in terms.entries:
        for spelling in avoided(target, entry):
            message = f"glossary: {spelling!r} is a spelling to avoid; write {entry.target!r}"
            messages.setdefault(message, Severity.ERROR)
    return [Problem("glossary", message, severity) for message, severity in messages.items()]


def check_untranslated(source: str, target: str, context: Context) -> list[Problem]:
    if target.strip() == source.strip():
        words = [word for word in source.split() if any(ch.isalpha() for ch in word)]
        if len(words) < 3 or context.terminology.is_target(source):
            return []  # "Foto: dpa", a name: the same in every language
        return [Problem("untranslated", "the translation is the source text")]
    detection = detect_language(target)
    if (
        is_confident(detection)
        and same_language(detection.language or "", context.source_language)
        and not same_language(context.source_language, context.target_language)
    ):
        return [
            Problem(
                "untranslated",
                f"the translation looks {_name(detection.language or '')} "
                f"(langdetect p={detection.probability:.2f})",
                Severity.ERROR,
            )
        ]
    return []


def check_markup(source: str, target: str, context: Context) -> list[Problem]:
    """Each markup piece of the source as often in the translation. A tag inside what an HTML
    unit keeps whole (`<code>…</code>`, `<span translate="no">…</span>`) is not counted apart."""
    pieces = Counter(
        p.source
        for p in shield(source, context.source_language, context.target_language).pieces
        if p.kind == "markup"
    )
    outside_kept = KEPT_WHOLE.sub("", target)
    problems = []
    for piece, count in pieces.items():
        found = (target if KEPT_WHOLE.fullmatch(piece) else outside_kept).count(piece)
        if found != count:
            problems.append(
                Problem(
                    "markup",
                    f"{piece!r} is {count}× in the source, {found}× in the translation",
                    Severity.ERROR,
                )
            )
    if not problems and tags_nest(source) and not tags_nest(target):
        problems.append(
            Problem(
                "markup",
                "the tags are not paired and nested as in the source (a closing tag before its "
                "opening one, or two pairs crossing)",
                Severity.ERROR,
            )
        )
    return problems


def _runs(words: list[str], size: int) -> tuple[int, list[str]]:
    """The longest run of one `size`-word group repeated back to back, and that group."""
    best, best_gram = 1, []
    for start in range(len(words) - size):
        gram, count = words[start : start + size], 1
        while words[start + count * size : start + (count + 1) * size] == gram:
            count += 1
        if count > best:
            best, best_gram = count, gram
    return best, best_gram


def repetition(source: str, output: str) -> str | None:
    """A repetition loop in MT output that the source does not have, described; else None."""
    words, source_words = re.findall(r"\w+", output.lower()), re.findall(r"\w+", source.lower())
    for size in (1, 2, 3, 4):
        count, gram = _runs(words, size)
        if count >= (4 if size == 1 else 3) and count > _runs(source_words, size)[0]:
            return f"repetition loop: {' '.join(gram)!r} {count} times in a row"
    if len(output) > 3 * len(source) + 20:
        return f"output is {len(output) / max(len(source), 1):.1f}× the source length"
    return None


def check_length_and_loops(source: str, target: str, context: Context) -> list[Problem]:
    loop = repetition(source, target)
    if loop:
        return [Problem("repetition", loop, Severity.ERROR)]
    if len(source) >= 30:
        ratio = len(target) / len(source)
        if not 0.5 <= ratio <= 2.0:
            return [Problem("length", f"the translation is {ratio:.1f}× the source's length")]
    return []


def check_structure(source: str, target: str, context: Context) -> list[Problem]:
    breakout = block_breakout(source, target)
    if breakout is None:
        return []
    message = f"the translation has {breakout}; the build shows it as text"
    return [Problem("structure", message, Severity.ERROR)]


def check_hidden_characters(source: str, target: str, context: Context) -> list[Problem]:
    """Control characters and bidirectional controls that reorder what a reader sees (see
    `invisible`): the build never publishes such a translation."""
    why = why_unusable(target)
    if why is None:
        return []
    return [Problem("hidden", f"the translation holds {why}; it is not built", Severity.ERROR)]


CHECKS: list[Check] = [
    check_numbers,
    check_quotes_and_brackets,
    check_punctuation_and_spaces,
    check_glossary,
    check_untranslated,
    check_markup,
    check_length_and_loops,
    check_structure,
    check_hidden_characters,
]


def check_confidence(entry: Entry, context: Context) -> list[Problem]:
    """An MT suggestion the model itself was unsure of (reviewed work is never flagged)."""
    confidence = entry.mt_confidence
    if confidence is None or confidence >= context.min_confidence:
        return []
    message = f"MT confidence {confidence:.2f} is below {context.min_confidence:g}"
    return [Problem("confidence", message)]


def check_entry(entry: Entry, context: Context) -> list[Problem]:
    """Every check on an entry that has a translation (reviewed or to review)."""
    if not entry.state.has_translation:
        return []
    problems = [p for check in CHECKS for p in check(entry.msgid, entry.msgstr, context)]
    return problems + check_confidence(entry, context)
