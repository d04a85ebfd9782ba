"""``pipeline audio``: measure, level, encode and tag self-hosted episode audio."""

from __future__ import annotations

import html
import multiprocessing
import os
import re
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.audio.tags import ChapterTag, TagSet
from pipeline.commands.common import root_option
from pipeline.errors import AudioError, PipelineError, Problem
from pipeline.link.pairing import pair
from pipeline.load import load_content
from pipeline.models import Content, Episode, Linked, Post
from pipeline.paths import rel
from pipeline.render.shownotes import notes_for

if TYPE_CHECKING:  # numpy and scipy load only when audio is really processed
    from pipeline.audio.process import Job, Result

EXPECTED = "a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"


@click.command("audio")
@click.argument("episodes", nargs=-1, metavar="[EPISODE...]")
@root_option
@click.option("--report", is_flag=True, help="Print measurements only; write nothing.")
@click.option(
    "--suggest-chapters",
    is_flag=True,
    help="List long silences as chapter starts, titled by the post's headings when they fit.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Parallel episodes (default: cores)."
)
@click.option(
    "--min-silence", type=float, default=1.5, show_default=True, help="Seconds, for chapters."
)
@click.option(
    "--silence-below",
    type=float,
    default=16.0,
    show_default=True,
    help="dB under the episode's average that counts as silence, for chapters.",
)
def audio_command(
    episodes: tuple[str, ...],
    root: Path,
    report: bool,
    suggest_chapters: bool,
    jobs: int | None,
    min_silence: float,
    silence_below: float,
) -> None:
    """Level and encode each episode whose audio is a local file (or the EPISODEs named,
    by number or file name) into a tagged MP3.

    Loudness goes to the [audio] target (-16 LUFS stereo, -19 mono) with true peaks under
    the ceiling (-1 dBTP); the MP3 is constant bitrate (128k stereo, 64k mono) with ID3
    tags, artwork and chapters. Produced files live in ROOT/.cache/audio/, named by the
    input's content and the settings, so unchanged episodes are skipped; `pipeline build`
    serves them as audio/NAME.mp3 with their real duration and size in the feed.
    """
    root = root.resolve()
    content = load_content(root)
    chosen = _select(content, episodes)
    linked = Linked(content=content, pairs=pair(content).pairs)
    if not chosen:
        click.echo("No episode has a local audio file; nothing to do.")
        return
    if suggest_chapters:
        _suggest(linked, chosen, min_silence, silence_below)
        return
    work = [_job(linked, e, report) for e in chosen]
    results, problems = _run(work, chosen, root, jobs or os.cpu_count() or 1)
    if report:
        _print_report(results)
    else:
        _print_results(results, root)
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)
    if problems:
        done = len(results)
        raise AudioError(
            f"{len(problems)} episode{'s' if len(problems) != 1 else ''} failed"
            + (f"; {done} other{'s' if done != 1 else ''} done" if done else "")
            + "; no partial files were left."
        )


def _select(content: Content, names: Sequence[str]) -> list[Episode]:
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


def _job(linked: Linked, episode: Episode, report: bool) -> Job:
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


def _run(
    work: list[Job], episodes: list[Episode], root: Path, jobs: int
) -> tuple[list[Result], list[Problem]]:
    """Run every job (in a pool of ``jobs`` processes when that helps), with a progress bar."""
    from pipeline.audio.process import Result

    by_slug = {e.slug: e for e in episodes}
    results: list[Result] = []
    problems: list[Problem] = []
    label = "Measuring audio" if work and work[0].report_only else "Processing audio"
    stderr = sys.stderr
    outcomes = _outcomes(work, jobs)
    with click.progressbar(outcomes, length=len(work), label=label, file=stderr) as bar:
        for job, outcome in bar:
            if isinstance(outcome, Result):
                results.append(outcome)
            else:
                problems.append(_problem(by_slug[job.slug], root, outcome))
    order = {j.slug: i for i, j in enumerate(work)}
    results.sort(key=lambda r: order[r.slug])
    problems.sort(key=lambda p: p.path)
    return results, problems


