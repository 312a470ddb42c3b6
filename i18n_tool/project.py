"""The project as one object: where everything lives and how it is found.

Its root and settings, the folder layout (every folder and file name the tool uses is spelled
here, once), the articles and their catalogs, loading and segmenting documents, the
glossary, the translation memory assembled from the catalogs and `memory/`, the write lock
and the incremental state. Tasks ask the project; the library below it knows no folders.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from .catalog import read_catalog
from .config import LEARNED_ABBREVIATIONS, SHARED_CATALOG, Config, find_project, load_config
from .errors import CatalogError, I18nError, LockedError, SourceError
from .fileio import child_path, shown_path
from .glossary import Glossary, load_glossary
from .languages import base_language
from .lock import project_lock
from .memory import Memory, memory_file_units, memory_format, reviewed_units
from .memory_index import CATALOG, IMPORTED, MemoryIndex
from .model import Catalog, Document
from .outcomes import Failures
from .parallel import Progress, reported
from .snapshot import RACY_NS, Snapshot, content_hash
from .snapshot import take as take_snapshot
from .sources import article_format, check_source_name, document_name, known_suffixes, load_document
from .state import StateStore, segmentation_record

STATE_FOLDER = ".i18n-tool"  # the tool's own records: state, caches, the lock
MEMORY_FOLDER = "memory"  # imported memories (TMX, PO, XLIFF), part of the project
REVIEW_FOLDER = "review"  # in build/: the review report
DRAFTS_FOLDER = "drafts"  # in build/: drafts for review, apart from what is published
XLIFF_FOLDER = "xliff"  # in build/: `export`'s default folder
MEMORY_EXPORT = "memory.tmx"  # in build/: `memory export`'s default file
INDEX_PAGE = "index.html"  # the first page of a build tree and of the review report
_TOOL_FOLDER = Path(__file__).parent  # its code: a new version of the tool redoes a run
TEMPLATE_SUFFIX = ".pot"
CATALOG_SUFFIX = ".po"
DEFAULT_SOURCE_FOLDER = Config.source_dir  # what `init` creates: the settings' defaults
DEFAULT_LOCALES_FOLDER = Config.locales_dir


@dataclass(frozen=True)
class Layout:
    """Every place the tool reads or writes in a project."""

    root: Path
    sources: Path
    locales: Path
    build: Path
    glossary: Path

    @classmethod
    def of(cls, config: Config) -> Layout:
        root = config.root
        return cls(
            root,
            root / config.source_dir,
            root / config.locales_dir,
            root / config.build_dir,
            root / config.glossary_file,
        )

    @property
    def state(self) -> Path:
        return self.root / STATE_FOLDER

    @property
    def lock(self) -> Path:
        return self.state / "lock"

    @property
    def memory(self) -> Path:
        return self.root / MEMORY_FOLDER

    @property
    def learned_abbreviations(self) -> Path:
        return self.root / LEARNED_ABBREVIATIONS

    @property
    def review(self) -> Path:
        return self.build / REVIEW_FOLDER

    def review_index(self, language: str | None = None) -> Path:
        """The report's first page, or a language's index."""
        return self.review / language / INDEX_PAGE if language else self.review / INDEX_PAGE

    def review_page(self, language: str, document: str) -> Path:
        return self.review / language / f"{document}.html"

    @property
    def xliff(self) -> Path:
        return self.build / XLIFF_FOLDER

    def xliff_file(self, folder: Path, language: str, document: str) -> Path:
        return folder / language / f"{document}.xlf"

    @property
    def memory_export(self) -> Path:
        return self.build / MEMORY_EXPORT

    def build_tree(self, draft: bool) -> Path:
        """Where a build writes: `build/` holds exactly the published set; drafts go to their
        own tree, `build/drafts/`, so `build/<lang>/` can be published as it is."""
        return self.build / DRAFTS_FOLDER if draft else self.build

    def template(self, name: str) -> Path:
        """`locales/<name>.pot`."""
        return self.locales / f"{name}{TEMPLATE_SUFFIX}"

    def catalog(self, language: str, name: str) -> Path:
        """`locales/<lang>/<name>.po`."""
        return self.language_folder(language) / f"{name}{CATALOG_SUFFIX}"

    @functools.lru_cache(maxsize=64)  # noqa: B019 (a few languages per layout; paths are slow)
    def language_folder(self, language: str) -> Path:
        """`locales/<lang>/`: the language's catalogs."""
        return self.locales / language


