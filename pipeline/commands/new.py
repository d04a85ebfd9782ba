"""``pipeline new``: start an episode file with everything derivable filled in."""

from __future__ import annotations

import uuid
from pathlib import Path

import click

from pipeline.commands.common import resolve_now, root_option
from pipeline.config import load_show
from pipeline.errors import PipelineError, Problems
from pipeline.load import EPISODE_DIR, EPISODE_SUFFIXES, load_episode
from pipeline.models import SoundCloudLink, soundcloud_guid
from pipeline.soundcloud_links import parse_link
from pipeline.values import slugify, zone
from pipeline.write import write_new_file


@click.command("new")
@click.argument("title")
@root_option
@click.option("--soundcloud", "soundcloud", metavar="URL", help="The episode's SoundCloud link.")
@click.option("--post", metavar="SLUG", help="The post this episode belongs to.")
@click.option("--date", metavar="DATETIME", help="Publication moment (default: now).")
@click.option("--number", type=int, help="Episode number (default: the next one).")
@click.option("--season", type=int, help="Season number (default: the latest season).")
@click.option("--audio", metavar="URL_OR_FILE", help="The audio file or URL.")
def new_command(
    title: str,
    root: Path,
    soundcloud: str | None,
    post: str | None,
    date: str | None,
    number: int | None,
    season: int | None,
    audio: str | None,
) -> None:
    """Add episodes/NNN-slug.yaml for a new episode titled TITLE.

    Fills in the next number, a permanent GUID (SoundCloud's own form when the track id is
    known, otherwise a random UUID) and the date. Never overwrites an existing file.
    """
    show = load_show(root)
    tz = zone(show.timezone)
    when = resolve_now(date, show.timezone).astimezone(tz).replace(second=0, microsecond=0)
    folder = root / EPISODE_DIR
    problems = Problems()
    existing = [
        ep
        for p in sorted(folder.glob("*"))
        if p.suffix in EPISODE_SUFFIXES
        if (ep := load_episode(p, root, tz, problems)) is not None
    ]
    if season is None:
        season = max((e.season or 1 for e in existing), default=1)
    if number is None:
        number = max((e.number or 0 for e in existing if (e.season or 1) == season), default=0) + 1
    guid = f"urn:uuid:{uuid.uuid4()}"
    if soundcloud:
        link = parse_link(soundcloud)
        if not isinstance(link, SoundCloudLink) or link.kind != "track":
            raise PipelineError(
                f"--soundcloud: got {soundcloud!r}, expected a SoundCloud track link"
            )
        if link.track_id is not None:
            guid = soundcloud_guid(link.track_id)
    slug = slugify(title) or "aflevering"
    path = folder / f"{number:03d}-{slug}.yaml"
    lines = [
        f"title: {_quote(title)}",
        f"number: {number}",
        f"season: {season}",
        f"date: {when.strftime('%Y-%m-%d %H:%M%z')[:-2]}:{when.strftime('%z')[-2:]}",
        f"guid: {guid}  # permanent: never change it once published",
    ]
    if soundcloud:
        lines.append(f"soundcloud: {soundcloud}")
    if audio:
        lines.append(f"audio: {_quote(audio)}")
    if post:
        lines.append(f"post: {post}")
    lines += ["explicit: false", "type: full", "summary: ''", "guests: []", "chapters: []"]
    text = "\n".join(lines) + "\n"
    folder.mkdir(parents=True, exist_ok=True)
    write_new_file(path, text)
    click.echo(f"Created {path}:")
    click.echo(text, nl=False)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
