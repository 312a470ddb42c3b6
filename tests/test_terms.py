"""Glossary terms in the forms German writes them: scored against a hand-made list of every
occurrence in the seed and the shared corpus, and held to what they must not match."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from i18n_tool.errors import ConfigError
from i18n_tool.glossary import load_glossary
from i18n_tool.protect import markup_tokens
from i18n_tool.terms import Form, Terminology, contains_term

TRUTH = Path(__file__).parent / "data" / "glossary-truth"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

Key = tuple[str, int, str, str]  # file, line, text, term


def truth() -> tuple[Counter[Key], dict[Key, str]]:
    counts: Counter[Key] = Counter()
    forms: dict[Key, str] = {}
    for line in (TRUTH / "occurrences.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        file, number, text, term, form = line.split("\t")
        key = (file, int(number), text, term)
        counts[key] += 1
        forms[key] = form
    return counts, forms


def occurrences(find) -> Counter[Key]:
    """What `find` (text → (text, term) pairs) finds in the translatable text of each article,
    line by line: link targets, URLs and other markup are not searched."""
    found: Counter[Key] = Counter()
    for file in sorted({key[0] for key in truth()[0]}):
        text = (SHARED / file).read_text(encoding="utf-8-sig")
        for number, line in enumerate(text.splitlines(), 1):
            for token in markup_tokens(line):
                if isinstance(token, str):
                    found.update((file, number, *pair) for pair in find(token))
    return found


def score(found: Counter[Key], expected: Counter[Key]) -> tuple[float, float]:
    hits = sum((found & expected).values())
    return hits / sum(expected.values()), hits / max(1, sum(found.values()))


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repository")
def test_every_occurrence_in_the_seed_and_the_corpus_is_found() -> None:
    """Recall and precision against the hand-made list, beside exact-form matching's (what
    `check` did before: the term between word boundaries)."""
    expected, forms = truth()
    terms = load_glossary(TRUTH / "glossary.toml").for_language("fr")
    found = occurrences(lambda text: [(o.text, o.entry.source) for o in terms.find(text)])
    recall, precision = score(found, expected)
    missed = sorted(expected - found)
    assert recall >= 0.98 and precision >= 0.98, (missed, sorted(found - expected))
    for form in Form:  # every kind of occurrence is in the truth, and found
        mine = Counter({k: n for k, n in expected.items() if forms[k] == form})
        assert mine and score(found, mine)[0] >= 0.98, form

    exact = re.compile("|".join(rf"(?<!\w){re.escape(e.source)}(?!\w)" for e in terms.entries))
    before = occurrences(lambda text: [(m.group(), m.group()) for m in exact.finditer(text)])
    assert score(before, expected)[0] < 0.5  # what the matcher is for: 0.384 on this list


def matches(glossary: dict[str, str], text: str) -> list[tuple[str, str, str]]:
    terms = Terminology.from_mapping(glossary, "en")
    return [(o.text, o.entry.source, o.form) for o in terms.find(text)]


def test_names_match_their_genitive_and_compounds_but_not_other_words() -> None:
    names = {"Kim": "Kim", "Putin": "Putin", "NATO": "NATO"}
    assert matches(names, "Kims Truppen, Putins Krieg und der NATO-Generalsekretär.") == [
        ("Kims", "Kim", Form.INFLECTED),
        ("Putins", "Putin", Form.INFLECTED),
        ("NATO-Generalsekretär", "NATO", Form.COMPOUND),
    ]
    assert matches(names, "Kimchi, Putinversteher, Kimber und die Natorampe.") == []


def test_nouns_match_their_forms_and_compounds_but_not_their_neighbours() -> None:
    nouns = {"Miete": "rent", "Truppe": "troop"}
    assert matches(nouns, "Die Mieten, der Mietenstreik, ein Truppenanstieg, die Truppen.") == [
        ("Mieten", "Miete", Form.INFLECTED),
        ("Mietenstreik", "Miete", Form.CLOSED),
        ("Truppenanstieg", "Truppe", Form.CLOSED),
        ("Truppen", "Truppe", Form.INFLECTED),
    ]
    # the tenant and the landlord are other words than the rent
    assert matches(nouns, "Der Mieter und der Vermieter.") == []
    assert matches({"Mieter": "tenant"}, "Der Vermieter, die Mitmieter.") == [
        ("Mitmieter", "Mieter", Form.CLOSED)
    ]


def test_a_head_alone_is_the_name_unless_it_is_another_persons() -> None:
    glossary = load_glossary(TRUTH / "glossary.toml").for_language("en")
    text = "Kim lud Trump ein. Kims Vater Kim Jong Il und Ivanka Trump, Donald J. Trump."
    found = [(o.text, o.entry.source, o.form, o.required) for o in glossary.find(text)]
    assert found == [
        ("Kim", "Kim Jong-un", Form.HEAD, "Kim"),
        ("Trump", "Donald Trump", Form.HEAD, "Trump"),
        ("Kims", "Kim Jong-un", Form.HEAD, "Kim"),
        ("Donald J. Trump", "Donald Trump", Form.VARIANT, "Donald Trump"),
    ]


@pytest.mark.parametrize(
    ("language", "text", "required", "used"),
    [
        ("fr", "Les troupes de Poutine", "troupe", True),
        ("fr", "Troupes russes", "troupe", True),
        ("es", "Los soldados llegaron", "soldado", True),
        ("en", "Putin's troops", "Putin", True),
        ("en", "Kim Jong Un", "Kim Jong-un", False),  # a name stands as written
        ("fr", "les soldats", "troupe", False),
    ],
)
def test_a_target_term_is_accepted_in_its_inflected_forms(
    language: str, text: str, required: str, used: bool
) -> None:
    assert contains_term(text, required, language) is used


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[terms."Mark Rutte"]\nen = "Mark Rutte"\nhead = "Rut"\n', "`head` must be its first"),
        ('[terms."Putin"]\nen = "Putin"\nvariants = "Putin"\n', "`variants` must be a list"),
        ('[terms."Putin"]\nen = "Putin"\navoid = ["Poutin"]\n', "`avoid` lists spellings per"),
        ('[terms."Putin"]\nhead = "Putin"\n', "needs translations per language"),
    ],
)
def test_a_wrong_term_table_is_named(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "glossary.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_glossary(path)
