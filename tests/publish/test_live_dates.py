"""`--previous live` reads each item's pubDate as the moment it names. RFC 5322's "-0000"
(UTC, the zone it was written in unknown; what Python's ``format_datetime`` writes for a
naive UTC time, and what some hosts serve) is that moment in UTC, not a date without an
offset: read naively, every published episode looked re-dated and publishing was refused
for ever."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = "2026-06-01T12:00+02:00"


def publish(root: Path, *args: str) -> tuple[int, str]:
    command = ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW, *args]
    result = CliRunner().invoke(main, command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def published(make_show: ShowMaker, host: Loopback) -> tuple[Path, bytes]:
    """A show on ``host`` with episode 1 published, and the feed it wrote (to serve)."""
    root = make_show(
        config=BASIC_CONFIG.replace("https://show.example/", host.url + "/"),
        episodes={"001-a": episode(1)},
    )
    code, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    return root, (root / "site" / "feed.xml").read_bytes()


def test_a_pubdate_in_utc_written_as_minus_0000_is_the_same_moment(
    make_show: ShowMaker,
) -> None:
    with Loopback() as host:
        root, feed = published(make_show, host)
        # 2026-03-01 07:00 in Amsterdam is 06:00 UTC.
        assert b"<pubDate>Sun, 01 Mar 2026 07:00:00 +0100</pubDate>" in feed
        served = feed.replace(b"07:00:00 +0100", b"06:00:00 -0000")
        host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live")
    assert code == 0, stderr
    assert "date" not in stderr


def test_a_moved_pubdate_written_as_minus_0000_is_still_refused(make_show: ShowMaker) -> None:
    with Loopback() as host:
        root, feed = published(make_show, host)
        served = feed.replace(b"07:00:00 +0100", b"07:00:00 -0000")  # an hour later
        host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live")
    assert code == 1
    assert stderr.splitlines()[0].startswith(
        "Error: episodes/001-a.yaml:3: date: got 2026-03-01T07:00:00+01:00, expected "
        "2026-03-01T07:00:00+00:00 as published"
    )


def test_an_impossible_pubdate_in_the_live_feed_is_no_date(make_show: ShowMaker) -> None:
    """A year of twenty digits overflowed the date parser: a traceback, not a refusal."""
    with Loopback() as host:
        root, feed = published(make_show, host)
        served = feed.replace(b"Mar 2026 07:00:00", b"Mar 99999999999999999999 07:00:00")
        assert served != feed
        host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live", "--dry-run")
    assert "Traceback" not in stderr
    assert code == 0, stderr  # no date to compare: the GUID and enclosure still are


def test_a_pubdate_in_the_year_0001_is_no_date_not_2001(make_show: ShowMaker) -> None:
    """Python's RFC 2822 parser takes any year below 100 for a two-digit one: ``0001`` was
    read as 2001, and the episode was refused as re-dated to a year nobody wrote."""
    with Loopback() as host:
        root, feed = published(make_show, host)
        served = feed.replace(b"Mar 2026 07:00:00", b"Mar 0001 07:00:00")
        assert served != feed
        host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live")
    assert "2001" not in stderr
    assert code == 0, stderr  # unreadable, as a 20-digit year: the GUID and enclosure still are


def test_a_pubdate_with_a_two_digit_year_is_read_as_rfc_2822_says(make_show: ShowMaker) -> None:
    """RFC 2822's obsolete two-digit year (``26``) is still read: only a year written in
    full must be read as written."""
    with Loopback() as host:
        root, feed = published(make_show, host)
        served = feed.replace(b"Mar 2026 07:00:00", b"Mar 26 07:00:00")
        host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
        assert publish(root, "--previous", "live")[0] == 0
        moved = feed.replace(b"Mar 2026 07:00:00", b"Mar 25 07:00:00")
        host.routes["/feed.xml"] = lambda h: answer(h, 200, moved, "application/rss+xml")
        code, stderr = publish(root, "--previous", "live")
    assert code == 1
    assert "expected 2025-03-01T07:00:00+01:00 as published" in stderr
