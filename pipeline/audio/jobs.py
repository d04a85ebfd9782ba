"""``pipeline audio`` as a whole: choose the episodes, build one job each, run them (in a
pool of processes when there are several), and collect what came out and what went wrong.

:func:`process_show` and :func:`suggest_chapters` are what the command calls; they return
plain reports (:mod:`pipeline.audio.report` words them) and raise our own errors, which the
CLI turns into ``Error:`` lines.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import queue
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.audio.progress import Step, Watcher
from pipeline.audio.tags import ChapterTag, TagSet
from pipeline.errors import AudioError, AudioProblems, PipelineError, Problem
from pipeline.link import link
from pipeline.load import load_content
from pipeline.models import Content, Episode, Linked, Post
from pipeline.paths import rel
from pipeline.render.shownotes import notes_for

if TYPE_CHECKING:  # numpy and scipy load only when audio is really processed
    from pipeline.audio.chapters import Suggestion
    from pipeline.audio.process import Job, Result

EXPECTED = "a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"
POLL = 0.1  # seconds between looks at the workers' progress queue


@dataclass(frozen=True)
class AudioRun:
    """What ``pipeline audio`` did: a result per episode done, a problem per episode not."""

    root: Path
    report_only: bool
    results: tuple[Result, ...] = ()
    problems: tuple[Problem, ...] = ()
    chosen: int = 0  # episodes with a local audio file that were taken on

    def raise_problems(self) -> None:
        """AudioProblems when any episode failed (after the others' results are shown)."""
        if self.problems:
            raise AudioProblems(self.problems, done=len(self.results))


@dataclass(frozen=True)
class ChapterPlan:
    """``--suggest-chapters`` for one episode."""

    source: str  # the episode file, relative to the show folder
    duration: float
    how: str
    chapters: tuple[Suggestion, ...]


def process_show(
    root: Path,
    names: Sequence[str],
    *,
    report_only: bool,
    jobs: int | None,
    watcher: Watcher,
) -> AudioRun:
    """Level, encode and tag (or with ``report_only`` measure) each chosen episode."""
    root = root.resolve()
    content = load_content(root)
    chosen = select(content, names)
    linked = link(content)  # the pairs a build makes: the tags describe the same episode
    if not chosen:
        return AudioRun(root, report_only)
    work = [build_job(linked, e, report_only) for e in chosen]
    by_slug = {e.slug: e for e in chosen}
    results: list[Result] = []
    problems: list[Problem] = []
    watcher.start("Measuring audio" if report_only else "Processing audio", len(work))
    try:
        for job, outcome in _outcomes(work, jobs or os.cpu_count() or 1, watcher):
            watcher.finish(job.slug)
            if isinstance(outcome, AudioError):
                problems.append(problem(by_slug[job.slug], root, outcome))
            else:
                results.append(outcome)
    finally:
        watcher.close()
    order = {j.slug: i for i, j in enumerate(work)}
    results.sort(key=lambda r: order[r.slug])
    problems.sort(key=lambda p: p.path)
    return AudioRun(root, report_only, tuple(results), tuple(problems), len(chosen))


def select(content: Content, names: Sequence[str]) -> list[Episode]:
    """The episodes named (by number or file name), or every one with a local audio file."""
    local = [e for e in content.episodes if e.is_local_audio]
    if not names:
        return local
    chosen: list[Episode] = []
    for name in names:
        stem = Path(name).stem
        match = [
            e
            for e in content.episodes
            if stem in (e.slug, e.source.stem) or (name.isdigit() and e.number == int(name))
        ]
        if not match:
            raise PipelineError(
                f"EPISODE: got {name!r}, expected an episode number or file name in episodes/"
            )
        for e in match:
            if not e.is_local_audio:
                raise PipelineError(
                    f"{rel(e.source, content.root)}: audio: got {e.audio or 'nothing'!r}, "
                    "expected a local audio file for `pipeline audio`"
                )
            if e not in chosen:
                chosen.append(e)
    return chosen


def build_job(linked: Linked, episode: Episode, report: bool) -> Job:
    """The job for one episode: its input, the show's [audio] settings and its tags."""
    from pipeline.audio.process import Job

    content = linked.content
    show = content.show
    image = episode.image or show.artwork
    artwork = content.root / image if image and "://" not in image else None
    tags = TagSet(
        title=episode.title,
        show=show.title,
        author=show.author,
        number=episode.number,
        season=episode.season,
        date=episode.date.isoformat(),
        description=episode.summary or _plain(notes_for(episode, linked).description_html),
        language=show.language,
        guid=episode.feed_guid,
        feed_url=show.feed_url,
        artwork=str(artwork) if artwork and artwork.is_file() else None,
        chapters=tuple(ChapterTag(round(c.start * 1000), c.title, c.url) for c in episode.chapters),
    )
    source = content.root / (episode.audio or "")
    return Job(episode.slug, source, content.root, show.audio, tags, report_only=report)


def _plain(fragment: str) -> str:
    text = re.sub(r"</p>\s*<p>|<br\s*/?>|</li>", "\n", fragment)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def _outcomes(
    work: list[Job], jobs: int, watcher: Watcher
) -> Iterator[tuple[Job, Result | AudioError]]:
    """Each job with its result or error, as they finish; progress goes to ``watcher``."""
    from pipeline.audio.worker import attempt, attempt_in_worker, init_worker

    if jobs <= 1 or len(work) <= 1:
        for job in work:
            yield job, attempt(job, watcher)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    steps: multiprocessing.Queue[Step] = context.Queue()
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(work)),
        mp_context=context,
        initializer=init_worker,
        initargs=(steps,),
    ) as pool:
        futures: dict[Future[Result | AudioError], Job] = {
            pool.submit(attempt_in_worker, job): job for job in work
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=POLL, return_when=FIRST_COMPLETED)
            _relay(steps, watcher)  # before the results: a finished file's steps come first
            for future in done:
                yield futures[future], future.result()


