"""``pipeline audio``: measure, level, encode and tag self-hosted episode audio."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.audio.jobs import process_show, suggest_chapters
from pipeline.audio.progress import ProgressPrinter
from pipeline.audio.report import chapter_lines, run_lines
from pipeline.commands.common import NumberRange, root_option


@click.command("audio")
@click.argument("episodes", nargs=-1, metavar="[EPISODE...]")
@root_option
@click.option(
    "--report",
    is_flag=True,
    help="Print measurements only, of every episode that can be measured, and every problem "
    "found; write nothing.",
)
@click.option(
    "--suggest-chapters",
    "suggest",
    is_flag=True,
    help="List long silences as chapter starts, titled by the post's headings when they fit, "
    "for every episode whose audio can be read, and every problem found; write nothing "
    "(progress, seconds of each file decoded, goes to stderr).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Parallel episodes (default: cores)."
)
@click.option(
    "--min-silence",
    type=NumberRange(0.1, 600.0),
    default=1.5,
    show_default=True,
    help="Seconds, for chapters.",
)
@click.option(
    "--silence-below",
    type=NumberRange(1.0, 90.0),
    default=16.0,
    show_default=True,
    help="dB under the episode's average that counts as silence, for chapters.",
)
def audio_command(
    episodes: tuple[str, ...],
    root: Path,
    report: bool,
    suggest: bool,
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
    serves them as audio/NAME.mp3 with their real duration and size in the feed. Progress
    (seconds of each file measured, levelled and encoded) goes to stderr.
    """
    progress = ProgressPrinter.on(sys.stderr)
    if suggest:
        chapters = suggest_chapters(root, episodes, min_silence, silence_below, progress)
        for line in chapter_lines(chapters):
            click.echo(line)
        chapters.raise_problems()
        return
    run = process_show(root, episodes, report_only=report, jobs=jobs, watcher=progress)
    for line in run_lines(run):
        click.echo(line)
    run.raise_problems()
