"""Model indexes: argos' public one, or a newsroom's mirror (an HTTP server, a `file://` URL, a
folder on a shared drive), in argos' format: a JSON list of packages, each with `from_code`,
`to_code`, `package_version` and `links` (URLs, or paths relative to the index). A mirror
written by `mirror` adds `size` and `sha256`, which downloads then check.

Downloads go to a temporary file beside the packages folder and are handed over only when
complete, of the announced size and checksum; whatever stops them (a timeout, a cut
connection, Ctrl-C) leaves no file behind. Installing is the argos gateway's job
(engines/argos.py).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import DOWNLOAD_TIMEOUT
from .engines.argos import package_name, pivot_route
from .errors import ModelInstallError
from .fileio import new_file_mode, write_atomic

ARGOS_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TIMEOUT = DOWNLOAD_TIMEOUT  # seconds without a byte before a download is given up
CHUNK = 1 << 16
MAX_INDEX_BYTES = 16 * 2**20  # argos' index is about 100 kB; a mirror's is smaller
MAX_PACKAGE_BYTES = 2 * 2**30  # a package the index gives no size for: argos' are < 500 MB

Download = Callable[[str, int, int | None], None]
"""Called with (package name, bytes so far, bytes in all or None when the server does not say)."""


@dataclass(frozen=True)
class IndexedModel:
    """One translation package an index offers."""

    source: str
    target: str
    version: str
    links: tuple[str, ...]  # absolute URLs (relative ones resolved against the index)
    size: int | None = None
    sha256: str | None = None
    index: str = ""  # the index's own URL: links are followed only with its scheme

    @property
    def name(self) -> str:
        return package_name(self.source, self.target)

    @property
    def file_name(self) -> str:
        return f"{self.name}-{self.version.replace('.', '_')}.argosmodel"


def index_url(location: str | None) -> str:
    """The index's URL: argos' own by default (or ARGOS_PACKAGE_INDEX, as argos reads it); a
    folder holds `index.json`; a path is the file."""
    if not location:
        location = os.environ.get("ARGOS_PACKAGE_INDEX") or ARGOS_INDEX
    if "://" not in location:
        path = Path(location).expanduser().resolve()
        return (path / "index.json" if path.is_dir() else path).as_uri()
    return location + "index.json" if location.endswith("/") else location


def read_index(url: str, timeout: float = TIMEOUT) -> list[IndexedModel]:
    """The translation packages an index offers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = response.read(MAX_INDEX_BYTES + 1)
        if len(data) > MAX_INDEX_BYTES:
            raise ModelInstallError(
                f"the model index {url} is over {MAX_INDEX_BYTES // 2**20} MB: not an index "
                "(argos' is about 100 kB); nothing was read"
            )
        entries = json.loads(data)
    except (urllib.error.URLError, OSError) as exc:
        raise ModelInstallError(
            f"cannot read the model index {url} ({_reason(exc, timeout)}); without network, "
            "install a model file with `i18n-tool models install --file PATH.argosmodel`"
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelInstallError(f"the model index {url} is not JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise ModelInstallError(f"the model index {url} is not a list of packages")
    return [model for entry in entries if (model := _indexed(entry, url)) is not None]


def _indexed(entry: Any, url: str) -> IndexedModel | None:
    if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
        return None
    source, target, links = entry.get("from_code"), entry.get("to_code"), entry.get("links")
    if not (isinstance(source, str) and isinstance(target, str) and isinstance(links, list)):
        return None
    size, sha256 = entry.get("size"), entry.get("sha256")
    return IndexedModel(
        source,
        target,
        str(entry.get("package_version", "")),
        tuple(urllib.parse.urljoin(url, str(link)) for link in links),
        size if isinstance(size, int) and size >= 0 else None,
        sha256 if isinstance(sha256, str) else None,
        url,
    )


def newest(models: Iterable[IndexedModel]) -> dict[tuple[str, str], IndexedModel]:
    """Of several versions of a pair, the newest, by (from, to) pair."""
    found: dict[tuple[str, str], IndexedModel] = {}
    for model in models:
        pair = (model.source, model.target)
        if pair not in found or newer(model.version, found[pair].version):
            found[pair] = model
    return found


def route(models: Iterable[IndexedModel], source: str, target: str) -> list[IndexedModel]:
    """The newest packages for source→target: direct, else both legs via English; [] if none."""
    return pivot_route(newest(models), source, target)


def newer(version: str, than: str) -> bool:
    """Whether a package version is newer (PEP 440 order, as argos numbers its packages)."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version) > Version(than)
    except InvalidVersion:
        return version > than


def download(
    model: IndexedModel, folder: Path, timeout: float = TIMEOUT, progress: Download | None = None
) -> tuple[Path, str]:
    """The package, downloaded into a temporary file in `folder` (the caller removes it) and
    checked against the index's size and checksum, and the link it came from. Each link is
    tried in turn."""
    if not model.links:
        raise ModelInstallError(f"the index gives no link for {model.name} {model.version}")
    folder.mkdir(parents=True, exist_ok=True)
    failures = []
    for link in model.links:
        if not _same_scheme(link, model.index):
            failures.append(
                f"{link} is not followed: an index read over "
                f"{urllib.parse.urlsplit(model.index).scheme or 'a path'} links only to the same"
            )
            continue
        handle, name = tempfile.mkstemp(prefix=f".{model.name}.", suffix=".part", dir=folder)
        path = Path(name)
        try:
            with os.fdopen(handle, "wb") as file:
                _fetch(link, file, model, timeout, progress)
            _verify(path, model, link)
            os.chmod(path, new_file_mode())  # a mirror is read by colleagues: not 0600
            return path, link
        except ModelInstallError as exc:
            path.unlink(missing_ok=True)
            failures.append(exc.message)
        except BaseException:  # Ctrl-C: no partial file stays behind
            path.unlink(missing_ok=True)
            raise
    raise ModelInstallError("; ".join(failures))


def _fetch(
    link: str, file: Any, model: IndexedModel, timeout: float, progress: Download | None
) -> None:
    try:
        with urllib.request.urlopen(link, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else model.size
            limit = model.size if model.size is not None else MAX_PACKAGE_BYTES
            done = 0
            while chunk := response.read(CHUNK):
                done += len(chunk)
                if done > limit:  # stopped here: never stored past what was announced
                    said = "the index says" if model.size is not None else "the limit is"
                    raise ModelInstallError(
                        f"download of {model.name} {model.version} from {link} goes on past "
                        f"{limit:,} bytes ({said} {limit:,}); stopped, nothing was installed"
                    )
                file.write(chunk)
                if progress:
                    progress(model.name, done, total)
            if length and length.isdigit() and done < int(length):
                raise http.client.IncompleteRead(b"", int(length) - done)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ModelInstallError(
            f"download of {model.name} {model.version} from {link} failed: "
            f"{_reason(exc, timeout)}; nothing was installed"
        ) from exc
    except http.client.HTTPException as exc:
        raise ModelInstallError(
            f"download of {model.name} {model.version} from {link} was cut off ({exc!r}); "
            "nothing was installed"
        ) from exc


def _same_scheme(link: str, index: str) -> bool:
    """A link is followed only with the scheme its index was read with: an HTTP index may not
    send a download to `file://` (a local file) or elsewhere. An index given without a URL
    (tests, the Python API) allows its own links' schemes."""
    if not index:
        return True
    return urllib.parse.urlsplit(link).scheme == urllib.parse.urlsplit(index).scheme


def _verify(path: Path, model: IndexedModel, link: str) -> None:
    size = path.stat().st_size
    if model.size is not None and size != model.size:
        raise ModelInstallError(
            f"download of {model.name} from {link} has {size:,} bytes, the index says "
            f"{model.size:,}; nothing was installed"
        )
    if model.sha256 is not None:
        digest = _sha256(path)
        if digest != model.sha256.lower():
            raise ModelInstallError(
                f"download of {model.name} from {link} has checksum sha256:{digest[:12]}…, the "
                f"index says sha256:{model.sha256[:12]}…; nothing was installed"
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(exc: BaseException, timeout: float) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def mirrored(folder: Path) -> dict[tuple[str, str, str], dict[str, Any]]:
    """The entries of a mirror's index whose files are there, by (from, to, version)."""
    try:
        entries = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    kept = {}
    for entry in entries if isinstance(entries, list) else []:
        model = _indexed(entry, (folder / "index.json").as_uri())
        if model is not None and all(Path(_local(link)).is_file() for link in model.links):
            kept[(model.source, model.target, model.version)] = entry
    return kept


def _local(link: str) -> str:
    return urllib.request.url2pathname(urllib.parse.urlparse(link).path)


def mirror_entry(model: IndexedModel, file: Path) -> dict[str, Any]:
    """A mirror's index entry for a package file in the mirror's folder."""
    return {
        "type": "translate",
        "code": model.name,
        "from_code": model.source,
        "to_code": model.target,
        "package_version": model.version,
        "links": [file.name],
        "size": file.stat().st_size,
        "sha256": _sha256(file),
    }


def write_mirror_index(folder: Path, entries: Iterable[dict[str, Any]]) -> Path:
    """`folder/index.json` in argos' format, links relative to it."""
    index = folder / "index.json"
    data = json.dumps(list(entries), indent=2, ensure_ascii=False) + "\n"
    write_atomic(index, data.encode("utf-8"), ModelInstallError)
    return index
