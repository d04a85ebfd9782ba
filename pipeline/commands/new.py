"""``pipeline new``: start an episode file with everything derivable filled in."""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path

import click

from pipeline.commands.common import resolve_now, root_option
from pipeline.errors import PipelineError, Problem, Problems, ProblemsError
from pipeline.imports.episode_file import episode_yaml, new_guid, next_number
from pipeline.load import EPISODE_DIR, EPISODE_SUFFIXES, POST_DIR, POST_SUFFIXES, load_episode
from pipeline.load.config import load_show
from pipeline.models import Episode, SoundCloudLink
from pipeline.text.dates import zone
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import parse_link
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
    when = resolve_now(date, show.timezone, "--date").astimezone(tz)
    when = when.replace(second=0, microsecond=0)
    folder = root / EPISODE_DIR
    problems = Problems()
    existing = [
        ep
        for p in sorted(folder.glob("*"))
        if p.suffix.lower() in EPISODE_SUFFIXES and p.is_file()
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
    path = folder / f"{max(number, 0):03d}-{slug}.yaml"
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
    _check_new(text, path, root, tz, existing)
    write_new_file(path, text)
    click.echo(f"Created {path}:")
    click.echo(text, nl=False)
    if post and not _post_exists(root, post):
        click.echo(
            f"Notice: {POST_DIR}/ has no post {post!r} yet; write it before the episode's "
            "date, or `pipeline build` will stop at it.",
            err=True,
        )
    if not audio and not soundcloud:
        click.echo(
            "Notice: no --audio or --soundcloud yet; add audio: or soundcloud: to the file "
            "before its date, or `pipeline build` will stop at it.",
            err=True,
        )


# The option (or argument) each field of the new file comes from, for messages.
_OPTIONS = {
    "title": "TITLE",
    "number": "--number",
    "season": "--season",
    "date": "--date",
    "soundcloud": "--soundcloud",
    "audio": "--audio",
    "post": "--post",
}


def _check_new(text: str, path: Path, root: Path, tz: tzinfo, existing: list[Episode]) -> None:
    """Refuse to write a file that `pipeline build` would reject, naming the option to fix.

    The text is read back exactly as the build will read it, then checked against the
    episodes already there (number) and the posts (``--post``).
    """
    problems = Problems()
    episode = load_episode(path, root, tz, problems, text=text)
    found = [
        Problem("pipeline new", None, _OPTIONS.get(p.field, p.field), p.got, p.expected)
        for p in problems.items
    ]

    def add(option: str, value: object, expected: str) -> None:
        found.append(Problem.of("pipeline new", None, option, value, expected))

    if episode is not None:
        clash = next(
            (
                e
                for e in existing
                if e.number == episode.number and (e.season or 1) == (episode.season or 1)
            ),
            None,
        )
        # The same file name is refused by the writer itself ("already exists").
        if clash is not None and episode.season is not None and clash.source != path:
            add(
                "--number",
                episode.number,
                f"a number no other episode of the season has (also used by "
                f"{EPISODE_DIR}/{clash.source.name})",
            )
    if found:
        raise ProblemsError(found)


def _post_exists(root: Path, name: str) -> bool:
    """As pairing finds it: a post's file name without extension, or its slug."""
    folder = root / POST_DIR
    if not folder.is_dir():
        return False
    for path in folder.iterdir():
        if path.suffix.lower() in POST_SUFFIXES:
            slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
            if name in (path.stem, slug):
                return True
    return False
