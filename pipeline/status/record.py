"""What this show folder knows about the last publication, and when the next run comes.

Read from files only (``pipeline status`` works offline and writes nothing): the state file
``published.json`` that ``pipeline publish`` writes, what the site in ``site/`` holds (a
``pipeline build`` writes there too, so that is no publication), and the hourly schedule in
the show's GitHub workflow.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import etree

from pipeline.errors import Problem, ProblemsError
from pipeline.models import Episode, Post, Show
from pipeline.paths import post_path, read_small_file
from pipeline.publish.state import STATE_FILE, Published, State, read_state_file
from pipeline.text.dates import feed_moment

WORKFLOW = Path(".github") / "workflows" / "publish.yml"
# The schedule `pipeline init` writes: `cron: "17 * * * *"`, every hour at minute 17 (UTC).
_HOURLY = re.compile(r"""^\s*-?\s*cron:\s*["']?(\d{1,2}) \* \* \* \*["']?\s*(#.*)?$""", re.M)


@dataclass(frozen=True)
class Record:
    """The last publication as far as this folder knows, and the site folder beside it.

    ``episodes`` maps a file name or GUID to the date it was published with; ``posts`` holds
    the posts published. Both come from ``published.json``, which only ``pipeline publish``
    writes: the site folder is written by ``pipeline build`` as well, so what it holds is
    no publication (``built_*``: the episodes' GUIDs and posts' names in it, for the
    report), unless the state file was refused (see :func:`read_record`).
    ``None`` means no record here (a show published by its hourly workflow keeps it in the
    workflow's cache): then an item counts as live once its date has passed."""

    source: str  # what was read, for the report ("published.json", or "")
    episodes: Mapping[str, str] | None = None
    posts: frozenset[str] | None = None
    problems: tuple[Problem, ...] = field(default=())
    state: Mapping[str, Published] | None = None  # published.json as read, when it was
    site: str = ""  # the site folder ("site/") when there is one
    built_episodes: frozenset[str] = frozenset()  # GUIDs in the site folder's feed
    built_posts: frozenset[str] = frozenset()  # posts with a page in the site folder

    def episode_live(self, episode: Episode, now: datetime) -> str | None:
        """The date it was published with (ISO), or None when it is not live."""
        if self.episodes is None:
            return episode.date.isoformat() if episode.date <= now else None
        # By GUID first, as publish's guard follows an episode: files that swapped names
        # (re-ordered) are each still the episode subscribers know by its GUID
        guid = episode.feed_guid
        return (self.episodes.get(guid) if guid else None) or self.episodes.get(episode.slug)

    def post_live(self, post: Post, now: datetime) -> bool:
        if self.posts is None:  # no record of posts: those due are taken as published
            return post.published and post.date <= now
        return post.slug in self.posts

    def built(self, item: Episode | Post) -> bool:
        """Whether the site folder holds ``item`` (with its feed item, or its page)."""
        if isinstance(item, Episode):
            return (item.feed_guid or "") in self.built_episodes
        return item.slug in self.built_posts


def read_record(root: Path, show: Show, posts: Iterable[Post], out: Path) -> Record:
    """The state file (episodes and posts); what the site folder ``out`` holds.

    Anything by the state file's name is read as ``publish`` reads it: a pipe, a folder, a
    link out of the show or to nothing, a file too large or damaged is the problem publish
    would refuse with (only no file at all means no record here). Only then, and for the
    posts of a state file from before posts were recorded, does the site folder stand in
    for the record, as the best trace of a publication left (the report names it)."""
    sources: list[str] = []
    problems: tuple[Problem, ...] = ()
    episodes: dict[str, str] | None = None
    state: State | None = None
    if os.path.lexists(root / STATE_FILE):
        try:
            state = read_state_file(root / STATE_FILE)
        except ProblemsError as exc:  # a state file publish refuses is one of the problems
            problems = exc.problems
        else:
            episodes = {}
            for published in state.episodes.values():
                episodes[published.slug] = episodes[published.guid] = published.date
            sources.append(STATE_FILE)
    feed = _feed_dates(out / show.feed_file)
    pages = _pages(out, posts)
    live_posts = state.posts if state is not None else None
    if problems and feed is not None:
        episodes = feed
        sources.append(f"{out.name}/{show.feed_file}")
    if (problems or state is not None) and live_posts is None and pages is not None:
        live_posts = pages
        sources.append(f"{out.name}/")
    source = " and ".join(sources)
    if problems and source:
        source += f" (in place of {STATE_FILE}, which publish refuses)"
    return Record(
        source,
        episodes,
        live_posts,
        problems,
        state.episodes if state is not None else None,
        site=f"{out.name}/" if pages is not None else "",
        built_episodes=frozenset(feed or ()),
        built_posts=pages or frozenset(),
    )


def _pages(out: Path, posts: Iterable[Post]) -> frozenset[str] | None:
    """The posts with a page in the site folder ``out`` (None: no such folder)."""
    if not out.is_dir():
        return None
    return frozenset(p.slug for p in posts if (out / post_path(p) / "index.html").is_file())


def _feed_dates(feed: Path) -> dict[str, str] | None:
    """GUID -> publication date of each item of the site folder's feed (None: no feed)."""
    if not feed.is_file():
        return None
    try:  # never waits on a pipe in its place (read_small_file opens without blocking)
        data = read_small_file(feed, what="a feed")
    except (OSError, ValueError):  # swapped for a pipe or grown huge meanwhile
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, str] = {}
    for item in tree.iterfind("channel/item"):
        guid = (item.findtext("guid") or "").strip()
        moment = feed_moment(item.findtext("pubDate"))
        found[guid] = moment.isoformat() if moment is not None else ""
    return found


@dataclass(frozen=True)
class NextRun:
    at: datetime
    minute: int | None  # the workflow's minute past each hour; None: no hourly workflow


def next_run(root: Path, now: datetime) -> NextRun:
    """When the hourly workflow runs next (its cron minute, in UTC as GitHub reads it);
    without one, "now" (what a publish run by hand would do)."""
    try:  # never waits on a pipe in its place (read_small_file opens without blocking)
        text = read_small_file(root / WORKFLOW, 1 << 20, "a workflow").decode("utf-8")
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return NextRun(now, None)
    match = _HOURLY.search(text)
    if match is None or int(match.group(1)) > 59:
        return NextRun(now, None)
    minute = int(match.group(1))
    utc = now.astimezone(UTC)
    at = utc.replace(minute=minute, second=0, microsecond=0)
    if at <= utc:
        at += timedelta(hours=1)
    return NextRun(at.astimezone(now.tzinfo), minute)
