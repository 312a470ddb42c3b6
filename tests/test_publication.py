"""Nothing unapproved goes out (issue 26): an article is published in a language on its own
state, `build/` holds exactly the published set, drafts live apart, language codes are never
guessed, `.markdown` is Markdown. Everything through the CLI, on a fresh copy of the seed
project (English, French and Spanish reviewed)."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from helpers import clone_of_repository, invoke, invoke_in, translator_reviews

SEED = "kim-truppen-russland"
GIPFEL = "# Gipfel in Genf\n\nDie Staatschefs trafen sich am Montag. Sie sprachen lange.\n"


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    return clone_of_repository(tmp_path / "newsroom")


def published(project: Path) -> set[str]:
    """The files of the published tree (its manifest and index aside)."""
    build = project / "build"
    return {
        path.relative_to(build).as_posix()
        for path in build.rglob("*")
        if path.is_file() and path.parent != build and "drafts" not in path.parts
    }


def test_a_wholly_german_article_is_held_back_and_the_reviewed_one_stays(newsroom: Path) -> None:
    """Item 1: the seed's 25 reviewed units used to carry a new untranslated article out."""
    (newsroom / "source" / "gipfel.de.md").write_text(GIPFEL, encoding="utf-8")
    code, output = invoke_in(newsroom, "run")
    assert code == 5, output  # no model installed: named, and the rest is done
    for language in ("en", "fr", "es"):
        assert f"{language}/gipfel.md: held back: 0 of 3 units reviewed" in output
        assert f"{language}: 1 of 2 articles published" in output
    assert published(newsroom) == {f"{language}/{SEED}.md" for language in ("en", "fr", "es")}
    index = (newsroom / "build" / "index.html").read_text(encoding="utf-8")
    assert "<td>fr</td><td>gipfel.md</td><td>held back: 0 of 3 units reviewed</td>" in index
    assert "<td>fr</td><td>kim-truppen-russland.md</td><td>published: 25 reviewed" in index


def test_an_article_half_in_german_is_held_back_until_every_unit_is_reviewed(
    newsroom: Path,
) -> None:
    text = "# Gipfel\n\nEins ist gut. Zwei ist besser. Drei ist am besten. Vier ist mehr.\n"
    (newsroom / "source" / "gipfel.de.md").write_text(text, encoding="utf-8")
    assert invoke_in(newsroom, "update", "-l", "fr")[0] == 0
    translator_reviews(
        newsroom, {"Eins ist gut.": "Un est bien.", "Zwei ist besser.": "Deux."}, "gipfel", "fr"
    )
    code, output = invoke_in(newsroom, "build", "-l", "fr")
    assert "fr/gipfel.md: held back: 2 of 5 units reviewed" in output
    assert not (newsroom / "build" / "fr" / "gipfel.md").exists()
    translator_reviews(
        newsroom,
        {"Gipfel": "Sommet", "Drei ist am besten.": "Trois.", "Vier ist mehr.": "Quatre."},
        "gipfel",
        "fr",
    )
    code, output = invoke_in(newsroom, "build", "-l", "fr")
    assert code == 0 and "fr/gipfel.md: 5 reviewed, 0 in German" in output
    assert (newsroom / "build" / "fr" / "gipfel.md").read_text(encoding="utf-8") == (
        "# Sommet\n\nUn est bien. Deux. Trois. Quatre.\n"
    )


def test_status_says_what_build_does_of_a_reviewed_unit_with_a_hidden_character(
    newsroom: Path,
) -> None:
    """A reviewed translation holding a hidden character is never built (`check` names it):
    `status` counts it as `build` does, not as reviewed."""
    (newsroom / "source" / "gipfel.de.md").write_text(GIPFEL, encoding="utf-8")
    assert invoke_in(newsroom, "update", "-l", "fr")[0] == 0
    translator_reviews(
        newsroom,
        {
            "Gipfel in Genf": "Sommet à Genève",
            "Die Staatschefs trafen sich am Montag.": "Les chefs d\u2019État \u202ese sont vus.",
            "Sie sprachen lange.": "Ils ont parlé longtemps.",
        },
        "gipfel",
        "fr",
    )
    held = "fr/gipfel.md: held back: 2 of 3 units reviewed"
    assert held in invoke_in(newsroom, "build", "-l", "fr")[1]
    status = json.loads(invoke_in(newsroom, "status", "-l", "fr", "--json")[1])
    [row] = [row for row in status["documents"] if row["document"] == "gipfel"]
    assert row["held_back"] == "2 of 3 units reviewed"


