"""What runs in a worker process: one job, its progress sent back through a queue.

Kept apart from :mod:`jobs` so that a worker imports only the audio stages, not the loading,
pairing and show-notes code that building the jobs needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from multiprocessing.queues import Queue

from pipeline.audio.alternates import encode_alternates
from pipeline.audio.probe import find_tools
from pipeline.audio.process import Job, Result, run_job
from pipeline.audio.progress import Step, Throttle
from pipeline.errors import AudioError

ALTERNATES = "encoding the alternates"
_queue: Queue[Step] | None = None  # set in each worker by the pool's initializer


def attempt(job: Job, send: Callable[[Step], None]) -> Result | AudioError:
    """Run one job; our own errors come back as values so one bad file stops nothing else."""
    throttle = Throttle(send)

    def progress(stage: str, done: float, total: float) -> None:
        throttle(Step(job.slug, stage, done, total))

    try:
        result = run_job(job, progress)
        if result.output is not None and job.settings.alternates and not job.report_only:
            total = result.facts.duration

            def encoding(seconds: float) -> None:
                progress(ALTERNATES, seconds, total)

            made = encode_alternates(
                result.output, job.source.stem, job.settings.alternates, find_tools(), encoding
            )
            result = replace(result, alternates=tuple(made))
        return result
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
