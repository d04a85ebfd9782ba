"""A host name outside ASCII (``shöw.example``) goes into the feed in its IDNA form: a host
percent-encoded (``sh%C3%B6w.example``) is no host an app can reach."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser

from pipeline.build import BuildOptions, prepare
from pipeline.check import check_prepared
from pipeline.paths import feed_uri
from tests.check.test_check import mp3 as mp3  # the fixture
from tests.conftest import BASIC_CONFIG, ShowMaker, episode


def test_feed_uri_makes_the_host_idna_and_escapes_the_rest() -> None:
    assert feed_uri("https://shöw.example/afl één.mp3") == (
        "https://xn--shw-tna.example/afl%20%C3%A9%C3%A9n.mp3"
    )
    assert feed_uri("https://shöw.example:8443/a") == "https://xn--shw-tna.example:8443/a"
    assert feed_uri("https://show.example/café/") == "https://show.example/caf%C3%A9/"
    assert feed_uri("https://xn--shw-tna.example/a%20b") == "https://xn--shw-tna.example/a%20b"


def test_a_show_on_an_idn_host_has_reachable_urls_and_passes_check(
    make_show: ShowMaker, mp3: bytes
) -> None:
    config = BASIC_CONFIG.replace("https://show.example/", "https://shöw.example/")
    local = episode(1).replace("audio: https://media.show.example/1.mp3", "audio: audio/1.mp3")
    remote = episode(2).replace("media.show.example", "média.example")
    root = make_show(
        episodes={"001-a": local, "002-b": remote}, files={"audio/1.mp3": mp3}, config=config
    )
    options = BuildOptions(root, root / "site", datetime(2026, 6, 1, tzinfo=UTC), offline=True)
    prepared = prepare(options)
    assert [str(f) for f in check_prepared(prepared).errors] == []
    feed = prepared.files[prepared.linked.content.show.feed_file]
    assert isinstance(feed, bytes)
    parsed = feedparser.parse(feed)
    hosts = {urlsplit(e.enclosures[0].href).hostname for e in parsed.entries}
    hosts |= {urlsplit(e.link).hostname for e in parsed.entries}
    assert hosts == {"xn--shw-tna.example", "xn--mdia-bpa.example"}
    assert b"%C3%B6" not in feed.split(b"<item>", 1)[1]
