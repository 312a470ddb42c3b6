"""`i18n-tool abbreviations`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from .exits import finish, outcome, report_failures
from .options import FailFastOption, ProjectOption, project_of
from .output import plural, print_table, say, shown

SHORT_HELP = "Learn the newsroom's own abbreviations from its articles."


def command(
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
    letters long, and followed by a lowercase word or rarely by a sentence starter
    (docs/developer.md, "Segmentation"). Learned words end a sentence only before a sentence
    starter. The file is yours to read and keep under version control; to class a word
    otherwise, list it in [tool.i18n-tool.segmentation] and write again.
    """
    from .. import learn_abbreviations

    chosen = project_of(ctx, project)
    report, failed = outcome(lambda: learn_abbreviations(chosen, write, fail_fast))
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
        print_table(table)
    learned = sum(item.learned for item in report.evidence)
    say(f"{plural(learned, 'abbreviation')} learned from the articles")
    if write:
        state = "written" if report.written else "unchanged"
        say(f"{shown(report.lexicon)}: {state}; extract reads it from now on")
    elif learned:
        say("run with --write to keep them (extract then reads them)")
    finish(report_failures(failed))
