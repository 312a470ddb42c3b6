"""The `i18n-tool` command: parse arguments, call the library, render results.

No real work happens here; every command is one call into `i18n_tool.api`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api
from .build import BuildResult, LanguageBuild
from .catalog import CatalogStats, totals
from .config import Config, build_policy, load_config
from .detect import detect_language
from .errors import EngineError, I18nError, ModelMissingError

EXIT_CODES = """Exit codes: 0 done; 1 error (a message says what); 2 bad configuration or
arguments; 3 unreadable source article; 4 broken or unwritable catalog; 5 finished, but some
languages are left untranslated for lack of a model; 6 a model could not be installed;
7 `status --fail-under` found a language below the bar; 8 `check` found errors; 9 `build
--fallback fail` found units without a translation; 130 interrupted (finished units are
saved)."""
FAIL_UNDER_EXIT = 7
CHECK_ERRORS_EXIT = 8

app = typer.Typer(
    help=(
        "Localize news articles offline: segment sources into units, keep them in gettext PO "
        "catalogs, pre-translate by machine translation for review, build localized articles.\n\n"
        "Typical use: `i18n-tool run` (extract → update → translate → build), then translators "
        "edit locales/<lang>/*.po, remove the `fuzzy` flag from what they reviewed, and "
        "`i18n-tool build` again."
    ),
    epilog=EXIT_CODES,
    no_args_is_help=True,
    rich_markup_mode=None,
)
models_app = typer.Typer(help="List and install argostranslate models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

out = Console()
err = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])

LanguagesOption = Annotated[
    list[str] | None,
    typer.Option(
        "--language",
        "-l",
        metavar="LANG",
        help="Target language (repeat for several). Default: configured.",
    ),
]
ProjectOption = Annotated[
    Path,
    typer.Option(
        "--project", "-C", help="Project folder (with pyproject.toml).", show_default=False
    ),
]


def say(text: str, console: Console = out) -> None:
    """Plain text, never wrapped or styled: messages name paths that users copy."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def _fail(exc: I18nError) -> typer.Exit:
    say(f"error: {exc}", err)
    return typer.Exit(exc.exit_code)


def user_errors(command: F) -> F:
    """Turn the I18nError family into one line on stderr and its exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except I18nError as exc:
            raise _fail(exc) from None
        except KeyboardInterrupt:
            say("interrupted: units finished so far are saved; rerun to continue", err)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _config(project: Path, **mt: Any) -> Config:
    return load_config(project.resolve()).with_mt(**mt)


NoLanguageCheck = Annotated[
    bool,
    typer.Option(
        "--no-language-check",
        help="Do not refuse articles that langdetect reads as another language.",
    ),
]


@app.command()
@user_errors
def extract(no_language_check: NoLanguageCheck = False, project: ProjectOption = Path(".")) -> None:
    """Segment each article in source/ and write its template locales/<doc>.pot.

    Each article must read as the configured source language (langdetect, p ≥ 0.9).
    """
    with _progress_bar() as progress:
        results = api.extract(
            _config(project), check_language=not no_language_check, progress=progress
        )
    _report_extract(results)


def _report_extract(results: list[api.ExtractResult]) -> None:
    for result in results:
        if result.written:
            say(f"{result.template}: {result.units} units, {result.entries} entries (written)")
    written = sum(result.written for result in results)
    say(f"extract: {len(results)} templates, {written} written, {len(results) - written} unchanged")


@app.command()
@user_errors
def update(
    languages: LanguagesOption = None,
    no_obsolete: Annotated[
        bool,
        typer.Option("--no-obsolete", help="Drop obsolete (#~) entries instead of keeping them."),
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Create or update locales/<lang>/<doc>.po from the templates; translations are kept.

    As GNU msgmerge does: an edited sentence gets the translation of the most similar old
    entry, marked fuzzy with the old source as `#| msgid`; translations of sentences gone from
    the source become obsolete (`#~`) and come back if the sentence does.
    """
    with _progress_bar() as progress:
        results = api.update(
            _config(project), languages, keep_obsolete=not no_obsolete, progress=progress
        )
    for result in results:
        if result.written:
            say(f"{result.catalog} (written)")
    written = sum(result.written for result in results)
    say(f"update: {len(results)} catalogs, {written} written, {len(results) - written} unchanged")


