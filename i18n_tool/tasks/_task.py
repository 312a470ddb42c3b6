"""What every task shares: it takes the project (a Config still works for one release, with a
deprecation warning), and a task that writes checks the languages it is asked for, then holds
the project's write lock while it runs (so a wrong code creates nothing, not even the lock)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

from ..config import Config, deprecated
from ..errors import ArticlesFailed
from ..outcomes import Failures
from ..project import Project

F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def task(*, writes: bool) -> Callable[[F], F]:
    def decorate(body: F) -> F:
        signature = inspect.signature(body)

        @functools.wraps(body)
        def run(project: Project | Config, *args: Any, **kwargs: Any) -> Any:
            if isinstance(project, Config):
                deprecated(
                    f"{body.__name__}() takes a Project now (i18n_tool.open_project(folder), "
                    "or Project(config)); passing a Config is deprecated"
                )
                project = Project(project)
            if not writes:
                return body(project, *args, **kwargs)
            asked = signature.bind_partial(project, *args, **kwargs).arguments.get("languages")
            project.languages(asked)
            with project.lock():
                return body(project, *args, **kwargs)

        return cast(F, run)

    return decorate


def keep_going(failures: Failures, step: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """A task run by another (`update` runs `extract`): its failures join the caller's."""
    try:
        return step(*args, **kwargs)
    except ArticlesFailed as failed:
        failures.absorb(failed)
        return cast(R, failed.result)