def _relay(steps: multiprocessing.Queue[Step], watcher: Watcher) -> None:
    while True:
        try:
            step = steps.get_nowait()
        except queue.Empty:
            return
        watcher(step)


def problem(episode: Episode, root: Path, error: AudioError) -> Problem:
    """An episode's audio error as ``episodes/x.yaml:5: audio: got 'file', why, expected ...``."""
    from pipeline.audio.probe import ToolMissing

    where = rel(episode.source, root)
    line = episode.lines.get("audio")
    if isinstance(error, ToolMissing):
        return Problem(where, line, "audio", f"{episode.audio!r}, not processed: {error}",
                       "ffmpeg and ffprobe installed")  # fmt: skip
    return Problem(where, line, "audio", f"{episode.audio!r}, {error}", EXPECTED)


def suggest_chapters(
    root: Path, names: Sequence[str], min_silence: float, below: float
) -> list[ChapterPlan]:
    """Long silences in each chosen episode as chapter starts, titled by the paired post's
    headings when they fit. Writes nothing."""
    from pipeline.audio.chapters import find_silences, headings, suggest
    from pipeline.audio.probe import find_tools

    root = root.resolve()
    content = load_content(root)
    chosen = select(content, names)
    linked = link(content)  # the pairs a build makes: the tags describe the same episode
    if not chosen:
        return []
    tools = find_tools()
    plans = []
    for episode in chosen:
        post: Post | None = linked.post_for(episode)
        titles = headings(post.body) if post else []
        try:
            silences, duration = find_silences(
                root / (episode.audio or ""), tools, min_silence, below
            )
        except AudioError as exc:
            raise PipelineError(str(problem(episode, root, exc))) from None
        chapters, how = suggest(silences, titles)
        plans.append(ChapterPlan(rel(episode.source, root), duration, how, tuple(chapters)))
    return plans
