"""The `i18n-tool` command: parse arguments, call the library, render results.

No real work happens here; every command is one call into `i18n_tool.api`.
"""

from __future__ import annotations

import functools
import inspect
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import click
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from typer.core import TyperArgument, TyperCommand

from . import api, model_index
from .build import BuildResult, LanguageBuild
from .catalog import CatalogStats, totals, under_bar
from .config import (
    Config,
    I18nDeprecationWarning,
    build_policy,
    find_project,
    language_name,
    load_config,
)
from .detect import detect_language
from .errors import (
    CHECK_ERRORS_EXIT,
    EXIT_CODES,
    FAIL_UNDER_EXIT,
    IMPORT_CONFLICTS_EXIT,
    INTERRUPTED_EXIT,
    ArticlesFailed,
    ConfigError,
    EngineError,
    I18nError,
    ModelBrokenError,
    ModelMissingError,
)


def exit_codes_help() -> str:
    """The exit codes for --help, one per line (click keeps lines after a \\b line)."""
    return "Exit codes:\n\n\b\n" + "\n".join(
        f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items()
    )


class _ArgumentHelp(TyperArgument):
    """An argument's help names it by its metavar alone (`FILE.xlf...`), never by the Python
    type typer would add (`FILE.xlf <list[Path]>`)."""

    def display_type_rich(self, ctx: click.Context) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)


class _Command(TyperCommand):
    """Every command: its arguments' help as `_ArgumentHelp` shows it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _ArgumentHelp


app = typer.Typer(
    help=(
        "Localize news articles offline: segment sources into units, keep them in gettext PO "
        "catalogs, pre-translate by machine translation for review, build localized articles.\n\n"
        "Typical use: `i18n-tool run` (extract → update → translate → build), then translators "
        "edit locales/<lang>/*.po, remove the `fuzzy` flag from what they reviewed, and "
        "`i18n-tool build` again. A new project: `i18n-tool init`. Commands find the project "
        "from the current folder up (the nearest pyproject.toml with [tool.i18n-tool]), or take "
        "--project DIR before or after the command."
    ),
    epilog=exit_codes_help(),
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"max_content_width": 100},
)
models_app = typer.Typer(
    help="List and install argostranslate models.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(models_app, name="models", short_help="List and install argostranslate models.")
memory_app = typer.Typer(
    help="The translation memory: export it as TMX, import TMX files from other tools.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(
    memory_app, name="memory", short_help="Export the translation memory (TMX), import others."
)

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")

LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        "-l",
        metavar="LANG",
        help="Target language (repeat for several). Default: the configured ones.",
    ),
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-C",
        help="Project folder, or a folder inside it. Default: found from the current folder up.",
        show_default=False,
    ),
]


_shown_root: list[Path] = []  # the project of this invocation, once found: paths are shown
# relative to it


@app.callback()
def main_options(
    ctx: typer.Context,
    project: ProjectOption = None,
    allow_outside_project: Annotated[
        bool,
        typer.Option(
            "--allow-outside-project",
            help="Let source-dir, locales-dir, build-dir and glossary name paths outside the "
            "project (refused otherwise: `../..` or `/` would read or write elsewhere).",
        ),
    ] = False,
) -> None:
    """`i18n-tool --project DIR COMMAND`: the project option before the command."""
    ctx.obj = {"project": project, "allow_outside": allow_outside_project}
    _shown_root.clear()


def say(text: str, console: Console = out) -> None:
    """Plain text, never wrapped or styled: messages name paths that users copy."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 template`, `2 templates`, `0 entries` (with `words` for irregular plurals)."""
    return f"{count} {word if count == 1 else words or word + 's'}"


def shown(path: Path | str) -> str:
    """A path as messages show it: relative to the project when it is inside it."""
    path = Path(path)
    for root in _shown_root:
        if path.is_absolute() and path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)


def _fail(exc: I18nError) -> typer.Exit:
    say(f"error: {_located(exc)}", err)
    return typer.Exit(exc.exit_code)


def _located(exc: I18nError) -> str:
    """`file:line: message`, the file as the user named the project."""
    if exc.path is None:
        return exc.message
    return shown(exc.path) + (f":{exc.line}" if exc.line else "") + f": {exc.message}"


def _outcome(call: Callable[[], R]) -> tuple[R, ArticlesFailed | None]:
    """A step's result, and the articles it could not process (reported after the result)."""
    try:
        return call(), None
    except ArticlesFailed as failed:
        return cast(R, failed.result), failed


def _report_failures(failed: ArticlesFailed | None) -> int:
    """One line per failed article, then the summary; the exit code they make (0: none)."""
    if failed is None:
        return 0
    for error in failed.failures.values():
        say(f"error: {_located(error)}", err)
    say(failed.message, err)
    return failed.exit_code


FailFastOption = Annotated[
    bool,
    typer.Option(
        "--fail-fast",
        help="Stop at the first article that fails, instead of doing every other article and "
        "listing the failures at the end.",
    ),
]


def user_errors(command: F) -> F:
    """Turn the I18nError family into one line on stderr and its exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _deprecations_shown():
                return command(*args, **kwargs)
        except I18nError as exc:
            raise _fail(exc) from None
        except KeyboardInterrupt:
            say("interrupted: units finished so far are saved; rerun to continue", err)
            raise typer.Exit(INTERRUPTED_EXIT) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def _deprecations_shown() -> Iterator[None]:
    """A deprecated setting or option still works and says so, once, on stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", I18nDeprecationWarning)
        try:
            yield
        finally:
            for message in dict.fromkeys(str(w.message) for w in caught):
                say(f"warning: {message}", err)


