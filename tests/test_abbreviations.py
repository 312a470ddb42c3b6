"""The abbreviation lexicon (data/abbreviations-de.toml) and the abbreviations a newsroom's
own articles teach (`i18n-tool abbreviations`)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polib
import pytest
from helpers import invoke_in

from i18n_tool.learn import AbbreviationEvidence, abbreviation_evidence
from i18n_tool.segment import LEXICON, split_sentences

SEGMENTATION_DOCS = Path(__file__).resolve().parent.parent / "docs" / "developer.md"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # never-final: degrees and prepositive words go on, also capitalised at a sentence start
        ("Dr. iur. Klaus Weber sprach.", ["Dr. iur. Klaus Weber sprach."]),
        ("Örtl. Starkregen ist möglich.", ["Örtl. Starkregen ist möglich."]),
        # ambiguous: a boundary only before a sentence starter
        ("Es fehlen 34,4 Bio. US-Dollar.", ["Es fehlen 34,4 Bio. US-Dollar."]),
        ("Ein Kfz. Den Schaden zahlt er.", ["Ein Kfz.", "Den Schaden zahlt er."]),
        # final: a boundary before any capital, also as two spaced parts
        (
            "Wir sammeln Decken u. Ä. Abgabe ist hier.",
            ["Wir sammeln Decken u. Ä.", "Abgabe ist hier."],
        ),
        ("Wir sammeln Decken u. Ä. für alle.", ["Wir sammeln Decken u. Ä. für alle."]),
        # units: after a number or a magnitude they end a sentence, elsewhere their class decides
        ("Es kostet 250 Fr. Zudem gilt das.", ["Es kostet 250 Fr.", "Zudem gilt das."]),
        ("Es kostet 4,7 Mrd. Fr. Er zahlt.", ["Es kostet 4,7 Mrd. Fr.", "Er zahlt."]),
        ("Es kam Fr. Müller.", ["Es kam Fr. Müller."]),
        ("Stau auf 12 km. Grund ist ein Unfall.", ["Stau auf 12 km.", "Grund ist ein Unfall."]),
    ],
)
def test_each_class_of_the_lexicon_decides_as_documented(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_every_source_of_the_lexicon_is_named_with_its_licence_in_the_docs() -> None:
    sources = tomllib.loads(LEXICON.read_text(encoding="utf-8"))["sources"]
    readme = SEGMENTATION_DOCS.read_text(encoding="utf-8")
    assert set(sources) == {"i18n-tool", "cldr", "pysbd"}
    for licence in ("Unicode License", "MIT"):
        assert licence in readme
    assert "common/segments/de.xml" in readme and "pysbd/lang/deutsch.py" in readme


HOUSE_ARTICLE = """\
# Schulen im Landkr. Harburg

Der Landkr. Harburg plant eine neue Schule. Bgm. Meier sagte, der Landkr. sei zuständig.

Im Landkr. gibt es drei Schulen. Die Regierung plant ein neues Gesetz. Die Opposition \
kritisiert das Gesetz.
"""


def msgids(project: Path) -> list[str]:
    return [entry.msgid for entry in polib.pofile(str(project / "locales" / "praesident.pot"))]


def test_a_newsroom_learns_its_house_abbreviations_and_extract_uses_them(project: Path) -> None:
    (project / "source" / "praesident.de.md").write_text(HOUSE_ARTICLE, encoding="utf-8")
    assert invoke_in(project, "extract")[0] == 0
    assert "Der Landkr." in msgids(project)  # unknown: "Landkr. Harburg" is cut in two

    code, output = invoke_in(project, "abbreviations", "--all")
    assert code == 0, output
    rows = [line.split() for line in output.splitlines() if line[:1] not in "┏┡└"]
    assert ["│", "Landkr.", "│", "4", "│", "2", "│", "0", "│", "0", "│", "yes", "│"] in rows
    assert ["│", "Gesetz.", "│", "1", "│", "0", "│", "1", "│", "0", "│", "no", "│"] in rows
    assert "1 abbreviation learned from the articles" in output
    assert not (project / "abbreviations.learned.toml").exists()

    code, output = invoke_in(project, "abbreviations", "--write")
    assert code == 0, output
    assert "abbreviations.learned.toml: written" in output
    learned = (project / "abbreviations.learned.toml").read_text(encoding="utf-8")
    assert learned.endswith('[ambiguous]\nlearned = [\n    "Landkr.",  # 4 / 2 / 0 / 0\n]\n')

    assert invoke_in(project, "extract")[0] == 0
    assert msgids(project)[:4] == [
        "Schulen im Landkr. Harburg",
        "Der Landkr. Harburg plant eine neue Schule.",
        "Bgm. Meier sagte, der Landkr. sei zuständig.",
        "Im Landkr. gibt es drei Schulen.",
    ]
    code, output = invoke_in(project, "abbreviations", "--write")
    assert "1 abbreviation learned" in output and "unchanged" in output


def test_words_the_project_lists_are_not_learned_again(project: Path) -> None:
    (project / "source" / "praesident.de.md").write_text(HOUSE_ARTICLE, encoding="utf-8")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + '\n[tool.i18n-tool.segmentation]\nabbreviations = ["Landkr."]\n',
        encoding="utf-8",
    )
    code, output = invoke_in(project, "abbreviations")
    assert code == 0 and "0 abbreviations learned" in output and "Landkr." not in output


def test_a_broken_learned_file_is_one_clear_error(project: Path) -> None:
    (project / "abbreviations.learned.toml").write_text("[ambiguous]\nlearned = 3\n")
    code, output = invoke_in(project, "extract")
    assert code == 2, output
    assert output.startswith("error: ") and "abbreviations.learned.toml" in output
    assert "--write" in output


def test_only_words_that_behave_like_abbreviations_are_learned() -> None:
    texts = [
        "Das Amt in der Kreisvw. Süd prüft es. Die Kreisvw. Nord auch.",
        "Er bat die Kreisvw. um Rat.",  # a lowercase word after it: an abbreviation
        "Sie sprach im Rathaus. Der Rat tagte im Rathaus. Er kam ins Rathaus. Die Tür war zu.",
        "Dann fuhr sie nach Harburg. Harburg liegt im Süden. Nach Harburg. Kiel auch.",
        "Es geht um Verwaltungsk. Süd und Verwaltungsk. Nord.",  # 13 letters: too long
    ]
    evidence = {item.word: item for item in abbreviation_evidence(texts)}
    assert evidence["Kreisvw"] == AbbreviationEvidence("Kreisvw", 3, 1, 0, 0, True)
    assert not evidence["Rathaus"].learned  # followed by sentence starters
    assert not evidence["Harburg"].learned  # also seen without a period
    assert not evidence["Verwaltungsk"].learned
    assert [item.word for item in abbreviation_evidence(texts) if item.learned] == ["Kreisvw"]


def test_an_unreadable_article_is_left_out_of_learning_and_named(project: Path) -> None:
    (project / "source" / "praesident.de.md").write_text(HOUSE_ARTICLE, encoding="utf-8")
    (project / "source" / "alt.de.md").write_bytes("Grüße.\n".encode("latin-1"))
    code, output = invoke_in(project, "abbreviations", "--write")
    assert code == 3, output
    assert "1 abbreviation learned from the articles" in output
    assert output.splitlines()[-1] == "2 articles: 1 done, 1 failed (unreadable source article)"
    assert (project / "abbreviations.learned.toml").exists()