def _outcomes(work: list[Job], jobs: int) -> Iterator[tuple[Job, Result | AudioError]]:
    if jobs <= 1 or len(work) <= 1:
        for job in work:
            yield job, _attempt(job)
        return
    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), mp_context=context) as pool:
        futures: dict[Future[Result | AudioError], Job] = {
            pool.submit(_attempt, job): job for job in work
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def _attempt(job: Job) -> Result | AudioError:
    """Run one job; our own errors come back as values so one bad file stops nothing else."""
    from pipeline.audio.process import run_job

    try:
        return run_job(job)
    except AudioError as exc:
        return exc
    except OSError as exc:
        return AudioError(f"could not write the produced file ({exc})")


def _problem(episode: Episode, root: Path, error: AudioError) -> Problem:
    from pipeline.audio.probe import ToolMissing

    where = rel(episode.source, root)
    line = episode.lines.get("audio")
    if isinstance(error, ToolMissing):
        return Problem(where, line, "audio", f"{episode.audio!r}, not processed: {error}",
                       "ffmpeg and ffprobe installed")  # fmt: skip
    return Problem(where, line, "audio", f"{episode.audio!r}, {error}", EXPECTED)


def _print_results(results: list[Result], root: Path) -> None:
    changed = 0
    for r in results:
        f = r.facts
        where = rel(r.output, root) if r.output else "-"
        if r.status == "unchanged":
            click.echo(f"{r.slug}: unchanged ({where} is up to date)")
            continue
        changed += 1
        if r.status == "retagged":
            click.echo(f"{r.slug}: tags updated in {where} (audio unchanged)")
            continue
        click.echo(
            f"{r.slug}: {where}: {f.before_lufs:.1f} -> {f.after_lufs:.1f} LUFS, "
            f"true peak {f.after_true_peak:.1f} dBTP, {f.bitrate}, "
            f"{_duration(f.duration)}, {f.size / 1e6:.1f} MB"
        )
    if results and not changed:
        click.echo("Nothing to do: every episode's audio is up to date.")


def _print_report(results: list[Result]) -> None:
    header = ("episode", "duration", "LUFS before", "LUFS after", "true peak", "bitrate", "size")
    rows = [header]
    for r in results:
        f = r.facts
        approx = "~" if f.estimated else ""
        rows.append(
            (
                r.slug,
                _duration(f.duration),
                f"{f.before_lufs:.1f}",
                f"{approx}{f.after_lufs:.1f}",
                f"{approx}{f.after_true_peak:.1f} dBTP",
                f.bitrate,
                f"{approx}{f.size / 1e6:.1f} MB",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        click.echo("  ".join(cells).rstrip())
    if any(r.facts.estimated for r in results):
        click.echo("~ predicted: not processed yet (`pipeline audio` without --report)")


def _duration(seconds: float) -> str:
    return _clock(seconds) if seconds >= 60 else f"{seconds:.1f} s"


def _suggest(linked: Linked, episodes: list[Episode], min_silence: float, below: float) -> None:
    from pipeline.audio.chapters import find_silences, headings, suggest
    from pipeline.audio.probe import find_tools

    root = linked.content.root
    tools = find_tools()
    for episode in episodes:
        post: Post | None = linked.post_for(episode)
        titles = headings(post.body) if post else []
        try:
            silences, duration = find_silences(
                root / (episode.audio or ""), tools, min_silence, below
            )
        except AudioError as exc:
            raise PipelineError(str(_problem(episode, root, exc))) from None
        chapters, how = suggest(silences, titles)
        click.echo(f"# {rel(episode.source, root)} ({_duration(duration)}; {how})")
        click.echo("chapters:")
        for c in chapters:
            note = f"  # silence {c.silence:.1f} s" if c.silence else ""
            title = c.title.replace('"', '\\"')
            click.echo(f'  - start: "{_clock(c.start)}"\n    title: "{title}"{note}')


def _clock(seconds: float) -> str:
    """12:30 or 1:02:03, as episode files write chapter starts."""
    whole = round(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
