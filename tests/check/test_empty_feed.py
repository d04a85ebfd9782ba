"""`check` warns about a feed without an episode: Apple Podcasts does not take a show
until its feed holds one, and a scheduled episode is not in the feed before its date."""

from __future__ import annotations

from tests.check.test_check import check, lines
from tests.conftest import ShowMaker, episode

WARNING = (
    "Warning: podcast.toml: episodes: got none in the feed, expected at least one episode due "
    "(Apple Podcasts accepts a show with one or more)"
)


def test_a_show_without_episodes_is_warned(make_show: ShowMaker) -> None:
    code, _, stderr = check(make_show())
    assert code == 0  # a warning: the show may be set up before its first episode
    assert lines(stderr, "Warning") == [WARNING]


def test_a_show_whose_only_episode_is_scheduled_is_warned(make_show: ShowMaker) -> None:
    later = episode(1).replace("date: 2026-03-01 07:00", "date: 2026-12-01 07:00")
    code, _, stderr = check(make_show(episodes={"001-a": later}))
    assert code == 0
    assert WARNING in lines(stderr, "Warning")


def test_a_show_with_an_episode_is_not(make_show: ShowMaker) -> None:
    code, _, stderr = check(make_show(episodes={"001-a": episode(1)}))
    assert code == 0, stderr
    assert WARNING not in lines(stderr, "Warning")
