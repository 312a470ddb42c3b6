"""i18n-tool: offline localization of news articles.

Segment sources into units, keep them in gettext catalogs, pre-translate offline by MT for
review, build localized articles. Everything the CLI does is a function here.
"""

__version__ = "0.1.0"

from .api import (
    build,
    check,
    extract,
    init,
    install_models,
    learn_abbreviations,
    load_documents,
    models,
    review,
    run,
    status,
    translate,
    update,
)
from .catalog import read_catalog, write_catalog
from .config import Config, find_project, load_config
from .detect import detect_language
from .engines import Engine, Translation, register_engine
from .errors import ArticlesFailed, I18nError
from .model import (
    Block,
    BlockKind,
    Catalog,
    Document,
    Entry,
    EntryState,
    MachineOrigin,
    Unit,
    entry_state,
)
from .segment import split_sentences

__all__ = [
    "ArticlesFailed",
    "Block",
    "BlockKind",
    "Catalog",
    "Config",
    "Document",
    "Engine",
    "Entry",
    "EntryState",
    "I18nError",
    "MachineOrigin",
    "Translation",
    "Unit",
    "__version__",
    "build",
    "check",
    "detect_language",
    "entry_state",
    "extract",
    "find_project",
    "init",
    "install_models",
    "learn_abbreviations",
    "load_config",
    "load_documents",
    "models",
    "read_catalog",
    "register_engine",
    "review",
    "run",
    "split_sentences",
    "status",
    "translate",
    "update",
    "write_catalog",
]
