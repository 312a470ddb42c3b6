"""MT on a real Ray cluster: a head and a second node on this machine (`ray start`, one CPU
each), started and stopped by these tests. The catalogs come out byte-identical to the local
executor's; an actor killed mid-run costs nothing; an unreachable cluster and a missing extra
are one line each."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import catalog_files, invoke_in, tiny_models_installed
from test_pipeline_record import ARTICLES

import i18n_tool

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
RAY = Path(sys.executable).parent / "ray"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """`ray start --head` and one more node, on loopback; token authentication off, as for a
    test cluster no one else can reach. Yields the head's address. The cluster lives in a
    temp folder of its own, and only its processes are stopped after (`ray stop` would stop
    every Ray on the machine, a developer's own cluster too)."""
    environment = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    port = _free_port()
    address = f"127.0.0.1:{port}"
    folder = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # short: Ray's socket paths are long
    common = [
        "--num-cpus=1",
        "--node-ip-address=127.0.0.1",
        f"--temp-dir={folder}",
        "--disable-usage-stats",
    ]
    head = [str(RAY), "start", "--head", f"--port={port}", "--include-dashboard=false", *common]
    node = [str(RAY), "start", f"--address={address}", *common]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAY_AUTH_MODE", "disabled")  # for this process, the driver
        try:
            for command in (head, node):
                subprocess.run(command, env=environment, check=True, capture_output=True)
            yield address
        finally:
            if ray.is_initialized():
                ray.shutdown()
            _stop_processes_of(folder)
            shutil.rmtree(folder, ignore_errors=True)


def _stop_processes_of(folder: str) -> None:
    """Stop the cluster's processes: those whose command line names its folder (GCS, raylets,
    workers) and their children (the agents, which rename themselves), TERM, then KILL."""
    found = subprocess.run(["pgrep", "-f", folder], capture_output=True, text=True)
    pids = set(map(int, found.stdout.split()))
    parents = set(pids)
    while parents:
        children = set()
        for parent in parents:
            listed = subprocess.run(["pgrep", "-P", str(parent)], capture_output=True, text=True)
            children |= set(map(int, listed.stdout.split()))
        parents = children - pids
        pids |= children
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        time.sleep(1)


def newsroom(root: Path) -> Path:
    """A project with the seed and every shared corpus article, extracted and updated for en
    (a direct model) and fr (a pivot through English), nothing translated yet."""
    (root / "source").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.i18n-tool]\nsource-language = "de"\ntarget-languages = ["en", "fr"]\n',
        encoding="utf-8",
    )
    for article in ARTICLES:
        shutil.copyfile(article, root / "source" / article.name)
    code, output = invoke_in(root, "update", "--no-language-check")
    assert code == 0, output
    return root


@pytest.fixture(scope="module")
def local_run(
    tmp_path_factory: pytest.TempPathFactory, model_files: dict[str, Path]
) -> tuple[dict[str, bytes], dict[str, int]]:
    """The catalogs as the local executor leaves them (dated as every test's: fixed_clock),
    and how many distinct units it translated per language."""
    root = tmp_path_factory.mktemp("local")
    with (
        pytest.MonkeyPatch.context() as patch,
        tiny_models_installed(root / "packages", model_files),
    ):
        patch.setenv("SOURCE_DATE_EPOCH", "1730073600")
        project = newsroom(root / "newsroom")
        report = i18n_tool.translate(i18n_tool.open_project(project))
    return catalog_files(project), {done.language: done.translated for done in report.done}


@pytest.fixture(scope="module")
def translated_here(local_run: tuple[dict[str, bytes], dict[str, int]]) -> dict[str, bytes]:
    return local_run[0]


