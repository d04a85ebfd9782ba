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
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from pipeline.audio.progress import Step, Throttle, Watcher
from pipeline.audio.tags import ChapterTag, TagSet
from pipeline.errors import (
    AudioError,
    AudioProblems,
    ContentError,
    Problem,
    ProblemsError,
    show_value,
)
from pipeline.link import link
from pipeline.load.partial import item_files, load_all
from pipeline.models import Content, Episode, Linked
from pipeline.paths import rel
from pipeline.render.shownotes import notes_for

if TYPE_CHECKING:  # numpy and scipy load only when audio is really processed
    from pipeline.audio.chapters import Suggestion
    from pipeline.audio.process import Job, Result

EXPECTED = "a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"
NAMED = "an episode number or file name in episodes/"
LOCAL = "a local audio file for `pipeline audio`"
POLL = 0.1  # seconds between looks at the workers' progress queue


@dataclass(frozen=True)
class AudioRun:
    """What ``pipeline audio`` did: a result per episode done, the problems of the rest (and,
    for a report, of everything found on the way: files that do not load, names)."""

    root: Path
    report_only: bool
    results: tuple[Result, ...] = ()
    problems: tuple[Problem, ...] = ()
    chosen: int = 0  # episodes with a local audio file that were taken on

    def raise_problems(self) -> None:
        """After the results are shown: AudioProblems when any episode failed (the others'
        files are kept); for a report, which writes nothing, every problem it found."""
        if self.problems and self.report_only:
            raise ProblemsError(self.problems)
        if self.problems:
            raise AudioProblems(self.problems, done=len(self.results))


@dataclass(frozen=True)
class ChapterPlan:
    """``--suggest-chapters`` for one episode."""

    source: str  # the episode file, relative to the show folder
    duration: float
    how: str
    chapters: tuple[Suggestion, ...]


@dataclass(frozen=True)
class ChapterRun:
    """What ``--suggest-chapters`` found: a plan per episode whose audio could be read, and
    every problem (it writes nothing, so none of them stops the others)."""

    plans: tuple[ChapterPlan, ...] = ()
    problems: tuple[Problem, ...] = ()
    chosen: int = 0  # episodes with a local audio file that were taken on

    def raise_problems(self) -> None:
        """After the suggestions are shown: every problem found, if any."""
        if self.problems:
            raise ProblemsError(self.problems)


def process_show(
    root: Path,
    names: Sequence[str],
    *,
    report_only: bool,
    jobs: int | None,
    watcher: Watcher,
) -> AudioRun:
    """Level, encode and tag (or with ``report_only`` measure) each chosen episode.

    Every problem found before the audio comes out at once: each file that does not load,
    each EPISODE that names nothing or no local audio, each pairing that does not resolve.
    Processing then stops before anything is written (ProblemsError); a report, which needs
    none of those results, goes on to measure every chosen episode that loaded and lists
    their audio's problems with the rest. A broken ``podcast.toml`` (no [audio] settings)
    stops both."""
    root = root.resolve()
    found = _choose(root, names)
    if found.problems and not report_only:
        raise ProblemsError(found.problems)
    chosen = found.episodes
    if not chosen:
        return AudioRun(root, report_only, problems=found.problems)
    # Without pairs only a report goes on, and its jobs need none (no tags are written).
    linked = found.linked or Linked(found.content, {})
    work = [build_job(linked, e, report_only) for e in chosen]
    by_slug = {e.slug: e for e in chosen}
    results: list[Result] = []
    failed: list[Problem] = []
    watcher.start("Measuring audio" if report_only else "Processing audio", len(work))
    try:
        for job, outcome in _outcomes(work, jobs or os.cpu_count() or 1, watcher):
            watcher.finish(job.slug)
            if isinstance(outcome, AudioError):
                failed.append(problem(by_slug[job.slug], root, outcome))
            else:
                results.append(outcome)
    finally:
        watcher.close()
    order = {j.slug: i for i, j in enumerate(work)}
    results.sort(key=lambda r: order[r.slug])
    failed.sort(key=lambda p: p.path)
    return AudioRun(root, report_only, tuple(results), (*found.problems, *failed), len(chosen))


@dataclass(frozen=True)
class _Chosen:
    """The episodes a run takes on, and every problem found before their audio is touched."""

    content: Content
    episodes: list[Episode]
    problems: tuple[Problem, ...]
    linked: Linked | None  # None when the pairs cannot be trusted (see _choose)


