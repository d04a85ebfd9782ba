"""``pipeline new``: start an episode file with everything derivable filled in."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import resolve_now, root_option
from pipeline.config import load_show
from pipeline.episode_file import episode_yaml, new_guid, next_number
from pipeline.errors import PipelineError, Problems
from pipeline.load import EPISODE_DIR, EPISODE_SUFFIXES, load_episode
from pipeline.models import SoundCloudLink
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
        number = next_number(existing, season)
    link = None
    if soundcloud:
        parsed = parse_link(soundcloud)
        if not isinstance(parsed, SoundCloudLink) or parsed.kind != "track":
            raise PipelineError(
                f"--soundcloud: got {soundcloud!r}, expected a SoundCloud track link"
            )
        link = parsed
    slug = slugify(title) or "aflevering"
    path = folder / f"{number:03d}-{slug}.yaml"
    text = episode_yaml(
        {
            "title": title,
            "number": number,
            "season": season,
            "date": when,
            "guid": new_guid(link),
            "soundcloud": soundcloud,
            "audio": audio,
            "post": post,
            "explicit": False,
            "type": "full",
            "summary": "",
            "guests": [],
            "chapters": [],
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    write_new_file(path, text)
    click.echo(f"Created {path}:")
    click.echo(text, nl=False)
