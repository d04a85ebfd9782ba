"""Render many independent pages on every core, for large sites.

Pages are pure functions of the linked content, so worker processes forked after linking
can render them without any data being sent to them; only the finished bytes come back.
Small sites, single-core machines and platforms without ``fork`` render in-process, and
so does any caller that asks for one job (the preview server, which runs threads: forking
a threaded process is unsafe).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
Rendered = tuple[str, bytes]

# Below this many pages, starting processes costs more than it saves.
MIN_PARALLEL = 2000

# The job of the current map_pages call, inherited by the forked workers.
_JOB: tuple[Callable[[Any], Rendered], Sequence[Any]] | None = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def map_pages(render: Callable[[T], Rendered], items: Sequence[T], jobs: int = 1) -> list[Rendered]:
    """``[render(item) for item in items]``, spread over ``jobs`` forked processes."""
    if (
        jobs < 2
        or len(items) < MIN_PARALLEL
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [render(item) for item in items]
    global _JOB
    _JOB = (render, items)
    try:
        # Contiguous chunks, a few per worker, so an uneven chunk does not leave a core idle.
        size = -(-len(items) // (jobs * 4))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            chunks = pool.map(_render_chunk, bounds)
    finally:
        _JOB = None
    return [page for chunk in chunks for page in chunk]


def _render_chunk(bounds: tuple[int, int]) -> list[Rendered]:
    assert _JOB is not None, "map_pages sets the job before forking"
    render, items = _JOB
    return [render(items[i]) for i in range(*bounds)]