def _choose(root: Path, names: Sequence[str]) -> _Chosen:
    """Load the show as far as it loads, choose the episodes and pair them with posts.

    Every problem comes out at once: each file that does not load, each EPISODE that names
    nothing or no local audio, each pairing that does not resolve. A broken ``podcast.toml``
    (no [audio] settings) raises."""
    content, loading = load_all(root)
    # Episode files that did not load, or whose audio: has a problem: theirs say why.
    loaded = {rel(e.source, root) for e in content.episodes}
    unsure = {p.path for p in loading if p.field == "audio"} | (set(item_files(root)) - loaded)
    chosen, problems = select(content, names, unsure)
    found = [*loading, *problems]
    linked = None
    if not loading:  # pairs worked out without a file that did not load would be wrong
        try:
            linked = link(content)  # the pairs a build makes: the tags describe the same episode
        except ContentError as exc:
            found.extend(exc.problems)
    return _Chosen(content, chosen, tuple(found), linked)


def select(
    content: Content, names: Sequence[str], unsure: Collection[str] = ()
) -> tuple[list[Episode], list[Problem]]:
    """The episodes named (by number or file name), or every one with a local audio file;
    and a problem for each name that matches no episode or one without local audio.
    ``unsure``: episode files (as messages name them) that are never chosen nor a problem
    here, as their own problems already say why (a file that does not load, its audio:)."""
    root = content.root
    episodes = [e for e in content.episodes if rel(e.source, root) not in unsure]
    if not names:
        return [e for e in episodes if e.is_local_audio], []
    stems = {PurePosixPath(path).stem for path in unsure}
    chosen: list[Episode] = []
    problems: list[Problem] = []
    for name in names:
        stem = Path(name).stem
        match = [
            e
            for e in content.episodes
            if stem in (e.slug, e.source.stem) or (name.isdigit() and e.number == int(name))
        ]
        if not match and stem not in stems:
            problems.append(Problem.of("pipeline audio", None, "EPISODE", name, NAMED))
        for e in match:
            if e not in episodes:
                continue
            if not e.is_local_audio:
                where, line = rel(e.source, root), e.lines.get("audio")
                found = Problem(where, line, "audio", show_value(e.audio), LOCAL)
                if found not in problems:
                    problems.append(found)
            elif e not in chosen:
                chosen.append(e)
    return chosen, problems


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
        # A report writes no tags: it needs no show notes (nor the pairs they come from).
        description=episode.summary
        or ("" if report else _plain(notes_for(episode, linked).description_html)),
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
    root: Path,
    names: Sequence[str],
    min_silence: float,
    below: float,
    watcher: Watcher | None = None,
) -> ChapterRun:
    """Long silences in each chosen episode as chapter starts, titled by the paired post's
    headings when they fit. Writes nothing, so like a report it goes on past every problem:
    the episodes whose audio can be read are suggested for, and the problems of the rest
    (and of every file that does not load, every EPISODE named wrongly) come with them.
    ``watcher``: each file's progress (seconds decoded, then the search for silences)."""
    from pipeline.audio.chapters import find_silences, headings, suggest
    from pipeline.audio.probe import find_tools

    root = root.resolve()
    found = _choose(root, names)
    plans: list[ChapterPlan] = []
    failed: list[Problem] = []
    if watcher is not None:
        watcher.start("Looking for chapters", len(found.episodes))
    for episode in found.episodes:
        post = found.linked.post_for(episode) if found.linked else None
        titles = headings(post.body) if post else []
        progress = _steps(watcher, episode.slug) if watcher is not None else None
        try:
            # Per episode, as process_show's jobs do: without ffmpeg each episode says so.
            tools = find_tools()
            silences, duration = find_silences(
                root / (episode.audio or ""), tools, min_silence, below, progress
            )
        except AudioError as exc:
            failed.append(problem(episode, root, exc))
            continue
        except OSError as exc:  # a file that vanished or cannot be read while decoding
            failed.append(problem(episode, root, AudioError(f"could not be read ({exc})")))
            continue
        finally:
            if watcher is not None:
                watcher.finish(episode.slug)
        chapters, how = suggest(silences, titles)
        if found.linked is None:  # no post was looked for: "no post headings" would be untrue
            how = "titles left empty: posts are paired once the errors are fixed"
        plans.append(ChapterPlan(rel(episode.source, root), duration, how, tuple(chapters)))
    if watcher is not None:
        watcher.close()
    return ChapterRun(tuple(plans), (*found.problems, *failed), len(found.episodes))


def _steps(watcher: Watcher, slug: str) -> Callable[[str, float, float], None]:
    """``find_silences``' progress as one file's steps, a few a second at most."""
    throttle = Throttle(watcher)
    return lambda stage, done, total: throttle(Step(slug, stage, done, total))
