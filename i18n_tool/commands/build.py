"""`i18n-tool build`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from ..config import build_policy
from .exits import finish, outcome, report_failures
from .options import DraftOption, FailFastOption, LanguagesOption, ProjectOption, project_of
from .output import plural, say, shown
from .progress import progress_bar

if TYPE_CHECKING:
    from .. import BuildResult, LanguageBuild

SHORT_HELP = "Write the localized articles (md, html, txt) and build/index.html."


def command(
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
    from .. import build

    chosen = project_of(ctx, project)
    config = chosen.config
    policy = build_policy(
        config.build_policy, use, fallback, min_reviewed, formats, draft, min_translated
    )
    with progress_bar() as progress:
        builds, failed = outcome(
            lambda: build(chosen, languages, policy, progress=progress, fail_fast=fail_fast)
        )
    report_build(builds, config.source_language)
    finish(report_failures(failed))


def report_build(builds: list[LanguageBuild], source_language: str) -> None:
    """Per article what was written or held back and why, files removed, and per language
    the published set."""
    from .. import language_name

    source = language_name(source_language)
    for done in builds:
        for result in done.results:
            if not result.published:
                say(f"{done.language}/{result.name}: held back: {result.held_back}")
            elif result.written:
                files = ", ".join(path.name for path in result.paths)
                say(f"{done.language}/{files}: {_counts(result, source)}")
        for path in done.removed:
            say(f"removed {shown(path)}: no longer published")
        if not done.results:
            if done.removed:
                say(f"{done.language}: not a target language any more; its outputs are removed")
            continue
        total = done.total()
        written = sum(r.written for r in done.results)
        held = len(done.held_back)
        if total.draft:
            say(
                f"{done.language}: DRAFT for review, not for publication: "
                f"{plural(len(done.results), 'article')} ({written} written): "
                f"{_counts(total, source)}"
            )
            continue
        held_text = f", {held} held back" if held else ""
        say(
            f"{done.language}: {len(done.published)} of {plural(len(done.results), 'article')}"
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
