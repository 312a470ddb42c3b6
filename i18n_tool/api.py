"""Deprecated: the tasks are in `i18n_tool.tasks` (one module each) and on `i18n_tool`
itself. This module re-exports them for one release."""

import warnings

from .config import I18nDeprecationWarning
from .tasks import *  # noqa: F403
from .tasks import __all__ as __all__

warnings.warn(
    "i18n_tool.api is deprecated: import the tasks from i18n_tool (or i18n_tool.tasks)",
    I18nDeprecationWarning,
    stacklevel=2,
)
