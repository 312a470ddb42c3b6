"""Random lives of an article: source edits, translator edits, memories from an agency, MT
runs, XLIFF round trips, updates and builds.

Invariants after every step: a reviewed translation stays exactly as the translator left it
while its sentence is in the source; a memory match makes an entry reviewed only when it is the
same sentence, reviewed one way, and the policy says so; every catalog passes `msgfmt -c`; the
build has every source unit once, in order, as its translation or as the German text.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from helpers import Shouting
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import i18n_tool
from i18n_tool.config import BuildPolicy
from i18n_tool.model import MemoryUnit
from i18n_tool.tmx import write_tmx

SENTENCES = [
    "Der Präsident sprach heute vor dem Parlament.",
    "Die Regierung plant ein neues Gesetz für den Klimaschutz.",
    "Der Minister trat am Montag überraschend zurück.",
    "Die Opposition kritisierte die Pläne scharf.",
    "Am 28. Oktober beginnt die neue Sitzungswoche.",
    "Rund 10.000 Menschen demonstrierten in Berlin.",
    "„Das ist ein Skandal“, sagte die Sprecherin.",
    "Die Polizei sperrte die Innenstadt ab.",
]
EDITS = [
    ("heute", "gestern"),
    ("neues", "strengeres"),
    ("Montag", "Dienstag"),
    ("scharf", "heftig"),
]
HAS_GETTEXT = shutil.which("msgfmt") is not None


class ArticleLife(RuleBasedStateMachine):
    @initialize(policy=st.sampled_from(["reviewed", "fuzzy"]))
    def start(self, policy: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="article-life-"))
        (self.root / "source").mkdir()
        (self.root / "pyproject.toml").write_text(
            '[tool.i18n-tool]\ntarget-languages = ["en"]\n', encoding="utf-8"
        )
        self.sentences = SENTENCES[:3]
        self.reviewed: dict[str, str] = {}
        self.memory: dict[str, str] = {}  # the agency's TMX: German → English
        self.memory_policy(policy)
        self.write_source()
        self.update()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def catalog_path(self) -> Path:
        return self.root / "locales" / "en" / "artikel.po"

    def write_source(self) -> None:
        text = "\n\n".join(self.sentences) + "\n"
        (self.root / "source" / "artikel.de.md").write_text(text, encoding="utf-8")

    def catalog(self) -> polib.POFile:
        return polib.pofile(str(self.catalog_path))

    # --- the editor changes the article -------------------------------------------------
    @rule(sentence=st.sampled_from(SENTENCES), data=st.data())
    def insert(self, sentence: str, data: st.DataObject) -> None:
        position = data.draw(st.integers(0, len(self.sentences)))
        self.sentences.insert(position, sentence)
        self.write_source()

    @precondition(lambda self: len(self.sentences) > 1)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        self.sentences.pop(data.draw(st.integers(0, len(self.sentences) - 1)))
        self.write_source()

    @rule(data=st.data(), edit=st.sampled_from(EDITS))
    def change(self, data: st.DataObject, edit: tuple[str, str]) -> None:
        index = data.draw(st.integers(0, len(self.sentences) - 1))
        old, new = edit
        sentence = self.sentences[index]
        edited = sentence.replace(old, new) if old in sentence else sentence[:-1] + " erneut."
        self.sentences[index] = edited
        self.write_source()

    @rule(data=st.data())
    def move(self, data: st.DataObject) -> None:
        sentence = self.sentences.pop(data.draw(st.integers(0, len(self.sentences) - 1)))
        self.sentences.insert(data.draw(st.integers(0, len(self.sentences))), sentence)
        self.write_source()

    @rule(data=st.data())
    def duplicate(self, data: st.DataObject) -> None:
        self.sentences.append(self.sentences[data.draw(st.integers(0, len(self.sentences) - 1))])
        self.write_source()

    # --- the pipeline ---------------------------------------------------------------------
    @rule()
    def update(self) -> None:
        i18n_tool.extract(self.config)
        i18n_tool.update(self.config)
        current = set(self.sentences)
        self.reviewed = {m: t for m, t in self.reviewed.items() if m in current}

    @rule(retranslate_fuzzy=st.booleans())
    def machine_translate(self, retranslate_fuzzy: bool) -> None:
        """Memory first, then MT; an untranslated entry that became reviewed must be an exact
        memory match taken under the "reviewed" policy, and from then on it is reviewed work."""
        untranslated = {e.msgid for e in self.catalog() if not e.obsolete and not e.msgstr}
        i18n_tool.translate(self.config, engine=Shouting(), retranslate_fuzzy=retranslate_fuzzy)
        for entry in self.catalog():
            if entry.msgid in untranslated and entry.msgstr and not entry.fuzzy:
                assert self.exact_policy == "reviewed", entry
                assert entry.tcomment.startswith("TM: 100 % from memory/agency.tmx"), entry
                assert self.memory.get(entry.msgid) == entry.msgstr, entry
                self.reviewed[entry.msgid] = entry.msgstr

    # --- a translation memory from an agency ------------------------------------------------
    @rule(data=st.data())
    def agency_reviewed_an_open_sentence(self, data: st.DataObject) -> None:
        """The agency's memory has a sentence the article has not translated yet."""
        untranslated = [e.msgid for e in self.catalog() if not e.obsolete and not e.msgstr]
        if untranslated:
            self.remember(data.draw(st.sampled_from(untranslated)))

    @rule(sentence=st.sampled_from(SENTENCES), edit=st.sampled_from([None, *EDITS]))
    def agency_reviewed_another_sentence(self, sentence: str, edit: tuple[str, str] | None) -> None:
        """Any sentence, or an edited one: a near match, or unrelated."""
        if edit is not None:
            sentence = sentence.replace(*edit) if edit[0] in sentence else sentence + " Ja."
        self.remember(sentence)

    def remember(self, sentence: str) -> None:
        self.memory[sentence] = f"Agency: {sentence}"
        units = [
            MemoryUnit(source, target, language="en") for source, target in self.memory.items()
        ]
        write_tmx(self.root / "memory" / "agency.tmx", "de", units)

    @rule(policy=st.sampled_from(["reviewed", "fuzzy"]))
    def memory_policy(self, policy: str) -> None:
        self.exact_policy = policy
        (self.root / "pyproject.toml").write_text(
            '[tool.i18n-tool]\ntarget-languages = ["en"]\n\n'
            f'[tool.i18n-tool.memory]\nexact = "{policy}"\n',
            encoding="utf-8",
        )
        self.config = i18n_tool.open_project(self.root)

    # --- a translator in a CAT tool -----------------------------------------------------------
    @rule()
    def xliff_round_trip(self) -> None:
        """Exported and imported with no edits: the catalog does not change by one byte."""
        self.update()
        before = self.catalog_path.read_bytes()
        [export] = i18n_tool.export_xliff(self.config, None, self.root / "build" / "xliff")
        [done] = i18n_tool.import_xliff(self.config, [export.path])
        assert (done.confirmed, done.drafts, done.conflicts) == (0, 0, [])
        assert self.catalog_path.read_bytes() == before

    @rule()
    def build(self) -> None:
        self.update()
        i18n_tool.build(self.config, policy=BuildPolicy("reviewed+fuzzy", min_reviewed=0))
        built = (self.root / "build" / "en" / "artikel.md").read_text(encoding="utf-8")
        paragraphs = built.rstrip("\n").split("\n\n")
        assert len(paragraphs) == len(self.sentences)
        catalog = self.catalog()
        for sentence, paragraph in zip(self.sentences, paragraphs, strict=True):
            entry = catalog.find(sentence)
            assert paragraph == (entry.msgstr or sentence)

    # --- the translator edits the PO file --------------------------------------------------
    @rule(data=st.data())
    def translator_translates(self, data: st.DataObject) -> None:
        catalog = self.catalog()
        open_entries = [e for e in catalog if not e.obsolete and (e.fuzzy or not e.msgstr)]
        if not open_entries:
            return
        entry = data.draw(st.sampled_from(open_entries))
        entry.msgstr = f"Reviewed: {entry.msgid}"
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        catalog.save(str(self.catalog_path))
        self.reviewed[entry.msgid] = entry.msgstr

    @rule(data=st.data())
    def translator_accepts_a_suggestion(self, data: st.DataObject) -> None:
        catalog = self.catalog()
        fuzzy = [e for e in catalog if not e.obsolete and e.fuzzy and e.msgstr]
        if not fuzzy:
            return
        entry = data.draw(st.sampled_from(fuzzy))
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        catalog.save(str(self.catalog_path))
        self.reviewed[entry.msgid] = entry.msgstr

    @rule(data=st.data())
    def translator_marks_for_rework(self, data: st.DataObject) -> None:
        catalog = self.catalog()
        done = [e for e in catalog if not e.obsolete and e.msgstr and not e.fuzzy]
        if not done:
            return
        entry = data.draw(st.sampled_from(done))
        entry.flags.insert(0, "fuzzy")
        catalog.save(str(self.catalog_path))
        self.reviewed.pop(entry.msgid, None)

    # --- what must always hold ---------------------------------------------------------------
    @invariant()
    def reviewed_translations_are_never_touched(self) -> None:
        catalog = self.catalog()
        for msgid, msgstr in self.reviewed.items():
            entry = catalog.find(msgid)
            assert entry is not None and not entry.obsolete, msgid
            assert (entry.msgstr, entry.fuzzy) == (msgstr, False), msgid

    @invariant()
    def catalogs_are_valid_for_gettext(self) -> None:
        if HAS_GETTEXT:
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(self.catalog_path)], check=True)


ArticleLife.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestArticleLife = ArticleLife.TestCase