def open_project(start: Path | str = ".", allow_outside: bool = False, **mt: Any) -> Project:
    """The project `start` is in (the nearest folder up with a pyproject.toml holding
    [tool.i18n-tool]), its settings loaded; `mt` overrides MT settings (None: as set)."""
    root = find_project(Path(start))
    return Project(load_config(root, allow_outside).with_mt(**mt))


@dataclass(frozen=True)
class Project:
    """A project: its settings (`config`) and everything found through them."""

    config: Config

    @property
    def root(self) -> Path:
        return self.config.root

    @functools.cached_property
    def layout(self) -> Layout:
        return Layout.of(self.config)

    @property
    def state(self) -> StateStore:
        return StateStore(self.layout.state, self.root)

    def lock(self) -> AbstractContextManager[None]:
        """The write lock every task that writes holds (lock.py)."""
        return project_lock(self.layout.lock)

    def with_mt(self, **changes: Any) -> Project:
        """This project with some MT settings overridden; None means keep."""
        return replace(self, config=self.config.with_mt(**changes))

    def languages(self, requested: list[str] | None) -> tuple[str, ...]:
        """The target languages asked for (checked), else the configured ones."""
        return self.config.languages(requested)

    def display(self, path: Path) -> Path:
        """How references and messages name a path: relative to the project when inside."""
        return shown_path(path, self.root)

    def failures(self, fail_fast: bool = False) -> Failures:
        """A task's per-article failures, counted against the articles of the project."""
        return Failures(self.article_count, fail_fast)

    # --- the articles ---------------------------------------------------------------------

    def source_files(self) -> list[Path]:
        """The articles in the source folder, by name (what each holds is checked when read)."""
        folder = self.layout.sources
        if not folder.is_dir():
            raise SourceError("source folder not found", folder)
        found = _listing(folder, _is_article)
        if not found:
            raise SourceError(
                f"no source articles ({known_suffixes()}) in the source folder", folder
            )
        return found

    def article_count(self) -> int:
        """How many articles the source folder holds (the total of a run's summary)."""
        return len(self.source_files())

    @staticmethod
    def article_suffixes() -> str:
        """The suffixes of article files, for people: `.htm, .html, .markdown, .md, .txt`."""
        return known_suffixes()

    def skipped_sources(self) -> list[Path]:
        """What the source folder holds besides articles (other formats, folders), to be
        named: nothing there is ignored without a word. Hidden files are not listed."""
        folder = self.layout.sources
        if not folder.is_dir():
            return []
        names, articles = _listed(folder, _is_article)  # the articles' listing, made once
        kept = {path.name for path in articles}
        return sorted(
            folder / name for name in names if name not in kept and not name.startswith(".")
        )

    def unique_sources(
        self, failures: Failures | None = None, only: Collection[str] | None = None
    ) -> list[Path]:
        """The articles, each making its own document; one that cannot (a name a catalog
        cannot hold, a link outside the project, a second file of the same name) is a failure
        of that article in `failures`, else it stops the task. With `only` (the articles
        whose files changed since a settled run, which every article passed), the others'
        names and links are not checked again."""
        seen: dict[str, Path] = {}
        for path in self.source_files():
            name = document_name(path)
            try:
                if only is None or name in only:
                    self._check_source_path(path)
                if name in seen:
                    raise SourceError(
                        f"two sources make the document {name!r}: {seen[name].name}", path
                    )
            except SourceError as error:
                if failures is None:
                    raise
                failures.add(name, error)
                continue
            seen[name] = path
        return list(seen.values())

    def _check_source_path(self, path: Path) -> None:
        """A name a catalog reference can carry, and a file inside the project."""
        check_source_name(path)
        if os.path.islink(path) and not path.resolve().is_relative_to(self.root.resolve()):
            raise SourceError(
                f"a link to {path.resolve()}, outside the project: sources are read only "
                "from inside it (copy the file in if it is an article)",
                path,
            )

    def load(self, path: Path) -> Document:
        """An article, read and segmented by the project's settings."""
        rules, sentences = self.config.segmentation.rules, self.config.segmentation.sentences
        return load_document(path, self.display(path), rules, sentences)

    def load_segmented(self, path: Path) -> Document:
        """The article, from the segmentation `extract` kept when the source is unchanged."""
        raw = path.read_bytes()
        key = self.segmentation_key(content_hash(raw))
        kept = self.state.recall_segmentation(document_name(path), self.display(path), raw, key)
        return kept if kept is not None else self.load(path)

    def segmentation(self, document: Document, source_hash: str) -> tuple[str, str]:
        """What `load` made of an article, as extract keeps it for `load_segmented`
        (`Step.keep_segmentation`): its key and record. `source_hash`: the `content_hash` of
        the source's bytes (the caller has them, and records them too)."""
        return self.segmentation_key(source_hash), segmentation_record(document)

    def documents(self, failures: Failures, segmented: bool = False) -> Iterator[Document]:
        """Each article that can be read, segmented (`segmented`: from what `extract` kept);
        the others are failures of their article."""
        load = self.load_segmented if segmented else self.load
        for path in self.unique_sources(failures):
            try:
                document = load(path)
            except SourceError as error:
                failures.add(document_name(path), error)
                continue
            yield document

    def settings_key(self, *extra: object) -> str:
        """What the output of a step depends on besides its files, as one hash (stable across
        processes: sets are sorted, since their order changes with Python's hash seed)."""
        config = self.config
        parts = (config.source_language, config.segmentation, config.catalog_layout, *extra)
        return content_hash(repr(_stable(parts)).encode("utf-8"))

    def segmentation_key(self, source_hash: str) -> str:
        """The key of a kept segmentation: the source's content hash and the settings."""
        return source_hash + _segmentation_settings(self)

    # --- the catalogs ---------------------------------------------------------------------

    def catalog_name(self, document: str) -> str:
        """The catalog (template and PO files) a document's units live in."""
        return document if self.config.catalog_layout == "per-document" else SHARED_CATALOG

    def templates(self) -> list[Path]:
        """The templates (`locales/*.pot`) `extract` wrote; an error if there are none."""
        locales = self.layout.locales
        if not locales.is_dir():
            raise I18nError("no catalogs yet: run `i18n-tool extract` first", locales)
        found = _listing(locales, _is_template)
        if not found:
            raise I18nError("no templates (*.pot): run `i18n-tool extract` first", locales)
        return found

    def existing_catalog(self, language: str, name: str) -> Path:
        """The catalog of `name` in `language`; an error naming it when `update` has not
        made it yet."""
        path = self.layout.catalog(language, name)
        if not path.exists():
            raise I18nError("catalog missing: run `i18n-tool update` first", path)
        return path

    def catalog_files(self, language: str) -> dict[str, Path]:
        """The catalogs a language's folder holds, by name (one listing, no `stat` each)."""
        folder = self.layout.language_folder(language)
        if not folder.is_dir():
            return {}
        found = _listing(folder, _is_catalog)
        return {path.name[: -len(CATALOG_SUFFIX)]: path for path in found}

    def catalogs(self, language: str, only: Collection[str] | None = None) -> list[Path]:
        """Every catalog of a language, one per template (of the documents in `only`)."""
        return [
            self.existing_catalog(language, pot.stem)
            for pot in self.templates()
            if only is None or pot.stem in only
        ]

    def read_catalogs(
        self,
        language: str,
        failures: Failures,
        progress: Progress | None = None,
        only: Collection[str] | None = None,
    ) -> dict[Path, Catalog]:
        """Every catalog of a language that can be read (of the documents in `only`); one that
        cannot is a failure of its article (every task reads catalogs this way: one broken
        file never stops the rest). `progress` hears of each catalog read ("read
        <language>")."""
        read = {}
        for path in reported(self.catalogs(language, only), f"read {language}", progress):
            try:
                read[path] = read_catalog(path)
            except CatalogError as error:
                failures.add(path.stem, error)
        return read

    def article_catalog(self, language: str, source: Path) -> Path:
        """The catalog an article's units are in; without one, the reason: most often the
        article could not be read by `extract`, which is said rather than "missing"."""
        try:
            return self.existing_catalog(language, self.catalog_name(document_name(source)))
        except I18nError as missing:
            try:
                self.load_segmented(source)
            except SourceError as unreadable:
                raise unreadable from None
            raise missing from None

    def snapshot(self) -> Snapshot | None:
        """Every file a run reads or writes, by `stat` (snapshot.py): sources, catalogs,
        builds, imported memories, the glossary, the learned abbreviations and the tool's own
        code (settings are part of a run's key)."""
        layout = self.layout
        folders = [layout.sources, layout.locales, layout.build, layout.memory, _TOOL_FOLDER]
        return take_snapshot(folders, [layout.glossary, layout.learned_abbreviations])

    # --- glossary and memory --------------------------------------------------------------

    def glossary(self) -> Glossary:
        return load_glossary(self.layout.glossary, self.config.glossary_required)

    def glossary_fingerprint(self) -> str | None:
        """The glossary's content hash: QA findings depend on it (a missing file has none)."""
        try:
            return content_hash(self.layout.glossary.read_bytes())
        except OSError:
            return None

    def memory_files(self) -> list[Path]:
        """The imported memories in `memory/`, by name."""
        return sorted(p for p in self.layout.memory.glob("*.*") if memory_format(p) is not None)

    def memory(
        self,
        language: str,
        leave_out: Collection[str] = (),
        progress: Progress | None = None,
        files: Snapshot | None = None,
    ) -> Memory:
        """Imported memories (`memory/`: TMX, PO, XLIFF), then the reviewed translations of
        every catalog of a language but those of `leave_out` (articles that failed), the most
        recently revised catalog last (the project's own work wins). Kept in the state
        database and updated there: a file unchanged since the last run is not read again.
        `progress` hears of each catalog checked ("memory <language>"): the first sync, or
        the one after the state was lost, reads every catalog (2,005 in 7 s on a 2,000-article
        archive, by hand). `files`: the stat lines of the language's folder when the caller
        has them (`Snapshot.refreshed`), else taken here."""
        source = self.config.source_language
        with self.state.step(f"memory {language}") as step:
            if not step.writing:
                raise LockedError(
                    "another i18n-tool is writing this project's state; run this again when "
                    "it has finished",
                    self.layout.state,
                )
            index = MemoryIndex(step.connection, language)
            present = set()
            for path in self.memory_files():
                key = f"{MEMORY_FOLDER}/{path.name}"
                present.add(key)
                read = functools.partial(_import_units, index, path, key, source, language)
                step.remembered(key, {"file": path}, read, _holds_count)
            # the catalogs' stat lines before any is read: one the last sync read and that
            # has kept its size, mtime and inode since is not looked at again (as git's index)
            folder = self.layout.language_folder(language)
            files = files if files is not None else take_snapshot([folder], [])
            synced = step.kept_files() if files is not None else None
            unchanged = files.unchanged_since(synced) if synced and files else set()
            # the catalogs as the stat lines name them (a path is made only for those read)
            catalogs: Collection[str] = (
                files.lines
                if files is not None
                else {str(path) for path in self.catalog_files(language).values()}
            )
            prefix, synced_paths, to_check = f"{folder}{os.sep}", [], []
            for pot in self.templates():
                name = pot.name[: -len(TEMPLATE_SUFFIX)]
                catalog = f"{prefix}{name}{CATALOG_SUFFIX}"
                if name in leave_out:
                    present.add(name)  # kept as it was, left out of the lookups
                elif catalog in catalogs:
                    present.add(name)
                    synced_paths.append(catalog)
                    if catalog not in unchanged:
                        to_check.append((name, Path(catalog), pot))
            for name, path, pot in reported(to_check, f"memory {language}", progress):
                read = functools.partial(_catalog_units, index, path, pot, language)
                step.remembered(name, {"catalog": path}, read, _holds_count)
            step.keep_files(files.restricted_to(synced_paths) if files is not None else None)
            for gone in set(index.origins()) - present:
                index.remove(gone)
                step.forget(gone)
            index.flush()
        return index.lookups(leave_out, self.config.memory.trusted)


