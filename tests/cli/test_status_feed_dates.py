"""`pipeline status` with a published.json that publish refuses reads the dates in the
site's feed.xml in its place: a pubDate there whose year or offset cannot be a date (a feed
edited by hand, copied from elsewhere) makes that episode unpublished as far as the record
goes, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_status import rows, show, status

__all__ = ["show"]  # the fixture, used below by name


@pytest.mark.parametrize(
    "date",
    [
        "Sun, 01 Mar 99999999999999999999 07:00:00 +0100",  # a year past any integer
        "Sun, 01 Mar 2026 07:00:00 +99999999999999999999",  # an offset likewise
        "Sun, 01 Mar 2026 99999999999999999999:00:00 +0100",
    ],
)
def test_an_impossible_pubdate_in_the_sites_feed_is_no_date(show: Path, date: str) -> None:
    (show / "published.json").write_text("{ half", encoding="utf-8")
    feed = show / "site" / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    text, count = re.subn(
        r"<pubDate>Sun, 01 Mar 2026 [^<]*</pubDate>", f"<pubDate>{date}</pubDate>", text
    )
    assert count == 1
    feed.write_text(text, encoding="utf-8")
    code, stdout, stderr = status(show)
    assert "Traceback" not in stderr
    assert code == 1, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert errors[0].startswith("Error: published.json:1: state: got invalid JSON"), errors
    assert stdout.splitlines()[1] == (
        "Last publication: site/feed.xml and site/ (in place of published.json, which publish "
        "refuses)."
    )
    listed = rows(stdout)
    assert "live 2026-03-02 07:00 002-b" in listed
    assert not any(row.endswith(" 001-a") and row.startswith("live") for row in listed)