def _given_project(ctx: typer.Context, project: Path | None) -> Path | None:
    """`--project` after the command, else before it."""
    return project or (ctx.find_root().obj or {}).get("project")


def _config(ctx: typer.Context, project: Path | None, **mt: Any) -> Config:
    """The project's settings: from `--project` (after or before the command), else the current
    folder, the nearest folder up with a pyproject.toml holding [tool.i18n-tool]."""
    start = _given_project(ctx, project) or Path.cwd()
    if not start.is_dir():
        raise ConfigError("no such folder", start)
    root = find_project(start)
    _shown_root[:] = [root]
    allow_outside = bool((ctx.find_root().obj or {}).get("allow_outside"))
    return load_config(root, allow_outside).with_mt(**mt)


def _print_table(table: Table) -> None:
    """A table on a terminal fits its width (long cells fold, never cut); anywhere else
    (a pipe, a file) every row is printed whole on one line."""
    if out.is_terminal:
        out.print(table)
    else:
        Console(width=100_000).print(table)  # the console's own width is capped at 80


NoLanguageCheck = Annotated[
    bool,
    typer.Option(
        "--no-language-check",
        help="Do not refuse articles that langdetect reads as another language.",
    ),
]


@app.command(
    short_help="Segment the articles in source/ and write their templates (POT).", cls=_Command
)
@user_errors
def extract(
    ctx: typer.Context,
    no_language_check: NoLanguageCheck = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Segment each article in source/ and write its template locales/<doc>.pot.

    Each article must read as the configured source language (langdetect, p ≥ 0.9). Only
    articles that changed since the last extract are read again. `update` runs this step
    itself for the sources that changed.
    """
    config = _config(ctx, project)
    with _progress_bar() as progress:
        results, failed = _outcome(
            lambda: api.extract(config, not no_language_check, progress, fail_fast)
        )
    _report_skipped(config)
    _report_extract(results)
    _exit(_report_failures(failed))


def _report_skipped(config: Config) -> None:
    skipped = api.skipped_sources(config)
    if skipped:
        names = ", ".join(shown(path) for path in skipped)
        say(f"skipped (not .md or .txt articles): {names}", err)


def _report_extract(results: list[api.ExtractResult]) -> None:
    for result in results:
        if result.written:
            say(
                f"{shown(result.template)}: {plural(result.units, 'unit')}, "
                f"{plural(result.entries, 'entry', 'entries')} (written)"
            )
    written = sum(result.written for result in results)
    say(
        f"extract: {plural(len(results), 'template')}, {written} written, "
        f"{len(results) - written} unchanged"
    )


NoObsolete = Annotated[
    bool,
    typer.Option("--no-obsolete", help="Drop obsolete (#~) entries instead of keeping them."),
]


@app.command(
    short_help="Create or update the PO catalogs from the articles (as msgmerge).", cls=_Command
)
@user_errors
def update(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    no_obsolete: NoObsolete = False,
    no_language_check: NoLanguageCheck = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Create or update locales/<lang>/<doc>.po from the articles; translations are kept.

    Articles edited since the last `extract` are extracted again first (it says which), so a
    catalog never follows a stale template. Then, as GNU msgmerge does: an edited sentence
    gets the translation of the most similar old entry, marked fuzzy with the old source as
    `#| msgid`; translations of sentences gone from the source become obsolete (`#~`) and come
    back if the sentence does.
    """
    config = _config(ctx, project)
    with _progress_bar() as progress:
        report, failed = _outcome(
            lambda: api.update(
                config,
                languages,
                keep_obsolete=not no_obsolete,
                progress=progress,
                check_language=not no_language_check,
                fail_fast=fail_fast,
            )
        )
    _report_skipped(config)
    _report_update(report)
    _exit(_report_failures(failed))


def _report_update(report: api.UpdateReport) -> None:
    for result in report.extracted:
        if result.written:
            say(f"{shown(result.template)}: extracted again, its article changed")
    for result in report.catalogs:
        if result.written:
            say(f"{shown(result.catalog)} (written)")
    written = sum(result.written for result in report.catalogs)
    say(
        f"update: {plural(len(report.catalogs), 'catalog')}, {written} written, "
        f"{len(report.catalogs) - written} unchanged"
    )


RATE_AFTER_SECONDS = 1.0  # a rate over less time says more about the clock than the work


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per step on stderr, shown only once a step reports progress; the rate
    only once the step has run long enough for it to mean something."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    tasks: dict[str, Any] = {}
    started: dict[str, float] = {}

    def update(step: str, done: int, total: int) -> None:
        if total < 20 and not step.startswith("translate") and step not in tasks:
            return  # a handful of articles: done before a bar would help
        if not tasks:
            bar.start()
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total, rate="")
            started[step] = time.monotonic()
        elapsed = time.monotonic() - started[step]
        rate = f"{done / elapsed:.1f}/s" if elapsed >= RATE_AFTER_SECONDS and done else ""
        bar.update(tasks[step], completed=done, rate=rate)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()


