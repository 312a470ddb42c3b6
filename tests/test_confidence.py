"""MT confidence: the model's own probability for its output, recorded per unit in the MT line,
flagged by `check` below the configured minimum and reported by `status --json`.

The numbers are the tiny models' real scores: deterministic, so they are pinned here."""

from __future__ import annotations

import json
import math
from pathlib import Path

import ctranslate2
import pytest
from helpers import invoke_in

import i18n_tool
from i18n_tool.config import MTSettings
from i18n_tool.engines.argos import ArgosEngine, find_route

UNSURE = "Die Regierung plant ein neues Gesetz für den Klimaschutz."
SURE = "Der Präsident sprach heute."

ARTICLE = f"""\
# Der Präsident sprach

{SURE} {UNSURE}
"""


def test_confidence_is_the_geometric_mean_of_the_output_token_probabilities(
    installed_models: Path,
) -> None:
    """What the engine records equals exp(mean log-probability) of its output tokens as
    CTranslate2's `score_batch` scores them (a second pass the engine does not need)."""
    engine = ArgosEngine(MTSettings())
    results = engine.translate_batch([SURE, UNSURE], "de", "en")
    [pkg] = find_route("de", "en")
    settings = MTSettings()  # the engine loads the model in compute type "auto" (int8 here)
    model = ctranslate2.Translator(
        str(Path(pkg.package_path) / "model"), compute_type=settings.compute_type
    )
    sources = [pkg.tokenizer.encode(text) for text in (SURE, UNSURE)]
    decoded = model.translate_batch(
        sources, beam_size=settings.beam_size, length_penalty=0.2, replace_unknowns=True
    )
    outputs = [result.hypotheses[0] for result in decoded]
    assert [pkg.tokenizer.decode(tokens) for tokens in outputs] == [r.text for r in results]
    for result, scored in zip(results, model.score_batch(sources, outputs), strict=True):
        expected = math.exp(sum(scored.log_probs) / len(scored.log_probs))
        assert result.confidence == pytest.approx(expected, abs=1e-9)
    assert [round(r.confidence, 4) for r in results] == [1.0, 0.9939]


def test_a_pivot_multiplies_the_confidences_of_its_legs(installed_models: Path) -> None:
    engine = ArgosEngine(MTSettings())
    [english] = engine.translate_batch([UNSURE], "de", "en")
    [french] = engine.translate_batch([UNSURE], "de", "fr")
    [second_leg] = engine.translate_batch([english.text], "en", "fr")
    assert french.confidence == pytest.approx(english.confidence * second_leg.confidence)


def _translated(project: Path, check_table: str = "") -> i18n_tool.Config:
    (project / "source" / "praesident.de.md").write_text(ARTICLE, encoding="utf-8")
    if check_table:
        with (project / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
            pyproject.write(check_table)
    config = i18n_tool.open_project(project)
    i18n_tool.update(config)
    i18n_tool.translate(config, ["en"])
    return config


def test_the_mt_line_carries_the_confidence(project: Path, installed_models: Path) -> None:
    _translated(project)
    po = (project / "locales" / "en" / "praesident.po").read_text(encoding="utf-8")
    assert (
        "# MT: argostranslate translate-de_en 0.1; confidence 0.99\n"
        "#. block: paragraph\n"
        "#: source/praesident.de.md:3\n"
        "#, fuzzy\n"
        f'msgid "{UNSURE}"\n'
        'msgstr "The government plant ein neues law für den Klimaschutz."\n'
    ) in po
    assert "# MT: argostranslate translate-de_en 0.1; confidence 1.00\n" in po


def test_check_flags_an_mt_suggestion_below_the_minimum_confidence(
    project: Path, installed_models: Path
) -> None:
    """The default minimum (0.5) flags nothing the tiny model makes; a project that asks for
    0.995 gets exactly the one less certain sentence, and none once it is reviewed."""
    config = _translated(project)
    assert [f for f in i18n_tool.check(config, ["en"]) if f.problem.check == "confidence"] == []

    config = _translated(project, "\n[tool.i18n-tool.check]\nmin-confidence = 0.995\n")
    _, output = invoke_in(project, "check", "-l", "en")
    assert "MT confidence 0.99 is below 0.995" in output
    flagged = [f for f in i18n_tool.check(config, ["en"]) if f.problem.check == "confidence"]
    assert [(f.msgid, f.problem.severity, f.problem.message) for f in flagged] == [
        (UNSURE, "warning", "MT confidence 0.99 is below 0.995")
    ]
    po = project / "locales" / "en" / "praesident.po"
    po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    assert [f for f in i18n_tool.check(config, ["en"]) if f.problem.check == "confidence"] == []


def test_status_json_gives_and_sorts_by_the_lowest_confidence(
    project: Path, installed_models: Path
) -> None:
    """Two articles: the one holding the less certain sentence comes first --by-confidence."""
    config = _translated(project, "\n[tool.i18n-tool.check]\nmin-confidence = 0.995\n")
    (project / "source" / "aaa-sicher.de.md").write_text(f"{SURE}\n", encoding="utf-8")
    i18n_tool.update(config)
    i18n_tool.translate(config, ["en"])
    code, output = invoke_in(project, "status", "-l", "en", "--json", "--by-confidence")
    assert code == 0, output
    report = json.loads(output)
    assert [
        (row["document"], row["lowest_mt_confidence"], row["low_mt_confidence"])
        for row in report["documents"]
    ] == [("praesident", 0.99, 1), ("aaa-sicher", 1.0, 0)]
    [language] = report["languages"]
    assert (language["lowest_mt_confidence"], language["low_mt_confidence"]) == (0.99, 1)
    code, output = invoke_in(project, "status", "-l", "en", "--json")
    assert [row["document"] for row in json.loads(output)["documents"]] == [
        "aaa-sicher",
        "praesident",
    ]


def test_a_minimum_confidence_outside_0_to_1_is_refused(project: Path) -> None:
    with (project / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write("\n[tool.i18n-tool.check]\nmin-confidence = 50\n")
    code, output = invoke_in(project, "status")
    assert code == 2
    assert "[tool.i18n-tool.check] min-confidence must be 0–1, not 50" in output
