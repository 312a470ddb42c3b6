"""`i18n-tool glossary suggest`: the names an archive repeats that the glossary lacks, with how
the reviewed translations wrote them, as a terminologist reads them."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import invoke, translator_reviews

import i18n_tool

ARTICLES = {
    "streik": "# Cuomos Streik in Albany\n\nGutierrez sprach mit Cuomo über den Mietenstreik.\n",
    "antwort": (
        "# Die Antwort\n\nCuomo antwortete Gutierrez nicht.\n\n"
        "Selenskyjs Rede an Putin zum Mietenstreik war kurz.\n"
    ),
    "putin": "# Putins Rede\n\nPutin sprach mit Cuomo und Selenskyj.\n",
}
REVIEWED = {
    "streik": {"Gutierrez sprach mit Cuomo über den Mietenstreik.": (
        "Gutierrez spoke to Cuomo about the rent strike."
    )},
    "antwort": {"Cuomo antwortete Gutierrez nicht.": "Cuomo did not answer Gutiérrez."},
}  # fmt: skip
GLOSSARY = """\
[terms."Wolodymyr Selenskyj"]
head = "Selenskyj"
en = "Volodymyr Zelenskyy"

[terms."Putin"]
en = "Putin"
"""


def test_names_the_archive_repeats_with_their_translations(project: Path) -> None:
    (project / "source" / "praesident.de.md").unlink()
    for name, text in ARTICLES.items():
        (project / "source" / f"{name}.de.md").write_text(text, encoding="utf-8")
    (project / "glossary.toml").write_text(GLOSSARY, encoding="utf-8")
    config = i18n_tool.open_project(project)
    i18n_tool.extract(config)
    i18n_tool.update(config, ["en"])
    for name, translations in REVIEWED.items():
        translator_reviews(project, translations, name=name)

    code, output = invoke("glossary", "suggest", "-l", "en", "--json", "--project", str(project))
    assert code == 0, output
    # Selenskyjs and Putins are the glossary's; Mietenstreik is a noun (Mieten + Streik);
    # Cuomos is Cuomo's genitive; Albany is in one article only; Gutierrez was written two
    # ways in English
    assert json.loads(output) == [
        {
            "name": "Cuomo",
            "count": 4,
            "articles": 3,
            "translations": {"en": {"Cuomo": 2}},
            "inconsistent": [],
        },
        {
            "name": "Gutierrez",
            "count": 2,
            "articles": 2,
            "translations": {"en": {"Gutierrez": 1, "Gutiérrez": 1}},
            "inconsistent": ["en"],
        },
    ]
    code, output = invoke("glossary", "suggest", "--min-articles", "3", "--project", str(project))
    assert code == 0, output
    assert "Cuomo" in output and "Gutierrez" not in output
    assert "1 name not in the glossary" in output
    heard: list[tuple[str, int, int]] = []
    i18n_tool.suggest_terms(config, ["en"], progress=lambda *event: heard.append(event))
    units = 7  # the three articles' headings and sentences
    assert heard == [
        *[("read en", n, 3) for n in (1, 2, 3)],  # 2,000 articles: 16 s in all, by hand
        ("translations", units, units),
        ("names", units, units),
    ]
