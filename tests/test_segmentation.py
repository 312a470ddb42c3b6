"""German sentence units of the seed article, as an editor would accept them."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n_tool.segment import split_sentences
from i18n_tool.sources import load_document

SEED = Path(__file__).resolve().parent.parent / "source" / "kim-truppen-russland.de.md"


def test_the_seed_article_splits_into_the_expected_units() -> None:
    document = load_document(SEED)
    units = [(unit.line, unit.kind.value, unit.text[:40]) for unit in document.units]
    assert units == [
        (1, "paragraph", "Veröffentlicht: 28. Oktober 2024"),
        (3, "paragraph", "In einer überraschenden Wendung, die die"),
        (3, "paragraph", "Der Schritt, der von US-Geheimdiensten b"),
        (5, "heading", "Ein verzweifelter Putin wendet sich an K"),
        (7, "paragraph", "Für Putin, dessen Offensive in der Ukrai"),
        (7, "paragraph", "Sabrina Singh, eine Sprecherin des Penta"),
        (7, "paragraph", "„Diese Entsendung“, sagte Singh, „zeigt "),
        (9, "paragraph", "Kims Truppen sind nicht nur symbolische "),
        (9, "paragraph", "Der NATO-Generalsekretär Mark Rutte beze"),
        (9, "paragraph", "Aus Brüssel bemerkte Rutte, dass der Tru"),
        (11, "heading", "Kims Soldaten auf russischem Boden: Bewe"),
        (13, "paragraph", "Neueste Aufnahmen, die von Geheimdienste"),
        (13, "paragraph", "Das Video, das angeblich koreanische Phr"),
        (13, "paragraph", "Quellen behaupten, dass diese Soldaten, "),
        (15, "paragraph", "Der ukrainische Präsident Wolodymyr Sele"),
        (15, "paragraph", "„Dies ist keine gewöhnliche Allianz“, sa"),
        (15, "paragraph", "Der Schritt weckt Ängste, dass Kim, der "),
        (17, "heading", "Nordkoreanische Deserteure bieten Hilfe "),
        (19, "paragraph", "In der Zwischenzeit hat sich eine überra"),
        (19, "paragraph", "Ahn Chan-il, ein Deserteur, der in der n"),
        (19, "paragraph", "Die Gruppe glaubt, dass sie eine entsche"),
        (21, "paragraph", "Diese Deserteure haben Kontakt zur ukrai"),
        (23, "heading", "Kims Einfluss wächst, während Putins Mac"),
        (25, "paragraph", "Diese neue Allianz hebt die sich verände"),
        (25, "paragraph", "Während NATO, die Ukraine und Deserteure"),
    ]
    assert document.render({}) == SEED.read_text(encoding="utf-8")


def test_ordinals_abbreviations_and_quotes_do_not_end_sentences() -> None:
    text = (
        "Am 28. Oktober sprach Dr. Meyer z. B. über 10.000 Soldaten. "
        "„Das ist ein Skandal“, sagte sie. Er kam auf Platz 3. Die Frage „Wie geht es weiter?“ "
        "beschäftigt alle."
    )
    assert split_sentences(text) == [
        "Am 28. Oktober sprach Dr. Meyer z. B. über 10.000 Soldaten.",
        "„Das ist ein Skandal“, sagte sie.",
        "Er kam auf Platz 3.",
        "Die Frage „Wie geht es weiter?“ beschäftigt alle.",
    ]


def test_every_line_of_plain_text_is_a_boundary() -> None:
    assert split_sentences("Titel ohne Punkt\nErster Satz. Zweiter Satz.") == [
        "Titel ohne Punkt",
        "Erster Satz.",
        "Zweiter Satz.",
    ]


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "articles"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.glob("*.de.*")) if CORPUS.is_dir() else []
)
def test_real_articles_rebuild_exactly_and_every_unit_is_replaced_once(name: str) -> None:
    """Spans never overlap and cover only text: marking each unit shows each exactly once."""
    document = load_document(CORPUS / name)
    assert document.render({}) == document.text
    marked = document.render({unit.text: f"⟦{unit.text}⟧" for unit in document.units})
    assert marked.count("⟦") == len(document.units)
    for unit in document.units:  # a span over a soft break in a quote holds the "> " marker
        words = [w for w in document.text[unit.start : unit.end].split() if w != ">"]
        assert words == unit.text.split()
