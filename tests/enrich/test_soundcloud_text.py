"""Titles and author names SoundCloud's oEmbed answer fills in go through the rule a file's
title goes through (``load/fields.py``): a control character or an invisible formatting
one (a right-to-left override, a zero-width space) fails that lookup with the field named,
as a title written in the episode file would, instead of reaching the feed and the pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from lxml import etree

from tests.conftest import ShowMaker
from tests.enrich.test_soundcloud import BARE, build, errors
from tests.fake_soundcloud import FakeSoundCloud

WHEN = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud() as server:
        for key, value in server.settings_env().items():
            monkeypatch.setenv(key, value)
        yield server


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Afl. 1: \u202eassak eD", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("Afl. 1: De\u200bkassa", "U+200B ZERO WIDTH SPACE"),
        ("Afl. 1: De kassa\x07", "control characters"),
    ],
)
def test_a_title_from_soundcloud_with_a_hidden_character_fails_its_lookup(
    make_show: ShowMaker, answer: FakeSoundCloud, title: str, named: str
) -> None:
    answer.add(101, "afl-1-de-kassa", title, WHEN, audio=b"ID3" + bytes(100))
    root = make_show(episodes={"001-kassa": BARE})
    code, _, stderr = build(root)
    assert code == 1
    [line, *_] = errors(stderr)
    assert line.startswith("Error: episodes/001-kassa.yaml:3: title: got ")  # its soundcloud: line
    assert named in line and "write title: in the episode file" in line
    assert not (root / "site").exists()


def test_skip_failed_leaves_that_episode_out(make_show: ShowMaker, answer: FakeSoundCloud) -> None:
    answer.add(101, "afl-1-de-kassa", "Afl. 1: \u202eassak", WHEN, audio=b"ID3" + bytes(100))
    root = make_show(episodes={"001-kassa": BARE})
    code, _, stderr = build(root, "--skip-failed")
    assert code == 0, stderr
    feed = etree.parse(str(root / "site" / "feed.xml"))
    assert not list(feed.iter("item"))


def test_the_title_written_in_the_file_wins_and_makes_no_lookup_fail(
    make_show: ShowMaker, answer: FakeSoundCloud
) -> None:
    answer.add(101, "afl-1-de-kassa", "Afl. 1: \u202eassak", WHEN, audio=b"ID3" + bytes(100))
    root = make_show(episodes={"001-kassa": 'title: "Afl. 1: De kassa"\n' + BARE})
    code, _, stderr = build(root)
    assert code == 0, stderr
    [item] = etree.parse(str(root / "site" / "feed.xml")).iter("item")
    assert item.findtext("title") == "Afl. 1: De kassa"
