"""abbreviations: reads the articles; writes, when asked, the learned lexicon
(abbreviations.learned.toml) that extract then reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..fileio import write_atomic
from ..learn import AbbreviationEvidence, abbreviation_evidence, learned_lexicon
from ..project import Project
from ._task import task


@dataclass(frozen=True)
class AbbreviationReport:
    """What `abbreviations` found: the evidence per unknown word (learned ones first) and the
    lexicon file it wrote, if asked to."""

    evidence: list[AbbreviationEvidence]
    lexicon: Path
    written: bool


@task(writes=False)
def learn_abbreviations(
    project: Project, write: bool = False, fail_fast: bool = False
) -> AbbreviationReport:
    """Learn the project's own abbreviations from its articles (learn.py); with `write`,
    (re)write the lexicon that extract then reads. An article that cannot be read is left
    out and named at the end (`ArticlesFailed`)."""
    segmentation = project.config.segmentation
    listed_only = replace(segmentation, rules=segmentation.listed_rules)
    unlearned = replace(project, config=replace(project.config, segmentation=listed_only))
    failures = project.failures(fail_fast)
    blocks = [
        " ".join(unit.text for unit in block.units)
        for document in unlearned.documents(failures)
        for block in document.blocks
    ]
    evidence = abbreviation_evidence(blocks, segmentation.listed_rules)
    lexicon = project.layout.learned_abbreviations
    written = write and write_atomic(lexicon, learned_lexicon(evidence).encode("utf-8"))
    report = AbbreviationReport(evidence, lexicon, written)
    failures.raise_if_any(report)
    return report
