"""Plural-Forms headers as GNU gettext's `msginit` writes them (its plural table, gettext 0.21).

Not from Babel: Babel follows the CLDR release it bundles, and CLDR's rules change (Babel 2.19
gave French and Spanish three forms where gettext, Poedit and Weblate keep two), so a catalog's
header would change with whatever Babel version pip picked. A language not in this table gets no
Plural-Forms line, as with msginit; a translator's own line is always kept.
"""

from __future__ import annotations

from .languages import base_language

_TWO = "nplurals=2; plural=(n != 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_CZECH = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"

PLURAL_FORMS: dict[str, str] = {
    **dict.fromkeys(("ja", "vi", "ko"), "nplurals=1; plural=0;"),
    **dict.fromkeys(
        ("en de nl sv da no nb nn fo es pt it bg el fi et he eo hu tr").split(),
        _TWO,
    ),
    **dict.fromkeys(("pt_BR", "fr"), "nplurals=2; plural=(n > 1);"),
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _EAST_SLAVIC),
    **dict.fromkeys(("cs", "sk"), _CZECH),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def plural_forms(language: str) -> str | None:
    """The Plural-Forms value for `pt_BR`, `fr`, `de_AT`…; None where msginit has none."""
    return PLURAL_FORMS.get(language) or PLURAL_FORMS.get(base_language(language))
