"""Pairing episodes with posts: explicit reference, same SoundCloud track, same day + title."""

from __future__ import annotations

import pytest

from pipeline.errors import ContentError
from pipeline.link.pairing import comparable_title, pair
from pipeline.load import load_content
from tests.conftest import ShowMaker, episode


def post(title: str, date: str, body: str = "Tekst.", **front: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in front.items())
    return f'---\ntitle: "{title}"\ndate: {date}\n{extra}---\n\n{body}\n'


PLAYER = (
    '<iframe width="100%" height="166" src="https://w.soundcloud.com/player/?url='
    'https%3A//api.soundcloud.com/tracks/{id}&color=%23ff5500"></iframe>'
)


def test_explicit_post_reference_wins(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-01-01-iets")},
        posts={
            "2026-01-01-iets": post("Iets", "2026-01-01"),
            "2026-03-01-onderwerp-1": post("Onderwerp 1", "2026-03-01"),
        },
    )
    result = pair(load_content(root))
    assert result.pairs == {"001-a": "iets"}
    assert result.how == {"001-a": "explicit"}
    assert result.unpaired_posts == ("onderwerp-1",)


def test_episode_reference_in_post_front_matter(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2025-12-01-los": post("Los", "2025-12-01", episode="1")},
    )
    assert pair(load_content(root)).pairs == {"001-a": "los"}


@pytest.mark.parametrize(
    "soundcloud",
    [
        "https://soundcloud.com/winkel/afl-1",
        "https://api.soundcloud.com/tracks/1234567890",
    ],
)
def test_same_soundcloud_track(make_show: ShowMaker, soundcloud: str) -> None:
    body = PLAYER.format(id=1234567890) + (
        '<div style="font-size: 10px;"><a href="https://soundcloud.com/winkel">W</a> · '
        '<a href="https://soundcloud.com/winkel/afl-1">Afl 1</a></div>\n\nTekst.'
    )
    root = make_show(
        episodes={"001-a": episode(1, soundcloud=soundcloud)},
        posts={"2025-10-01-over-iets-anders": post("Ander onderwerp", "2025-10-01", body)},
    )
    result = pair(load_content(root))
    assert result.pairs == {"001-a": "over-iets-anders"}
    assert result.how == {"001-a": "soundcloud"}


def test_same_day_and_close_title(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={
            "2026-03-01-onderwerp-een": post("Onderwerp 1!", "2026-03-01 10:00"),
            "2026-03-01-anders": post("Iets heel anders", "2026-03-01 11:00"),
            "2026-03-02-onderwerp-1": post("Onderwerp 1", "2026-03-02"),
        },
    )
    result = pair(load_content(root))
    assert result.pairs == {"001-a": "onderwerp-een"}
    assert result.how == {"001-a": "date and title"}


def test_ambiguous_match_names_candidates(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={
            "2026-03-01-onderwerp-1": post("Onderwerp 1", "2026-03-01 10:00"),
            "2026-03-01-onderwerp-1-deel-2": post("Onderwerp 1", "2026-03-01 12:00"),
        },
    )
    with pytest.raises(ContentError) as info:
        pair(load_content(root))
    assert str(info.value.problems[0]) == (
        "episodes/001-a.yaml:1: title: got 'Afl. 1: Onderwerp 1', expected one post of the same "
        "day with a matching title, found posts/2026-03-01-onderwerp-1-deel-2.md, "
        "posts/2026-03-01-onderwerp-1.md (set post: in the episode file)"
    )


def test_two_episodes_claiming_one_post(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="iets"), "002-b": episode(2, post="iets")},
        posts={"2026-01-01-iets": post("Iets", "2026-01-01")},
    )
    with pytest.raises(ContentError) as info:
        pair(load_content(root))
    assert "a post no other episode claims (also 001-a)" in str(info.value)


def test_unpaired_are_listed(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1), "002-b": episode(2)},
        posts={"2025-01-01-los": post("Los", "2025-01-01")},
    )
    result = pair(load_content(root))
    assert result.pairs == {}
    assert result.unpaired_episodes == ("001-a", "002-b")
    assert result.unpaired_posts == ("los",)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Afl. 6: Prijzen verhogen", "prijzen verhogen"),
        ("Aflevering 12 - Etalage", "etalage"),
        ("#3 Klantcontact", "klantcontact"),
        ("Episode 4: Staff", "staff"),
        ("Gewoon een titel", "gewoon een titel"),
    ],
)
def test_comparable_title(title: str, expected: str) -> None:
    assert comparable_title(title) == expected