def _report_translation(report: api.TranslateReport) -> int:
    """Say what MT did; the exit code it makes (1: the engine failed, 6: an installed model
    is broken, 5: a model missing)."""
    for done in report.done:
        name = language_name(done.language)
        if not (done.translated or done.empty or done.from_memory):
            say(f"{done.language}: nothing to translate into {name} (every unit has a translation)")
            continue
        notes = []
        if done.from_memory:
            similar = done.from_memory - done.memory_exact
            to_confirm = done.memory_exact - done.memory_accepted
            confirm = f" ({to_confirm} fuzzy, to confirm)" if to_confirm else ""
            notes.append(
                f"{plural(done.from_memory, 'unit')} from the translation memory "
                f"({done.memory_exact} the same sentence{confirm}, {similar} similar, fuzzy)"
            )
        if done.translated or not done.from_memory:
            notes.append(
                f"{plural(done.translated, 'unit')} machine-translated (fuzzy, for review)"
            )
        if done.warnings:
            notes.append(f"{done.warnings} with an `# MT warning:` comment to check")
        if done.empty:
            notes.append(f"{done.empty} left untranslated (the engine returned nothing)")
        say(f"{done.language}: " + ", ".join(notes))
    for language, message in report.missing_models.items():
        say(f"{language}: not translated into {language_name(language)}: {message}", err)
    for language, message in report.failed.items():
        say(f"{language}: error: {message}", err)
    for language, message in report.broken.items():
        say(f"{language}: not translated into {language_name(language)}: {message}", err)
    if report.missing_models:
        names = ", ".join(language_name(code) for code in report.missing_models)
        say(f"left untranslated for lack of a model: {names}", err)
    if report.failed:
        return EngineError.exit_code
    if report.broken:
        return ModelBrokenError.exit_code
    return ModelMissingError.exit_code if report.missing_models else 0


def _exit(*codes: int) -> None:
    """End with the first non-zero exit code of what was reported (failed articles first)."""
    code = next((code for code in codes if code), 0)
    if code:
        raise typer.Exit(code)


MT_OPTIONS: dict[str, tuple[type, str]] = {
    "engine": (str, "MT engine (default: argos)."),
    "beam_size": (int, "Beam size (1 = greedy, fastest)."),
    "device": (str, "cpu, cuda or auto."),
    "compute_type": (str, "CTranslate2 compute type: auto, int8, float32, ..."),
    "inter_threads": (int, "Parallel translations (inter_threads)."),
    "intra_threads": (int, "Threads per translation (0 = auto)."),
    "batch_tokens": (int, "Max tokens per CTranslate2 batch."),
    "executor": (str, "Where MT runs: local (default) or ray (needs i18n-tool[ray])."),
    "ray_address": (
        str,
        "The Ray cluster's head, HOST:6379 (auto: the one running here; none: start one here).",
    ),
}
"""The [tool.i18n-tool.mt] settings every MT command takes as flags (None: as configured)."""


def with_mt_options(command: F) -> F:
    """Give a command the MT settings flags, defined once here; they reach it as `mt`, a dict
    of the settings given."""
    signature = inspect.signature(command, eval_str=True)
    extra = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[kind | None, typer.Option(help=text)],
        )
        for name, (kind, text) in MT_OPTIONS.items()
    ]
    kept = [parameter for parameter in signature.parameters.values() if parameter.name != "mt"]
    project = [parameter for parameter in kept if parameter.name == "project"]
    others = [parameter for parameter in kept if parameter.name != "project"]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mt = {name: kwargs.pop(name) for name in MT_OPTIONS}
        return command(*args, mt=mt, **kwargs)

    parameters = [
        parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        else parameter
        for parameter in [*others, *extra, *project]
    ]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
    return wrapper  # type: ignore[return-value]


