"""Running module tasks on every core: worker processes, results in a fixed order, progress from the parent.

Rendering is CPU-bound Python, so the build uses processes, not threads. Each worker builds
whole modules (or parts of one, see `build_module`) and writes their zips itself; only small
outcomes travel back. The parent alone updates the progress bar and merges the outcomes in
task order, so a parallel build reports exactly what a serial one does. With one job, or one
task, everything runs in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from multiprocessing.context import BaseContext

from .build_module import BuildSettings, ModuleBuilder, ModuleTask
from .build_results import ModuleOutcome

_worker: ModuleBuilder | None = None


def default_jobs() -> int:
    """The cores this process may run on (all of them unless restricted by affinity or a container)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def split(sources: list[ModuleTask], jobs: int) -> list[ModuleTask]:
    """The tasks to run: one per module, or each module in `jobs` parts when there are too few to share out."""
    if jobs <= 1 or len(sources) >= 2 * jobs:
        return sources
    return [ModuleTask(task.source, task.key, part, jobs, task.previous) for task in sources for part in range(jobs)]


def worker_context() -> BaseContext:
    """`fork` when nothing else runs in this process (the fastest start); else a fork server, which is safe then."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["moduletool.build_module"])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker(settings: BuildSettings) -> None:
    global _worker
    _worker = ModuleBuilder(settings)


def _run(numbered: tuple[int, ModuleTask]) -> tuple[int, ModuleOutcome]:
    assert _worker is not None
    return numbered[0], _worker.run(numbered[1])


def run_tasks(settings: BuildSettings, tasks: list[ModuleTask], jobs: int,
              on_done: Callable[[ModuleOutcome], None]) -> list[ModuleOutcome]:
    """The outcome of every task, in task order; `on_done` is called in the parent as each one finishes."""
    outcomes: dict[int, ModuleOutcome] = {}
    for index, outcome in _outcomes(settings, tasks, jobs):
        outcomes[index] = outcome
        on_done(outcome)
    return [outcomes[index] for index in range(len(tasks))]


def _outcomes(settings: BuildSettings, tasks: list[ModuleTask], jobs: int) -> Iterator[tuple[int, ModuleOutcome]]:
    if jobs <= 1 or len(tasks) <= 1:
        builder = ModuleBuilder(settings)
        for index, task in enumerate(tasks):
            yield index, builder.run(task)
        return
    with worker_context().Pool(min(jobs, len(tasks)), initializer=_start_worker, initargs=(settings,)) as pool:
        yield from pool.imap_unordered(_run, enumerate(tasks))
        pool.close()
        pool.join()  # waited for, so that their CPU time and memory count as this process's children
