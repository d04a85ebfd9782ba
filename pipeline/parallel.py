"""Spread independent rendering work over every core, for large sites.

Pages and show notes are pure functions of the linked content, so worker processes forked
after linking can compute them without any data being sent to them; only the results
come back. Small jobs, single-core machines and platforms without ``fork`` run in-process,
and so does any caller that asks for one job (the preview server, which runs threads:
forking a threaded process is unsafe).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Generic, NoReturn, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items, starting processes costs more than it saves.
MIN_PARALLEL = 500

# In a process that waits before it forks workers (``Gate``): the pipe it waits on.
_GATE: int | None = None


class Gate:
    """Holds a forked process's workers back until its parent says so: the related items'
    process, started beside the post bodies, reached its search and forked its workers
    while the bodies' workers were still at their peak, and a 10,000-post build passed
    1 GiB. A pipe: a byte, or the parent closing its end, lets the workers go."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.read, self.write = os.pipe()
        self.opened = False

    def enter(self) -> None:
        """In the process to hold back: its next :func:`fork_map` waits for :meth:`open`
        (nothing, run in the parent's own process)."""
        global _GATE
        if os.getpid() != self.owner:
            os.close(self.write)  # its own copy would keep the pipe from ever closing
            _GATE = self.read

    def open(self) -> None:
        """In the parent: let the workers go (again: nothing)."""
        if os.getpid() == self.owner and not self.opened:
            self.opened = True
            try:
                os.write(self.write, b"1")
            finally:
                os.close(self.write)

    def close(self) -> None:
        self.open()
        if os.getpid() == self.owner:
            os.close(self.read)


def _wait_gate() -> None:
    global _GATE
    if _GATE is not None:
        fd, _GATE = _GATE, None
        try:
            os.read(fd, 1)  # a byte, or nothing when the parent has gone
        finally:
            os.close(fd)


# The job of the current fork_map call, inherited by the forked workers.
_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def default_jobs() -> int:
    return os.cpu_count() or 1


# At most this share of the posts loaded afresh, the build keeps to one process: the rest
# is taken from the last build, and each forked worker copied more of this process's memory
# than it saved (after one edit at 10,000 posts: 17 s of CPU in one process, 26 s on two
# cores, and no sooner done).
FEW_CHANGED = 0.05


def jobs_after_load(jobs: int, afresh: int, posts: int, memo: bool) -> int:
    """The processes for the rest of a build that loaded ``afresh`` of its ``posts`` from
    their files (``memo``: the last build's pages are there to read)."""
    return 1 if memo and posts and afresh <= FEW_CHANGED * posts else jobs


