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


def create_engine(settings: MTSettings) -> Engine:
    factory = _FACTORIES.get(settings.engine)
    if factory is None and settings.engine in _ENGINES:
        module, _, attribute = _ENGINES[settings.engine].partition(":")
        factory = getattr(import_module(module), attribute)
    if factory is None:
        raise ConfigError(
            f"unknown MT engine {settings.engine!r} (known: {', '.join(engine_names())})"
        )
    return factory(settings)