def test_the_cluster_writes_the_same_catalogs(
    cluster: str, translated_here: dict[str, bytes], tmp_path: Path, model_files: dict[str, Path]
) -> None:
    copies = set(Path(tempfile.gettempdir()).glob("i18n-tool-models-*"))
    with tiny_models_installed(tmp_path / "packages", model_files):
        project = newsroom(tmp_path / "newsroom")
        code, output = invoke_in(
            project, "translate", "--executor", "ray", "--ray-address", cluster
        )
    assert code == 0, output
    assert catalog_files(project) == translated_here
    # the actors' copies of the models are gone with the run (they leaked, one per actor)
    assert set(Path(tempfile.gettempdir()).glob("i18n-tool-models-*")) == copies


def _actor_pids() -> list[int]:
    found = subprocess.run(
        ["pgrep", "-f", "ray::_Translator"], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in found.stdout.split()]


def test_an_actor_killed_mid_run_loses_and_repeats_nothing(
    cluster: str,
    local_run: tuple[dict[str, bytes], dict[str, int]],
    tmp_path: Path,
    model_files: dict[str, Path],
) -> None:
    """Chunks of one unit, so the run is long enough; at the first saved chunk one actor's
    process is killed. Ray restarts it and runs its chunk again; every unit is translated
    exactly once and the catalogs are the local executor's."""
    killed: list[int] = []

    def kill_one_actor(step: str, done: int, total: int) -> None:
        if step.startswith("translate") and not killed:  # a chunk saved (not the memory's sync)
            pids = _actor_pids()
            assert pids, "no actor process found"
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    with tiny_models_installed(tmp_path / "packages", model_files):
        project = newsroom(tmp_path / "newsroom")
        config = i18n_tool.open_project(project).with_mt(executor="ray", ray_address=cluster)
        report = i18n_tool.translate(config, chunk_size=1, progress=kill_one_actor)
    assert killed
    assert report.failed == {} and report.missing_models == {}
    here, translated = local_run
    assert {done.language: done.translated for done in report.done} == translated
    assert catalog_files(project) == here


def test_ctrl_c_stops_the_actors_and_keeps_the_saved_chunks(
    cluster: str,
    local_run: tuple[dict[str, bytes], dict[str, int]],
    tmp_path: Path,
    model_files: dict[str, Path],
) -> None:
    """Ctrl-C after the third chunk: the actors are gone, the chunks saved so far stay saved,
    and a rerun translates only the rest."""
    saved: list[int] = []

    def interrupt(step: str, done: int, total: int) -> None:
        if not step.startswith("translate"):
            return  # the memory's sync, before any chunk
        saved.append(done)
        if len(saved) == 3:
            raise KeyboardInterrupt

    with tiny_models_installed(tmp_path / "packages", model_files):
        project = newsroom(tmp_path / "newsroom")
        config = i18n_tool.open_project(project).with_mt(executor="ray", ray_address=cluster)
        with pytest.raises(KeyboardInterrupt):
            i18n_tool.translate(config, ["en"], chunk_size=4, progress=interrupt)
        for _ in range(50):  # ray.kill is asynchronous
            if not _actor_pids():
                break
            time.sleep(0.1)
        assert _actor_pids() == []
        assert saved[-1] == 12  # three chunks of four units, saved before Ctrl-C
        report = i18n_tool.translate(config, ["en"], chunk_size=64)
    [done] = report.done
    assert done.translated == local_run[1]["en"] - 12  # the rest, not everything again
    assert catalog_files(project) == {
        name: data for name, data in local_run[0].items() if name.startswith("locales/en/")
    } | {name: data for name, data in catalog_files(project).items() if "/fr/" in name}


def test_an_unreachable_cluster_is_one_line(project: Path) -> None:
    invoke_in(project, "update")
    closed = f"127.0.0.1:{_free_port()}"
    code, output = invoke_in(project, "translate", "--executor", "ray", "--ray-address", closed)
    assert code == 12
    assert f"cannot reach the Ray cluster at {closed}: " in output
    assert "Traceback" not in output


def test_without_the_extra_ray_is_one_line(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    invoke_in(project, "update")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    code, output = invoke_in(project, "translate", "--executor", "ray")
    assert code == 2
    assert "the ray executor needs Ray: pip install 'i18n-tool[ray]'" in output
