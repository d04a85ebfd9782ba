"""A changed `timezone` in podcast.toml moves every date written without an offset: publish
refuses each, and now says how to keep it (the date with its published offset), which
publishes again; a date really moved gets no such hint."""

from __future__ import annotations

from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.publish.test_publish import errors, publish

WHY = "as published (subscribers would see a broken or duplicate episode"


def test_a_changed_timezone_says_how_to_keep_the_dates(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001": episode(1), "002": episode(2)})
    assert publish(root, "--first-publication")[0] == 0
    config = root / "podcast.toml"
    config.write_text(BASIC_CONFIG.replace("Europe/Amsterdam", "America/New_York"), "utf-8")
    code, _, stderr = publish(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001.yaml:3: date: got 2026-03-01T07:00:00-05:00, expected "
        f"2026-03-01T07:00:00+01:00 {WHY}; podcast.toml's timezone changed? write date: "
        "2026-03-01 07:00 +01:00 to keep it; pass --allow-change 001 if this is intended)"
    )
    for n in (1, 2):
        path = root / "episodes" / f"00{n}.yaml"
        text = path.read_text("utf-8")
        path.write_text(text.replace(f"2026-03-0{n} 07:00", f"2026-03-0{n} 07:00 +01:00"), "utf-8")
    code, _, stderr = publish(root)
    assert code == 0, stderr


def test_a_moved_date_gets_no_timezone_hint(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    path = root / "episodes" / "001.yaml"
    path.write_text(episode(1).replace("07:00", "08:00"), "utf-8")
    code, _, stderr = publish(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001.yaml:3: date: got 2026-03-01T08:00:00+01:00, expected "
        f"2026-03-01T07:00:00+01:00 {WHY}; pass --allow-change 001 if this is intended)"
    )
