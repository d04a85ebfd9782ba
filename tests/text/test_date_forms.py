"""A date is a calendar date, YYYY-MM-DD, with an optional time and offset: the forms the
README and ``--help`` name (2026-03-04, 2026-03-04 07:00, 2026-05-01T09:00+02:00) and
Jekyll's (2020-09-12 18:37:31 +0200). Python's fromisoformat reads more: an ISO week date
(2026-W10-1) was taken as some day without a word, and an offset of +23:00, which no zone
has, as a moment a day off."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.text.dates import (
    DATE_EXPECTED,
    OFFSET_EXPECTED,
    date_expected,
    parse_date,
    zone,
)
from tests.conftest import ShowMaker, episode

AMSTERDAM = zone("Europe/Amsterdam")
NOW = "2026-06-01T12:00+02:00"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2026-03-04", "2026-03-04T00:00:00+01:00"),
        ("2026-03-04 07:00", "2026-03-04T07:00:00+01:00"),
        ("2026-03-04T07:00", "2026-03-04T07:00:00+01:00"),
        ("2026-03-04 07:00:30", "2026-03-04T07:00:30+01:00"),
        ("2026-03-04 07:00:30.250", "2026-03-04T07:00:30.250000+01:00"),
        ("2026-05-01T09:00+02:00", "2026-05-01T09:00:00+02:00"),
        ("2026-05-01T09:00Z", "2026-05-01T09:00:00+00:00"),
        ("2020-09-12 18:37:31 +0200", "2020-09-12T18:37:31+02:00"),
        ("2026-05-01T09:00+14:00", "2026-05-01T09:00:00+14:00"),
        ("2026-05-01T09:00-12:00", "2026-05-01T09:00:00-12:00"),
        (" 2026-03-04 ", "2026-03-04T00:00:00+01:00"),
        # Nanoseconds (YAML and ISO 8601 set no limit on the fraction): microseconds kept.
        ("2024-03-05T10:00:00.123456789+01:00", "2024-03-05T10:00:00.123456+01:00"),
        ("2024-03-05 10:00:00.9999999", "2024-03-05T10:00:00.999999+01:00"),
        # ISO 8601's offset of hours alone, after a time.
        ("2026-03-04T07:00+01", "2026-03-04T07:00:00+01:00"),
        ("2026-03-04 07:00:30 -05", "2026-03-04T07:00:30-05:00"),
        ("2026-03-04T07:00:30.5+0100", "2026-03-04T07:00:30.500000+01:00"),
        # A date alone with an offset is that day's start there, not 01:00 in the show's zone.
        ("2026-03-04 +0100", "2026-03-04T00:00:00+01:00"),
        ("2026-03-04 -05:00", "2026-03-04T00:00:00-05:00"),
        ("2026-03-04Z", "2026-03-04T00:00:00+00:00"),
    ],
)
def test_the_documented_forms_are_read(written: str, read: str) -> None:
    assert parse_date(written, AMSTERDAM).isoformat() == read


@pytest.mark.parametrize(
    "written",
    [
        "2026-W10",  # ISO week: fromisoformat made it Monday 2026-03-02
        "2026-W10-3",
        "2026W103",
        "2026-061",  # ordinal, the 61st day: refused by Python 3.11, not by every Python
        "2026061",
        "20260304",
        "2026-03-04T07",  # an hour alone
        "2026-03-04T0700",
        "2026-03-04x07:00",  # any character between date and time
        "2026-03-04T07:00+01:00:30",  # an offset with seconds
        "2026-03-04-01",  # hours alone after a date: a typo sooner than an offset
        "2026-03-04 07:00.5",  # a fraction of a minute
        "٢٠٢٦-٠٣-٠٤",  # digits of another script
    ],
)
def test_other_iso_forms_are_refused(written: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(written, AMSTERDAM)
    assert date_expected(raised.value) == DATE_EXPECTED


@pytest.mark.parametrize("written", ["2026-03-04T07:00+14:01", "2026-03-04 07:00 -2300"])
def test_an_offset_no_zone_has_is_refused(written: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(written, AMSTERDAM)
    assert date_expected(raised.value) == OFFSET_EXPECTED


def _run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    return result.exit_code, [x for x in result.stderr.splitlines() if x.startswith("Error: ")]


def test_episode_and_post_dates_in_other_forms_are_problems(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1).replace("2026-03-01 07:00", "2026-W10-1"),
            "002-b": episode(2).replace("2026-03-02 07:00", "2026-03-02 07:00+23:00"),
        },
        posts={"2026-03-01-een": '---\ntitle: "Een"\ndate: "2026-061"\n---\n\nTekst.\n'},
    )
    out = tmp_path / "site"
    out.mkdir()
    code, errors = _run("build", "--root", str(root), "--out", str(out), "-q", "--now", NOW)
    assert code == 1
    assert errors == [
        f"Error: episodes/001-a.yaml:3: date: got '2026-W10-1', expected {DATE_EXPECTED}",
        f"Error: episodes/002-b.yaml:3: date: got '2026-03-02 07:00+23:00', expected"
        f" {OFFSET_EXPECTED}",
        f"Error: posts/2026-03-01-een.md:3: date: got '2026-061', expected {DATE_EXPECTED}",
        "Error: 3 problems found; nothing was written.",
    ]
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("now", ["2026-W23-1", "2026-152T12:00"])
def test_now_in_another_form_is_refused(make_show: ShowMaker, now: str) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, errors = _run("build", "--root", str(root), "-q", "--now", now)
    assert code == 1
    assert errors == [
        f"Error: --now: got {now!r}, expected a date and time like 2026-05-01T09:00+02:00"
    ]
    assert not (root / "site").exists()


def test_nanoseconds_and_an_offset_of_hours_build(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1).replace("2026-03-01 07:00", "2026-03-01T07:00:00.123456789+01")
        },
        posts={"2026-03-01-een": '---\ntitle: "Een"\ndate: 2026-03-01 09:00 +01\n---\n\nTekst.\n'},
    )
    out = tmp_path / "site"
    code, errors = _run("build", "--root", str(root), "--out", str(out), "-q", "--now", NOW)
    assert (code, errors) == (0, [])
    feed = etree.fromstring((out / "feed.xml").read_bytes())
    assert feed.xpath("channel/item/pubDate/text()") == ["Sun, 01 Mar 2026 07:00:00 +0100"]
