"""Dates before a zone's standard offsets (local mean time) go out as RFC 2822 and RFC 3339
allow: an offset in whole minutes. Europe/Amsterdam was +00:19:32 until 1937, so an old
broadcast re-issued as an episode dated 1930 got ``<pubDate>... +001932</pubDate>``, which
is no RFC 2822 zone: feedparser read it hours off, and the posts' Atom feed said
``+00:19:32``. Such a date is written in UTC now, the same moment."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from io import BytesIO

import feedparser
import podcastparser
from lxml import etree

from pipeline.spec.podcasting20 import PODCAST_NS
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.render.test_feed_spec import built

RFC2822 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")
# 1930-05-04 10:00 in Amsterdam, at +00:19:32.
MOMENT = datetime(1930, 5, 4, 9, 40, 28, tzinfo=UTC)
TRAILER = """
[[trailers]]
title = "Uit het archief"
url = "https://media.show.example/archief.mp3"
date = 1930-05-04T10:00:00
length = 1000
type = "audio/mpeg"
"""
POST = """\
---
title: Uit het archief
date: 1930-05-04 10:00
---
Een oude uitzending.
"""


def test_an_episode_dated_in_local_mean_time(make_show: ShowMaker) -> None:
    old = episode(1).replace("date: 2026-03-01 07:00", "date: 1930-05-04 10:00")
    root = make_show(
        config=BASIC_CONFIG.replace("[owner]", TRAILER.strip() + "\n\n[owner]"),
        episodes={"001-a": old},
        posts={"1930-05-04-archief": POST},
    )
    out = built(root)
    feed = (out / "feed.xml").read_bytes()
    channel = etree.fromstring(feed).find("channel")
    assert channel is not None
    dates = [
        channel.findtext("pubDate"),
        channel.findtext("lastBuildDate"),
        channel.findtext("item/pubDate"),
        channel.find(f"{{{PODCAST_NS}}}trailer").get("pubdate"),  # type: ignore[union-attr]
    ]
    for text in dates:
        assert text is not None and RFC2822.fullmatch(text), text
        assert parsedate_to_datetime(text) == MOMENT
    (item,) = feedparser.parse(feed).entries
    assert datetime(*item.published_parsed[:6], tzinfo=UTC) == MOMENT
    (parsed,) = podcastparser.parse("https://show.example/feed.xml", BytesIO(feed))["episodes"]
    assert parsed["published"] == MOMENT.timestamp()
    atom = etree.fromstring((out / "posts.atom").read_bytes())
    stamps = [
        e.text
        for e in atom.iter(
            "{http://www.w3.org/2005/Atom}updated", "{http://www.w3.org/2005/Atom}published"
        )
    ]
    assert stamps
    for text in stamps:
        assert text is not None and RFC3339.fullmatch(text), text
        assert datetime.fromisoformat(text) == MOMENT


def test_a_date_in_whole_minutes_keeps_its_offset(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    channel = etree.fromstring((built(root) / "feed.xml").read_bytes()).find("channel")
    assert channel is not None
    assert channel.findtext("item/pubDate") == "Sun, 01 Mar 2026 07:00:00 +0100"
