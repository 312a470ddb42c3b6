"""The project glossary: terms that are never translated and terms with fixed translations.

`glossary.toml` in the project (docs/operator.md, "Machine translation"):

    keep = ["Kim Jong-un", "Rheinmetall"]      # do not translate

    [terms."Wolodymyr Selenskyj"]              # always translated so
    en = "Volodymyr Zelenskyy"
    fr = "Volodymyr Zelensky"
    head = "Selenskyj"                         # the name alone, as articles say it again
    variants = ["Wolodimir Selenskij"]         # other spellings in the source
    avoid.en = ["Zelenskiy", "Zelensky"]       # spellings a translation must not use

MT enforces both (the terms are shielded from the engine and put back as the glossary says);
the QA checks use the same data. Terms are found in their inflected forms (terms.py).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .languages import base_language
from .terms import TermEntry, Terminology

_TERM_KEYS = {"head", "variants", "avoid"}


@dataclass(frozen=True)
class Term:
    """A term with fixed translations: per language, and how else the source writes it."""

    translations: dict[str, str]
    head: str | None = None
    variants: tuple[str, ...] = ()
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _for(table: dict[str, Any], language: str) -> Any:
    """A per-language value: for `de-AT`, the table's `de-AT`, else its `de`."""
    return table.get(language) or table.get(base_language(language))


@dataclass(frozen=True)
class Glossary:
    keep: tuple[str, ...] = ()
    terms: dict[str, Term] = field(default_factory=dict)

    def for_language(self, language: str | None, source: str = "de") -> Terminology:
        """The terms a translation into `language` must respect, and their matcher. A term whose
        translations are in lower case (troupe, soldier) is a common noun; the rest are names.
        Without a language: every term, as the source writes it (what the glossary covers)."""
        entries = {term: TermEntry(term, term) for term in self.keep}
        for source_term, term in self.terms.items():
            target = _for(term.translations, language) if language else source_term
            if target:
                entries[source_term] = TermEntry(
                    source_term,
                    target,
                    head=term.head,
                    variants=term.variants,
                    avoid=tuple(_for(term.avoid, language) or ()) if language else (),
                    common_noun=any(t[:1].islower() for t in term.translations.values()),
                )
        return Terminology(list(entries.values()), language or source, source)


def load_glossary(path: Path, required: bool = False) -> Glossary:
    """The glossary at `path`; no file means an empty glossary, unless the configuration names
    one (`required`): then a missing file is an error, not a silent empty glossary."""
    if not path.exists():
        if required:
            raise ConfigError(
                "glossary not found (pyproject.toml names it in [tool.i18n-tool] glossary)", path
            )
        return Glossary()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid glossary: {exc}", path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the glossary: {exc.strerror}", path) from exc
    unknown = set(data) - {"keep", "terms"}
    if unknown:
        raise ConfigError(f"unknown glossary key(s): {', '.join(sorted(unknown))}", path)
    keep = data.get("keep", [])
    if not isinstance(keep, list) or not all(isinstance(t, str) and t.strip() for t in keep):
        raise ConfigError('glossary `keep` must be a list of terms, e.g. ["NATO"]', path)
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        raise ConfigError('glossary `terms` must be tables, e.g. [terms."Selenskyj"]', path)
    return Glossary(
        keep=tuple(keep), terms={term: _term(term, table, path) for term, table in terms.items()}
    )


def _term(term: str, table: Any, path: Path) -> Term:
    """One `[terms."..."]` table, checked: translations per language, and the optional `head`
    (a word of the term), `variants` (a list) and `avoid` (a list per language)."""
    if not isinstance(table, dict):
        raise ConfigError(f'glossary term {term!r} needs translations, e.g. en = "..."', path)
    translations = {k: v for k, v in table.items() if k not in _TERM_KEYS}
    if not translations or not all(isinstance(t, str) and t.strip() for t in translations.values()):
        raise ConfigError(
            f'glossary term {term!r} needs translations per language, e.g. en = "..."', path
        )
    head = table.get("head")
    if head is not None and (
        not isinstance(head, str) or head not in (term.split()[0], term.split()[-1])
    ):
        raise ConfigError(
            f"glossary term {term!r}: `head` must be its first or last word, e.g. head = "
            f"{term.split()[-1]!r}",
            path,
        )
    variants = table.get("variants", [])
    if not isinstance(variants, list) or not all(
        isinstance(v, str) and v.strip() for v in variants
    ):
        raise ConfigError(f"glossary term {term!r}: `variants` must be a list of spellings", path)
    avoid = table.get("avoid", {})
    if not isinstance(avoid, dict) or not all(
        isinstance(spellings, list) and all(isinstance(s, str) and s.strip() for s in spellings)
        for spellings in avoid.values()
    ):
        raise ConfigError(
            f"glossary term {term!r}: `avoid` lists spellings per language, "
            'e.g. avoid.en = ["..."]',
            path,
        )
    return Term(
        translations,
        head,
        tuple(variants),
        {language: tuple(spellings) for language, spellings in avoid.items()},
    )
