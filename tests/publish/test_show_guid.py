"""The show's podcast:guid, like an episode's GUID, never changes once published: made from
the feed URL when podcast.toml names none, it changed with ``base_url`` without a word."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser

from pipeline.spec.podcasting20 import podcast_guid
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.publish.test_publish import _Recorder, errors, host, publish

__all__ = ["host"]  # the fixture, used by name below

MOVED = BASIC_CONFIG.replace("https://show.example/", "https://nieuw.example/podcast/")


def with_guid(config: str, guid: str) -> str:
    """``config`` with a ``guid =`` line of the show (before its [owner] table)."""
    return config.replace("\n[owner]", f'guid = "{guid}"\n\n[owner]')


def line_of(config: str, start: str) -> int:
    return next(n for n, line in enumerate(config.splitlines(), 1) if line.startswith(start))


def _guid(root: Path) -> str:
    found = re.search(
        r"<podcast:guid>([^<]+)</podcast:guid>", (root / "site" / "feed.xml").read_text()
    )
    assert found is not None
    return found[1]


def test_a_moved_feed_keeps_its_guid_or_publish_refuses(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    published = podcast_guid("https://show.example/feed.xml")
    assert _guid(root) == published
    assert json.loads((root / "published.json").read_text())["guid"] == published
    before = (root / "site" / "feed.xml").read_bytes()

    (root / "podcast.toml").write_text(MOVED, "utf-8")
    code, _, stderr = publish(root)
    assert code == 1
    moved = podcast_guid("https://nieuw.example/podcast/feed.xml")
    assert errors(stderr)[0] == (
        f"Error: podcast.toml:5: guid: got '{moved}' (made from the feed URL "
        f"https://nieuw.example/podcast/feed.xml), expected '{published}' as published: apps "
        "and the Podcast Index know the show by it (set guid = "
        f'"{published}" in podcast.toml to keep it where the feed moved)'
    )
    assert (root / "site" / "feed.xml").read_bytes() == before, "nothing was written"

    # The fix the message names: the feed moves, its podcast:guid stays.
    (root / "podcast.toml").write_text(with_guid(MOVED, published), "utf-8")
    code, _, stderr = publish(root)
    assert code == 0, stderr
    assert _guid(root) == published
    assert feedparser.parse((root / "site" / "feed.xml").read_bytes()).bozo == 0


def test_a_state_file_from_before_the_guid_was_kept_takes_it_from_now_on(
    make_show: ShowMaker,
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    state = json.loads((root / "published.json").read_text())
    del state["guid"]
    (root / "published.json").write_text(json.dumps(state), "utf-8")
    code, _, stderr = publish(root)
    assert code == 0, stderr
    assert "guid" in json.loads((root / "published.json").read_text())
    (root / "podcast.toml").write_text(MOVED, "utf-8")
    assert publish(root)[0] == 1


def test_the_live_feed_s_guid_is_held_too(
    make_show: ShowMaker, host: tuple[str, type[_Recorder]]
) -> None:
    base, handler = host
    config = BASIC_CONFIG.replace("https://show.example/", base)
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    handler.feed = (root / "site" / "feed.xml").read_bytes()  # "deployed"
    (root / "published.json").unlink()
    # A guid set by hand that is not the one live: the live feed's is held.
    pinned = with_guid(config, "1b4c6bd0-5a5e-5e0e-9b1e-3a8d9e0c2f11")
    (root / "podcast.toml").write_text(pinned, "utf-8")
    code, _, stderr = publish(root, "--previous", "live", "--feed-url", f"{base}feed.xml")
    assert code == 1
    assert errors(stderr)[0].startswith(
        f"Error: podcast.toml:{line_of(pinned, 'guid')}: guid: got "
        "'1b4c6bd0-5a5e-5e0e-9b1e-3a8d9e0c2f11' (podcast.toml's guid), expected "
        f"'{podcast_guid(base + 'feed.xml')}' as published"
    )
