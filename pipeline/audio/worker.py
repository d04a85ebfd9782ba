"""What runs in a worker process: one job, its progress sent back through a queue.

Kept apart from :mod:`jobs` so that a worker imports only the audio stages, not the loading,
pairing and show-notes code that building the jobs needs.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.queues import Queue

from pipeline.audio.process import Job, Result, run_job
from pipeline.audio.progress import Step, Throttle
from pipeline.errors import AudioError

_queue: Queue[Step] | None = None  # set in each worker by the pool's initializer


def attempt(job: Job, send: Callable[[Step], None]) -> Result | AudioError:
    """Run one job; our own errors come back as values so one bad file stops nothing else."""
    throttle = Throttle(send)
    try:
        return run_job(job, lambda stage, done, total: throttle(Step(job.slug, stage, done, total)))
    except AudioError as exc:
        return exc
    except OSError as exc:
        return AudioError(f"could not write the produced file ({exc})")


def init_worker(queue: Queue[Step]) -> None:
    global _queue
    _queue = queue


def attempt_in_worker(job: Job) -> Result | AudioError:
    """:func:`attempt` in a pool worker, its progress going to the queue from init_worker."""
    queue = _queue
    return attempt(job, (lambda step: None) if queue is None else queue.put)