def test_a_long_new_article_never_withdraws_a_reviewed_one(newsroom: Path) -> None:
    """Item 2: one long untranslated article pushed English under 80 % and the reviewed seed
    was deleted from build/en/."""
    assert invoke_in(newsroom, "build")[0] == 0
    seed_build = (newsroom / "build" / "en" / f"{SEED}.md").read_bytes()
    long_article = "# Lang\n\n" + "".join(f"Satz Nummer {n} steht hier.\n\n" for n in range(40))
    (newsroom / "source" / "lang.de.md").write_text(long_article, encoding="utf-8")
    code, output = invoke_in(newsroom, "run", "-l", "en")
    assert code == 5, output  # no model for the new article: named
    assert "en/lang.md: held back: 0 of 41 units reviewed" in output
    assert (newsroom / "build" / "en" / f"{SEED}.md").read_bytes() == seed_build
    output = invoke_in(newsroom, "status", "-l", "en", "--json")[1]
    rows = {row["document"]: row for row in json.loads(output)["documents"]}
    assert (rows[SEED]["published"], rows[SEED]["held_back"]) == (True, None)
    assert (rows["lang"]["published"], rows["lang"]["held_back"]) == (
        False,
        "0 of 41 units reviewed",
    )
    assert json.loads(output)["languages"][0]["articles_published"] == 1


def test_build_holds_exactly_the_published_set(newsroom: Path) -> None:
    """Item 3: a dropped format, a removed article, a dropped language and a draft left
    files behind; files the tool did not write are never touched."""
    (newsroom / "source" / "gemeinderat.de.md").write_text(
        "# Gemeinderat\n\nDer Rat tagte.\n", encoding="utf-8"
    )
    assert invoke_in(newsroom, "update")[0] == 0
    for language in ("en", "fr", "es"):
        translator_reviews(
            newsroom, {"Gemeinderat": "C", "Der Rat tagte.": "M."}, "gemeinderat", language
        )
    code, output = invoke_in(newsroom, "build", "--format", "md,html,txt")
    assert code == 0, output
    ours = newsroom / "build" / "en" / "notes.txt"
    ours.write_text("the desk's own notes\n", encoding="utf-8")  # not the tool's
    code, output = invoke_in(newsroom, "run")  # Markdown only
    for language in ("en", "fr", "es"):
        assert f"removed build/{language}/{SEED}.html: no longer published" in output
        assert f"removed build/{language}/gemeinderat.txt: no longer published" in output
    assert published(newsroom) == {
        *(f"{lang}/{name}.md" for lang in ("en", "fr", "es") for name in (SEED, "gemeinderat")),
        "en/notes.txt",
    }
    (newsroom / "source" / "gemeinderat.de.md").unlink()
    code, output = invoke_in(newsroom, "build")
    assert "removed build/fr/gemeinderat.md: no longer published" in output
    pyproject = newsroom / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8").replace('["en", "fr", "es"]', '["en", "fr"]'),
        encoding="utf-8",
    )
    code, output = invoke_in(newsroom, "build")
    assert "removed build/es/kim-truppen-russland.md: no longer published" in output
    assert "es: not a target language any more; its outputs are removed" in output
    assert not (newsroom / "build" / "es").exists()
    code, output = invoke_in(newsroom, "build", "--draft", "--format", "md,txt")
    assert code == 0, output
    assert published(newsroom) == {f"en/{SEED}.md", f"fr/{SEED}.md", "en/notes.txt"}
    draft = (newsroom / "build" / "drafts" / "fr" / f"{SEED}.md").read_text(encoding="utf-8")
    assert draft.startswith("<!-- Draft for review: machine suggestions and untranslated text;")
    text = (newsroom / "build" / "drafts" / "fr" / f"{SEED}.txt").read_text(encoding="utf-8")
    assert text.startswith("[Draft for review:")
    assert ours.read_text(encoding="utf-8") == "the desk's own notes\n"


def test_an_earlier_build_without_a_manifest_is_taken_over(newsroom: Path) -> None:
    """A build/ from before manifests: its article outputs are the tool's, by their names."""
    old = newsroom / "build" / "en" / "gipfel.md"
    old.parent.mkdir(parents=True)
    old.write_text("Die Staatschefs trafen sich.\n", encoding="utf-8")  # an old German build
    (newsroom / "source" / "gipfel.de.md").write_text(GIPFEL, encoding="utf-8")
    assert invoke_in(newsroom, "update", "-l", "en")[0] == 0
    output = invoke_in(newsroom, "build", "-l", "en")[1]
    assert "removed build/en/gipfel.md: no longer published" in output
    assert not old.exists()


