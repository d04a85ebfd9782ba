"""What will stop a scheduled item on its day.

A show with a broken file still has a status: the files that load on their own
(``pipeline.load.partial``) are listed with their state, the broken one as blocked with its
problems. Only a broken ``podcast.toml`` leaves nothing to list.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.check.audio import audio_gap
from pipeline.check.findings import shown
from pipeline.errors import Problem
from pipeline.models import Content, Episode, Post
from pipeline.paths import rel
from pipeline.text.dates import zone


def episode_gaps(episode: Episode, content: Content) -> list[Problem]:
    """What will stop a scheduled episode on its day: its audio, or its post not there."""
    where = rel(episode.source, content.root)
    found = []
    gap = audio_gap(episode, content.root, content.show.audio)
    if gap is not None:
        # shown(): a gap's got may be a description (a WAV with no MP3), not a user value
        found.append(Problem(where, gap.line, gap.field, shown(gap.got), gap.need))
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
