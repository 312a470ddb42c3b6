"""Where MT batches run: in this process (`local`), or on a Ray cluster (`ray`).

`translate` hands an executor the chunks of one language and saves each chunk's translations
as it comes back, so either way an interrupted run keeps what was finished. One engine code
path, two executors: the Ray actors build the same engine from the same settings.

The Ray executor (the optional extra `i18n-tool[ray]`, imported only when chosen) keeps one
long-lived actor per CPU of the cluster, each loading its model once (a CTranslate2 translator
cannot be pickled to workers), with one CTranslate2 thread per actor, so the cluster's cores
are never oversubscribed. The driver alone reads and writes catalogs. Models are not
downloaded by workers: the driver packs the installed packages each route needs and puts them
in Ray's object store once; each actor installs them into a folder of its own, through the
same checks as `models install --file`. Ray's `ActorPool` gives a chunk only to an idle actor
(back-pressure: at most one chunk per actor in flight); Ray restarts a killed actor and runs
its chunk again (`max_restarts`, `max_task_retries`), and a chunk's result is taken once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from .config import MTSettings
from .engines import Engine, Translation, create_engine
from .errors import ClusterError, ConfigError, EngineError, I18nError

RAY_EXTRA = "pip install 'i18n-tool[ray]'"
RETRIES = 3  # restarts of a killed actor, and runs of a chunk whose actor died
CONNECT_TIMEOUT = 5.0  # seconds to wait for a cluster's head before saying it is unreachable


class Executor(Protocol):
    """Runs an engine's batches somewhere."""

    name: str

    def check(self, source: str, target: str) -> None:
        """Raise ModelMissingError if source→target cannot be translated."""
        ...

    def translate_chunks(
        self, chunks: Sequence[Sequence[str]], source: str, target: str
    ) -> Iterator[tuple[int, list[Translation]]]:
        """Each chunk's index and translations, as soon as it is done (in any order)."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """The engine in this process, one chunk after the other."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.name = getattr(engine, "name", "MT engine")

    def check(self, source: str, target: str) -> None:
        self.engine.translate_batch([], source, target)

    def translate_chunks(
        self, chunks: Sequence[Sequence[str]], source: str, target: str
    ) -> Iterator[tuple[int, list[Translation]]]:
        for index, chunk in enumerate(chunks):
            try:
                translations = self.engine.translate_batch(chunk, source, target)
            except I18nError:
                raise
            except Exception as exc:  # the engine's own failure: name the batch
                raise EngineError(
                    f"{self.name} failed on {len(chunk)} units (the first: {chunk[0][:60]!r}): "
                    f"{type(exc).__name__}: {exc}"
                ) from exc
            yield index, translations

    def close(self) -> None:
        pass


class RayExecutor:
    """A pool of Ray actors, each with its own engine, fed one chunk at a time."""

    def __init__(
        self, settings: MTSettings, source: str, targets: Sequence[str], address: str | None
    ):
        ray = _ray()
        self.name = f"{settings.engine} on Ray"
        self._local = LocalExecutor(create_engine(settings))  # the driver's route checks
        self._started = not address and not ray.is_initialized()  # ours to shut down
        _connect(ray, address)
        from .engines.argos import packed_routes

        # Held as long as the actors live: a restarted actor reads its packages again.
        self._packages = ray.put(packed_routes(source, targets))
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = _actor_class()
        one_thread = replace(settings, inter_threads=1, intra_threads=1)
        self.actors = [actor.remote(one_thread) for _ in range(cpus)]

    def check(self, source: str, target: str) -> None:
        self._local.check(source, target)

    def translate_chunks(
        self, chunks: Sequence[Sequence[str]], source: str, target: str
    ) -> Iterator[tuple[int, list[Translation]]]:
        from ray.util import ActorPool

        pool = ActorPool(self.actors)
        work = [(index, list(chunk)) for index, chunk in enumerate(chunks)]
        # The packages go inside a list: the reference reaches the actor unresolved, and an
        # actor fetches them once (again after a restart), not with every chunk.
        packages = [self._packages]
        results = pool.map_unordered(
            lambda actor, item: actor.translate.remote(*item, source, target, packages), work
        )
        try:
            try:
                yield from results
            except I18nError:
                raise
            except Exception as exc:  # a task that failed after its retries
                raise EngineError(f"{self.name} failed: {type(exc).__name__}: {exc}") from exc
        except BaseException:
            self.close()  # Ctrl-C or a failure: stop the actors; saved chunks stay saved
            raise

    def close(self) -> None:
        ray = _ray()
        # Each actor removes its copy of the models (hundreds of MB on a real node); one that
        # died or hangs is killed below, and its folder is left to the OS's temp cleaning.
        with contextlib.suppress(ray.exceptions.RayError):  # GetTimeoutError is one too
            ray.get([actor.remove_packages.remote() for actor in self.actors], timeout=60)
        for actor in self.actors:
            ray.kill(actor)
        self.actors = []
        if self._started and ray.is_initialized():
            ray.shutdown()


