"""Fault injection: every bad input is one clear line and its exit code, and nothing is lost.

Each case breaks a reviewed project in one way (configuration, catalogs, sources, paths,
models, hostile translations, the file system) and runs one command. Every case checks: the
exit code; the message; no traceback; every catalog afterwards either byte-identical or valid
for `msgfmt -c`; every reviewed translation still there; no temp file left behind. The classes
are those of the fault-injection run of 2026-11-29 (docs/operator.md, "Hardening").
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from helpers import invoke

import i18n_tool
from i18n_tool.snapshot import content_hash

REVIEWED = {
    "Der Präsident sprach": "The president spoke",
    "Der Präsident sprach heute.": "The president spoke today.",
}


@pytest.fixture
def reviewed_project(project: Path) -> Path:
    """The fixture project, extracted and updated, with two reviewed English translations."""
    assert invoke("update", "--project", str(project))[0] == 0
    path = project / "locales" / "en" / "praesident.po"
    po = polib.pofile(str(path))
    for msgid, msgstr in REVIEWED.items():
        po.find(msgid).msgstr = msgstr
    po.save(str(path))
    assert invoke("update", "--project", str(project))[0] == 0  # gettext's layout again
    return project


# --- what a case does to the project --------------------------------------------------------


def config(text: str, old: str | None = None) -> Callable[[Path], None]:
    """Append `text` to pyproject.toml, or put it in place of `old`."""

    def change(root: Path) -> None:
        pyproject = root / "pyproject.toml"
        current = pyproject.read_text(encoding="utf-8")
        new = current.replace(old, text) if old else current + text
        pyproject.write_text(new, encoding="utf-8")

    return change


def write(name: str, data: str | bytes) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return change


def edit_catalog(change_text: Callable[[str], str]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "locales" / "en" / "praesident.po"
        path.write_text(change_text(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def translate_as(msgid: str, msgstr: str) -> Callable[[Path], None]:
    """A translator (or a model) writes this translation, reviewed."""

    def change(root: Path) -> None:
        path = root / "locales" / "en" / "praesident.po"
        po = polib.pofile(str(path))
        po.find(msgid).msgstr = msgstr
        po.save(str(path))

    return change


def latin1_catalog(root: Path) -> None:
    path = root / "locales" / "en" / "praesident.po"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", "replace"))


def link(name: str, target: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / name).symlink_to(target)

    return change


def fifo(root: Path) -> None:
    os.mkfifo(root / "source" / "pipe.de.md")


def folder_for_catalog(root: Path) -> None:
    path = root / "locales" / "en" / "praesident.po"
    path.unlink()
    path.mkdir()


def huge_article(root: Path) -> None:
    with open(root / "source" / "gross.de.md", "wb") as file:
        file.truncate(11 * 2**20)


def odd_state(root: Path) -> None:
    with sqlite3.connect(root / ".i18n-tool" / "state.sqlite") as connection:
        connection.execute('UPDATE records SET record = \'{"inputs": [], "result": 7}\'')


def garbage_state(root: Path) -> None:
    for leftover in (root / ".i18n-tool").glob("state.sqlite*"):
        leftover.unlink()
    (root / ".i18n-tool" / "state.sqlite").write_bytes(b"\x00\xff not a database" * 100)


def odd_segmentation_cache(root: Path) -> None:
    """The segmentation extract kept of the article, still under its source's key, made of
    an odd shape."""
    project = i18n_tool.open_project(root)
    source = (root / "source" / "praesident.de.md").read_bytes()
    key = project.segmentation_key(content_hash(source))
    with sqlite3.connect(root / ".i18n-tool" / "state.sqlite") as connection:
        odd = '{"blocks": [["heading", 1]]}'
        changed = connection.execute(
            "UPDATE segmentations SET data = ? WHERE name = 'praesident' AND key = ?", (odd, key)
        ).rowcount
    assert changed == 1  # the build would have read it


def lock_held_by_another_process(root: Path) -> None:
    """Another i18n-tool writes this project: a process that holds the lock until killed."""
    script = (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(root / '.i18n-tool' / 'lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX)\n"
        "os.write(fd, b'4242\\n')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    HOLDERS.append(holder)


HOLDERS: list[subprocess.Popen[str]] = []


def disk_full(root: Path) -> None:
    """The article changes, and the next file written hits a full disk (as os.replace would
    report it)."""
    article = root / "source" / "praesident.de.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nEin neuer Satz.\n", "utf-8")

    def replace(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    PATCHES.append((os, "replace", replace))


PATCHES: list[tuple[object, str, object]] = []


def model_archive(kind: str) -> Callable[[Path], None]:
    """A hostile or broken .argosmodel file at model.argosmodel."""

    def change(root: Path) -> None:
        path = root / "model.argosmodel"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("de_en/metadata.json", '{"type": "translate", "from_code": "de"}')
            if kind == "bomb":
                archive.writestr("de_en/model/model.bin", b"\0" * (300 * 2**20))
                archive.writestr("de_en/sentencepiece.model", b"x")
            elif kind == "escape":
                archive.writestr("de_en/../../evil.txt", b"x")
            elif kind == "link":
                member = zipfile.ZipInfo("de_en/model/model.bin")
                member.external_attr = (0o120777 << 16) | 0
                archive.writestr(member, "/etc/passwd")
            elif kind == "no tokenizer":
                archive.writestr("de_en/model/model.bin", b"x")

    return change


# --- the cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    kind: str  # the class of the fault-injection run
    name: str
    setup: Callable[[Path], None]
    command: tuple[str, ...]
    exit: int
    message: str  # in the one `error:` line (or in the output, for exit 0)


def F(kind: str, name: str, setup, command: str, exit: int, message: str) -> Fault:
    return Fault(kind, name, setup, tuple(command.split()), exit, message)


SECTIONS = {"mt": "[tool.i18n-tool.mt]\n", "build": "[tool.i18n-tool.build]\n"}
FAULTS = [
    # 1. tracebacks before: configuration of the wrong type or shape, odd state files
    F("config", "target-languages = [1]", config("target-languages = [1]", 'target-languages = ["en", "fr"]'), "status", 2, "target-languages must be a non-empty list of language codes"),
    F("config", "target-languages a string", config('target-languages = "en"', 'target-languages = ["en", "fr"]'), "status", 2, "target-languages must be a list of language codes, not 'en'"),
    F("config", "source-dir = 5", config("source-dir = 5\n"), "extract", 2, "source-dir must be a string, not 5"),
    F("config", "min-translated a word", config(SECTIONS["build"] + 'min-translated = "abc"\n'), "build", 2, "min-translated must be a number, not 'abc'"),
    F("config", "min-translated 150", config(SECTIONS["build"] + "min-translated = 150\n"), "build", 2, "min-translated must be a percentage 0–100"),
    F("config", "[tool] i18n-tool a string", write("pyproject.toml", '[tool]\ni18n-tool = "x"\n'), "status", 2, "[tool.i18n-tool] must be a table, not 'x'"),
    F("config", "glossary terms a string", write("glossary.toml", 'terms = "x"\n'), "translate", 2, "glossary `terms` must be tables"),
    F("config", "glossary keep a string", write("glossary.toml", 'keep = "NATO"\n'), "check", 2, "glossary `keep` must be a list of terms"),
    F("config", "glossary not TOML", write("glossary.toml", "keep = [\n"), "check", 2, "invalid glossary"),
    F("config", "glossary head not a word of its term", write("glossary.toml", '[terms."Mark Rutte"]\nen = "Mark Rutte"\nhead = "Rut"\n'), "check", 2, "glossary.toml: glossary term 'Mark Rutte': `head` must be its first or last word"),
    F("config", "glossary avoid a list", write("glossary.toml", '[terms."Putin"]\nfr = "Poutine"\navoid = ["Poutin"]\n'), "glossary suggest", 2, "`avoid` lists spellings per language"),
    F("config", "pyproject not TOML", write("pyproject.toml", "[tool.i18n-tool\n"), "status", 2, "invalid TOML"),
    F("config", "beam-size a string", config(SECTIONS["mt"] + 'beam-size = "4"\n'), "translate", 2, "beam-size must be a whole number, not '4'"),
    F("config", "beam-size 0", config(SECTIONS["mt"] + "beam-size = 0\n"), "translate", 2, "must be at least 1"),
    F("config", "device tpu", config(SECTIONS["mt"] + 'device = "tpu"\n'), "translate", 2, "device must be one of cpu, cuda, auto"),
    F("config", "a typo in a key", config('traget-languages = ["en"]\n'), "status", 2, "unknown setting `traget-languages` in [tool.i18n-tool]; did you mean `target-languages`?"),
    F("config", "a typo in an mt key", config(SECTIONS["mt"] + "beamsize = 2\n"), "status", 2, "did you mean `beam-size`?"),
    F("config", "granularity a number", config("[tool.i18n-tool.segmentation]\ngranularity = 3\n"), "extract", 2, "segmentation.granularity must be one of"),
    F("config", "rules a string", config('[tool.i18n-tool.segmentation]\nrules = "x"\n'), "extract", 2, "segmentation.rules must be a list"),
    F("config", "abbreviations a string", config('[tool.i18n-tool.segmentation]\nabbreviations = "Bgm."\n'), "extract", 2, "segmentation.abbreviations must be a list of words"),
    F("config", "formats a string", config(SECTIONS["build"] + 'formats = "md"\n'), "build", 2, "formats must be a list, not 'md'"),
    F("config", "use all", config(SECTIONS["build"] + 'use = "all"\n'), "build", 2, "use must be one of reviewed, reviewed+fuzzy, not 'all'"),
    F("config", "an unknown source language", config('source-language = "xx"\n', 'source-language = "de"\n'), "status", 2, "source-language: unknown language code 'xx'"),
    F("config", "state file of odd shapes", odd_state, "run --draft", 5, "not translated into English"),
    F("config", "state file of garbage", garbage_state, "extract", 0, "extract: 1 template"),
    F("config", "segmentation cache of odd shape", odd_segmentation_cache, "build --draft", 0, "en: DRAFT for review"),
    F("config", "a catalog that is a folder", folder_for_catalog, "status", 4, "locales/en/praesident.po: cannot read catalog: Is a directory"),
    # 2. translator work destroyed or corrupted without an error
    F("catalog", "cut after a msgid", edit_catalog(lambda t: t[: t.rindex("msgstr")]), "update", 4, "msgid without msgstr (is the file cut short?)"),
    F("catalog", "a msgid twice", edit_catalog(lambda t: t + '\nmsgid "Der Präsident sprach"\nmsgstr "The President spoke"\n'), "update", 4, "is there twice"),
    F("catalog", "an entry with msgctxt", edit_catalog(lambda t: t + '\nmsgctxt "Titel"\nmsgid "Der Präsident sprach"\nmsgstr "Headline"\n'), "update", 4, "has a msgctxt"),
    F("catalog", "a plural entry", edit_catalog(lambda t: t + '\nmsgid "ein Tag"\nmsgid_plural "%d Tage"\nmsgstr[0] "one day"\nmsgstr[1] "%d days"\n'), "update", 4, "has plural forms (msgid_plural)"),
    F("catalog", "a lost quote", edit_catalog(lambda t: t.replace('msgid "Der Präsident sprach"', 'msgid "Der Präsident sprach')), "update", 4, "syntax error"),
    F("catalog", "not UTF-8", latin1_catalog, "status", 4, "cannot parse catalog: not UTF-8"),
    F("catalog", "a line break msgfmt refuses", translate_as("Der Präsident sprach", "The president spoke\n"), "update", 4, "do not both end with a line break"),
    F("catalog", "translate while another writes", lock_held_by_another_process, "translate", 10, "another i18n-tool (pid 4242) is changing this project"),
    F("catalog", "update while another writes", lock_held_by_another_process, "update", 10, "another i18n-tool (pid 4242)"),
    F("catalog", "annotate while another writes", lock_held_by_another_process, "check --annotate", 10, "another i18n-tool (pid 4242)"),
    F("catalog", "status while another writes", lock_held_by_another_process, "status", 0, "praesident"),
    # 3. content silently dropped
    F("source", "a NUL in one sentence", write("source/praesident.de.md", "# Titel\n\nEin Satz. Noch ein\0 Satz.\n"), "extract", 3, "source/praesident.de.md:3: column 19: control character U+0000"),
    F("source", "a bell character", write("source/praesident.de.md", "# Titel\n\nEin \x07Satz.\n"), "extract", 3, ":3: column 5: control character U+0007"),
    F("source", "a line break in a file name", write("source/neu\nartikel.de.md", "Ein Satz hier.\n"), "extract", 3, "has a space or control character"),
    F("source", "a space in a file name", write("source/neuer artikel.de.md", "Ein Satz hier.\n"), "extract", 3, "rename it, e.g. 'neuer-artikel.de.md'"),
    F("source", "quotes nested 10,000 levels", write("source/tief.de.md", ">" * 10_000 + " Der Satz ist tief.\n"), "extract", 3, "source/tief.de.md:1: this line's text is nested deeper than Markdown is read here"),
    F("source", "lists nested 30 levels", write("source/liste.de.md", "".join("  " * i + "- Punkt\n" for i in range(30))), "extract", 3, "would be lost; flatten the nesting"),
    F("source", "an empty article", write("source/leer.de.md", "\n\n"), "extract", 0, "locales/leer.pot: 0 units"),
    F("source", "Latin-1", write("source/alt.de.md", "Grüße.\n".encode("latin-1")), "extract", 3, "not UTF-8"),
    F("source", "binary data", write("source/bild.md", b"\x89PNG\r\n\x1a\n\0\0\xff"), "extract", 3, "not a text article (binary data)"),
    # 4. hangs and size
    F("hang", "a FIFO in source/", fifo, "extract", 3, "source/pipe.de.md: not a regular file (a FIFO)"),
    F("hang", "a link to /dev/zero", link("source/null.de.md", "/dev/zero"), "extract", 3, "a link to /dev/zero, outside the project"),
    F("hang", "an 11 MB article", huge_article, "extract", 3, "11.5 MB: over the 10 MB limit for one article"),
    F("hang", "a folder named like an article", write("source/mappe.de.md/x.txt", "x"), "extract", 0, "skipped (articles are .htm, .html, .markdown, .md, .txt): source/mappe.de.md"),
    # 5. escaping its place
    F("escape", "a link to /etc/passwd", link("source/passwd.md", "/etc/passwd"), "extract", 3, "a link to /etc/passwd, outside the project"),
    F("escape", "source-dir ../..", config('source-dir = "../.."\n'), "extract", 2, "source-dir = '../..' is outside the project; pass --allow-outside-project"),
    F("escape", "build-dir /", config('build-dir = "/"\n'), "build", 2, "build-dir = '/' is outside the project"),
    F("escape", "locales-dir elsewhere", config('locales-dir = "/tmp/elsewhere"\n'), "update", 2, "locales-dir = '/tmp/elsewhere' is outside the project"),
    F("escape", "glossary elsewhere", config('glossary = "../../etc/passwd"\n'), "check", 2, "glossary = '../../etc/passwd' is outside the project"),
    F("escape", "build-dir the project itself", config('build-dir = "."\n'), "build", 2, "is the project folder itself"),
    F("escape", "a configured glossary that is missing", config('glossary = "names.toml"\n'), "check", 2, "names.toml: glossary not found"),
    F("escape", "a model of metadata only", model_archive("metadata only"), "models install --file model.argosmodel", 6, "no model/model.bin in the package"),
    F("escape", "a model without tokenizer", model_archive("no tokenizer"), "models install --file model.argosmodel", 6, "no tokenizer (sentencepiece.model or bpe.model)"),
    F("escape", "a zip bomb", model_archive("bomb"), "models install --file model.argosmodel", 6, "a zip bomb, not a model"),
    F("escape", "a model member leaving its folder", model_archive("escape"), "models install --file model.argosmodel", 6, "lies outside its folder"),
    F("escape", "a model member that is a link", model_archive("link"), "models install --file model.argosmodel", 6, "is a link"),
    # 6. translations that break out of their unit
    F("breakout", "a heading inside a sentence", translate_as("Der Präsident sprach heute.", "\n\n## Heading\n\n"), "check --json", 8, "the translation has a line break"),
    F("breakout", "a heading after a carriage return", translate_as("Der Präsident sprach heute.", "\r# Heading\r"), "check --json", 8, "\"check\": \"structure\""),
    F("breakout", "a list marker at the start", translate_as("Der Präsident sprach heute.", "- The president"), "check --json", 8, "'-' at its start, which would open a block of its own"),
    F("breakout", "an HTML block at the start", translate_as("Der Präsident sprach heute.", "<div>The president</div>"), "check --json", 8, "which would open a block of its own"),
    # 7. wrong exit class or message
    F("exit", "the locales folder is a file", lambda root: (shutil.rmtree(root / "locales"), (root / "locales").write_text("x")), "extract", 4, "locales/praesident.pot: cannot read: Not a directory"),
    F("exit", "a full disk", disk_full, "update --no-obsolete", 4, "cannot write: No space left on device"),
    F("exit", "an unknown language", lambda root: None, "update -l xx-nope", 2, "xx-nope is not a target language of this project (en, fr)"),
    F("exit", "a missing model file", lambda root: None, "models install --file nichts.argosmodel", 6, "model file not found"),
    F("exit", "untranslated units with fallback fail", lambda root: None, "build --fallback fail --min-reviewed 0", 9, "have no reviewed translation (fallback = fail)"),
    F("exit", "a language under the bar", lambda root: None, "status --fail-under 90", 7, "en: 60.0% reviewed, under --fail-under 90"),
]  # fmt: skip


def reviewed_translations(root: Path) -> dict[str, dict[str, str]]:
    found = {}
    for path in sorted((root / "locales").glob("*/*.po")) if (root / "locales").is_dir() else ():
        try:
            po = polib.pofile(str(path))
        except (OSError, ValueError):
            continue
        found[path.name] = {
            e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy and not e.obsolete
        }
    return found


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f"{f.kind}: {f.name}")
def test_a_fault_is_one_clear_line_and_loses_nothing(
    fault: Fault, reviewed_project: Path, monkeypatch: pytest.MonkeyPatch, packages_dir: Path
) -> None:
    root = reviewed_project
    reviewed_before = reviewed_translations(root)
    fault.setup(root)
    catalogs_before = {path: path.read_bytes() for path in root.rglob("*.po*") if path.is_file()}
    for owner, name, value in PATCHES:
        monkeypatch.setattr(owner, name, value)
    try:
        code, output = invoke(*fault.command, "--project", str(root), cwd=root)
    finally:
        PATCHES.clear()
        for holder in HOLDERS:
            holder.kill()
            holder.wait()
        HOLDERS.clear()
    assert code == fault.exit, output
    assert fault.message in output, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == (0 if code in (0, 5, 7, 8) else 1), output
    changed = [p for p, data in catalogs_before.items() if p.is_file() and p.read_bytes() != data]
    for path in changed:  # what the command wrote must be valid and keep the reviewed work
        if shutil.which("msgfmt"):
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
        after = reviewed_translations(root).get(path.name, {})
        assert after | reviewed_before.get(path.name, {}) == after, path
    assert not [p for p in root.rglob("*.tmp") if p.is_file()]


def test_the_suite_covers_every_class_with_sixty_cases() -> None:
    kinds = {fault.kind for fault in FAULTS}
    assert kinds == {"config", "catalog", "source", "hang", "escape", "breakout", "exit"}
    assert len(FAULTS) >= 60


def test_outside_paths_are_allowed_when_asked(reviewed_project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "published"
    config(f'build-dir = "{elsewhere}"\n')(reviewed_project)
    root = str(reviewed_project)
    assert invoke("build", "--draft", "--project", root)[0] == 2
    code, output = invoke("--allow-outside-project", "build", "--draft", "--project", root)
    assert code == 0, output
    assert (elsewhere / "drafts" / "en" / "praesident.md").is_file()


@pytest.mark.parametrize(
    ("translation", "heading"),
    [("\n\n## Heading\n\n", "## Heading"), ("\r# Heading\r", "# Heading"), ("# Titel", "# Titel")],
)
def test_a_hostile_translation_never_changes_the_articles_structure(
    reviewed_project: Path, translation: str, heading: str
) -> None:
    translate_as("Der Präsident sprach heute.", translation)(reviewed_project)
    code, output = invoke(
        "build", "--draft", "--format", "md,html", "--project", str(reviewed_project)
    )
    assert code == 0, output
    markdown = (reviewed_project / "build" / "drafts" / "en" / "praesident.md").read_text("utf-8")
    assert not any(line.startswith(heading) for line in markdown.splitlines())
    page = (reviewed_project / "build" / "drafts" / "en" / "praesident.html").read_text("utf-8")
    assert page.count("<h1>") == 1 and "<h2>" not in page