def fork_map(
    func: Callable[[T], R], items: Sequence[T], jobs: int = 1, least: int | None = None
) -> list[R]:
    """``[func(item) for item in items]``, in order, spread over ``jobs`` forked processes
    (``least``: fewer items than this run in-process; :data:`MIN_PARALLEL` by default)."""
    if jobs < 2 or len(items) < (MIN_PARALLEL if least is None else least) or not _forkable():
        return [func(item) for item in items]
    _wait_gate()
    global _JOB
    _JOB = (func, items)
    jobs = min(jobs, len(items))  # no worker with nothing to do (2 chunks, 64 cores)
    try:
        # Contiguous chunks, a few per worker, so an uneven chunk does not leave a core idle.
        size = -(-len(items) // (jobs * 4))
        bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
        with _pool(jobs) as pool:
            chunks = pool.map(_run_chunk, bounds)
    finally:
        _JOB = None
    return [result for chunk in chunks for result in chunk]


class Pending(Generic[R]):
    """What :func:`background` hands the block: call it for the result; ``ready()``: True
    once asking would not wait for another process."""

    def __init__(self, result: Callable[[], R], ready: Callable[[], bool]) -> None:
        self._result, self.ready = result, ready

    def __call__(self) -> R:
        return self._result()


@contextmanager
def background(func: Callable[[], R], jobs: int = 1, size: int = 0) -> Iterator[Pending[R]]:
    """Compute ``func()`` in a forked process while the ``with`` block goes on in this one;
    the block calls what it is given for the result (waiting for it if need be).

    For work that needs what is already in memory and nothing the block makes next (the
    related items while show notes and post bodies are made; the podcast feed while the
    files beside it render; the site's search index while the tag pages render). With one
    job, ``size`` (the number of things ``func`` reads) under :data:`MIN_PARALLEL`,
    without ``fork``, or with other threads running, ``func`` runs in-process when its
    result is first asked for. Leaving the block early (an error, Ctrl-C) stops the
    process.

    A bare ``fork`` and a pipe, not a pool: a pool keeps threads in this process, and the
    block may fork workers of its own (``fork_map``), which is not safe with threads.
    """
    if not forks(jobs, size):
        kept: list[R] = []

        def here() -> R:
            if not kept:
                kept.append(func())
            return kept[0]

        yield Pending(here, lambda: True)
        return
    read, write = os.pipe()
    # Born ignoring Ctrl-C (set around the fork, as for fork_map's workers): this process
    # stops the build; the child is ended below.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pid = os.fork()
    except OSError:
        signal.signal(signal.SIGINT, previous)
        os.close(read)
        os.close(write)
        raise
    if pid == 0:
        _answer(func, read, write)
    answer: list[tuple[bool, Any, str]] = []
    piped = running = True  # the pipe is open; the child is not reaped
    try:
        signal.signal(signal.SIGINT, previous)
        os.close(write)

        def result() -> R:
            nonlocal piped, running
            if not answer:
                try:
                    with os.fdopen(read, "rb") as pipe:
                        data = pipe.read()
                finally:
                    piped = False  # closed by the with, even when the read was stopped
                os.waitpid(pid, 0)
                running = False
                answer.append(_outcome(data))
            done, value, trace = answer[0]
            if not done:
                raise value from (_Remote(trace) if trace else None)
            return cast(R, value)

        def ready() -> bool:
            # The child writes its answer only when done: something to read (or the end of
            # the pipe, should it have died) means the result is there.
            if answer or not piped:
                return True
            poll = select.poll()  # not select(): it refuses descriptors from 1024 on
            poll.register(read, select.POLLIN | select.POLLHUP)
            return bool(poll.poll(0))

        yield Pending(result, ready)
    finally:
        if running:  # left before the answer (an error, Ctrl-C): stop it, reap it
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
        if piped:
            with contextlib.suppress(OSError):
                os.close(read)
            piped = False  # ready() after the block must not poll a number reused since


class _Remote(Exception):
    """Where an exception of a background process came from: its traceback there."""


def _outcome(data: bytes) -> tuple[bool, Any, str]:
    if not data:
        return False, RuntimeError("a worker process stopped without an answer"), ""
    try:
        found: tuple[bool, Any, str] = pickle.loads(data)
    except Exception as exc:  # a child killed half-way, or a result that cannot be made again
        why = f"a worker process's answer was cut short or could not be read ({exc})"
        return False, RuntimeError(why), ""
    return found


@contextmanager
def uncollected() -> Iterator[None]:
    """The cyclic garbage collector paused for the block, then given back as it was.

    A build (or a large link) makes millions of objects that live until it ends and next
    to no cycles; every full collection walked all of them again: 1.4 s of a 16 s build at
    10,000 posts, a fifth of linking 100,000. Processes forked meanwhile inherit the pause,
    so no collection in them touches (and copies) the pages they share with this one.
    Nested blocks keep it paused until the outermost ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def forks(jobs: int, size: int) -> bool:
    """Whether :func:`background` with these ``jobs`` and ``size`` runs in another process."""
    alone = threading.active_count() == 1 and threading.current_thread() is threading.main_thread()
    return jobs >= 2 and size >= MIN_PARALLEL and alone and _forkable()


def _answer(func: Callable[[], Any], read: int, write: int) -> NoReturn:
    """In the forked child: run ``func``, send back its result or its exception (pickled:
    both ends are this program), and leave without any clean-up of the parent's."""
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.close(read)
        try:
            outcome: tuple[bool, Any, str] = (True, func(), "")
        except BaseException as exc:  # every failure goes back to the parent
            outcome = (False, exc, traceback.format_exc())
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            if not outcome[0]:
                # An exception can pickle and still not unpickle. Not a result, which is
                # plain data: a second copy of the search index (40 MB at 10,000 posts)
                # made the build's peak, past 1 GiB.
                pickle.loads(data)
        except Exception as exc:
            what = "its result" if outcome[0] else f"{type(outcome[1]).__name__}: {outcome[1]}"
            failed = RuntimeError(f"a worker process could not send back {what[:500]} ({exc})")
            data = pickle.dumps((False, failed, outcome[2]))
        del outcome  # sent as its bytes: not both held while the parent reads them
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


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
