"""``pipeline new``: start an episode file with everything derivable filled in."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import resolve_now, root_option
from pipeline.imports.new_episode import new_episode
from pipeline.show_zone import show_timezone


def _soundcloud_link(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A blank --soundcloud (an unset shell variable, say) names no link at all: refused as
    a usage error saying what belongs there. The rule for a link given is the build's own,
    applied when the new file is read back (new_episode); blank, it said 'not a track'."""
    if value is not None and not value.strip():
        raise click.BadParameter(
            f"got {value!r}, expected a SoundCloud track link such as "
            "https://soundcloud.com/USER/TRACK (or no --soundcloud at all)"
        )
    return value


@click.command("new")
@click.argument("title")
@root_option
@click.option(
    "--soundcloud",
    "soundcloud",
    metavar="URL",
    callback=_soundcloud_link,
    help="The episode's SoundCloud link.",
)
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
    report = new_episode(
        root,
        title,
        resolve_now(date, show_timezone(root), "--date"),
        soundcloud=soundcloud,
        post=post,
        number=number,
        season=season,
        audio=audio,
    )
    click.echo(f"Created {report.path}:")
    click.echo(report.text, nl=False)
    for notice in report.notices:
        click.echo(f"Notice: {notice}", err=True)