NOT_A_TARGET = "is not a target language of this project (en, fr, es)"
NOT_CLDR = "is not a language code as CLDR writes it"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (("status", "-l", "eng"), f"eng {NOT_A_TARGET}; did you mean en?"),
        (("status", "-l", "fre"), f"fre {NOT_A_TARGET}; did you mean fr?"),
        (("run", "-l", "en-US"), f"en-US {NOT_A_TARGET}; did you mean en?"),
        (("translate", "-l", "pt"), f"pt {NOT_A_TARGET}"),
        (("models", "install", "de", "eng"), f"'eng' {NOT_CLDR}; did you mean en?"),
    ],
)
def test_language_codes_are_never_guessed(
    newsroom: Path, command: tuple[str, ...], message: str
) -> None:
    """Item 6: `eng` became en_US, `fre` fr_FR, `en-US` made locales/en_US/."""
    before = sorted(p.relative_to(newsroom) for p in newsroom.rglob("*"))
    code, output = invoke_in(newsroom, *command)
    assert (code, output) == (2, f"error: {message}\n")
    assert sorted(p.relative_to(newsroom) for p in newsroom.rglob("*")) == before


def test_init_refuses_a_code_it_would_have_to_guess(tmp_path: Path) -> None:
    code, output = invoke("init", str(tmp_path / "desk"), "-t", "fre")
    assert (code, output) == (2, f"error: 'fre' {NOT_CLDR}; did you mean fr?\n")
    assert not (tmp_path / "desk").exists()


def test_language_codes_written_in_another_case_are_the_same_codes(
    newsroom: Path, tmp_path: Path
) -> None:
    code, output = invoke_in(newsroom, "status", "-l", "EN", "--json")
    assert code == 0 and {row["language"] for row in json.loads(output)["documents"]} == {"en"}
    index = tmp_path / "mirror"
    index.mkdir()
    (index / "index.json").write_text("[]", encoding="utf-8")
    code, output = invoke_in(newsroom, "models", "install", "DE", "EN", "--index", str(index))
    assert code == 6 and "has no model for de→en (direct or via English)" in output


def test_a_markdown_article_with_the_long_suffix_is_markdown_everywhere(newsroom: Path) -> None:
    """Item 7: `.markdown` was read but built as `artikel.markdown`, with no `.txt`, its
    `**nichts**` literal in HTML, and left in place when held back."""
    (newsroom / "source" / "artikel.de.markdown").write_text(
        "# Titel\n\nDie Regierung sagte **nichts**.\n", encoding="utf-8"
    )
    assert invoke_in(newsroom, "update", "-l", "en")[0] == 0
    translator_reviews(
        newsroom,
        {"Titel": "Title", "Die Regierung sagte **nichts**.": "The government said **nothing**."},
        "artikel",
        "en",
    )
    code, output = invoke_in(newsroom, "build", "-l", "en", "--format", "md,html,txt")
    assert code == 0, output
    folder = newsroom / "build" / "en"
    assert (folder / "artikel.md").read_text(encoding="utf-8") == (
        "# Title\n\nThe government said **nothing**.\n"
    )
    assert (folder / "artikel.txt").read_text(encoding="utf-8") == (
        "Title\nThe government said nothing.\n"
    )
    assert "<strong>nothing</strong>" in (folder / "artikel.html").read_text(encoding="utf-8")
    assert not (folder / "artikel.markdown").exists()
    catalog = polib.pofile(str(newsroom / "locales" / "en" / "artikel.po"))
    catalog.find("Titel").flags.append("fuzzy")
    catalog.save()
    code, output = invoke_in(newsroom, "build", "-l", "en", "--format", "md,html,txt")
    assert "en/artikel.md: held back: 1 of 2 units reviewed" in output
    assert not any(folder.glob("artikel.*"))


def test_a_broken_manifest_is_one_line_and_deletes_nothing(newsroom: Path) -> None:
    assert invoke_in(newsroom, "build", "-l", "en")[0] == 0
    manifest = newsroom / "build" / ".i18n-tool-manifest.json"
    manifest.write_text("{not json", encoding="utf-8")
    code, output = invoke_in(newsroom, "build", "-l", "en")
    assert code == 1
    assert output.startswith("error: build/.i18n-tool-manifest.json: unreadable build manifest")
    assert len(output.splitlines()) == 1
    assert (newsroom / "build" / "en" / f"{SEED}.md").exists()
    manifest.unlink()
    assert invoke_in(newsroom, "build", "-l", "en")[0] == 0  # taken over by names
