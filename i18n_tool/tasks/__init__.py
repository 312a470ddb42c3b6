"""One module per user task. Each takes the project (`project.Project`), returns a report and
never prints; each module's first line says what the task reads and what it writes."""

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