def create_executor(
    settings: MTSettings, source: str, targets: Sequence[str], engine: Engine | None = None
) -> Executor:
    """The configured executor; an engine given by a caller always runs here."""
    if engine is not None or settings.executor == "local":
        return LocalExecutor(engine or create_engine(settings))
    return RayExecutor(settings, source, targets, settings.ray_address)


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(f"the ray executor needs Ray: {RAY_EXTRA}") from exc
    return ray


def _connect(ray: Any, address: str | None) -> None:
    """Join the cluster at `address` (`auto`: the one running on this machine), or start a
    local one on this machine's cores when none is given. A process already connected (a
    Python caller's own `ray.init`) keeps its connection unless it names another head."""
    if address and address != "auto":
        _reachable(address)
    if ray.is_initialized():
        current = ray.get_runtime_context().gcs_address
        if not address or address == "auto" or _same_head(current, address):
            return
        ray.shutdown()
    options = {"log_to_driver": False, "logging_level": "ERROR"}
    if not address:
        ray.init(include_dashboard=False, **options)
        return
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError) as exc:
        raise ClusterError(f"cannot join the Ray cluster at {address}: {exc}") from exc


def _host_and_port(address: str) -> tuple[str, str]:
    """`HOST:PORT` (or `ray://HOST:PORT`) as its two parts."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    return host, port


def _same_head(current: str, address: str) -> bool:
    """Whether HOST:PORT names the head this process is connected to: the same port, and
    the same host or a loopback one (which can only mean this machine's head)."""
    host, port = _host_and_port(address)
    current_host, current_port = _host_and_port(current)
    loopback = host == "localhost" or host.startswith("127.")
    return port == current_port and (host == current_host or loopback)


def _reachable(address: str) -> None:
    """Fail in seconds, not minutes, when nothing listens at the head's address (Ray itself
    keeps retrying for a long time)."""
    host, port = _host_and_port(address)
    try:
        with socket.create_connection((host or address, int(port or 6379)), CONNECT_TIMEOUT):
            pass
    except (OSError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the Ray cluster at {address}: {exc}; start its head with "
            "`ray start --head` or give its address with --ray-address HOST:6379"
        ) from exc


class _Translator:
    """A Ray actor: at its first chunk it installs the shipped packages into a folder of its
    own and builds the engine, once; then it translates the chunks it is given."""

    def __init__(self, settings: MTSettings):
        self.settings = settings
        self.engine: Engine | None = None
        self.folder: Path | None = None

    def translate(
        self, index: int, chunk: list[str], source: str, target: str, packages: list[Any]
    ) -> tuple[int, list[Translation]]:
        if self.engine is None:
            self.folder = Path(tempfile.mkdtemp(prefix="i18n-tool-models-"))
            # argostranslate reads its packages folder when first imported, in this process.
            os.environ["ARGOS_PACKAGES_DIR"] = str(self.folder)
            from .engines.argos import install_packed

            install_packed(_ray().get(packages[0]), self.folder)
            self.engine = create_engine(self.settings)
        return index, self.engine.translate_batch(chunk, source, target)

    def remove_packages(self) -> None:
        """The packages this actor installed are a copy for this run: a node keeps none."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


@cache
def _actor_class() -> Any:
    ray = _ray()
    return ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(_Translator)
