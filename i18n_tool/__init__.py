"""i18n-tool: offline localization of news articles.

Segment sources into units, keep them in gettext catalogs, pre-translate offline by MT for
review, build localized articles. Everything the CLI does is a function here:

    import i18n_tool as i18n

    project = i18n.open_project(".")
    i18n.extract(project)
    i18n.update(project)
    report = i18n.translate(project)
    i18n.build(project)
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from ._lazy import names_from

# The names below are loaded on first use (PEP 562): `i18n-tool run` with nothing changed
# should not import what only other commands need (lxml, html5lib, numpy, langdetect, ...).
_EXPORTS: dict[str, str] = {  # name → the module it is defined in (or re-exported by)
    "AbbreviationReport": "tasks",
    "ArticlesFailed": "errors",
    "Block": "model",
    "BlockKind": "model",
    "BuildPolicy": "config",
    "BuildResult": "render",
    "Catalog": "model",
    "CatalogStats": "counts",
    "Config": "config",
    "Document": "model",
    "Engine": "engines",
    "Entry": "model",
    "EntryState": "model",
    "ExtractResult": "tasks",
    "Finding": "tasks",
    "I18nDeprecationWarning": "config",
    "I18nError": "errors",
    "InitResult": "tasks",
    "LanguageBuild": "render",
    "LanguageReview": "tasks",
    "Layout": "project",
    "MachineOrigin": "model",
    "Project": "project",
    "RunReport": "tasks",
    "TranslateReport": "tasks",
    "Translation": "engines",
    "Unit": "model",
    "UpdateReport": "tasks",
    "XliffExport": "tasks",
    "XliffImport": "tasks",
    "available_models": "tasks",
    "build": "tasks",
    "check": "tasks",
    "detect_file": "tasks",
    "detect_language": "detect",
    "entry_state": "model",
    "export_memory": "tasks",
    "export_xliff": "tasks",
    "extract": "tasks",
    "find_project": "config",
    "import_memory": "tasks",
    "import_xliff": "tasks",
    "init": "tasks",
    "install_models": "tasks",
    "language_name": "languages",
    "learn_abbreviations": "tasks",
    "load_config": "config",
    "load_documents": "tasks",
    "mirror_models": "tasks",
    "models": "tasks",
    "open_project": "project",
    "read_catalog": "catalog",
    "register_engine": "engines",
    "review": "tasks",
    "review_home": "tasks",
    "run": "tasks",
    "split_sentences": "segment",
    "status": "tasks",
    "suggest_terms": "tasks",
    "translate": "tasks",
    "update": "tasks",
    "write_catalog": "catalog",
}


__getattr__, __dir__ = names_from(__name__, _EXPORTS)


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from .catalog import read_catalog, write_catalog
    from .config import BuildPolicy, Config, I18nDeprecationWarning, find_project, load_config
    from .counts import CatalogStats
    from .detect import detect_language
    from .engines import Engine, Translation, register_engine
    from .errors import ArticlesFailed, I18nError
    from .languages import language_name
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
    from .project import Layout, Project, open_project
    from .render import BuildResult, LanguageBuild
    from .segment import split_sentences
    from .tasks import (
        AbbreviationReport,
        ExtractResult,
        Finding,
        InitResult,
        LanguageReview,
        RunReport,
        TranslateReport,
        UpdateReport,
        XliffExport,
        XliffImport,
        available_models,
        build,
        check,
        detect_file,
        export_memory,
        export_xliff,
        extract,
        import_memory,
        import_xliff,
        init,
        install_models,
        learn_abbreviations,
        load_documents,
        mirror_models,
        models,
        review,
        review_home,
        run,
        status,
        suggest_terms,
        translate,
        update,
    )

__all__ = [
    "AbbreviationReport",
    "ArticlesFailed",
    "Block",
    "BlockKind",
    "BuildPolicy",
    "BuildResult",
    "Catalog",
    "CatalogStats",
    "Config",
    "Document",
    "Engine",
    "Entry",
    "EntryState",
    "ExtractResult",
    "Finding",
    "I18nDeprecationWarning",
    "I18nError",
    "InitResult",
    "LanguageBuild",
    "LanguageReview",
    "Layout",
    "MachineOrigin",
    "Project",
    "RunReport",
    "TranslateReport",
    "Translation",
    "Unit",
    "UpdateReport",
    "XliffExport",
    "XliffImport",
    "__version__",
    "available_models",
    "build",
    "check",
    "detect_file",
    "detect_language",
    "entry_state",
    "export_memory",
    "export_xliff",
    "extract",
    "find_project",
    "import_memory",
    "import_xliff",
    "init",
    "install_models",
    "language_name",
    "learn_abbreviations",
    "load_config",
    "load_documents",
    "mirror_models",
    "models",
    "open_project",
    "read_catalog",
    "register_engine",
    "review",
    "review_home",
    "run",
    "split_sentences",
    "status",
    "suggest_terms",
    "translate",
    "update",
    "write_catalog",
]
