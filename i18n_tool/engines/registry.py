"""Engines by name. Each entry is imported only when used (argostranslate pulls in torch)."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..config import MTSettings
from ..errors import ConfigError
from .base import Engine

EngineFactory = Callable[[MTSettings], Engine]

_ENGINES: dict[str, str] = {"argos": "i18n_tool.engines.argos:ArgosEngine"}
_FACTORIES: dict[str, EngineFactory] = {}


def register_engine(name: str, factory: EngineFactory) -> None:
    """Make an engine available under `name` (config `mt.engine`, CLI `--engine`)."""
    _FACTORIES[name] = factory


def engine_names() -> list[str]:
    return sorted(set(_ENGINES) | set(_FACTORIES))


def check_engine_name(name: str) -> None:
    """Fail early on an unknown engine, without importing any engine."""
    if name not in _FACTORIES and name not in _ENGINES:
        raise ConfigError(f"unknown MT engine {name!r} (known: {', '.join(engine_names())})")


def create_engine(settings: MTSettings) -> Engine:
    check_engine_name(settings.engine)
    factory = _FACTORIES.get(settings.engine)
    if factory is None and settings.engine in _ENGINES:
        module, _, attribute = _ENGINES[settings.engine].partition(":")
        factory = getattr(import_module(module), attribute)
    assert factory is not None
    return factory(settings)
