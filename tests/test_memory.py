"""Translation memory: a sentence reviewed in one article is offered in the next, before MT."""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import polib
import pytest
from helpers import Shouting, invoke_in, msgmerge_similarity, translator_reviews

import i18n_tool
from i18n_tool.memory import MemoryUnit, TranslationMemory
from i18n_tool.state_database import StateDatabase

FIRST = "# Wetter\n\nFoto: dpa\n\nDer Regen hörte am Montag in ganz Bayern wieder auf.\n"
SECOND = "# Verkehr\n\nFoto: dpa\n\nDer Regen hörte am Dienstag in ganz Bayern wieder auf.\n"


@pytest.fixture
def newsroom(project: Path) -> Path:
    """Two articles; the first reviewed in English, the second new."""
    (project / "source" / "praesident.de.md").unlink()
    (project / "source" / "erster.de.md").write_text(FIRST, encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    translator_reviews(
        project,
        {
            "Wetter": "Weather",
            "Foto: dpa": "Photo: dpa",
            "Der Regen hörte am Montag in ganz Bayern wieder auf.": (
                "The rain stopped across Bavaria on Monday."
            ),
        },
        "erster",
    )
    (project / "source" / "zweiter.de.md").write_text(SECOND, encoding="utf-8")
    assert invoke_in(project, "update", "-l", "en")[0] == 0
    return project


def second(project: Path) -> polib.POFile:
    return polib.pofile(str(project / "locales" / "en" / "zweiter.po"))


def test_memory_fills_before_mt_and_mt_gets_only_the_rest(newsroom: Path) -> None:
    engine = Shouting()
    config = i18n_tool.open_project(newsroom)
    [done] = i18n_tool.translate(config, ["en"], engine=engine).done
    assert (done.from_memory, done.memory_exact, done.translated) == (2, 1, 1)
    assert engine.seen == ["Verkehr"]  # the only sentence the memory had nothing for
    catalog = second(newsroom)
    credit = catalog.find("Foto: dpa")
    assert (credit.msgstr, credit.fuzzy) == ("Photo: dpa", False)  # as msgmerge -C
    assert credit.tcomment == "TM: 100 % from source/erster.de.md:3"
    rain = catalog.find("Der Regen hörte am Dienstag in ganz Bayern wieder auf.")
    assert (rain.msgstr, rain.fuzzy) == ("The rain stopped across Bavaria on Monday.", True)
    assert rain.previous_msgid == "Der Regen hörte am Montag in ganz Bayern wieder auf."
    assert rain.tcomment == "TM: 94 % from source/erster.de.md:5"
    text = (newsroom / "locales" / "en" / "zweiter.po").read_text(encoding="utf-8")
    assert (
        "# TM: 94 % from source/erster.de.md:5\n"
        "#. block: paragraph\n"
        "#: source/zweiter.de.md:5\n"
        "#, fuzzy\n"
        '#| msgid "Der Regen hörte am Montag in ganz Bayern wieder auf."\n'
        'msgid "Der Regen hörte am Dienstag in ganz Bayern wieder auf."\n'
        'msgstr "The rain stopped across Bavaria on Monday."\n'
    ) in text


def test_memory_suggestions_are_counted_as_their_own_kind(newsroom: Path) -> None:
    config = i18n_tool.open_project(newsroom)
    i18n_tool.translate(config, ["en"], engine=Shouting())
    code, output = invoke_in(newsroom, "status", "-l", "en", "--json")
    assert code == 0, output
    rows = {row["document"]: row for row in json.loads(output)["documents"]}
    assert (rows["zweiter"]["translated"], rows["zweiter"]["memory_suggestions"]) == (1, 1)
    assert (rows["zweiter"]["machine_translated"], rows["zweiter"]["needs_review"]) == (1, 0)


def test_a_whole_article_from_memory_needs_no_model(newsroom: Path, packages_dir: Path) -> None:
    """No model is installed: what the memory fills is filled, the rest is named."""
    code, output = invoke_in(newsroom, "translate", "-l", "en")
    assert code == 5
    assert (
        "en: 2 units from the translation memory (1 the same sentence, 1 similar, fuzzy)" in output
    )


def test_below_the_threshold_mt_translates(newsroom: Path) -> None:
    with (newsroom / "pyproject.toml").open("a", encoding="utf-8") as pyproject:
        pyproject.write('[tool.i18n-tool.memory]\nthreshold = 95\nexact = "fuzzy"\n')
    engine = Shouting()
    [done] = i18n_tool.translate(i18n_tool.open_project(newsroom), ["en"], engine=engine).done
    assert (done.from_memory, done.translated) == (1, 2)  # the 94 % match is under 95 %
    credit = second(newsroom).find("Foto: dpa")
    assert (credit.msgstr, credit.fuzzy) == ("Photo: dpa", True)  # exact = "fuzzy"


def test_different_reviewed_translations_give_the_latest_with_the_others(
    newsroom: Path,
) -> None:
    (newsroom / "source" / "dritter.de.md").write_text("Foto: dpa\n", encoding="utf-8")
    assert invoke_in(newsroom, "update", "-l", "en")[0] == 0
    translator_reviews(
        newsroom, {"Foto: dpa": "Picture: dpa"}, "zweiter", date="2030-01-01 10:00+0000"
    )
    i18n_tool.translate(i18n_tool.open_project(newsroom), ["en"], engine=Shouting())
    third = polib.pofile(str(newsroom / "locales" / "en" / "dritter.po")).find("Foto: dpa")
    assert (third.msgstr, third.fuzzy) == ("Picture: dpa", True)
    assert third.tcomment.splitlines() == [
        "TM: 100 % from source/zweiter.de.md:3",
        "TM alternative: Photo: dpa",
    ]


def test_check_names_a_sentence_reviewed_differently_in_two_articles(newsroom: Path) -> None:
    translator_reviews(newsroom, {"Foto: dpa": "Picture: dpa"}, "zweiter")
    findings = [
        f for f in i18n_tool.check(i18n_tool.open_project(newsroom), ["en"])
        if f.problem.check == "consistency"
    ]  # fmt: skip
    assert sorted((f.document, f.problem.message) for f in findings) == [
        ("erster", "reviewed differently at source/zweiter.de.md:3: 'Picture: dpa'"),
        ("zweiter", "reviewed differently at source/erster.de.md:3: 'Photo: dpa'"),
    ]


def test_the_memory_reads_only_catalogs_that_changed(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from i18n_tool import project as gateway

    project = i18n_tool.open_project(newsroom)
    assert len(project.memory("en")) == 3
    read: list[str] = []
    original = gateway.read_catalog
    monkeypatch.setattr(
        gateway, "read_catalog", lambda path: read.append(path.name) or original(path)
    )
    assert len(project.memory("en")) == 3
    assert read == []
    translator_reviews(newsroom, {"Verkehr": "Traffic"}, "zweiter")
    assert len(project.memory("en")) == 4
    assert read == ["zweiter.po"]


def test_a_catalog_as_the_last_sync_left_it_is_not_even_fingerprinted(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Catalogs modified more than two seconds before the last sync, with the size, mtime and
    inode it saw, are passed by their stat lines (as git's index does): a new article on a
    10,000-article archive does not check 10,000 catalogs' fingerprints."""
    catalogs = newsroom / "locales" / "en"
    an_hour_ago(*catalogs.iterdir())
    project = i18n_tool.open_project(newsroom)
    assert len(project.memory("en")) == 3
    fingerprinted: list[str] = []
    original = StateDatabase.fingerprint

    def recording(database: StateDatabase, file: Path | str, saved_at: int) -> str | None:
        fingerprinted.append(Path(file).name)
        return original(database, file, saved_at)

    monkeypatch.setattr(StateDatabase, "fingerprint", recording)
    assert len(project.memory("en")) == 3
    assert fingerprinted == []
    translator_reviews(newsroom, {"Verkehr": "Traffic"}, "zweiter")
    an_hour_ago(catalogs / "zweiter.po")
    assert len(project.memory("en")) == 4
    assert set(fingerprinted) == {"zweiter.po"}


def test_the_memory_sync_shows_its_progress_over_the_catalogs_it_checks(newsroom: Path) -> None:
    """The first sync reads every catalog (7 s on 2,000 articles): `translate` (and `run`)
    show it as a step of its own; a later sync counts only the catalogs it has to check."""
    an_hour_ago(*(newsroom / "locales" / "en").iterdir())
    heard: list[tuple[str, int, int]] = []

    def progress(step: str, done: int, total: int) -> None:
        heard.append((step, done, total))

    project = i18n_tool.open_project(newsroom)
    i18n_tool.translate(project, ["en"], engine=Shouting(), progress=progress)
    assert heard[:2] == [("memory en", 1, 2), ("memory en", 2, 2)]
    assert heard[2][0] == "translate en"  # then MT, which wrote into zweiter.po
    heard.clear()
    project.memory("en", progress=progress)
    assert heard == [("memory en", 1, 1)]  # zweiter.po alone: erster.po is as last synced


def test_a_catalog_edited_right_after_a_sync_is_read_again_with_its_size_and_mtime_kept(
    newsroom: Path,
) -> None:
    """A catalog modified within two seconds of the sync's stat could change again keeping
    its size and mtime (the file system's timestamp granularity): it is fingerprinted, not
    passed by its stat line (git's "racily clean" rule)."""
    translator_reviews(newsroom, {"Verkehr": "Traffic"}, "zweiter")
    project = i18n_tool.open_project(newsroom)
    assert project.memory("en").lookup("Verkehr", 1.0).unit.target == "Traffic"
    catalog = newsroom / "locales" / "en" / "zweiter.po"
    stat = catalog.stat()
    catalog.write_text(catalog.read_text("utf-8").replace("Traffic", "Trafico"), "utf-8")
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert catalog.stat().st_size == stat.st_size
    assert project.memory("en").lookup("Verkehr", 1.0).unit.target == "Trafico"


def an_hour_ago(*files: Path) -> None:
    """Files modified long before any sync (not within its racy window)."""
    then = time.time_ns() - 3600 * 10**9
    for file in files:
        os.utime(file, ns=(then, then))


def test_the_similarity_is_msgmerges() -> None:
    memory = TranslationMemory([MemoryUnit("Der Regen hörte auf.", "The rain stopped.", "a:1")])
    match = memory.lookup("Der Regen hörte bald auf.", 0.5)
    assert match is not None
    assert match.score == pytest.approx(
        msgmerge_similarity("Der Regen hörte bald auf.", "Der Regen hörte auf.")
    )


def test_the_candidate_index_finds_a_match_whenever_a_full_comparison_does() -> None:
    """A memory built to be hard for a trigram index (800 sentences from the same 25 words, so
    every trigram is common): each lookup of a near variant, a half sentence, a longer one or a
    very short one finds a match exactly when comparing with every memory sentence finds one,
    and the best one for at least 95 % of them (as msgmerge's index, it may miss the best)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    rng = random.Random(3)
    words = (
        "Der Regen hörte am Montag in ganz Bayern wieder auf, sagte die Sprecherin des "
        "Wetterdienstes am Dienstag in München nach einer langen Sitzung der Regierung"
    ).split()
    sentences = list(
        dict.fromkeys(" ".join(rng.sample(words, rng.randint(4, 16))) + "." for _ in range(800))
    )
    sentences += ["Ja.", "A"]
    memory = TranslationMemory(MemoryUnit(s, s.upper(), "a:1") for s in sentences)
    queries = ["Ja", "B", "Nein."]
    for sentence in rng.sample(sentences, 150):
        changed = sentence.split()
        changed[rng.randrange(len(changed))] = rng.choice(["Sonntag", "Hamburg", "kurz"])
        queries += [" ".join(changed), sentence[: len(sentence) // 2], sentence + " Heute."]
    found = best = 0
    for query in queries:
        full = process.extractOne(
            query, sentences, scorer=Indel.normalized_similarity, score_cutoff=0.6
        )
        match = memory.lookup(query, 0.6)
        assert (match is None) == (full is None), query
        found += full is not None
        best += bool(full and match and match.score == full[1])
    assert found > 400 and best >= 0.95 * found, (found, best)


def test_a_runs_memory_sync_reads_the_catalogs_stat_lines_the_run_took(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` has taken every file's stat line before its steps: on a change to a few
    articles, the memory's sync reads its catalogs' lines from there (no second walk of the
    language's folder: 10,000 `stat` calls on an archive), and takes again the lines of the
    changed articles' catalogs, which `update` rewrote meanwhile."""
    from i18n_tool import project as gateway

    translator_reviews(newsroom, {"Verkehr": "Traffic"}, "zweiter")
    project = i18n_tool.open_project(newsroom)
    i18n_tool.run(project, ["en"], engine=Shouting())  # settled
    an_hour_ago(*(newsroom / "locales" / "en").iterdir())
    assert project.memory("en").lookup("Verkehr", 1.0).unit.target == "Traffic"  # synced
    source = newsroom / "source"
    edited = SECOND.replace("# Verkehr", "# Straßenverkehr")
    (source / "zweiter.de.md").write_text(edited, encoding="utf-8")  # "Verkehr" goes obsolete
    (source / "dritter.de.md").write_text("# Verkehr\n\nHeute nichts.\n", encoding="utf-8")
    walked: list[Path] = []
    original = gateway.take_snapshot

    def walking(folders: list[Path], files: list[Path]) -> object:
        walked.extend(folders)
        return original(folders, files)

    monkeypatch.setattr(gateway, "take_snapshot", walking)
    i18n_tool.run(i18n_tool.open_project(newsroom), ["en"], engine=Shouting())
    assert newsroom / "locales" in walked  # the run's own snapshot
    assert newsroom / "locales" / "en" not in walked
    third = polib.pofile(str(newsroom / "locales" / "en" / "dritter.po"))
    assert third.find("Verkehr").msgstr == "VERKEHR"  # MT's: zweiter.po no longer offers it
