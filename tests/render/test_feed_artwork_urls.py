"""Artwork URLs load accepts but feedgen's podcast extension would not write: ``.jpeg``,
upper case and query strings still reach ``itunes:image``, which Apple requires."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import feedparser
import podcastparser
import pytest
from lxml import etree

from pipeline.build import BuildOptions, build
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = datetime(2026, 6, 1, tzinfo=UTC)
ITUNES = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}


@pytest.mark.parametrize(
    "url",
    [
        "https://show.example/art.jpeg",
        "https://show.example/ART.JPG",
        "https://show.example/art.jpg?v=2",
    ],
)
def test_show_artwork_reaches_itunes_image(make_show: ShowMaker, url: str) -> None:
    config = BASIC_CONFIG.replace("https://show.example/art.jpg", url)
    root = make_show(episodes={"001-a": episode(1)}, config=config)
    build(BuildOptions(root=root, out=root / "site", now=NOW))
    data = (root / "site" / "feed.xml").read_bytes()
    # Apple reads itunes:image only; the readers below fall back to RSS <image>.
    channel = etree.fromstring(data).find("channel")
    assert channel.xpath("itunes:image/@href", namespaces=ITUNES) == [url]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.image.href == url
    podcast = podcastparser.parse("https://show.example/feed.xml", io.BytesIO(data))
    assert podcast["cover_url"] == url


@pytest.mark.parametrize(
    "url", ["https://img.example/e.jpeg", "https://img.example/e.jpg?size=3000"]
)
def test_episode_artwork_reaches_itunes_image(make_show: ShowMaker, url: str) -> None:
    """Before: feedgen's ValueError ended the build with a traceback."""
    root = make_show(episodes={"001-a": episode(1, image=url)})
    report = build(BuildOptions(root=root, out=root / "site", now=NOW))
    assert report.episodes == ("001-a",)
    data = (root / "site" / "feed.xml").read_bytes()
    (entry,) = feedparser.parse(data).entries
    assert entry.image.href == url
    podcast = podcastparser.parse("https://show.example/feed.xml", io.BytesIO(data))
    assert podcast["episodes"][0]["episode_art_url"] == url
