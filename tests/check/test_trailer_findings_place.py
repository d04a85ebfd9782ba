"""A trailer made from an episode file (``type: trailer``) has its findings at that file:
a title over the 128 characters aggregators keep was reported at podcast.toml, as
``trailers.title``, a file and field that hold no such trailer."""

from __future__ import annotations

from tests.check.test_check import check, lines
from tests.conftest import ShowMaker, episode

LONG = "Afl. 1: " + "heel lang " * 15


def test_an_episode_trailer_is_warned_at_its_file(make_show: ShowMaker) -> None:
    text = episode(1).replace('"Afl. 1: Onderwerp 1"', f'"{LONG}"') + "type: trailer\n"
    code, _, stderr = check(make_show(episodes={"001-a": text}))
    assert code == 0, stderr
    assert [w for w in lines(stderr, "Warning") if "aggregators" in w] == [
        f"Warning: episodes/001-a.yaml:1: title: got {len(LONG.strip())} characters, expected "
        "at most 128 (aggregators cut the rest)"
    ]
