"""`i18n-tool translate`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import EngineError, ModelBrokenError, ModelMissingError
from .exits import finish, outcome, report_failures
from .options import (
    BatchTokens,
    BeamSize,
    ComputeType,
    Device,
    Engine,
    Executor,
    FailFastOption,
    InterThreads,
    IntraThreads,
    LanguagesOption,
    ProjectOption,
    RayAddress,
    project_of,
)
from .output import err, plural, say
from .progress import progress_bar

if TYPE_CHECKING:
    from .. import TranslateReport

SHORT_HELP = "Fill untranslated entries by offline MT, as fuzzy suggestions."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    retranslate_fuzzy: Annotated[
        bool,
        typer.Option(
            "--retranslate-fuzzy",
            help="Also replace fuzzy entries `update` matched to an edited sentence (#| msgid).",
        ),
    ] = False,
    fail_fast: FailFastOption = False,
    engine: Engine = None,
    beam_size: BeamSize = None,
    device: Device = None,
    compute_type: ComputeType = None,
    inter_threads: InterThreads = None,
    intra_threads: IntraThreads = None,
    batch_tokens: BatchTokens = None,
    executor: Executor = None,
    ray_address: RayAddress = None,
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
    from .. import translate

    chosen = project_of(
        ctx,
        project,
        engine=engine,
        beam_size=beam_size,
        device=device,
        compute_type=compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
        batch_tokens=batch_tokens,
        executor=executor,
        ray_address=ray_address,
    )
    with progress_bar() as progress:
        report, failed = outcome(
            lambda: translate(
                chosen,
                languages,
                progress=progress,
                retranslate_fuzzy=retranslate_fuzzy,
                fail_fast=fail_fast,
            )
        )
    translated = report_translation(report)
    finish(report_failures(failed), translated)


def report_translation(report: TranslateReport) -> int:
    """Say what MT did; the exit code it makes (1: the engine failed, 6: an installed model
    is broken, 5: a model missing)."""
    from .. import language_name

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
