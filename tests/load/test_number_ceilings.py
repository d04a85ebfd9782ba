"""The whole numbers of the Podcasting 2.0 tables have a ceiling, as an episode's number
and length do: a trailer's length and season, an alternate enclosure's length and a
social_interact priority of 10**20 went into the feed as written, past what apps store."""

from __future__ import annotations

from tests.build.test_bad_input import errors, run
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

TRAILER = """
[[trailers]]
title = "Seizoen 2 komt eraan"
url = "https://media.show.example/trailer.mp3"
date = 2026-01-01T07:00:00+01:00
length = 100000000000000000000
season = 4294967296
"""
EXTRA = """\
alternates:
  - audio: https://media.show.example/1.opus
    type: audio/opus
    length: 100000000000000000000
social_interact:
  - protocol: activitypub
    uri: https://social.example/@show/1
    priority: 100000000000000000000
"""


def test_numbers_past_what_apps_store_are_refused(make_show: ShowMaker) -> None:
    root = make_show(config=BASIC_CONFIG + TRAILER, episodes={"001-a": episode(1) + EXTRA})
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:11: alternates.length: got 100000000000000000000, "
        "expected a whole number of at most 9007199254740992",
        "Error: episodes/001-a.yaml:15: social_interact.priority: got 100000000000000000000, "
        "expected a whole number of at most 2147483647",
        "Error: podcast.toml:19: trailers[0].length: got 100000000000000000000, "
        "expected a whole number of at most 9007199254740992",
        "Error: podcast.toml:20: trailers[0].season: got 4294967296, "
        "expected a whole number of at most 2147483647",
        "Error: 4 problems found; nothing was written.",
    ]
    assert not (root / "site").exists()


def test_numbers_within_the_ceiling_build(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + TRAILER.replace("100000000000000000000", "9007199254740992")
    text = episode(1) + EXTRA.replace("100000000000000000000", "2147483647")
    root = make_show(config=config.replace("4294967296", "2"), episodes={"001-a": text})
    code, _, stderr = run(root)
    assert code == 0, stderr
