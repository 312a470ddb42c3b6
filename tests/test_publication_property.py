"""The publication promise as a property (issue 26): over random article states and build
settings, no published output holds a unit the policy does not allow, every article the
policy allows is published, and `build/` holds exactly those, after each of two builds in a
row. The oracle reads the PO files with polib and the outputs as text; it shares no code with
the build."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib
from helpers import invoke_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

STATES = ("reviewed", "mt", "memory", "empty", "changed")
ARTICLES = 3
UNITS = 3


def sentence(article: int, unit: int) -> str:
    return f"Satz {article}-{unit} steht hier."


def translation(article: int, unit: int, state: str, round_: int) -> str:
    return f"Sentence {article}-{unit} as {state} in round {round_}."


@dataclass(frozen=True)
class Policy:
    min_reviewed: int
    use: str
    fallback: str

    def options(self) -> list[str]:
        return ["--min-reviewed", str(self.min_reviewed), "--use", self.use,
                "--fallback", self.fallback]  # fmt: skip


policies = st.builds(
    Policy,
    min_reviewed=st.sampled_from([100, 100, 100, 67, 50, 0]),
    use=st.sampled_from(["reviewed", "reviewed", "reviewed+fuzzy"]),
    fallback=st.sampled_from(["source", "omit"]),
)
article_states = st.lists(
    st.lists(st.sampled_from(STATES), min_size=UNITS, max_size=UNITS),
    min_size=ARTICLES,
    max_size=ARTICLES,
)


def make_project(root: Path) -> None:
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.i18n-tool]\ntarget-languages = ["en"]\n', encoding="utf-8"
    )
    for article in range(ARTICLES):
        text = "\n\n".join(sentence(article, unit) for unit in range(UNITS)) + "\n"
        (root / "source" / f"a{article}.de.md").write_text(text, encoding="utf-8")
    code, output = invoke_in(root, "update", "--no-language-check")
    assert code == 0, output


def set_states(root: Path, states: list[list[str]], round_: int) -> None:
    """Each unit's entry as a translator, MT, the memory or an edit of the German left it."""
    for article, units in enumerate(states):
        path = root / "locales" / "en" / f"a{article}.po"
        catalog = polib.pofile(str(path))
        for unit, state in enumerate(units):
            entry = catalog.find(sentence(article, unit))
            entry.msgstr = "" if state == "empty" else translation(article, unit, state, round_)
            entry.flags = [] if state in ("reviewed", "empty") else ["fuzzy"]
            entry.previous_msgid = "Der alte Satz stand hier." if state == "changed" else None
            entry.tcomment = {"mt": "MT: test 1", "memory": "TM: 100 % from memory/x.tmx (x)"}.get(
                state, ""
            )
        catalog.save(str(path))


def oracle(root: Path, policy: Policy) -> dict[str, dict[str, bool]]:
    """Per article: whether the policy publishes it, and per unit whether its translation may
    be shown; read from the PO files alone."""
    verdicts = {}
    for article in range(ARTICLES):
        catalog = polib.pofile(str(root / "locales" / "en" / f"a{article}.po"))
        allowed = {}
        for entry in catalog:
            if entry.obsolete or not entry.msgid:
                continue
            translated = bool(entry.msgstr)
            reviewed = translated and "fuzzy" not in entry.flags
            allowed[entry.msgid] = reviewed or (translated and policy.use == "reviewed+fuzzy")
        share = 100 * sum(allowed.values()) / len(allowed)
        verdicts[f"a{article}"] = {"*published*": share >= policy.min_reviewed, **allowed}
    return verdicts


def check_outputs(root: Path, policy: Policy) -> None:
    verdicts = oracle(root, policy)
    built = (
        {p.name for p in (root / "build" / "en").glob("*")}
        if (root / "build" / "en").exists()
        else set()
    )
    assert built == {f"{name}.md" for name, v in verdicts.items() if v["*published*"]}
    for article in range(ARTICLES):
        name = f"a{article}"
        if not verdicts[name]["*published*"]:
            continue
        text = (root / "build" / "en" / f"{name}.md").read_text(encoding="utf-8")
        catalog = polib.pofile(str(root / "locales" / "en" / f"{name}.po"))
        for unit in range(UNITS):
            entry = catalog.find(sentence(article, unit))
            if verdicts[name][entry.msgid]:
                assert entry.msgstr in text
            else:
                assert not entry.msgstr or entry.msgstr not in text  # never an unallowed one
                assert (entry.msgid in text) == (policy.fallback == "source")


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(first=article_states, second=article_states, policy=policies, later=policies)
def test_no_published_output_holds_a_unit_the_policy_does_not_allow(
    first: list[list[str]], second: list[list[str]], policy: Policy, later: Policy
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "newsroom"
        make_project(root)
        for round_, (states, chosen) in enumerate(((first, policy), (second, later))):
            set_states(root, states, round_)
            code, output = invoke_in(root, "build", *chosen.options())
            assert code == 0, output
            check_outputs(root, chosen)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(states=article_states)
def test_the_defaults_publish_only_wholly_reviewed_articles(states: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "newsroom"
        make_project(root)
        set_states(root, states, 0)
        code, output = invoke_in(root, "build")
        assert code == 0, output
        check_outputs(root, Policy(100, "reviewed", "source"))
        for article, units in enumerate(states):
            published = (root / "build" / "en" / f"a{article}.md").exists()
            assert published == all(state == "reviewed" for state in units)
