"""One module per user task. Each takes the project (`project.Project`), returns a report and
never prints; each module's first line says what the task reads and what it writes."""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .._lazy import names_from

if TYPE_CHECKING:
    from .abbreviations import AbbreviationReport, learn_abbreviations
    from .build import build
    from .check import Finding, check
    from .detect import detect_file
    from .exchange import ImportConflict, XliffExport, XliffImport, export_xliff, import_xliff
    from .extract import ExtractResult, extract, load_documents, verify_source_language
    from .glossary import suggest_terms
    from .init import InitResult, init
    from .memory import MemoryImport, export_memory, import_memory
    from .models import (
        AvailableModel,
        AvailableReport,
        InstallReport,
        MirrorReport,
        ModelRoute,
        ModelsReport,
        available_models,
        install_models,
        mirror_models,
        models,
    )
    from .review import ArticleReview, LanguageReview, review, review_home
    from .run import RunReport, run
    from .status import status
    from .translate import TranslateReport, translate
    from .update import UpdateReport, UpdateResult, update

# Each task's names and the module they live in (PEP 562): a module is imported when one of
# its names is first asked for, so a command imports the tasks it runs, not every task.
_TASKS = {
    "AbbreviationReport": "abbreviations",
    "ArticleReview": "review",
    "AvailableModel": "models",
    "AvailableReport": "models",
    "ExtractResult": "extract",
    "Finding": "check",
    "ImportConflict": "exchange",
    "InitResult": "init",
    "InstallReport": "models",
    "LanguageReview": "review",
    "MemoryImport": "memory",
    "MirrorReport": "models",
    "ModelRoute": "models",
    "ModelsReport": "models",
    "RunReport": "run",
    "TranslateReport": "translate",
    "UpdateReport": "update",
    "UpdateResult": "update",
    "XliffExport": "exchange",
    "XliffImport": "exchange",
    "available_models": "models",
    "build": "build",
    "check": "check",
    "detect_file": "detect",
    "export_memory": "memory",
    "export_xliff": "exchange",
    "extract": "extract",
    "import_memory": "memory",
    "import_xliff": "exchange",
    "init": "init",
    "install_models": "models",
    "learn_abbreviations": "abbreviations",
    "load_documents": "extract",
    "mirror_models": "models",
    "models": "models",
    "review": "review",
    "review_home": "review",
    "run": "run",
    "status": "status",
    "suggest_terms": "glossary",
    "translate": "translate",
    "update": "update",
    "verify_source_language": "extract",
}


__getattr__, __dir__ = names_from(__name__, _TASKS)


class _Tasks(types.ModuleType):
    """The package keeps a task's name for the task: importing `tasks/build.py` binds the
    module `build` on its package, over the function `build` the package offers."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _TASKS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Tasks

__all__ = [
    "AbbreviationReport",
    "ArticleReview",
    "AvailableModel",
    "AvailableReport",
    "ExtractResult",
    "Finding",
    "ImportConflict",
    "InitResult",
    "InstallReport",
    "LanguageReview",
    "MemoryImport",
    "MirrorReport",
    "ModelRoute",
    "ModelsReport",
    "RunReport",
    "TranslateReport",
    "UpdateReport",
    "UpdateResult",
    "XliffExport",
    "XliffImport",
    "available_models",
    "build",
    "check",
    "detect_file",
    "export_memory",
    "export_xliff",
    "extract",
    "import_memory",
    "import_xliff",
    "init",
    "install_models",
    "learn_abbreviations",
    "load_documents",
    "mirror_models",
    "models",
    "review",
    "review_home",
    "run",
    "status",
    "suggest_terms",
    "translate",
    "update",
    "verify_source_language",
]