def _import_units(
    index: MemoryIndex, path: Path, key: str, source: str, language: str
) -> dict[str, Any]:
    """An imported memory's units into `language`, into the index."""
    units = [
        (unit.source, unit.target, f"{key} ({unit.where})")
        for unit in memory_file_units(path, source)
        if unit.language == base_language(language)
    ]
    return {"units": index.replace(key, IMPORTED, path.name, "", units)}


def _catalog_units(
    index: MemoryIndex, catalog_file: Path, pot: Path, language: str
) -> dict[str, Any]:
    """A catalog's reviewed units, and when it was revised, into the index."""
    catalog = read_catalog(catalog_file)
    revised = catalog.metadata.get("PO-Revision-Date", "")
    units = [
        (unit.source, unit.target, unit.where)
        for unit in reviewed_units(catalog, language, catalog_file.name)
    ]
    return {"units": index.replace(pot.stem, CATALOG, pot.name, revised, units)}


def _holds_count(record: dict[str, Any]) -> bool:
    return isinstance(record.get("units"), int)


# folder → (its mtime, when it was listed, every name in it as the system listed them, the
# files kept): a listing is made again when the folder changes (a file added, removed or
# renamed changes its mtime and its names); when the folder had changed too shortly before it
# was listed for its mtime to tell (the state's racy rule), its names decide
_listings: dict[
    tuple[Path, Callable[[os.DirEntry[str]], bool]], tuple[int, int, list[str], list[Path]]
] = {}


