"""What this show folder knows about the last publication, and when the next run comes.

Read from files only (``pipeline status`` works offline and writes nothing): the state file
``published.json`` and the site in ``site/`` that ``pipeline publish`` wrote, and the hourly
schedule in the show's GitHub workflow.
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
from pipeline.publish.state import STATE_FILE, Published, read_state
from pipeline.text.dates import feed_moment

WORKFLOW = Path(".github") / "workflows" / "publish.yml"
# The schedule `pipeline init` writes: `cron: "17 * * * *"`, every hour at minute 17 (UTC).
_HOURLY = re.compile(r"""^\s*-?\s*cron:\s*["']?(\d{1,2}) \* \* \* \*["']?\s*(#.*)?$""", re.M)


@dataclass(frozen=True)
class Record:
    """The last publication as far as this folder knows.

    ``episodes`` maps a file name or GUID to the date it was published with; ``posts`` holds
    the posts with a page in the site. ``None`` means no record here (a show published by
    its hourly workflow keeps both in the workflow's cache): then an item counts as live
    once its date has passed."""

    source: str  # what was read, for the report ("published.json and site/", or "")
    episodes: Mapping[str, str] | None = None
    posts: frozenset[str] | None = None
    problems: tuple[Problem, ...] = field(default=())
    state: Mapping[str, Published] | None = None  # published.json as read, when it was

    def episode_live(self, episode: Episode, now: datetime) -> str | None:
        """The date it was published with (ISO), or None when it is not live."""
        if self.episodes is None:
            return episode.date.isoformat() if episode.date <= now else None
        return self.episodes.get(episode.slug) or self.episodes.get(episode.feed_guid or "")

    def post_live(self, post: Post, now: datetime) -> bool:
        return post.date <= now if self.posts is None else post.slug in self.posts


def read_record(root: Path, show: Show, posts: Iterable[Post], out: Path) -> Record:
    """The state file (episodes), else the site's feed; the site's pages (posts).

    Anything by the state file's name is read as ``publish`` reads it: a pipe, a folder, a
    link out of the show or to nothing, a file too large or damaged is the problem publish
    would refuse with (only no file at all means no record here)."""
    sources: list[str] = []
    problems: tuple[Problem, ...] = ()
    episodes: dict[str, str] | None = None
    state: dict[str, Published] | None = None
    if os.path.lexists(root / STATE_FILE):
        try:
            state = read_state(root / STATE_FILE)
        except ProblemsError as exc:  # a state file publish refuses is one of the problems
            problems = exc.problems
        else:
            episodes = {}
            for published in state.values():
                episodes[published.slug] = episodes[published.guid] = published.date
            sources.append(STATE_FILE)
    feed = out / show.feed_file
    if episodes is None and feed.is_file():
        try:
            episodes = _feed_dates(read_small_file(feed, what="a feed"))
        except (OSError, ValueError):  # swapped for a pipe or grown huge meanwhile
            pass
        else:
            sources.append(f"{out.name}/{show.feed_file}")
    pages = None
    if out.is_dir():
        pages = frozenset(p.slug for p in posts if (out / post_path(p) / "index.html").is_file())
        sources.append(f"{out.name}/")
    return Record(" and ".join(sources), episodes, pages, problems, state)


def _feed_dates(data: bytes) -> dict[str, str]:
    """GUID -> publication date of each item of a feed the site holds."""
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
