"""Which files of a build tree the tool wrote, kept with the outputs (not in the state cache).

`build/` (and the drafts' own tree, `build/drafts/`) holds exactly the published set: a build
removes its own outputs that are no longer published (an article held back or removed, a
format or a language dropped). It knows which files are its own from this manifest,
`<tree>/.i18n-tool-manifest.json`, so it never deletes a file it did not write. The manifest
also keeps each article's last outcome (published with its counts, or held back and why), so
the index page lists every language even when a build was asked for one.

A tree built before the manifest existed has none: its files named as a build names them
(`<language>/<article>.md|.html|.txt` for the project's articles and languages) are taken as
the tool's own, as earlier versions treated them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import I18nError
from .fileio import write_atomic
from .index_page import IndexEntry
from .render import BuildResult

MANIFEST_NAME = ".i18n-tool-manifest.json"
VERSION = 1


@dataclass
class BuildManifest:
    """The outputs of one build tree: per language and article, its last outcome and files."""

    tree: Path
    articles: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    found: bool = True  # False: no manifest yet (a new tree, or one built before manifests)

    @classmethod
    def load(cls, tree: Path) -> BuildManifest:
        path = tree / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(tree, found=False)
        except (OSError, ValueError) as exc:
            raise I18nError(
                f"unreadable build manifest ({exc}); delete it and build again (the build then "
                "takes over its articles' outputs by their names)",
                path,
            ) from exc
        articles = data.get("articles") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("version") != VERSION
            or not isinstance(articles, dict)
            or not all(isinstance(records, dict) for records in articles.values())
        ):
            raise I18nError(
                "a build manifest of an unknown shape or version; delete it and build again",
                path,
            )
        return cls(tree, articles)

    def adopt(self, language: str, document: str, files: Iterable[Path]) -> None:
        """Files an earlier version wrote for an article, taken as the tool's own."""
        owned = [self._name(path) for path in files]
        if owned:
            self.articles.setdefault(language, {})[document] = {"files": owned, "legacy": True}

    def languages(self) -> list[str]:
        return list(self.articles)

    def documents(self, language: str) -> list[str]:
        return list(self.articles.get(language, {}))

    def files(self, language: str, document: str) -> list[Path]:
        record = self.articles.get(language, {}).get(document, {})
        return [self.tree / name for name in record.get("files", [])]

    def put(self, result: BuildResult) -> list[Path]:
        """Record an article's outcome; its earlier files that this outcome does not have (all
        of them when it is held back, a dropped format's) are removed. Returns those."""
        old = self.files(result.language, result.document)
        kept = set(result.paths)
        record = {**result.to_record(), "files": [self._name(path) for path in result.paths]}
        self.articles.setdefault(result.language, {})[result.document] = record
        return _remove([path for path in old if path not in kept])

    def drop(self, language: str, document: str | None = None) -> list[Path]:
        """Remove an article's outputs (a removed article), or a whole language's (a language
        the project no longer translates into), and forget them."""
        documents = [document] if document else self.documents(language)
        removed = []
        for name in documents:
            removed += _remove(self.files(language, name))
            self.articles.get(language, {}).pop(name, None)
        if not self.articles.get(language):
            self.articles.pop(language, None)
            _remove_empty(self.tree / language)
        return removed

    def index_entries(self, order: Iterable[str]) -> list[IndexEntry]:
        """Every language's articles as last built, for the index page."""
        return [
            IndexEntry(
                language,
                BuildResult.from_record(language, name, [], record),
                tuple(record.get("files", [])),
            )
            for language in order
            for name, record in sorted(self.articles.get(language, {}).items())
            if not record.get("legacy")
        ]

    @property
    def path(self) -> Path:
        return self.tree / MANIFEST_NAME

    def save(self) -> None:
        data = {"version": VERSION, "generator": "i18n-tool", "articles": self.articles}
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
        write_atomic(self.path, text.encode("utf-8"))

    def _name(self, path: Path) -> str:
        return path.relative_to(self.tree).as_posix()


def _remove(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise I18nError(f"cannot remove an unpublished output: {exc.strerror}", path) from exc
        removed.append(path)
        _remove_empty(path.parent)
    return removed


def _remove_empty(folder: Path) -> None:
    """A language folder the build emptied goes too (never one holding anything else)."""
    with contextlib.suppress(OSError):
        folder.rmdir()
