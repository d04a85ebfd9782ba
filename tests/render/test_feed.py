"""The sample show's feed, read by real podcast clients and checked with XPath."""

from __future__ import annotations

import email.utils
from datetime import UTC
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from pipeline.build import BuildOptions, build
from pipeline.models import Episode
from tests.conftest import REPO, SAMPLE_NOW, ShowMaker, episode

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}


def sample_episodes() -> list[dict[str, object]]:
    """The sample episode files as the loader sees them, due at SAMPLE_NOW."""
    from pipeline.enrich.soundcloud import stream_url, track_id_of
    from pipeline.load import load_content
    from pipeline.settings import SoundCloudSettings

    def names(e: Episode) -> tuple[str, str]:
        link = e.soundcloud
        return (link.user or "", link.slug or "") if link else ("", "")

    def op3(url: str) -> str:
        # The sample show counts downloads with OP3: its documented form drops https://.
        assert url.startswith("https://")
        return "https://op3.dev/e/" + url.removeprefix("https://")

    content = load_content(REPO)
    return [
        {
            "slug": e.slug,
            "guid": e.feed_guid,
            "length": e.length,
            "duration": e.duration,
            # SoundCloud-hosted episodes (no audio:) get SoundCloud's stream URL
            "url": op3(e.audio or stream_url(SoundCloudSettings(), track_id_of(e) or 0, *names(e))),
            "title": e.title,
            "number": e.number,
        }
        for e in content.episodes
        if e.date <= SAMPLE_NOW
    ]


@pytest.fixture(scope="module")
def feed_bytes(sample_site: Path) -> bytes:
    return (sample_site / "feed.xml").read_bytes()


def test_feedparser_reads_every_episode(feed_bytes: bytes) -> None:
    parsed = feedparser.parse(feed_bytes)
    assert not parsed.bozo, parsed.get("bozo_exception")
    expected = sample_episodes()
    assert len(expected) >= 6
    by_guid = {e.id: e for e in parsed.entries}
    assert set(by_guid) == {e["guid"] for e in expected}
    for ep in expected:
        entry = by_guid[ep["guid"]]
        (enclosure,) = entry.enclosures
        assert enclosure.href == ep["url"]
        assert int(enclosure.length) == ep["length"]
        assert enclosure.type == "audio/mpeg"
        assert int(entry.itunes_duration) == ep["duration"]
        assert entry.title == ep["title"]
    assert parsed.feed.language == "nl"
    # feedparser only knows yes/clean; "false" reads as "not explicit" (None).
    assert not parsed.feed.itunes_explicit


def test_podcastparser_reads_every_episode(feed_bytes: bytes) -> None:
    import io

    parsed = podcastparser.parse("https://dewinkelvloer.example/feed.xml", io.BytesIO(feed_bytes))
    expected = {e["guid"]: e for e in sample_episodes()}
    assert {e["guid"] for e in parsed["episodes"]} == set(expected)
    for item in parsed["episodes"]:
        ep = expected[item["guid"]]
        assert item["total_time"] == ep["duration"]
        (enclosure,) = item["enclosures"]
        assert enclosure["file_size"] == ep["length"]
        assert enclosure["url"] == ep["url"]
        assert item["number"] == ep["number"]
    assert parsed["title"]
    assert parsed["type"] == "episodic"
    assert parsed["explicit"] is False
    assert all(item["explicit"] is False for item in parsed["episodes"])


def test_apple_required_tags(feed_bytes: bytes) -> None:
    tree = etree.fromstring(feed_bytes)
    channel = tree.find("channel")
    for path in (
        "title",
        "link",
        "description",
        "language",
        "itunes:author",
        "itunes:image",
        "itunes:category",
        "itunes:explicit",
        "itunes:owner/itunes:email",
        "itunes:owner/itunes:name",
        "atom:link[@rel='self']",
    ):
        assert channel.xpath(path, namespaces=NS), path
    assert channel.xpath("string(itunes:explicit)", namespaces=NS) == "false"
    items = channel.xpath("item")
    for item in items:
        for path in (
            "title",
            "guid",
            "pubDate",
            "enclosure/@url",
            "enclosure/@length",
            "enclosure/@type",
            "itunes:duration",
            "itunes:explicit",
            "description",
        ):
            assert item.xpath(path, namespaces=NS), path
        assert item.xpath("string(itunes:explicit)", namespaces=NS) in ("true", "false")
        assert item.xpath("string(itunes:duration)", namespaces=NS).isdigit()
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
        description = item.findtext("description")
        assert len(description.encode("utf-8")) <= 4000


def test_newest_first_and_future_left_out(feed_bytes: bytes) -> None:
    tree = etree.fromstring(feed_bytes)
    dates = [email.utils.parsedate_to_datetime(d) for d in tree.xpath("//item/pubDate/text()")]
    assert dates == sorted(dates, reverse=True)
    assert all(d <= SAMPLE_NOW for d in dates)
    titles = tree.xpath("//item/title/text()")
    assert not any("seizoen achter de toonbank" in t.lower() for t in titles)


def test_rebuild_is_byte_identical(tmp_path: Path, feed_bytes: bytes) -> None:
    out = tmp_path / "again"
    build(BuildOptions(root=REPO, out=out, now=SAMPLE_NOW, offline=True))
    assert (out / "feed.xml").read_bytes() == feed_bytes


def test_future_episode_appears_when_due(tmp_path: Path) -> None:
    from datetime import datetime

    later = datetime(2027, 1, 13, 7, 0, tzinfo=UTC)
    report = build(BuildOptions(root=REPO, out=tmp_path / "s", now=later, offline=True))
    assert report.episodes[0] == "007-een-seizoen-achter-de-toonbank"
    assert report.scheduled == ()


def test_guid_survives_renames_and_edits(make_show: ShowMaker, tmp_path: Path) -> None:
    """Title, file name, post and audio URL may change; the GUID in the feed may not."""
    from datetime import datetime

    now = datetime(2026, 6, 1, tzinfo=UTC)
    root = make_show(
        episodes={
            "001-a": episode(1, soundcloud="https://api.soundcloud.com/tracks/42").replace(
                "guid: urn:uuid:00000000-0000-4000-8000-000000000001\n", ""
            )
        }
    )
    build(BuildOptions(root=root, out=root / "site", now=now))
    first = etree.parse(str(root / "site" / "feed.xml")).xpath("string(//item/guid)")
    assert first == "tag:soundcloud,2010:tracks/42"
    text = (root / "episodes" / "001-a.yaml").read_text()
    (root / "episodes" / "001-a.yaml").unlink()
    (root / "episodes" / "001-nieuwe-naam.yaml").write_text(
        text.replace("Onderwerp 1", "Nieuwe titel").replace("1.mp3", "nieuw.mp3")
    )
    build(BuildOptions(root=root, out=root / "site", now=now))
    assert etree.parse(str(root / "site" / "feed.xml")).xpath("string(//item/guid)") == first


def test_titles_are_escaped_not_injected(make_show: ShowMaker) -> None:
    from datetime import datetime

    root = make_show(
        episodes={"001-a": episode(1, summary='"Tom & Jerry <3 winkels"')},
        config=(REPO / "tests" / "data" / "ampersand.toml").read_text(),
    )
    build(BuildOptions(root=root, out=root / "site", now=datetime(2026, 6, 1, tzinfo=UTC)))
    tree = etree.parse(str(root / "site" / "feed.xml"))
    assert tree.xpath("string(/rss/channel/title)") == "Koffie & <3 Kassa"
    assert "Tom &amp; Jerry &lt;3 winkels" in tree.xpath("string(//item/description)")