@contextmanager
def _progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per step on stderr, shown only once a step reports progress."""
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

    def update(step: str, done: int, total: int) -> None:
        if total < 20 and not step.startswith("translate") and step not in tasks:
            return  # a handful of articles: done before a bar would help
        if not tasks:
            bar.start()
        if step not in tasks:
            tasks[step] = bar.add_task(step, total=total, rate="")
        task = bar.tasks[tasks[step]]
        elapsed = task.elapsed or 0.0
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 and done else ""
        bar.update(tasks[step], completed=done, rate=rate)

    try:
        yield update
    finally:
        if tasks:
            bar.stop()


def _report_translation(
    report: api.TranslateReport, then: Callable[[], None] | None = None
) -> None:
    """Say what MT did; `then` reports later steps before a missing model makes the exit 5."""
    for done in report.done:
        notes = [f"{done.translated} units machine-translated (fuzzy, for review)"]
        if done.warnings:
            notes.append(f"{done.warnings} with an `# MT warning:` comment to check")
        if done.empty:
            notes.append(f"{done.empty} left untranslated (the engine returned nothing)")
        say(f"{done.language}: " + ", ".join(notes))
    for language, message in report.missing_models.items():
        say(f"{language}: not translated: {message}", err)
    for language, message in report.failed.items():
        say(f"{language}: error: {message}", err)
    if then is not None:
        then()
    if report.failed:
        raise typer.Exit(EngineError.exit_code)
    if report.missing_models:
        names = ", ".join(report.missing_models)
        say(f"left untranslated: {names}", err)
        raise typer.Exit(ModelMissingError.exit_code)


EngineOption = Annotated[str | None, typer.Option(help="MT engine (default: argos).")]
BeamOption = Annotated[int | None, typer.Option(help="Beam size (1 = greedy, fastest).")]
DeviceOption = Annotated[str | None, typer.Option(help="cpu, cuda or auto.")]
ComputeOption = Annotated[
    str | None, typer.Option(help="CTranslate2 compute type: auto, int8, float32, ...")
]
InterOption = Annotated[int | None, typer.Option(help="Parallel translations (inter_threads).")]
IntraOption = Annotated[int | None, typer.Option(help="Threads per translation (0 = auto).")]
BatchOption = Annotated[int | None, typer.Option(help="Max tokens per CTranslate2 batch.")]


@app.command()
@user_errors
def translate(
    languages: LanguagesOption = None,
    engine: EngineOption = None,
    beam_size: BeamOption = None,
    device: DeviceOption = None,
    compute_type: ComputeOption = None,
    inter_threads: InterOption = None,
    intra_threads: IntraOption = None,
    batch_tokens: BatchOption = None,
    retranslate_fuzzy: Annotated[
        bool,
        typer.Option(
            "--retranslate-fuzzy",
            help="Also replace fuzzy entries `update` matched to an edited sentence (#| msgid).",
        ),
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """Fill untranslated entries by offline MT, marked fuzzy with their provenance.

    Entries that already have a translation (reviewed or fuzzy) are never changed. Without a
    model for a language, the others are still translated; the exit code is then 5.
    """
    config = _config(
        project,
        engine=engine,
        beam_size=beam_size,
        device=device,
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
        batch_tokens=batch_tokens,
    )
    with _progress_bar() as progress:
        report = api.translate(
            config, languages, progress=progress, retranslate_fuzzy=retranslate_fuzzy
        )
    _report_translation(report)


DraftOption = Annotated[
    bool,
    typer.Option(
        "--draft", help="Build from MT suggestions too, whatever is translated (for review)."
    ),
]


@app.command()
@user_errors
def build(
    languages: LanguagesOption = None,
    formats: Annotated[
        str | None,
        typer.Option("--format", metavar="md,html,txt", help="Output formats, comma-separated."),
    ] = None,
    use: Annotated[
        str | None,
        typer.Option(
            metavar="reviewed|reviewed+fuzzy",
            help="Which translations count: reviewed only, or MT suggestions too.",
        ),
    ] = None,
    fallback: Annotated[
        str | None,
        typer.Option(
            metavar="source|omit|fail",
            help="Units without one: keep the German, leave the block out, or refuse.",
        ),
    ] = None,
    min_translated: Annotated[
        float | None,
        typer.Option(
            metavar="PCT", help="Build a language only if PCT % of its units are translated."
        ),
    ] = None,
    draft: DraftOption = False,
    project: ProjectOption = Path("."),
) -> None:
    """Write build/<lang>/<doc>.md (and .html, .txt) from sources and catalogs, and
    build/index.html.

    Defaults come from [tool.i18n-tool.build]: reviewed translations only, German text for
    the rest, and no build for a language under 80 % translated (its old files are removed,
    so nothing stale is published). For a draft from MT suggestions: `--draft`
    (= `--use reviewed+fuzzy --min-translated 0`).
    """
    config = _config(project)
    if draft:
        use = use or "reviewed+fuzzy"
        min_translated = 0 if min_translated is None else min_translated
    policy = build_policy(config.build_policy, use, fallback, min_translated, formats)
    with _progress_bar() as progress:
        builds = api.build(config, languages, policy, progress=progress)
    _report_build(builds)


def _report_build(builds: list[LanguageBuild]) -> None:
    for build in builds:
        if not build.built:
            say(f"{build.language}: not built: {build.reason}", err)
            continue
        for result in build.results:
            if result.written:
                files = ", ".join(path.name for path in result.paths)
                say(f"{build.language}/{files}: {_counts(result)}")
        total = BuildResult(
            build.language,
            "*",
            (),
            sum(r.reviewed for r in build.results),
            sum(r.unreviewed for r in build.results),
            sum(r.fallback for r in build.results),
            sum(r.omitted for r in build.results),
        )
        written = sum(r.written for r in build.results)
        say(
            f"{build.language}: {len(build.results)} articles ({written} written): {_counts(total)}"
        )


def _counts(result: BuildResult) -> str:
    parts = [
        f"{result.reviewed} reviewed",
        f"{result.unreviewed} MT-unreviewed",
        f"{result.fallback} in German",
    ]
    if result.omitted:
        parts.append(f"{result.omitted} omitted")
    return ", ".join(parts)


@app.command()
@user_errors
def check(
    languages: LanguagesOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    annotate: Annotated[
        bool,
        typer.Option(
            "--annotate",
            help="Write the findings into the PO files as `# QA:` comments (replacing old ones).",
        ),
    ] = False,
    project: ProjectOption = Path("."),
) -> None:
    """QA checks on every translated entry: numbers, quotes and brackets, punctuation and
    spaces, glossary, untranslated or still-German text (langdetect), markup, length and
    repetition loops. Exit 8 when a finding is an error; warnings alone exit 0."""
    findings = api.check(_config(project), languages, write_annotations=annotate)
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
        table = Table("language", "document", "unit", "check", "severity", "message")
        for f in findings:
            table.add_row(
                f.language,
                f.document,
                f.reference,
                f.problem.check,
                str(f.problem.severity),
                f.problem.message,
            )
        out.print(table)
    errors = sum(f.problem.severity == "error" for f in findings)
    say(f"{len(findings)} findings, {errors} errors", err)
    if errors:
        raise typer.Exit(CHECK_ERRORS_EXIT)


@app.command()
@user_errors
def detect(
    file: Annotated[Path | None, typer.Argument(help="A text or Markdown file.")] = None,
    text: Annotated[str | None, typer.Option(help="Text to detect instead of a file.")] = None,
) -> None:
    """Which language a text is in (langdetect, seeded so every run answers the same).

    Below 25 letters (URLs, numbers and markup removed) it does not guess.
    """
    if (file is None) == (text is None):
        raise typer.BadParameter("give a FILE or --text, not both")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise I18nError(f"cannot read: {exc}", file) from exc
    detection = detect_language(text or "")
    if not detection.reliable:
        say(f"undetermined: only {detection.letters} letters of text (need 25)")
        return
    others = ", ".join(f"{lang} {prob:.2f}" for lang, prob in detection.alternatives)
    say(
        f"{detection.language} (p={detection.probability:.2f}, {detection.letters} letters)"
        + (f"; then {others}" if others else "")
    )


@app.command()
@user_errors
def status(
    languages: LanguagesOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (catalogs and per-language totals).")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            metavar="PCT",
            help="Exit 7 if any language has less than PCT % of its units reviewed (for CI).",
        ),
    ] = None,
    project: ProjectOption = Path("."),
) -> None:
    """Per language and document: units, translated (reviewed), fuzzy, untranslated, %.

    The rows marked * sum a language over all its documents; --fail-under checks those.
    """
    rows = api.status(_config(project), languages)
    summary = totals(rows)
    if as_json:
        out.print_json(
            data={
                "catalogs": [_stats_json(row) for row in rows],
                "languages": [_stats_json(row) for row in summary],
            }
        )
    else:
        table = Table(
            "language", "document", "units", "translated", "fuzzy (MT)", "untranslated", "%"
        )
        for stats in [*rows, *summary]:
            table.add_row(
                stats.language,
                stats.document,
                str(stats.units),
                str(stats.translated),
                f"{stats.fuzzy} ({stats.machine})",
                str(stats.untranslated),
                f"{stats.percent_translated:.1f}",
            )
        out.print(table)
    if fail_under is not None:
        below = [s for s in summary if s.percent_translated < fail_under]
        for stats in below:
            say(
                f"{stats.language}: {stats.percent_translated:.1f}% reviewed, "
                f"under --fail-under {fail_under:g}",
                err,
            )
        if below:
            raise typer.Exit(FAIL_UNDER_EXIT)


def _stats_json(stats: CatalogStats) -> dict[str, object]:
    return {
        "language": stats.language,
        "document": stats.document,
        "units": stats.units,
        "translated": stats.translated,
        "fuzzy": stats.fuzzy,
        "machine_translated": stats.machine,
        "untranslated": stats.untranslated,
        "percent_translated": round(stats.percent_translated, 2),
    }


@app.command()
@user_errors
def run(
    languages: LanguagesOption = None,
    engine: EngineOption = None,
    beam_size: BeamOption = None,
    device: DeviceOption = None,
    compute_type: ComputeOption = None,
    inter_threads: InterOption = None,
    intra_threads: IntraOption = None,
    batch_tokens: BatchOption = None,
    no_language_check: NoLanguageCheck = False,
    draft: DraftOption = False,
    project: ProjectOption = Path("."),
) -> None:
    """The main job: extract → update → translate → build, for the configured languages.

    The build follows [tool.i18n-tool.build] (reviewed translations, 80 % minimum), so right
    after MT nothing is built until translators review; `--draft` builds from the MT
    suggestions as well.
    """
    config = _config(
        project,
        engine=engine,
        beam_size=beam_size,
        device=device,
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
        batch_tokens=batch_tokens,
    )
    with _progress_bar() as progress:
        policy = build_policy(config.build_policy, "reviewed+fuzzy", None, 0) if draft else None
        report = api.run(
            config,
            languages,
            progress=progress,
            check_language=not no_language_check,
            policy=policy,
        )
    _report_extract(report.extracted)
    _report_translation(report.translated, then=lambda: _report_build(report.built))


@models_app.command("list")
@user_errors
def models_list(project: ProjectOption = Path(".")) -> None:
    """Installed models, and for each configured language how it would be translated."""
    from .engines import argos

    config = _config(project)
    table = Table("from", "to", "version", "path", title="installed models")
    for model in argos.installed_models():
        table.add_row(model.source, model.target, model.version, str(model.path))
    out.print(table)
    say(f"packages folder: {argos.packages_dir()}")
    for language in config.target_languages:
        route = argos.find_route(config.source_language, language)
        how = " → ".join(f"{p.from_code}→{p.to_code}" for p in route) or "no model"
        say(f"{config.source_language}→{language}: {how}")


@models_app.command("install")
@user_errors
def models_install(
    source: Annotated[str | None, typer.Argument(help="Source language, e.g. de.")] = None,
    target: Annotated[str | None, typer.Argument(help="Target language, e.g. en.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Install a local .argosmodel file (offline).")
    ] = None,
) -> None:
    """Install a model: `install de en` from the argos index (needs network), or `--file`."""
    from .engines import argos

    if file is not None:
        installed = [argos.install_from_file(file)]
    elif source and target:
        installed = argos.install_from_index(source, target)
    else:
        raise _fail(I18nError("give FROM and TO languages, or --file PATH.argosmodel"))
    for model in installed:
        say(
            f"installed {model.name} {model.version} ({model.source}→{model.target}) "
            f"in {model.path}"
        )


def main() -> None:
    app(prog_name="i18n-tool")
