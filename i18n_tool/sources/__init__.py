"""Source readers: a file's text → a Document of blocks and units with spans.

One rule for article formats: `ARTICLE_FORMATS` maps a file suffix (any case) to its format,
which names the reader and the suffix of a build in the article's own format. Reading, building
and cleaning up builds all ask it. Decoding and the checks every format shares live here.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import SourceError
from ..model import Document, Reading
from ..segment import DEFAULT_RULES, GermanRules
from .html import read_html
from .markdown import read_markdown
from .text import read_text

Reader = Callable[[str, GermanRules, bool], Reading]

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # a news article is a few KB; 10 MB is something else
_CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")  # C0 controls but tab and line ends
_UNSAFE_NAME = re.compile(r"[\s\x00-\x1f\x7f\\]")  # a backslash would join PO lines


@dataclass(frozen=True)
class ArticleFormat:
    """A kind of article: how it is read and what a build in its own format is called."""

    name: str  # "markdown", "text" or "html"
    reader: Reader
    suffix: str  # of a build in the article's own format: `.md` for `.markdown` sources too
    refused: re.Pattern[str] = _CONTROL  # characters an article of this kind may not hold

    @property
    def markdown(self) -> bool:
        return self.name == "markdown"

    @property
    def html(self) -> bool:
        return self.name == "html"


MARKDOWN = ArticleFormat("markdown", read_markdown, ".md")
TEXT = ArticleFormat("text", read_text, ".txt")
# HTML has its own rules for control characters: the reader refuses U+0000 and shows the
# others to translators as references.
HTML = ArticleFormat("html", read_html, ".html", re.compile("(?!)"))
ARTICLE_FORMATS: dict[str, ArticleFormat] = {
    ".md": MARKDOWN, ".markdown": MARKDOWN, ".txt": TEXT, ".html": HTML, ".htm": HTML,
}  # fmt: skip
# Every name a build of an article can have besides `<name><format.suffix>`: the build tree's
# outputs of an article are `<name>` with one of these.
BUILD_SUFFIXES = (".md", ".html", ".txt")


def article_format(path: Path | str) -> ArticleFormat | None:
    """The format of an article file by its suffix, in any case (`Bericht.MD`); None: not an
    article."""
    return ARTICLE_FORMATS.get(os.path.splitext(str(path))[1].lower())


def known_suffixes() -> str:
    return ", ".join(sorted(ARTICLE_FORMATS))


def document_name(path: Path) -> str:
    """`kims-truppen.de.md` → `kims-truppen`: the catalog stem, without language and format."""
    return _document_name(path.name)


# a run on 10,000 articles asks 90,000 times; kept by the file's name, whose hash a string
# keeps (a path's first hash makes its whole text)
@lru_cache(maxsize=65536)
def _document_name(name: str) -> str:
    if name.endswith("."):  # as pathlib reads it: no suffixes
        return name
    stripped = name.lstrip(".")  # a leading dot does not start a suffix
    return name[: len(name) - len(stripped)] + stripped.split(".")[0] or Path(name).stem


def load_document(
    path: Path,
    display_path: Path | None = None,
    rules: GermanRules = DEFAULT_RULES,
    sentences: bool = True,
) -> Document:
    """Read and segment one source file; `display_path` is what references show."""
    form = article_format(path)
    if form is None:
        raise SourceError(
            f"unsupported source format {path.suffix!r} (known: {known_suffixes()})", path
        )
    raw = _read_article(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:8000]:  # git's test for binary data
            raise SourceError(
                "not a text article (binary data); articles are Markdown, HTML or plain text "
                "in UTF-8",
                path,
            ) from exc
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "convert it, e.g. iconv -f latin1 -t utf-8",
            path,
            line,
        ) from exc
    control = form.refused.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise SourceError(
            f"column {column}: control character U+{ord(control.group()):04X} in the text; "
            "remove it (it cannot be translated or stored in a catalog)",
            path,
            line,
        )
    try:
        reading = form.reader(text, rules, sentences)
    except SourceError as exc:
        if exc.path is not None:
            raise
        raise SourceError(exc.message, path, exc.line) from exc
    return Document(
        name=document_name(path),
        path=display_path or path,
        text=text,
        blocks=tuple(reading.blocks),
        language_marks=reading.language_marks,
    )


def check_source_name(path: Path) -> None:
    """A file name a `#:` reference can carry: no spaces, line breaks or control characters
    (gettext splits references at white space; a line break would break the catalog)."""
    if _UNSAFE_NAME.search(path.name):
        suggestion = re.sub(f"{_UNSAFE_NAME.pattern}+", "-", path.name)
        raise SourceError(
            f"the file name {path.name!r} has a space or control character, which a catalog "
            f"reference (#:) cannot hold; rename it, e.g. {suggestion!r}",
            path.parent,
        )


def _read_article(path: Path) -> bytes:
    """The bytes of a regular file of a sane size: never a FIFO (it would block), a device
    (`/dev/zero` never ends) or a folder."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise SourceError("source file not found", path) from exc
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror}", path) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a FIFO" if stat.S_ISFIFO(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "a folder" if stat.S_ISDIR(info.st_mode)
            else "a socket"
        )  # fmt: skip
        raise SourceError(f"not a regular file ({kind}); articles are text files", path)
    if info.st_size > MAX_ARTICLE_BYTES:
        raise SourceError(
            f"{info.st_size / 1e6:.1f} MB: over the {MAX_ARTICLE_BYTES // 2**20} MB limit for "
            "one article (is it an article?)",
            path,
        )
    try:
        with open(path, "rb") as file:
            return file.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror}", path) from exc
