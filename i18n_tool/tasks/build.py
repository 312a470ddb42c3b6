"""build: reads the articles (as extract segmented them), the catalogs and the build tree's
manifest; writes the published articles to build/<lang>/ (or drafts to build/drafts/), the
index page and the manifest, and removes the outputs no longer published."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from ..catalog import read_entries
from ..config import BuildPolicy
from ..fileio import write_atomic
from ..index_page import index_page
from ..manifest import BuildManifest
from ..parallel import Progress, run_all
from ..project import INDEX_PAGE, Project
from ..render import BuildResult, LanguageBuild, render_document, write_outputs
from ..sources import BUILD_SUFFIXES, document_name
from ._articles import ArticleJob, article_jobs, job_document
from ._task import task


@task(writes=True)
def build(
    project: Project,
    languages: list[str] | None = None,
    policy: BuildPolicy | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
    skip: Collection[str] = (),
    only: Collection[str] | None = None,
) -> list[LanguageBuild]:
    """Write `build/<lang>/<doc>.<ext>` for every article the policy publishes in each
    language (default policy: the project's; every unit reviewed), and `build/index.html`
    listing every article, published or held back and why. An article is published on its
    own state alone, never withdrawn because another is incomplete.

    `build/` then holds exactly the published set: the build removes its own earlier outputs
    that are no longer published (a held-back or removed article, a dropped format or
    language), known from the tree's manifest; it never deletes a file it did not write.
    A draft build (`policy.draft`) writes every article into `build/drafts/` instead.

    An article that cannot be built (its source or catalog unreadable) keeps its earlier
    outputs and is named at the end (`ArticlesFailed`); the articles in `skip` (failed in an
    earlier step of `run`) keep theirs too. Incremental: an article whose source, catalog,
    settings and output files are as the last build left them is not rendered again; the
    others are rendered and written in parallel. With `only` (document names), only those
    articles are looked at and reported (the index page still lists every article).
    """
    config = project.config
    policy = policy or config.build_policy
    tree = project.layout.build_tree(policy.draft)
    settings = project.settings_key(policy)
    failures = project.failures(fail_fast)
    unique = project.unique_sources(failures, only)
    articles = {document_name(path) for path in unique} | set(failures.errors)  # all, failed too
    sources = [
        path
        for path in unique
        if document_name(path) not in skip and (only is None or document_name(path) in only)
    ]
    manifest = BuildManifest.load(tree)
    if not manifest.found:
        _adopt_earlier_outputs(project, manifest, articles)
    builds = []
    with project.state.step("build drafts" if policy.draft else "build") as step:
        for language in project.languages(languages):
            context = BuildContext(project, language, policy, tree)
            fresh, jobs = article_jobs(project, language, sources, step, settings, failures)
            results = {
                job.source: BuildResult.from_record(
                    language, job.document, step.outputs(job.key), record
                )
                for job, record in fresh
            }
            keep_going = not fail_fast
            done = run_all(_build_one, context, jobs, f"build {language}", progress, keep_going)
            for job, result in failures.succeeded(jobs, done, job_document):
                results[job.source] = result
                step.record(job.key, job.inputs, settings, result.to_record(), result.paths)
            ordered = tuple(results[path] for path in sources if path in results)
            removed = [path for result in ordered for path in manifest.put(result)]
            for name in manifest.documents(language):
                if name not in articles:  # the article is gone: so are its outputs
                    removed += manifest.drop(language, name)
                    step.forget(f"{language}/{name}")
            builds.append(LanguageBuild(language, ordered, tuple(removed)))
        for language in manifest.languages():
            if language not in config.target_languages:  # no longer translated into
                builds.append(LanguageBuild(language, removed=tuple(manifest.drop(language))))
        index = index_page(manifest.index_entries(config.target_languages), policy)
        write_atomic(tree / INDEX_PAGE, index.encode("utf-8"))
        manifest.save()
        for written in (tree / INDEX_PAGE, manifest.path):  # so a run can vouch for them
            step.fingerprint(written)
    failures.raise_if_any(builds)
    return builds


def _adopt_earlier_outputs(project: Project, manifest: BuildManifest, articles: set[str]) -> None:
    """A tree built before manifests: the files named as a build names an article's outputs
    are the tool's own (as earlier versions removed them), so they can be withdrawn."""
    for language in project.config.target_languages:
        folder = manifest.tree / language
        if not folder.is_dir():
            continue
        for name in articles:
            files = [folder / f"{name}{suffix}" for suffix in BUILD_SUFFIXES]
            manifest.adopt(language, name, [path for path in files if path.is_file()])


@dataclass(frozen=True)
class BuildContext:
    """What every build job of a language shares (sent once to each worker process)."""

    project: Project
    language: str
    policy: BuildPolicy
    tree: Path  # build/, or build/drafts/

    @property
    def folder(self) -> Path:
        return self.tree / self.language


def _build_one(context: BuildContext, job: ArticleJob) -> BuildResult:
    """Decide whether one article is published, and render and write it if it is."""
    document = context.project.load_segmented(job.source)
    entries = read_entries(job.catalog)
    result, outputs = render_document(
        document, entries, context.language, context.folder, context.policy
    )
    return replace(result, written=write_outputs(outputs))
