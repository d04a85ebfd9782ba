"""Timestamp lines in posts: which lines are chapters, which are mistakes, and where."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text.clock import parse_timestamp_line, timestamp_lines
from tests.conftest import ShowMaker, episode


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1:02:03 Welkom", (3723.0, "Welkom")),
        ("62:03 Na een uur", (3723.0, "Na een uur")),
        ("[12:30] Tussen haken", (750.0, "Tussen haken")),
        ("(12:30) Tussen ronde haken", (750.0, "Tussen ronde haken")),
        ("12:30 Titel", (750.0, "Titel")),
        ("- 03:15 In een lijst", (195.0, "In een lijst")),
        ("* 03:15 Met een ster", (195.0, "Met een ster")),
        ("3. 00:45 Genummerd", (45.0, "Genummerd")),
        ("12:30 - Met een streepje", (750.0, "Met een streepje")),
        ("12:30 – Met een gedachtestreep", (750.0, "Met een gedachtestreep")),
        ("[1:02:03] Uur, minuut, seconde", (3723.0, "Uur, minuut, seconde")),
        ("0:00 Intro ", (0.0, "Intro")),
    ],
)
def test_timestamp_lines_are_read(line: str, expected: tuple[float, str]) -> None:
    assert parse_timestamp_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Het stuk vanaf 03:15 is de kern.",
        "Om 9 uur gaan we open",
        "## 12 tips",
        "- een gewone lijst",
        "",
        "    12:30 als code ingesprongen",
    ],
)
def test_prose_is_not_a_timestamp(line: str) -> None:
    assert parse_timestamp_line(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "12:75 Seconden bestaan niet",
        "1:60:00 Minuten bestaan niet",
        "1:5 Een cijfer te weinig",
        "[12:30 Haakje vergeten",
        "(12:30] Verkeerde haakjes",
        "12:30",
        "- 12:30",
        "1:2:3:4 Te veel delen",
    ],
)
def test_malformed_timestamps_are_refused(line: str) -> None:
    with pytest.raises(ValueError):
        parse_timestamp_line(line)


def test_scan_reports_lines_and_skips_code_blocks() -> None:
    text = (
        "Inleiding met 03:15 in de zin.\n"  # 1
        "\n"  # 2
        "- 00:00 Welkom\n"  # 3
        "- 03:15 Kern\n"  # 4
        "```\n"  # 5
        "12:99 in code telt niet\n"  # 6
        "```\n"  # 7
        "- 12:99 Kapot\n"  # 8
    )
    found, malformed = timestamp_lines(text)
    assert found == [(3, 0.0, "Welkom"), (4, 195.0, "Kern")]
    assert malformed == [(8, "- 12:99 Kapot")]


POST = """\
---
title: "Onderwerp 1"
date: 2026-03-01 09:00
---

Het eerste stuk.

- 00:00 Welkom
- 12:75 Kapotte tijd
- [03:15 Haakje vergeten
"""


def _build(root: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(out), "-q", "--now", "2026-06-01T12:00+02:00"],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def test_malformed_timestamps_fail_the_build_with_file_and_line(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-onderwerp-1")},
        posts={"2026-03-01-onderwerp-1": POST},
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "oud.txt").write_text("vorige build", "utf-8")
    code, stderr = _build(root, out)
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    expected = "expected a time and a title, like 12:30 Titel, 1:02:03 Titel or [12:30] Titel"
    assert errors == [
        f"Error: posts/2026-03-01-onderwerp-1.md:9: timestamp: got '- 12:75 Kapotte tijd', "
        f"{expected}",
        f"Error: posts/2026-03-01-onderwerp-1.md:10: timestamp: got '- [03:15 Haakje vergeten', "
        f"{expected}",
        "Error: 2 problems found; nothing was written.",
    ]
    assert [p.name for p in out.iterdir()] == ["oud.txt"]


def test_timestamps_out_of_order_are_reported(make_show: ShowMaker, tmp_path: Path) -> None:
    post = POST.replace(
        "- 12:75 Kapotte tijd\n- [03:15 Haakje vergeten\n", "- 10:00 B\n- 05:00 C\n"
    )
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-onderwerp-1")},
        posts={"2026-03-01-onderwerp-1": post},
    )
    code, stderr = _build(root, tmp_path / "site")
    assert code == 1
    assert (
        "Error: posts/2026-03-01-onderwerp-1.md:10: timestamp: got 5:00 after 10:00, "
        "expected timestamps in order of time"
    ) in stderr.splitlines()


HOURS = "9" * 400  # more hours than a float holds


@pytest.mark.parametrize("line", [f"{HOURS}:00:00 Te lang", f"[{HOURS}:00:00.5] Ook te lang"])
def test_a_time_no_float_holds_is_malformed(line: str) -> None:
    with pytest.raises(ValueError):
        parse_timestamp_line(line)


def test_a_time_no_float_holds_is_an_error_line_not_a_traceback(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    """It was an OverflowError from float(), which no caller reads as a bad time: a
    traceback from the post's timestamp line (and a duration of inf seconds)."""
    post = POST.replace("- 12:75 Kapotte tijd\n- [03:15 Haakje vergeten\n", f"- {HOURS}:00:00 X\n")
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-onderwerp-1")},
        posts={"2026-03-01-onderwerp-1": post},
    )
    code, stderr = _build(root, tmp_path / "site")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert errors[0].startswith("Error: posts/2026-03-01-onderwerp-1.md:9: timestamp: got '- 999")
    root = make_show(episodes={"001-a": episode(1).replace('"10:00"', f'"{"9" * 400}"')})
    code, stderr = _build(root, tmp_path / "site")
    assert code == 1
    assert stderr.startswith("Error: episodes/001-a.yaml:7: duration: got '999"), stderr
