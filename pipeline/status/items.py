"""Everything in the show folder, loaded as far as it loads, and what will stop a scheduled
item on its day.

A show with a broken file still has a status: the files that load on their own are listed
with their state, the broken one as blocked with its problems. Only a broken
``podcast.toml`` leaves nothing to list.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.check.audio import audio_gap
from pipeline.errors import ConfigError, ContentError, Problem, Problems
from pipeline.load import (
    EPISODE_DIR,
    EPISODE_SUFFIXES,
    POST_DIR,
    POST_SUFFIXES,
    load_content,
    load_episode,
    load_post,
)
from pipeline.load.config import load_show
from pipeline.models import Content, Episode, Post
from pipeline.paths import rel
from pipeline.text.dates import zone


def load_all(root: Path) -> tuple[Content, tuple[Problem, ...]]:
    """Every episode and post, scheduled ones included, and the problems of loading them.

    Raises the loader's error (every problem in it) when ``podcast.toml`` itself is broken."""
    try:
        return load_content(root), ()
    except ContentError as exc:
        try:
            show = load_show(root)
        except ConfigError:
            raise exc from None
        tz = zone(show.timezone)
        ignored = Problems()  # already in ``exc``, with the show-wide ones
        episodes = tuple(
            e
            for path in _files(root / EPISODE_DIR, EPISODE_SUFFIXES)
            if (e := load_episode(path, root, tz, ignored)) is not None
        )
        posts = tuple(
            p
            for path in _files(root / POST_DIR, POST_SUFFIXES)
            if (p := load_post(path, root, tz, ignored)) is not None
        )
        return Content(root, show, posts, episodes), exc.problems


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in suffixes and not p.name.startswith(".") and p.is_file()
    )


def item_files(root: Path) -> dict[str, str]:
    """Every episode and post file by its path as messages name it -> "episode" or "post"."""
    found = {rel(p, root): "episode" for p in _files(root / EPISODE_DIR, EPISODE_SUFFIXES)}
    found.update({rel(p, root): "post" for p in _files(root / POST_DIR, POST_SUFFIXES)})
    return found


def episode_gaps(episode: Episode, content: Content) -> list[Problem]:
    """What will stop a scheduled episode on its day: its audio, or its post not there."""
    where = rel(episode.source, content.root)
    found = []
    gap = audio_gap(episode, content.root, content.show.audio)
    if gap is not None:
        found.append(Problem.of(where, gap.line, gap.field, gap.got, gap.need))
    if episode.post is not None:
        post = next((p for p in content.posts if episode.post in (p.stem, p.slug)), None)
        line = episode.lines.get("post")
        tz = content.show.timezone
        if post is None:
            found.append(
                Problem.of(where, line, "post", episode.post, "a post in posts/ (write it)")
            )
        elif post.date > episode.date:
            found.append(
                Problem(
                    where,
                    line,
                    "post",
                    f"{episode.post!r}, due {_local(post.date, tz)}",
                    "a post due no later than its episode (the run at the episode's time "
                    "cannot pair them)",
                )
            )
    return found


def post_gaps(post: Post, content: Content) -> list[Problem]:
    """A post that names an episode (``episode:``) must not come out before it."""
    if post.episode is None:
        return []
    wanted = post.episode.lstrip("#")
    episode = next(
        (e for e in content.episodes if post.episode == e.slug or wanted == str(e.number)),
        None,
    )
    where, line = rel(post.source, content.root), post.lines.get("episode")
    if episode is None:
        return [Problem.of(where, line, "episode", post.episode, "an episode in episodes/")]
    if episode.date > post.date:
        tz = content.show.timezone
        return [
            Problem(
                where,
                line,
                "episode",
                f"{post.episode!r}, due {_local(episode.date, tz)}",
                "an episode due no later than its post (the run at the post's time cannot "
                "pair them)",
            )
        ]
    return []


def _local(moment: datetime, timezone: str) -> str:
    return f"{moment.astimezone(zone(timezone)):%Y-%m-%d %H:%M}"
