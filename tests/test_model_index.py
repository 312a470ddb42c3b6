"""Models from an index, end to end: a real HTTP server on 127.0.0.1 serves an index in argos'
format pointing at tiny real `.argosmodel` files, as argos' own index or a newsroom's mirror
would. The server counts requests, and can be slow, cut a download short, or serve junk."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import stat
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
import tiny_argos
from helpers import invoke, invoke_in

from i18n_tool.engines import argos


class IndexHandler(http.server.SimpleHTTPRequestHandler):
    server: IndexServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path.endswith(".endless.argosmodel"):  # a body that never ends (bounded here)
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(self.server.endless_chunks):
                    self.server.sent += self.wfile.write(b"\0" * 2**16)
            except OSError:
                pass  # the client stopped reading: what the test wants
            self.close_connection = True
            return
        if self.path.endswith(".argosmodel"):
            if self.server.delay:
                time.sleep(self.server.delay)
            if self.server.cut:
                data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])  # then the connection closes
                self.close_connection = True
                return
        super().do_GET()

    def log_message(self, *_: object) -> None:
        pass


class IndexServer(http.server.ThreadingHTTPServer):
    """An index server of the test's own, stopped by the fixture."""

    def __init__(self, folder: Path) -> None:
        handler = lambda *args: IndexHandler(*args, directory=str(folder))  # noqa: E731
        super().__init__(("127.0.0.1", 0), handler)
        self.folder = folder
        self.requests: list[str] = []
        self.delay = 0.0
        self.cut = False
        self.endless_chunks = 4096  # 256 MiB at most, then the server stops by itself
        self.sent = 0

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that stops reading (what the size-limit tests want) is no error here."""

    @property
    def index(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/index.json"

    def downloads(self) -> list[str]:
        return [path for path in self.requests if path.endswith(".argosmodel")]


def entry(package: Path, source: str, target: str, version: str = "0.1", **extra: object) -> dict:
    return {
        "type": "translate",
        "code": f"translate-{source}_{target}",
        "from_code": source,
        "to_code": target,
        "package_version": version,
        "links": [package.name],
        **extra,
    }


def publish(folder: Path, entries: list[dict]) -> None:
    (folder / "index.json").write_text(json.dumps(entries), encoding="utf-8")


@pytest.fixture
def server(tmp_path: Path, model_files: dict[str, Path]) -> Iterator[IndexServer]:
    """de→en and en→fr (no direct de→fr) as argos lists them: links, no size or checksum."""
    folder = tmp_path / "index"
    folder.mkdir()
    for pair in ("de-en", "en-fr"):
        shutil.copy(model_files[pair], folder)
    publish(
        folder,
        [
            entry(folder / "translate-de_en.argosmodel", "de", "en"),
            entry(folder / "translate-en_fr.argosmodel", "en", "fr"),
        ],
    )
    running = IndexServer(folder)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join()


def installed() -> list[tuple[str, str, str]]:
    return [(m.source, m.target, m.version) for m in argos.installed_models()]


def leftovers(packages: Path) -> list[str]:
    """Anything a download or an upgrade left beside the packages folder."""
    return sorted(p.name for p in packages.parent.iterdir() if p.name.startswith("."))


def test_install_from_an_index_then_translate_with_it(
    server: IndexServer, packages_dir: Path, project: Path
) -> None:
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 0, output
    assert output.splitlines()[-1] == (
        f"installed translate-de_en 0.1 (de→en) in {packages_dir / 'de_en'}"
    )
    assert installed() == [("de", "en", "0.1")]
    assert invoke_in(project, "update")[0] == 0
    code, output = invoke_in(project, "translate", "-l", "en")
    assert code == 0, output
    english = polib.pofile(str(project / "locales" / "en" / "praesident.po"))
    assert english.find("Der Präsident sprach").msgstr == "The president spoke"
    assert leftovers(packages_dir) == []


def test_a_pivot_pair_installs_both_legs_and_a_second_install_downloads_nothing(
    server: IndexServer, packages_dir: Path
) -> None:
    code, output = invoke("models", "install", "de", "fr", "--index", server.index)
    assert code == 0, output
    assert installed() == [("de", "en", "0.1"), ("en", "fr", "0.1")]
    assert sorted(server.downloads()) == [
        "/translate-de_en.argosmodel",
        "/translate-en_fr.argosmodel",
    ]
    asked = len(server.requests)
    code, output = invoke("models", "install", "de", "fr", "--index", server.index)
    assert code == 0 and output.splitlines()[-1] == "de→fr is installed; nothing was downloaded"
    assert len(server.requests) == asked  # not even the index was asked


def test_the_index_from_the_project_config(
    server: IndexServer, packages_dir: Path, project: Path
) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text() + f'\n[tool.i18n-tool.mt]\nmodel-index = "{server.index}"\n'
    )
    code, output = invoke_in(project, "models", "install", "de", "en")
    assert code == 0, output
    assert installed() == [("de", "en", "0.1")]


def test_available_lists_pairs_versions_and_the_routes_they_enable(
    server: IndexServer, packages_dir: Path, project: Path
) -> None:
    code, output = invoke_in(project, "models", "available", "--index", server.index)
    assert code == 0, output
    rows = [line.split() for line in output.splitlines() if line.startswith("│")]
    assert rows == [
        ["│", "de", "│", "en", "│", "0.1", "│", "?", "│", "│"],
        ["│", "en", "│", "fr", "│", "0.1", "│", "?", "│", "│"],
    ]
    assert output.splitlines()[-2:] == [
        "de→en: translate-de_en",
        "de→fr: translate-de_en → translate-en_fr",
    ]


def test_a_slow_server_times_out_with_one_line_and_installs_nothing(
    server: IndexServer, packages_dir: Path
) -> None:
    server.delay = 3
    code, output = invoke(
        "models", "install", "de", "en", "--index", server.index, "--timeout", "0.5"
    )
    assert code == 6
    assert output == (
        f"error: download of translate-de_en 0.1 from {server.index[:-10]}"
        "translate-de_en.argosmodel failed: no answer within 0.5 s; nothing was installed\n"
    )
    assert installed() == [] and leftovers(packages_dir) == []


def test_a_server_that_is_gone_is_one_line(packages_dir: Path) -> None:
    code, output = invoke("models", "install", "de", "en", "--index", "http://127.0.0.1:9/")
    assert code == 6
    assert output.startswith(
        "error: cannot read the model index http://127.0.0.1:9/index.json (Connection refused)"
    )
    assert "i18n-tool models install --file PATH.argosmodel" in output


def test_a_download_cut_short_installs_nothing(server: IndexServer, packages_dir: Path) -> None:
    server.cut = True
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6, output
    assert "translate-de_en 0.1" in output and "was cut off" in output
    assert output.endswith("nothing was installed\n")
    assert installed() == [] and leftovers(packages_dir) == []


def test_a_wrong_checksum_installs_nothing(server: IndexServer, packages_dir: Path) -> None:
    package = server.folder / "translate-de_en.argosmodel"
    publish(server.folder, [entry(package, "de", "en", sha256="0" * 64)])
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6
    digest = hashlib.sha256(package.read_bytes()).hexdigest()
    assert f"has checksum sha256:{digest[:12]}…, the index says sha256:000000000000…" in output
    assert installed() == [] and leftovers(packages_dir) == []


def test_a_file_that_is_not_a_model_installs_nothing(
    server: IndexServer, packages_dir: Path
) -> None:
    junk = server.folder / "translate-de_en.argosmodel"
    junk.write_bytes(b"<html>Not found</html>")
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6
    assert "not an argos model (not a zip archive)" in output
    assert installed() == [] and leftovers(packages_dir) == []


def test_upgrade_replaces_an_older_package_and_keeps_it_if_the_new_one_fails(
    server: IndexServer, packages_dir: Path, tmp_path: Path
) -> None:
    invoke("models", "install", "de", "en", "--index", server.index)
    newer = tiny_argos.build_package(
        tmp_path / "v2", "de", "en", tiny_argos.train_sentencepiece(), version="0.2"
    )
    shutil.copy(newer, server.folder / "translate-de_en-0_2.argosmodel")
    publish(
        server.folder,
        [entry(server.folder / "translate-de_en-0_2.argosmodel", "de", "en", "0.2")],
    )
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert "nothing was downloaded" in output  # without --upgrade an installed pair stays
    server.cut = True
    code, output = invoke("models", "install", "de", "en", "--index", server.index, "--upgrade")
    assert code == 6 and installed() == [("de", "en", "0.1")]  # the old one is still there
    server.cut = False
    code, output = invoke("models", "install", "de", "en", "--index", server.index, "--upgrade")
    assert code == 0, output
    assert "installed translate-de_en 0.2 (de→en, replacing 0.1)" in output
    assert installed() == [("de", "en", "0.2")] and leftovers(packages_dir) == []


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The usual umask (022), whatever the machine running the tests has."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_mirror_serves_installs_with_the_server_stopped(
    server: IndexServer, packages_dir: Path, project: Path, tmp_path: Path, usual_umask: None
) -> None:
    mirror = tmp_path / "shared-drive" / "argos-mirror"
    code, output = invoke_in(
        project, "models", "mirror", str(mirror), "--pairs", "de-en,en-fr", "--index", server.index
    )
    assert code == 0, output
    entries = json.loads((mirror / "index.json").read_text())
    assert [(e["from_code"], e["to_code"], e["links"]) for e in entries] == [
        ("de", "en", ["translate-de_en-0_1.argosmodel"]),
        ("en", "fr", ["translate-en_fr-0_1.argosmodel"]),
    ]
    for item in entries:  # each file with its size and checksum, which installs then check
        data = (mirror / item["links"][0]).read_bytes()
        assert (item["size"], item["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
    for path in mirror.iterdir():  # readable by the colleagues the mirror serves (umask 022)
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path.name
    asked = len(server.downloads())
    code, output = invoke_in(project, "models", "mirror", str(mirror), "--index", server.index)
    assert code == 0 and len(server.downloads()) == asked  # already mirrored: not fetched
    server.shutdown()

    code, output = invoke("models", "install", "de", "fr", "--index", str(mirror))
    assert code == 0, output
    assert installed() == [("de", "en", "0.1"), ("en", "fr", "0.1")]
    assert leftovers(packages_dir) == []


def test_an_interrupted_download_leaves_nothing(server: IndexServer, packages_dir: Path) -> None:
    """Ctrl-C in the middle of the bytes: no package, no partial file."""
    import i18n_tool

    def interrupted(name: str, done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        i18n_tool.install_models("de", "en", index=server.index, progress=interrupted)
    assert installed() == [] and leftovers(packages_dir) == []


def test_a_project_with_a_broken_setting_is_an_error_not_ignored(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.i18n-tool.mt]\nmodel-index = 3\n")
    code, output = invoke("models", "install", "de", "en", cwd=project)
    assert code == 2 and "model-index" in output, output


def test_an_index_too_large_to_be_one_is_refused_unread(
    server: IndexServer, packages_dir: Path
) -> None:
    """Issue 27, item 5: a 1 GiB index ended in a MemoryError at 3 GB."""
    with (server.folder / "index.json").open("wb") as index:
        index.write(b"[" + b" " * (17 * 2**20) + b"]")
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6
    assert output == (
        f"error: the model index {server.index} is over 16 MB: not an index (argos' is about "
        "100 kB); nothing was read\n"
    )


def test_a_download_stops_at_the_size_the_index_declares(
    server: IndexServer, packages_dir: Path
) -> None:
    """Item 5: a package whose body never ends was read until the disk or a limit stopped it;
    the declared size was compared only afterwards."""
    endless = server.folder / "translate-de_en.endless.argosmodel"
    publish(server.folder, [entry(endless, "de", "en", size=2**20)])
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6
    assert "goes on past 1,048,576 bytes (the index says 1,048,576); stopped" in output
    assert installed() == [] and leftovers(packages_dir) == []
    assert server.sent < 16 * 2**20  # the rest of the endless body was never read


def test_an_http_index_cannot_send_a_download_to_a_local_file(
    server: IndexServer, packages_dir: Path, model_files: dict[str, Path]
) -> None:
    """Item 5: an HTTP index pointing at a file:// link was followed."""
    local = model_files["de-en"].resolve().as_uri()
    publish(server.folder, [{**entry(model_files["de-en"], "de", "en"), "links": [local]}])
    code, output = invoke("models", "install", "de", "en", "--index", server.index)
    assert code == 6
    assert f"{local} is not followed: an index read over http links only to the same" in output
    assert installed() == []


def test_a_zip_bomb_of_many_small_members_is_refused_before_anything_is_written(
    tmp_path: Path, packages_dir: Path
) -> None:
    """Item 6: 1,100 members of 1 MiB each in 1.7 MB were installed (1.1 GB on disk): the
    ratio was checked only for members over 1 MiB. Here 100 members of 1 MiB in about
    100 kB."""
    bomb = tmp_path / "translate-de_en.argosmodel"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pkg/metadata.json", json.dumps(
            {"type": "translate", "from_code": "de", "to_code": "en", "package_version": "1"}
        ))  # fmt: skip
        archive.writestr("pkg/model/model.bin", b"\0" * 1024)
        archive.writestr("pkg/sentencepiece.model", b"\0" * 1024)
        for number in range(100):
            archive.writestr(f"pkg/data/{number:04}.bin", b"\0" * (2**20 - 1))
    code, output = invoke("models", "install", "--file", str(bomb))
    assert code == 6
    assert "refused: its 103 members would unpack to 105 MB from 0.1 MB (a zip bomb" in output
    assert installed() == [] and list(packages_dir.iterdir()) == []
