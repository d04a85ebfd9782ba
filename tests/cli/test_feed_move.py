"""Moving a feed keeps its subscribers (README: "Moving a show to this pipeline", "Moving the
feed away"): a show on a loopback SoundCloud is imported and published, and real feed
parsers find every old GUID in the new feed unchanged, with the same enclosures and dates;
a show moving on writes Apple's itunes:new-feed-url and keeps every item."""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
import requests
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.spec.apple import ITUNES_NS
from tests.conftest import BASIC_CONFIG, ShowMaker
from tests.fake_soundcloud import FakeSoundCloud

NOW = "2026-12-01T12:00+01:00"
NEW_HOME = "https://nieuw.example/podcast/feed.xml"


@pytest.fixture
def soundcloud() -> Iterator[FakeSoundCloud]:
    """Six episodes over both sides of a daylight-saving change, three feed pages."""
    dates = [
        datetime(2026, 3, 4, 6, 0, tzinfo=UTC),
        datetime(2026, 3, 25, 6, 0, tzinfo=UTC),  # the Sunday after: summer time
        datetime(2026, 5, 6, 5, 0, tzinfo=UTC),
        datetime(2026, 9, 16, 5, 0, tzinfo=UTC),
        datetime(2026, 10, 28, 7, 30, tzinfo=UTC),  # winter time again
        datetime(2026, 11, 18, 7, 0, tzinfo=UTC),
    ]
    with FakeSoundCloud(page_size=2) as fake:
        for n, date in enumerate(dates, 1):
            fake.add(
                9000 + n,
                f"afl-{n}",
                f"Afl. {n}: Verhuizen & blijven ({n})"
                if n != 4
                else 'Afl. 4: "Prijzen", ronde 2 — café',
                date,
                description=f"Over aflevering {n}: wat er mee verhuist.",
                audio=b"ID3" + bytes(1000 * n + 7),
                duration=900 + 60 * n,
            )
        yield fake


def old_feed(fake: FakeSoundCloud) -> list[dict[str, Any]]:
    """Every item of the SoundCloud feed, all pages, as feedparser reads it over HTTP."""
    items: list[dict[str, Any]] = []
    url: str | None = fake.feed_url
    while url:
        parsed = feedparser.parse(requests.get(url, timeout=10).content)
        assert not parsed.bozo, parsed.bozo_exception
        items += parsed.entries
        url = next((link.href for link in parsed.feed.links if link.rel == "next"), None)
    return items


def cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_soundcloud_show_moves_here_with_every_guid_enclosure_and_date(
    make_show: ShowMaker, soundcloud: FakeSoundCloud
) -> None:
    old = old_feed(soundcloud)
    assert len(old) == 6
    root = make_show()
    cli(root, "import", "soundcloud", soundcloud.feed_url)
    cli(root, "publish", "--now", NOW, "--offline", "--no-ping", "-q", "--first-publication")
    feed = (root / "site" / "feed.xml").read_bytes()

    new = {e.id: e for e in feedparser.parse(feed).entries}
    with (root / "site" / "feed.xml").open("rb") as stream:
        pod = {e["guid"]: e for e in podcastparser.parse(NOW, stream)["episodes"]}
    assert set(new) == set(pod) == {e.id for e in old}  # nothing lost, nothing duplicated
    for before in old:
        after, episode = new[before.id], pod[before.id]
        # the same GUID, the same audio file and size, the same moment
        (was,) = before.enclosures
        (now,) = after.enclosures
        assert (now.href, now.length, now.type) == (was.href, was.length, "audio/mpeg")
        (enclosure,) = episode["enclosures"]
        assert (enclosure["url"], enclosure["file_size"]) == (was.href, int(was.length))
        assert after.published_parsed == before.published_parsed
        assert episode["published"] == calendar.timegm(before.published_parsed)
        assert after.title == before.title
    # published.json now guards exactly SoundCloud's GUIDs: a later change is refused
    state = json.loads((root / "published.json").read_text("utf-8"))
    assert {e["guid"] for e in state["episodes"]} == set(new)


def test_moving_away_writes_new_feed_url_and_keeps_every_item(
    make_show: ShowMaker, soundcloud: FakeSoundCloud
) -> None:
    root = make_show()
    cli(root, "import", "soundcloud", soundcloud.feed_url)
    cli(root, "publish", "--now", NOW, "--offline", "--no-ping", "-q", "--first-publication")
    before = feedparser.parse((root / "site" / "feed.xml").read_bytes())
    config = BASIC_CONFIG.replace("[owner]", f'new_feed_url = "{NEW_HOME}"\n\n[owner]')
    (root / "podcast.toml").write_text(config)
    cli(root, "check", "--now", NOW)
    out = cli(root, "publish", "--now", NOW, "--offline", "--no-ping", "-q")
    assert "updated" in out  # the tag changed the feed: the hourly run deploys it
    path = root / "site" / "feed.xml"
    with path.open("rb") as stream:
        parsed = podcastparser.parse(NOW, stream)
    assert parsed["new_url"] == NEW_HOME
    tree = etree.parse(str(path))
    assert tree.xpath(
        "/rss/channel/itunes:new-feed-url/text()", namespaces={"itunes": ITUNES_NS}
    ) == [NEW_HOME]
    after = feedparser.parse(path.read_bytes())
    # Apps that have not moved yet still see every episode, unchanged, until they do.
    assert [(e.id, e.enclosures[0].href, e.published) for e in after.entries] == [
        (e.id, e.enclosures[0].href, e.published) for e in before.entries
    ]


def test_without_new_feed_url_the_tag_is_absent(make_show: ShowMaker) -> None:
    root = make_show()
    cli(root, "build", "--now", NOW, "-q")
    tree = etree.parse(str(root / "site" / "feed.xml"))
    assert tree.xpath("//itunes:new-feed-url", namespaces={"itunes": ITUNES_NS}) == []