def _listing(folder: Path, keep: Callable[[os.DirEntry[str]], bool]) -> list[Path]:
    """The files of a folder that `keep` accepts, by name."""
    return list(_listed(folder, keep)[1])


def _listed(folder: Path, keep: Callable[[os.DirEntry[str]], bool]) -> tuple[list[str], list[Path]]:
    """Every name in a folder as the system listed them, and the files `keep` accepts, by
    name (the caller copies what it changes)."""
    listed_at = time.time_ns()
    mtime = os.stat(folder).st_mtime_ns
    known = _listings.get((folder, keep))
    if known is not None and known[0] == mtime:
        settled = mtime < known[1] - RACY_NS
        if settled or known[2] == os.listdir(folder):  # a C call: 1 ms for 10,000 names
            return known[2], known[3]
    names, kept = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            names.append(entry.name)
            if keep(entry):
                kept.append(entry.name)
    kept.sort()  # as strings (Path comparisons cost ten times more; the order is the same)
    found = [child_path(folder, name) for name in kept]
    _listings[(folder, keep)] = (mtime, listed_at, names, found)
    return names, found


def _named_with(suffix: str) -> Callable[[os.DirEntry[str]], bool]:
    """A listing's filter for the files ending in `suffix`, as glob("*<suffix>") finds them:
    hidden files are not (made once per suffix: a listing is cached by its filter)."""

    def keep(entry: os.DirEntry[str]) -> bool:
        name = entry.name
        return name.endswith(suffix) and not name.startswith(".") and not entry.is_dir()

    return keep


_is_template = _named_with(TEMPLATE_SUFFIX)
_is_catalog = _named_with(CATALOG_SUFFIX)


def _is_article(entry: os.DirEntry[str]) -> bool:
    """A file named like an article (what it holds is checked when it is read)."""
    return article_format(entry.name) is not None and not entry.is_dir()


@functools.lru_cache(maxsize=8)
def _segmentation_settings(project: Project) -> str:
    return project.settings_key()  # the same for every article of a run: computed once


def _stable(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, *(_stable(getattr(value, f.name)) for f in fields(value))]
    return repr(value)