@app.command(
    short_help="Fill untranslated entries by offline MT, as fuzzy suggestions.", cls=_Command
)
@with_mt_options
@user_errors
def translate(
    ctx: typer.Context,
    mt: dict[str, Any],
    languages: LanguagesOption = None,
    retranslate_fuzzy: Annotated[
        bool,
        typer.Option(
            "--retranslate-fuzzy",
            help="Also replace fuzzy entries `update` matched to an edited sentence (#| msgid).",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Fill untranslated entries: from the translation memory first, then by offline MT.

    1. Memory: the same sentence reviewed in another of the project's catalogs is taken as
    reviewed (as msgmerge -C; [tool.i18n-tool.memory] exact = "fuzzy" makes it a
    suggestion); from an imported memory (memory/, see `memory import`) it is a fuzzy TM
    suggestion to confirm, unless [tool.i18n-tool.memory] trusted lists the file. A similar
    sentence (threshold, default 75 %) is a fuzzy TM suggestion with the matched German as
    #| msgid. Each entry says where it came from in a `# TM:` comment.

    2. MT: what is still untranslated goes to the offline engine and comes back fuzzy, with
    an `# MT:` comment (engine, models, confidence).

    Entries that already have a translation (reviewed or fuzzy) are never changed. Without a
    model for a language, the others are still translated; the exit code is then 5.
    """
    config = _config(ctx, project, **mt)
    with _progress_bar() as progress:
        report, failed = _outcome(
            lambda: api.translate(
                config,
                languages,
                progress=progress,
                retranslate_fuzzy=retranslate_fuzzy,
                fail_fast=fail_fast,
            )
        )
    translated = _report_translation(report)
    _exit(_report_failures(failed), translated)


DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft",
        help="A draft for review: every article with its MT suggestions, into build/drafts/<lang>/"
        ", every file marked as a draft; build/<lang>/ is left as it is.",
    ),
]


@app.command(
    short_help="Write the localized articles (md, html, txt) and build/index.html.", cls=_Command
)
@user_errors
def build(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="md,html,txt",
            help="Output formats, comma-separated. Default: md (or [tool.i18n-tool.build] "
            "formats).",
        ),
    ] = None,
    use: Annotated[
        str | None,
        typer.Option(
            metavar="reviewed|reviewed+fuzzy",
            help="Which translations count: reviewed only (default), or MT suggestions too.",
        ),
    ] = None,
    fallback: Annotated[
        str | None,
        typer.Option(
            metavar="source|omit|fail",
            help="Units without one: keep the source text (default), leave the block out, "
            "or refuse.",
        ),
    ] = None,
    min_reviewed: Annotated[
        float | None,
        typer.Option(
            metavar="PCT",
            help="Publish an article when PCT % of its own units have a translation the policy "
            "uses. Default: 100 (every unit reviewed).",
        ),
    ] = None,
    min_translated: Annotated[
        float | None,
        typer.Option(metavar="PCT", hidden=True, help="Deprecated name of --min-reviewed."),
    ] = None,
    draft: DraftOption = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write build/<lang>/<doc>.md (and .html, .txt) for every article the policy publishes,
    and build/index.html listing every article, published or held back and why.

    An article is published in a language on its own state: by default when every one of its
    units has a reviewed translation (no German sentence, no unreviewed MT or memory
    suggestion). [tool.i18n-tool.build] min-reviewed lowers the share per article; fallback
    says what its untranslated units show. build/ holds exactly the published set: earlier
    outputs of an article held back or removed, of a dropped format or language, are removed
    (only files the tool wrote, listed in build/.i18n-tool-manifest.json).

    `--draft` builds every article with its MT suggestions into build/drafts/<lang>/, each
    file marked as a draft (a banner in HTML, a comment in Markdown, a first line in text).
    """
    config = _config(ctx, project)
    policy = build_policy(
        config.build_policy, use, fallback, min_reviewed, formats, draft, min_translated
    )
    with _progress_bar() as progress:
        builds, failed = _outcome(
            lambda: api.build(config, languages, policy, progress=progress, fail_fast=fail_fast)
        )
    _report_build(builds, config.source_language)
    _exit(_report_failures(failed))


def _report_build(builds: list[LanguageBuild], source_language: str) -> None:
    """Per article what was written or held back and why, files removed, and per language
    the published set."""
    source = language_name(source_language)
    for build in builds:
        for result in build.results:
            if not result.published:
                say(f"{build.language}/{result.name}: held back: {result.held_back}")
            elif result.written:
                files = ", ".join(path.name for path in result.paths)
                say(f"{build.language}/{files}: {_counts(result, source)}")
        for path in build.removed:
            say(f"removed {shown(path)}: no longer published")
        if not build.results:
            if build.removed:
                say(f"{build.language}: not a target language any more; its outputs are removed")
            continue
        total = build.total()
        written = sum(r.written for r in build.results)
        held = len(build.held_back)
        if total.draft:
            say(
                f"{build.language}: DRAFT for review, not for publication: "
                f"{plural(len(build.results), 'article')} ({written} written): "
                f"{_counts(total, source)}"
            )
            continue
        held_text = f", {held} held back" if held else ""
        say(
            f"{build.language}: {len(build.published)} of {plural(len(build.results), 'article')}"
            f" published ({written} written){held_text}: {_counts(total, source)}"
        )


def _counts(result: BuildResult, source: str) -> str:
    parts = [f"{result.reviewed} reviewed"]
    if result.unreviewed:
        suggestions = plural(result.machine, "MT suggestion")
        parts.append(f"{result.unreviewed} unreviewed ({suggestions})")
    parts.append(f"{result.fallback} in {source}")
    if result.omitted:
        parts.append(f"{result.omitted} omitted")
    return ", ".join(parts)


@app.command(
    short_help="The review report: each article bilingual, with what needs a human.", cls=_Command
)
@user_errors
def review(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    open_report: Annotated[
        bool, typer.Option("--open", help="Open the report in the web browser afterwards.")
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Write build/review/: per article and language a page with the German beside the
    translation, unit by unit in source order, the state of each (reviewed, TM n %, MT with
    the model's confidence, needs review, untranslated), a word diff where the German changed
    since it was translated, and the QA findings; an index per language with each article's
    progress; build/review/index.html.

    The pages are self-contained: filters (needs a human, MT, QA errors, changed) and the
    sort by MT confidence work offline, nothing is fetched. Only articles whose source,
    catalog, glossary or settings changed are written again.
    """
    config = _config(ctx, project)
    with _progress_bar() as progress:
        reports, failed = _outcome(
            lambda: api.review(config, languages, progress=progress, fail_fast=fail_fast)
        )
    for report in reports:
        total = report.total()
        written = sum(article.written for article in report.articles)
        errors = sum(article.errors for article in report.articles)
        say(
            f"{report.language}: {plural(len(report.articles), 'article')} ({written} written): "
            f"{total.translated} reviewed, {total.memory} TM, {total.machine} MT, "
            f"{total.needs_review} to review again, {total.untranslated} untranslated; "
            f"{plural(errors, 'unit')} with QA errors"
        )
    home = api.review_home(config)
    say(f"report: {shown(home)}")
    if open_report:
        import webbrowser

        if not webbrowser.open(home.resolve().as_uri()):
            say(f"no web browser could be opened here: open {shown(home)} in one", err)
    _exit(_report_failures(failed))


@app.command(
    short_help="QA checks on every translation: numbers, quotes, glossary, markup.", cls=_Command
)
@user_errors
def check(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    annotate: Annotated[
        bool,
        typer.Option(
            "--annotate",
            help="Write the findings into the PO files as `# QA:` comments (replacing old ones).",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """QA checks on every translated entry: numbers, quotes and brackets, punctuation and
    spaces, glossary, untranslated or still-source-language text (langdetect), markup, length
    and repetition loops. Each finding names its unit as article:line:column. Exit 8 when a
    finding is an error; warnings alone exit 0."""
    findings, failed = _outcome(
        lambda: api.check(
            _config(ctx, project), languages, write_annotations=annotate, fail_fast=fail_fast
        )
    )
    if as_json:
        out.print_json(
            data=[
                {
                    "language": f.language,
                    "document": f.document,
                    "reference": f.reference,
                    "msgid": f.msgid,
                    "check": f.problem.check,
                    "severity": str(f.problem.severity),
                    "message": f.problem.message,
                }
                for f in findings
            ]
        )
    elif findings:
        table = Table("language", "unit", "check", "severity", "message")
        table.columns[1].overflow = "fold"
        for f in findings:
            table.add_row(
                f.language, f.reference, f.problem.check, str(f.problem.severity), f.problem.message
            )
        _print_table(table)
    errors = sum(f.problem.severity == "error" for f in findings)
    say(f"{plural(len(findings), 'finding')}, {plural(errors, 'error')}", err)
    _exit(_report_failures(failed), CHECK_ERRORS_EXIT if errors else 0)


@app.command(short_help="Which language a text or file is in (langdetect, seeded).", cls=_Command)
@user_errors
def detect(
    file: Annotated[
        Path | None, typer.Argument(metavar="FILE", help="A text or Markdown file.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Text to detect instead of a file.")] = None,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project", "-C", help="Accepted as by every command; detect needs no project."
        ),
    ] = None,
) -> None:
    """Which language a text is in (langdetect, seeded so every run answers the same).

    Below 25 letters (URLs, numbers and markup removed) it does not guess.
    """
    if (file is None) == (text is None):
        raise typer.BadParameter("give a FILE or --text, not both")
    detection = api.detect_file(file) if file is not None else detect_language(text or "")
    if not detection.reliable:
        say(f"undetermined: only {plural(detection.letters, 'letter')} of text (need 25)")
        return
    others = ", ".join(f"{language_name(lang)} {prob:.2f}" for lang, prob in detection.alternatives)
    say(
        f"{language_name(detection.language or '')} ({detection.language}, "
        f"p={detection.probability:.2f}, {detection.letters} letters)"
        + (f"; then {others}" if others else "")
    )


@app.command(short_help="Learn the newsroom's own abbreviations from its articles.", cls=_Command)
@user_errors
def abbreviations(
    ctx: typer.Context,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="(Re)write abbreviations.learned.toml beside pyproject.toml; extract reads it.",
        ),
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="Every unknown word, not only the learned ones.")
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Words the segmenter does not know that behave like abbreviations in your articles.

    For every word seen before a period and a space it counts: how often (with .), how often a
    lowercase word or a sentence starter followed, and how often the word appears without a
    period. A word is learned when seen at least twice with a period, never without, at most 8
    letters long, and followed by a lowercase word or rarely by a sentence starter (README
    "Segmentation"). Learned words end a sentence only before a sentence starter. The file is
    yours to read and keep under version control; to class a word otherwise, list it in
    [tool.i18n-tool.segmentation] and write again.
    """
    report, failed = _outcome(
        lambda: api.learn_abbreviations(_config(ctx, project), write, fail_fast)
    )
    rows = [item for item in report.evidence if show_all or item.learned]
    table = Table("word", "with .", "before lowercase", "before starter", "without .", "learned")
    for item in rows:
        table.add_row(
            f"{item.word}.",
            str(item.with_period),
            str(item.before_lowercase),
            str(item.before_starter),
            str(item.without_period),
            "yes" if item.learned else "no",
        )
    if rows:
        _print_table(table)
    learned = sum(item.learned for item in report.evidence)
    say(f"{plural(learned, 'abbreviation')} learned from the articles")
    if write:
        state = "written" if report.written else "unchanged"
        say(f"{shown(report.lexicon)}: {state}; extract reads it from now on")
    elif learned:
        say("run with --write to keep them (extract then reads them)")
    _exit(_report_failures(failed))


@app.command(
    short_help="Units per language and article: reviewed, to review, MT, untranslated.",
    cls=_Command,
)
@user_errors
def status(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (articles and per-language totals).")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            metavar="PCT",
            help="Exit 7 if any language has less than PCT % of its units reviewed (for CI).",
        ),
    ] = None,
    by_confidence: Annotated[
        bool,
        typer.Option(
            "--by-confidence",
            help="Articles whose least certain MT suggestion is least certain first.",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """Per language and article: the article's units by the state of their translation —
    reviewed, to review (fuzzy: MT suggestions, and translations whose source changed or that
    a translator marked), untranslated — and the % reviewed, counted as `build` counts them.

    The rows marked * sum a language over all its articles; --fail-under checks those. --json
    also gives each article's lowest MT confidence and its MT suggestions below
    [tool.i18n-tool.check] min-confidence.
    """
    rows, failed = _outcome(lambda: api.status(_config(ctx, project), languages, fail_fast))
    if by_confidence:
        rows.sort(key=_confidence_order)
    summary = totals(rows)
    if as_json:
        languages_json = [
            {**_stats_json(row), **_published_counts(row.language, rows)} for row in summary
        ]
        out.print_json(
            data={
                "documents": [
                    {
                        **_stats_json(row),
                        "published": not row.held_back,
                        "held_back": row.held_back or None,
                    }
                    for row in rows
                ],
                "languages": languages_json,
            }
        )
    else:
        table = Table(
            "language", "document", "units", "reviewed", "to review (MT, TM)", "untranslated",
            "% reviewed", "build",
        )  # fmt: skip
        table.columns[1].overflow = "fold"
        for stats in [*rows, *summary]:
            table.add_row(
                stats.language,
                stats.document,
                str(stats.units),
                str(stats.translated),
                f"{stats.fuzzy} ({stats.machine}, {stats.memory})",
                str(stats.untranslated),
                f"{stats.percent_translated:.1f}",
                _publication(stats, rows),
            )
        _print_table(table)
    for stats in rows:
        if stats.behind_source:
            say(
                f"{stats.language}/{stats.document}: the catalog is behind its article "
                "(new or edited sentences): run `i18n-tool update`",
                err,
            )
    below = under_bar(summary, fail_under) if fail_under is not None else []
    for stats in below:
        say(
            f"{stats.language}: {stats.percent_translated:.1f}% reviewed, "
            f"under --fail-under {fail_under:g}",
            err,
        )
    _exit(_report_failures(failed), FAIL_UNDER_EXIT if below else 0)


def _stats_json(stats: CatalogStats) -> dict[str, object]:
    return {
        "language": stats.language,
        "document": stats.document,
        "units": stats.units,
        "translated": stats.translated,
        "fuzzy": stats.fuzzy,
        "machine_translated": stats.machine,
        "memory_suggestions": stats.memory,
        "needs_review": stats.needs_review,
        "untranslated": stats.untranslated,
        "percent_translated": round(stats.percent_translated, 2),
        "behind_source": stats.behind_source,
        "lowest_mt_confidence": stats.lowest_confidence,
        "low_mt_confidence": stats.low_confidence,
    }


def _publication(stats: CatalogStats, rows: list[CatalogStats]) -> str:
    """An article row: published or held back; a language row: how many of its articles."""
    if stats.document != "*":
        return f"held back: {stats.held_back}" if stats.held_back else "published"
    counts = _published_counts(stats.language, rows)
    return f"{counts['articles_published']} of {counts['articles']} published"


def _published_counts(language: str, rows: list[CatalogStats]) -> dict[str, int]:
    articles = [row for row in rows if row.language == language]
    published = sum(not row.held_back for row in articles)
    return {"articles": len(articles), "articles_published": published}


def _confidence_order(stats: CatalogStats) -> float:
    """Least certain first; articles without MT suggestions last."""
    return 2.0 if stats.lowest_confidence is None else stats.lowest_confidence


@app.command(short_help="The main job: extract → update → translate → build.", cls=_Command)
@with_mt_options
@user_errors
def run(
    ctx: typer.Context,
    mt: dict[str, Any],
    languages: LanguagesOption = None,
    no_language_check: NoLanguageCheck = False,
    draft: DraftOption = False,
    fail_fast: FailFastOption = False,
    project: ProjectOption = None,
) -> None:
    """The main job: extract → update → translate → build, for the configured languages.

    The build publishes an article in a language only when its own units meet
    [tool.i18n-tool.build] (by default: every unit reviewed), so an article fresh from MT is
    held back until translators review it; `--draft` builds every article with its MT
    suggestions into build/drafts/, marked as drafts.
    """
    config = _config(ctx, project, **mt)
    policy = build_policy(config.build_policy, draft=True) if draft else None
    with _progress_bar() as progress:
        report, failed = _outcome(
            lambda: api.run(
                config,
                languages,
                progress=progress,
                check_language=not no_language_check,
                policy=policy,
                fail_fast=fail_fast,
            )
        )
    _report_skipped(config)
    _report_extract(report.extracted)
    translated = _report_translation(report.translated)
    _report_build(report.built, config.source_language)
    _exit(_report_failures(failed), translated)


@app.command(
    short_help="Make a folder an i18n-tool project (config, source/, locales/).", cls=_Command
)
@user_errors
def init(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Argument(metavar="DIR", help="The project folder, new or existing. Default: here."),
    ] = None,
    source: Annotated[
        str, typer.Option("--source", metavar="LANG", help="The articles' language.")
    ] = "de",
    targets: Annotated[
        list[str] | None,
        typer.Option(
            "--target", "-t", metavar="LANG", help="A target language (repeat). Default: en fr es."
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Create the [tool.i18n-tool] table in FOLDER/pyproject.toml (appended to an existing
    file, nothing else in it touched), and the source/ and locales/ folders. Then put
    articles (.md, .txt) in source/ and run `i18n-tool run`."""
    given = _given_project(ctx, project)
    if given is not None and folder is not None and given.resolve() != folder.resolve():
        raise ConfigError(
            f"two project folders given: {folder} and --project {given}; name one of them"
        )
    where = given or folder or Path(".")
    _shown_root[:] = [where.resolve()]
    result = api.init(where, source, tuple(targets) if targets else ("en", "fr", "es"))
    _shown_root[:] = [result.root]
    for path in result.created:
        say(f"created {shown(path) if path != result.root else str(path)}")
    if result.pyproject_extended:
        say("pyproject.toml: [tool.i18n-tool] added")
    say(f"i18n-tool project in {result.root}: put articles in source/, then `i18n-tool run`")


@models_app.command("list", cls=_Command)
@user_errors
def models_list(ctx: typer.Context, project: ProjectOption = None) -> None:
    """Installed models, and for each configured language how it would be translated."""
    config = _config(ctx, project)
    report = api.models(config)
    table = Table("from", "to", "version", "path", title="installed models")
    table.columns[3].overflow = "fold"
    for model in report.installed:
        table.add_row(model.source, model.target, model.version, str(model.path))
    _print_table(table)
    say(f"packages folder: {report.packages_dir}")
    for route in report.routes:
        how = " → ".join(route.route) or "no model"
        say(f"{config.source_language}→{route.target}: {how}")


IndexOption = Annotated[
    str | None,
    typer.Option(
        "--index",
        metavar="URL|DIR",
        help="The model index: a URL, a file:// URL or a folder (a mirror). Default: "
        "[tool.i18n-tool.mt] model-index, else argos' public index.",
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(metavar="SECONDS", help="Give up on a server silent for this long."),
]


@models_app.command("install", cls=_Command)
@user_errors
def models_install(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Argument(metavar="FROM", help="Source language, e.g. de.")
    ] = None,
    target: Annotated[
        str | None, typer.Argument(metavar="TO", help="Target language, e.g. en.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Install a local .argosmodel file (offline).")
    ] = None,
    index: IndexOption = None,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Replace installed packages the index has a newer version of (the old one "
            "stays until the new one is installed).",
        ),
    ] = False,
    timeout: TimeoutOption = model_index.TIMEOUT,
    project: Annotated[
        Path | None,
        typer.Option(
            "--project", "-C", help="Whose model-index setting to use; models are per user."
        ),
    ] = None,
) -> None:
    """Install a model: `install de en` from a model index, or `--file` (offline).

    A pair already installed, directly or via English, is left alone without asking the
    index (`--upgrade` asks it for newer versions). Without a direct package, both legs via
    English are installed. Each download shows its size and rate, goes to a temporary file,
    and is installed only when complete, of the index's size and checksum (when it gives
    them) and a valid model; a failed or interrupted download installs nothing.
    """
    if file is None and not (source and target):
        raise typer.BadParameter("give FROM and TO languages, or --file PATH.argosmodel")
    config = _optional_config(ctx, project)
    with _download_bar() as progress:
        report = api.install_models(
            source,
            target,
            file,
            index or (config.mt.model_index if config else None),
            upgrade,
            timeout,
            progress,
        )
    for model in report.already:
        say(f"already installed: {model.name} {model.version} in {model.path}")
    if report.already and not report.installed:
        say(f"{source}→{target} is installed; nothing was downloaded")
    replaced = {(model.source, model.target): model for model in report.replaced}
    for model in report.installed:
        old = replaced.get((model.source, model.target))
        was = f", replacing {old.version}" if old else ""
        say(
            f"installed {model.name} {model.version} ({model.source}→{model.target}{was}) "
            f"in {model.path}"
        )


@models_app.command("available", cls=_Command)
@user_errors
def models_available(
    ctx: typer.Context,
    index: IndexOption = None,
    timeout: TimeoutOption = model_index.TIMEOUT,
    project: ProjectOption = None,
) -> None:
    """What a model index offers (pairs, versions, sizes, which are installed) and the route
    each of the project's languages would take with it (de→en→fr)."""
    config = _optional_config(ctx, project) or Config(Path.cwd())
    report = api.available_models(config, index, timeout)
    table = Table("from", "to", "version", "size", "installed", title=f"index {report.index}")
    for offered in report.models:
        model = offered.model
        size = f"{model.size / 1e6:.1f} MB" if model.size is not None else "?"
        table.add_row(model.source, model.target, model.version, size, offered.installed or "")
    _print_table(table)
    for route in report.routes:
        how = " → ".join(route.route) or "nothing in this index"
        say(f"{config.source_language}→{route.target}: {how}")


@models_app.command("mirror", cls=_Command)
@user_errors
def models_mirror(
    ctx: typer.Context,
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="The mirror's folder (created if missing).")
    ],
    pairs: Annotated[
        str | None,
        typer.Option(
            "--pairs",
            metavar="de-en,en-fr",
            help="Pairs to mirror. Default: what the project's languages need.",
        ),
    ] = None,
    index: IndexOption = None,
    timeout: TimeoutOption = model_index.TIMEOUT,
    project: ProjectOption = None,
) -> None:
    """Copy model packages from an index into FOLDER with an index.json of its own, so
    machines without internet install from it: `models install de en --index FOLDER` (or
    serve FOLDER over HTTP). Run again to add pairs or pick up new versions."""
    config = _optional_config(ctx, project) or Config(Path.cwd())
    wanted = None
    if pairs:
        wanted = []
        for pair in pairs.split(","):
            source, _, target = pair.strip().partition("-")
            if not (source and target):
                raise typer.BadParameter(f"{pair!r}: pairs are FROM-TO, e.g. de-en,en-fr")
            wanted.append((source, target))
    with _download_bar() as progress:
        report = api.mirror_models(config, folder, wanted, index, timeout, progress)
    for model in report.downloaded:
        say(f"mirrored {model.name} {model.version}")
    for model in report.kept:
        say(f"already mirrored: {model.name} {model.version}")
    for language in report.missing:
        say(f"{config.source_language}→{language}: nothing in this index to mirror", err)
    say(f"{shown(report.index)}: install with `i18n-tool models install FROM TO --index {folder}`")


def _optional_config(ctx: typer.Context, project: Path | None) -> Config | None:
    """The project's settings when there is a project; models also work without one. A
    project whose settings are wrong is still an error."""
    if _given_project(ctx, project) is None:
        try:
            find_project(Path.cwd())
        except ConfigError:
            return None  # not in a project
    return _config(ctx, project)


@contextmanager
def _download_bar() -> Iterator[model_index.Download]:
    """A bar per download on stderr: bytes, size, rate and time left."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err,
    )
    tasks: dict[str, Any] = {}

    def update(name: str, done: int, total: int | None) -> None:
        if not tasks:
            bar.start()
        if name not in tasks:
            tasks[name] = bar.add_task(name, total=total)
        bar.update(tasks[name], completed=done)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()


class ExchangeFormat(StrEnum):
    XLIFF = "xliff"


@app.command(
    "export", short_help="Write XLIFF 2 files for CAT tools (per article, language).", cls=_Command
)
@user_errors
def export(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    file_format: Annotated[
        ExchangeFormat, typer.Option("--format", help="The exchange format.")
    ] = ExchangeFormat.XLIFF,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The folder. Default: build/xliff/."),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write OUTPUT/<lang>/<article>.xlf (XLIFF 2.0, srcLang the source language) for
    translators in Trados, memoQ, OmegaT or Weblate. Every unit keeps its id from export to
    export; Markdown and HTML markup travel as protected inline codes; MT and memory
    suggestions are state="initial" with their provenance as notes, reviewed units
    state="reviewed". Bring the files back with `i18n-tool import`."""
    config = _config(ctx, project)
    for result in api.export_xliff(config, languages, output or config.build / "xliff"):
        say(f"{shown(result.path)}: {plural(result.units, 'unit')}")


@app.command(
    "import", short_help="Take translations back from XLIFF 2 files (keeps reviewed).", cls=_Command
)
@user_errors
def import_(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE.xlf", help="XLIFF 2 files, as CAT tools return them."),
    ],
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Let the files replace reviewed translations that differ (conflicts).",
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Merge translations from XLIFF 2 files into the catalogs (updated from the articles
    first). Segments marked translated, reviewed or final become reviewed; initial ones become
    fuzzy drafts. Only segments whose source is in the current article count; the rest are
    listed. Newer work is never replaced: a segment left as exported changes nothing, and a
    reviewed translation or a translator's draft made after the export is replaced only with
    --overwrite: such conflicts are listed and the exit code is 11."""
    config = _config(ctx, project)
    conflicts = 0
    results = api.import_xliff(config, files, overwrite)
    for result in results:
        done = [
            f"{result.confirmed} reviewed",
            f"{result.drafts} fuzzy drafts",
            f"{result.unchanged} unchanged",
        ]
        if result.overwritten:
            done.append(f"{result.overwritten} reviewed translations overwritten")
        say(f"{shown(result.file)} ({language_name(result.language)}): {', '.join(done)}")
        for conflict in result.conflicts:
            kept = (
                "is reviewed as"
                if conflict.kept_state == "reviewed"
                else "has a translator's draft newer than the file's export,"
            )
            say(
                f"  conflict: {shown(conflict.catalog)}: {conflict.source!r} {kept} "
                f"{conflict.kept!r}; the file (line {conflict.line}) says "
                f"{conflict.offered!r}; kept"
            )
        for where in result.not_found:
            say(f"  not imported: {where}: its source is not in the current article")
        for problem in result.refused:
            say(f"  not imported: {problem}")
        conflicts += len(result.conflicts)
    if conflicts:
        say(
            f"{plural(conflicts, 'reviewed translation')} kept; --overwrite takes the files' "
            "instead"
            if all(c.kept_state == "reviewed" for r in results for c in r.conflicts)
            else f"{plural(conflicts, 'translation')} of translators kept (reviewed or newer "
            "drafts); --overwrite takes the files' instead",
            err,
        )
        raise typer.Exit(IMPORT_CONFLICTS_EXIT)


@memory_app.command("export", cls=_Command)
@user_errors
def memory_export(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The TMX file. Default: build/memory.tmx."),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Write every reviewed translation of the project as TMX 1.4b (srclang the source
    language, each segment with its real xml:lang), for CAT tools and agencies."""
    config = _config(ctx, project)
    path = output or config.build / "memory.tmx"
    count = api.export_memory(config, languages, path)
    say(f"{shown(path)}: {plural(count, 'translation unit')}")


@memory_app.command("import", cls=_Command)
@user_errors
def memory_import(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="TMX files (from Trados, memoQ, OmegaT…), PO compendia, XLIFF 2 files.",
        ),
    ],
    project: ProjectOption = None,
) -> None:
    """Check TMX files, PO compendia or XLIFF 2 files and keep them in the project's memory/
    folder:
    `translate` offers their translations before MT, after the project's own reviewed work.
    Language tags such as de-DE, DE or srclang="*all*" are understood; files that declare XML
    entities are refused; a compendium's reviewed entries count, in its Language."""
    config = _config(ctx, project)
    for result in api.import_memory(config, files):
        counts = ", ".join(
            f"{plural(n, 'unit')} {language_name(language)}"
            for language, n in sorted(result.units.items())
        )
        say(f"{shown(result.file)}: {counts}")


def main() -> None:
    app(prog_name="i18n-tool")
