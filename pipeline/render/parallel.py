"""Spread independent rendering work over every core, for large sites.

Pages and show notes are pure functions of the linked content, so worker processes forked
after linking can compute them without any data being sent to them; only the results
come back. Small jobs, single-core machines and platforms without ``fork`` run in-process,
and so does any caller that asks for one job (the preview server, which runs threads:
forking a threaded process is unsafe).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
Rendered = tuple[str, bytes]

# Below this many items, starting processes costs more than it saves.
MIN_PARALLEL = 500

# The job of the current fork_map call, inherited by the forked workers.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def fork_map(func: Callable[[T], R], items: Sequence[T], jobs: int = 1) -> list[R]:
    """``[func(item) for item in items]``, in order, spread over ``jobs`` forked processes."""
    forkable = "fork" in multiprocessing.get_all_start_methods()
    if jobs < 2 or len(items) < MIN_PARALLEL or not forkable:
        return [func(item) for item in items]
    global _JOB
    _JOB = (func, items)
    try:
        # Contiguous chunks, a few per worker, so an uneven chunk does not leave a core idle.
        size = -(-len(items) // (jobs * 4))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunks = pool.map(_run_chunk, bounds)
    finally:
        _JOB = None
    return [result for chunk in chunks for result in chunk]


def map_pages(render: Callable[[T], Rendered], items: Sequence[T], jobs: int = 1) -> list[Rendered]:
    """``(path, bytes)`` of one page per item (see :func:`fork_map`)."""
    return fork_map(render, items, jobs)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None, "fork_map sets the job before forking"
    func, items = _JOB
    return [func(items[i]) for i in range(*bounds)]
