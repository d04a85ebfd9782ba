"""Spread independent rendering work over every core, for large sites.

Pages and show notes are pure functions of the linked content, so worker processes forked
after linking can compute them without any data being sent to them; only the results
come back. Small jobs, single-core machines and platforms without ``fork`` run in-process,
and so does any caller that asks for one job (the preview server, which runs threads:
forking a threaded process is unsafe).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting processes costs more than it saves.
MIN_PARALLEL = 500

# The job of the current fork_map call, inherited by the forked workers.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
# The job of the background process being started (see ``background``).
_ASIDE: Callable[[], Any] | None = None


def default_jobs() -> int:
    return os.cpu_count() or 1


def fork_map(
    func: Callable[[T], R], items: Sequence[T], jobs: int = 1, least: int | None = None
) -> list[R]:
    """``[func(item) for item in items]``, in order, spread over ``jobs`` forked processes
    (``least``: fewer items than this run in-process; :data:`MIN_PARALLEL` by default)."""
    if jobs < 2 or len(items) < (MIN_PARALLEL if least is None else least) or not _forkable():
        return [func(item) for item in items]
    global _JOB
    _JOB = (func, items)
    try:
        # Contiguous chunks, a few per worker, so an uneven chunk does not leave a core idle.
        size = -(-len(items) // (jobs * 4))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with _pool(jobs) as pool:
            chunks = pool.map(_run_chunk, bounds)
    finally:
        _JOB = None
    return [result for chunk in chunks for result in chunk]


@contextmanager
def background(func: Callable[[], R], jobs: int = 1, size: int = 0) -> Iterator[Callable[[], R]]:
    """Compute ``func()`` in a forked process while the ``with`` block goes on in this one;
    the block calls what it is given for the result (waiting for it if need be).

    For work that needs what is already in memory and nothing the block makes next (the
    site's search index, counted from the pages while the tag pages render). With one job,
    ``size`` (the number of things ``func`` reads) under :data:`MIN_PARALLEL`, or without
    ``fork``, ``func`` runs in-process when its result is asked for. Leaving the block
    early (an error, Ctrl-C) stops the process.
    """
    if jobs < 2 or size < MIN_PARALLEL or not _forkable():
        yield func
        return
    global _ASIDE
    _ASIDE = func
    try:
        pool = _pool(1)  # forks here: the process has its job
    finally:
        _ASIDE = None
    with pool:
        pending = pool.apply_async(_run_aside)
        yield pending.get


def _forkable() -> bool:
    import multiprocessing  # here: the CLI imports this module for default_jobs alone

    return "fork" in multiprocessing.get_all_start_methods()


def _pool(jobs: int) -> Any:
    """A pool of ``jobs`` forked processes, forked now."""
    # Workers are born ignoring Ctrl-C (set in the parent around the fork, so no worker
    # can die of it before its initializer runs and make the pool fork a replacement
    # from a threaded process, which can deadlock).
    main = threading.current_thread() is threading.main_thread()  # signal.signal's rule
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        import multiprocessing

        return multiprocessing.get_context("fork").Pool(jobs, _worker_signals)
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)


def _worker_signals() -> None:
    """Ctrl-C reaches every process of the terminal's group: the parent stops the build and
    terminates the pool, so a worker ignores SIGINT and dies quietly on SIGTERM (no
    traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _JOB is not None, "fork_map sets the job before forking"
    func, items = _JOB
    return [func(items[i]) for i in range(*bounds)]


def _run_aside() -> Any:
    assert _ASIDE is not None, "background sets the job before forking"
    return _ASIDE()
