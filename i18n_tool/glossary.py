"""The project glossary: terms that are never translated and terms with fixed translations.

`glossary.toml` in the project (docs/operator.md, "Machine translation"):

    keep = ["Kim Jong-un", "Rheinmetall"]      # do not translate

    [terms."Selenskyj"]                        # always translated so
    en = "Zelenskyy"
    fr = "Zelensky"

MT enforces both (the terms are shielded from the engine and put back as the glossary says);
the QA checks use the same data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .languages import base_language


@dataclass(frozen=True)
class Glossary:
    keep: tuple[str, ...] = ()
    terms: dict[str, dict[str, str]] = field(default_factory=dict)

    def for_language(self, language: str) -> dict[str, str]:
        """Source term → required target text, for one target language."""
        required = {term: term for term in self.keep}
        base = base_language(language)
        for term, translations in self.terms.items():
            target = translations.get(language) or translations.get(base)
            if target:
                required[term] = target
        return required


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
    for term, translations in terms.items():
        if not isinstance(translations, dict) or not all(
            isinstance(text, str) and text.strip() for text in translations.values()
        ):
            raise ConfigError(
                f'glossary term {term!r} needs translations per language, e.g. en = "..."', path
            )
    return Glossary(keep=tuple(keep), terms={term: dict(t) for term, t in terms.items()})
