"""A time the show's zone skips (02:30 on 2026-03-29 in Europe/Amsterdam, when clocks move
from 02:00 to 03:00) is a problem naming the gap wherever a time is read in that zone:
read as it was, it silently became 03:30. A time the zone has twice (the hour the clocks
go back through) is the first of the two, as before; a date alone is the day's start."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text.dates import parse_date, zone
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]
GAP = (
    "expected a time that exists in Europe/Amsterdam (clocks move from 02:00 to 03:00 on "
    "2026-03-29)"
)
TRAILER = """
[[trailers]]
title = "Seizoen 2"
url = "https://media.example/trailer.mp3"
date = 2026-03-29T02:15:00
length = 2764800
"""
POST = '---\ntitle: "Afl. 1"\ndate: 2026-03-29 02:59:59\n---\n\nTekst.\n'


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def test_skipped_times_are_problems_naming_the_gap(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(
        config=BASIC_CONFIG + TRAILER,
        episodes={"001-a": episode(1).replace("2026-03-01 07:00", "2026-03-29 02:30")},
        posts={"2026-03-29-afl-1": POST},
    )
    out = tmp_path / "site"
    out.mkdir()
    code, stderr = run("build", "--root", str(root), "--out", str(out), "-q", *NOW)
    assert code == 1
    assert [line for line in stderr.splitlines() if line.startswith("Error: ")] == [
        f"Error: episodes/001-a.yaml:3: date: got '2026-03-29 02:30', {GAP}",
        f"Error: podcast.toml:18: trailers[0].date: got 2026-03-29T02:15:00, {GAP}",
        f"Error: posts/2026-03-29-afl-1.md:3: date: got '2026-03-29 02:59:59', {GAP}",
        "Error: 3 problems found; nothing was written.",
    ]
    assert list(out.iterdir()) == []  # the previous output, untouched


def test_the_hour_the_clocks_go_back_through_is_its_first_time() -> None:
    amsterdam = zone("Europe/Amsterdam")
    assert parse_date("2026-10-25 02:30", amsterdam).isoformat() == "2026-10-25T02:30:00+02:00"
    assert parse_date("2026-03-29 03:00", amsterdam).isoformat() == "2026-03-29T03:00:00+02:00"
    assert parse_date("2026-03-29 02:30+02:00", amsterdam).hour == 2  # an offset says which
    # A date alone is the day's start, also where the clocks move at midnight.
    assert parse_date("2026-09-06", zone("America/Santiago")).day == 6


@pytest.mark.parametrize(
    ("zone_name", "when", "expected"),
    [
        ("America/New_York", "2026-03-08T02:30", "from 02:00 to 03:00 on 2026-03-08"),
        ("Australia/Lord_Howe", "2026-10-04 02:15", "from 02:00 to 02:30 on 2026-10-04"),
        ("America/Santiago", "2026-09-06 00:30", "from 00:00 to 01:00 on 2026-09-06"),
        ("Pacific/Apia", "2011-12-30 12:00", "from 00:00 on 2011-12-30 to 00:00 on 2011-12-31"),
    ],
)
def test_the_gap_is_named_to_the_minute(zone_name: str, when: str, expected: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(when, zone(zone_name))
    assert getattr(raised.value, "expected", None) == (
        f"a time that exists in {zone_name} (clocks move {expected})"
    )


def test_now_in_the_gap_is_an_error_line(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    for command in ("build", "check"):
        code, stderr = run(command, "--root", str(root), "--now", "2026-03-29T02:30")
        assert code == 1
        assert stderr.splitlines() == [f"Error: --now: got '2026-03-29T02:30', {GAP}"]
    assert not (root / "site").exists()
    code, stderr = run("new", "Afl. 2", "--root", str(root), "--date", "2026-03-29 02:30")
    assert code == 1
    assert stderr.splitlines() == [f"Error: --date: got '2026-03-29 02:30', {GAP}"]
    assert sorted(p.name for p in (root / "episodes").iterdir()) == ["001-a.yaml"]
