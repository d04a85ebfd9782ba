"""A show with nothing due yet (a new show: no episode file, or only scheduled ones) wrote
its feed.xml dated 1 January 1970 (the epoch, for want of an episode), which podcast apps
and validators show as a broken feed, and dated posts.atom likewise before the first post.

Now feed.xml leaves its optional channel dates out until an episode is due, and posts.atom
(Atom requires ``updated``) is dated by the show's newest due episode until a post is; with
neither, the epoch stays, as nothing else in the show says when it last changed. A show
with episodes and posts keeps exactly the dates it had."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from pipeline.build import BuildOptions, build
from tests.conftest import ShowMaker, episode

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEDULED = episode(3).replace("date: 2026-03-03 07:00", "date: 2026-12-03 07:00")
POST = """\
---
title: Welkom
date: 2026-04-10 09:30
tags: [kassa]
---
Binnenkort de eerste aflevering.
"""


def _built(root: Path) -> Path:
    out = root / "site"
    build(BuildOptions(root=root, out=out, now=NOW))
    return out


def _channel_dates(feed: bytes) -> dict[str, str | None]:
    channel = etree.fromstring(feed).find("channel")
    assert channel is not None
    return {name: channel.findtext(name) for name in ("pubDate", "lastBuildDate")}


def _atom_updated(feed: bytes) -> str | None:
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return etree.fromstring(feed).findtext(f"{ATOM}updated")


@pytest.mark.parametrize(
    "episodes", [{}, {"001-a": SCHEDULED}], ids=["no-episode-file", "only-scheduled"]
)
def test_a_feed_with_nothing_due_has_no_channel_dates(
    make_show: ShowMaker, episodes: dict[str, str]
) -> None:
    feed = (_built(make_show(episodes=episodes)) / "feed.xml").read_bytes()
    assert _channel_dates(feed) == {"pubDate": None, "lastBuildDate": None}
    assert b"1970" not in feed
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries == []
    assert "updated" not in parsed.feed and "published" not in parsed.feed
    podcast = podcastparser.parse("https://show.example/feed.xml", BytesIO(feed))
    assert podcast["title"] == "Testshow"
    assert podcast["episodes"] == []


def test_posts_atom_without_posts_is_dated_by_the_newest_episode(make_show: ShowMaker) -> None:
    out = _built(make_show(episodes={"001-a": episode(1), "002-b": episode(2)}))
    assert _atom_updated((out / "posts.atom").read_bytes()) == "2026-03-02T07:00:00+01:00"


def test_posts_atom_with_nothing_at_all_is_dated_the_epoch(make_show: ShowMaker) -> None:
    # Atom requires `updated`; no post and no episode is due, nor anything else to date by.
    out = _built(make_show(episodes={"001-a": SCHEDULED}))
    assert _atom_updated((out / "posts.atom").read_bytes()) == "1970-01-01T00:00:00+00:00"


def test_a_post_before_the_first_episode_dates_the_atom_feeds(make_show: ShowMaker) -> None:
    out = _built(make_show(episodes={"001-a": SCHEDULED}, posts={"2026-04-10-welkom": POST}))
    assert _channel_dates((out / "feed.xml").read_bytes()) == {
        "pubDate": None,
        "lastBuildDate": None,
    }
    for atom in ("posts.atom", "tags/kassa/feed.atom"):
        assert _atom_updated((out / atom).read_bytes()) == "2026-04-10T09:30:00+02:00", atom


def test_a_show_with_episodes_keeps_its_dates(make_show: ShowMaker) -> None:
    out = _built(
        make_show(
            episodes={"001-a": episode(1), "002-b": episode(2), "003-c": SCHEDULED},
            posts={"2026-04-10-welkom": POST},
        )
    )
    feed = (out / "feed.xml").read_bytes()
    newest = "Mon, 02 Mar 2026 07:00:00 +0100"
    assert _channel_dates(feed) == {"pubDate": newest, "lastBuildDate": newest}
    assert not feedparser.parse(feed).bozo
    podcast = podcastparser.parse("https://show.example/feed.xml", BytesIO(feed))
    assert len(podcast["episodes"]) == 2
    for atom in ("posts.atom", "tags/kassa/feed.atom"):
        assert _atom_updated((out / atom).read_bytes()) == "2026-04-10T09:30:00+02:00", atom
