"""`i18n-tool run`."""

from __future__ import annotations

import typer

from ..config import build_policy
from .build import report_build
from .exits import finish, outcome, report_failures
from .extract import report_extract, report_skipped
from .options import (
    BatchTokens,
    BeamSize,
    ComputeType,
    Device,
    DraftOption,
    Engine,
    Executor,
    FailFastOption,
    InterThreads,
    IntraThreads,
    LanguagesOption,
    NoLanguageCheck,
    ProjectOption,
    RayAddress,
    project_of,
)
from .progress import progress_bar
from .translate import report_translation

SHORT_HELP = "The main job: extract → update → translate → build."


def command(
    ctx: typer.Context,
    languages: LanguagesOption = None,
    no_language_check: NoLanguageCheck = False,
    draft: DraftOption = False,
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
    """The main job: extract → update → translate → build, for the configured languages.

    The build publishes an article in a language only when its own units meet
    [tool.i18n-tool.build] (by default: every unit reviewed), so an article fresh from MT is
    held back until translators review it; `--draft` builds every article with its MT
    suggestions into build/drafts/, marked as drafts.
    """
    from .. import run

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
    config = chosen.config
    policy = build_policy(config.build_policy, draft=True) if draft else None
    with progress_bar() as progress:
        report, failed = outcome(
            lambda: run(
                chosen,
                languages,
                progress=progress,
                check_language=not no_language_check,
                policy=policy,
                fail_fast=fail_fast,
            )
        )
    report_skipped(chosen)
    report_extract(report.extracted)
    translated = report_translation(report.translated)
    report_build(report.built, config.source_language)
    finish(report_failures(failed), translated)
