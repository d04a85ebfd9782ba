"""`check` warns about chapters no listener can use: one starting at or after the end of
the episode (a duration of 10:00 and a chapter at 1:02:03, a typo for 10:23) and two starting
at the same time (a chapter of no length in the player's list). Both passed without a word,
where a soundbite past the end is an error."""

from __future__ import annotations

from tests.check.test_check import check, lines
from tests.conftest import ShowMaker, episode


def chapters(*starts: str) -> str:
    return "chapters:\n" + "".join(
        f'  - start: "{start}"\n    title: Hoofdstuk {i}\n' for i, start in enumerate(starts, 1)
    )


def warnings(make_show: ShowMaker, *starts: str) -> list[str]:
    root = make_show(episodes={"001-a": episode(1) + chapters(*starts)})  # duration 10:00
    code, _, stderr = check(root)
    assert code == 0, stderr
    return [line for line in lines(stderr, "Warning") if ": chapters: " in line]


def test_a_chapter_past_the_end_is_warned(make_show: ShowMaker) -> None:
    assert warnings(make_show, "0:00", "5:00", "1:02:03") == [
        "Warning: episodes/001-a.yaml:8: chapters: got a chapter starting at 3723 s, expected "
        "a start within the episode (600 s)"
    ]


def test_a_chapter_at_the_very_end_is_warned(make_show: ShowMaker) -> None:
    assert len(warnings(make_show, "0:00", "10:00")) == 1


def test_two_chapters_at_one_time_are_warned(make_show: ShowMaker) -> None:
    assert warnings(make_show, "0:00", "2:30", "2:30") == [
        "Warning: episodes/001-a.yaml:8: chapters: got two chapters starting at 150 s, "
        "expected each chapter starting after the one before"
    ]


def test_chapters_within_the_episode_are_not(make_show: ShowMaker) -> None:
    assert warnings(make_show, "0:00", "2:30", "9:59") == []
