"""MT engines behind one protocol; argostranslate is the default."""

from .base import Engine, Translation
from .registry import create_engine, engine_names, register_engine

__all__ = ["Engine", "Translation", "create_engine", "engine_names", "register_engine"]
