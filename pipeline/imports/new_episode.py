"""``pipeline new``: a new episode file with everything derivable filled in (the next
number, a permanent GUID, the date), checked exactly as the build will read it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from pipeline.errors import OutputError, Problem, Problems, ProblemsError
from pipeline.imports.episode_file import episode_yaml, new_guid, next_number
from pipeline.imports.stubs import show_episodes
from pipeline.labels import labels_for
from pipeline.load import EPISODE_DIR, POST_DIR, POST_SUFFIXES, load_episode
from pipeline.load.config import load_show
from pipeline.models import Episode, SoundCloudLink
from pipeline.text.dates import zone
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import parse_link
from pipeline.write import write_new_file


@dataclass(frozen=True)
class NewEpisode:
    path: Path
    text: str  # what was written
    notices: tuple[str, ...]  # what the file still lacks before its date


def new_episode(
    root: Path,
    title: str,
    when: datetime,
    *,
    soundcloud: str | None = None,
    post: str | None = None,
    number: int | None = None,
    season: int | None = None,
    audio: str | None = None,
) -> NewEpisode:
    """Write ``episodes/NNN-slug.yaml``; never overwrites a file. ``when`` is the
    publication moment (read in the show's zone). Raises ProblemsError naming the option
    to fix when the build would reject the file."""
    show = load_show(root)
    tz = zone(show.timezone)
    when = when.astimezone(tz).replace(second=0, microsecond=0)
    # The episodes that load, and the problems of the files whose number is not known
    existing, unknown = show_episodes(root, tz)
    if season is None:
        season = max((e.season or 1 for e in existing), default=1)
    if number is None:
        if unknown:
            # A file that does not load may hold any number: the next one was a guess, and
            # 008-nieuw.yaml beside a broken 008-kapot.yaml was a clash the build refused
            # only once that file was mended. Its problems, and the way round them. Those
            # problems say what is wrong (a YAML error, a bad date...): this line points to
            # them, as "cannot be read" sent the user looking for a permissions problem.
            files = list(dict.fromkeys(p.path for p in unknown))
            has = "has" if len(files) == 1 else "have"
            them = "problem" if len(unknown) == 1 else "problems"
            expected = (
                "a number given with --number: the next one is not known while "
                f"{', '.join(files)} {has} the {them} above and no number that loads"
            )
            raise ProblemsError(
                [*unknown, Problem("pipeline new", None, "--number", "nothing", expected)]
            )
        number = next_number(existing, season)
    # Only a track link gives the GUID; any other is refused by _check_new, with the
    # build's own rule and reason, among the other options' problems.
    link = parse_link(soundcloud) if soundcloud else None
    if not isinstance(link, SoundCloudLink) or link.kind != "track":
        link = None
    # A title with no letter a file name can hold (emoji, Hebrew): the show's word for it
    slug = slugify(title) or slugify(labels_for(show.language).episode) or "episode"
    path = root / EPISODE_DIR / f"{max(number, 0):03d}-{slug}.yaml"
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
    if not path.parent.resolve().is_relative_to(root.resolve()):  # episodes/ links elsewhere
        raise OutputError(
            f"{path.parent} links outside the show folder; the episode would be written"
            " there (and a build would refuse it): make it a folder of the show"
        )
    write_new_file(path, text)
    notices: list[str] = []
    if post and not _post_exists(root, post):
        notices.append(
            f"{POST_DIR}/ has no post {post!r} yet; write it before the episode's "
            "date, or `pipeline build` will stop at it."
        )
    if not audio and not soundcloud:
        notices.append(
            "no --audio or --soundcloud yet; add audio: or soundcloud: to the file "
            "before its date, or `pipeline build` will stop at it."
        )
    return NewEpisode(path, text, tuple(notices))


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
