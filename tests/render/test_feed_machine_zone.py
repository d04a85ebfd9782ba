"""A feed's bytes do not depend on the build machine's time zone: a show with nothing due
yet dated its (item-less) feed.xml and posts.atom 1970-01-01 in the machine's local zone,
so CI in UTC and a laptop in Amsterdam wrote different feeds from the same files. (feed.xml
now has no channel dates then: test_empty_show_dates.py; posts.atom keeps the epoch.)"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from pipeline.build import BuildOptions, build
from tests.conftest import ShowMaker

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _feeds_in_zone(root: Path, zone: str, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes]:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    out = root / f"site-{zone.replace('/', '-')}"
    build(BuildOptions(root=root, out=out, now=NOW))
    return (out / "feed.xml").read_bytes(), (out / "posts.atom").read_bytes()


def test_empty_feed_is_the_same_in_every_zone(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(episodes={})
    try:
        utc = _feeds_in_zone(root, "UTC", monkeypatch)
        new_york = _feeds_in_zone(root, "America/New_York", monkeypatch)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert new_york == utc
    rss, atom = (feedparser.parse(data) for data in utc)
    for parsed in (rss, atom):
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries == []
    assert "updated" not in rss.feed and "published" not in rss.feed
    assert atom.feed.updated_parsed[:6] == (1970, 1, 1, 0, 0, 0)
