"""Every new tag read back by a real Podcasting 2.0 client: podcast-partytime (npm, run by
``tests/node/partytime.js``) parses the sample show's feed and reports the values the show
wrote in podcast.toml and its episode files. Tags partytime does not know yet
(updateFrequency, podcast:image, podcast:podping) are read back with feedparser."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest

from pipeline.load import load_content
from pipeline.spec.podcasting20_tags import sri_of
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker, episode
from tests.render.test_feed_spec import built

NODE_DIR = REPO / "tests" / "node"
FIRST, SECOND, THIRD = (
    "001-waarom-kleine-winkels-toch-winnen",
    "002-de-etalage-als-stille-verkoper",
    "003-klantcontact-zonder-script",
)


def partytime(feed: Path) -> dict[str, Any]:
    """What podcast-partytime reads from ``feed`` (installs tests/node on first use)."""
    if not (NODE_DIR / "node_modules" / "podcast-partytime").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed (Debian: apt-get install npm)"
        subprocess.run([npm, "ci", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"],
                       check=True, capture_output=True)  # fmt: skip
    node = shutil.which("node")
    assert node, "node is needed (Debian: apt-get install nodejs)"
    done = subprocess.run(
        [node, str(NODE_DIR / "partytime.js"), str(feed)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


@pytest.fixture(scope="module")
def read(sample_site: Path) -> dict[str, Any]:
    return partytime(sample_site / "feed.xml")


@pytest.fixture(scope="module")
def show() -> Any:
    return load_content(REPO)


def test_channel_tags_as_the_show_wrote_them(read: dict[str, Any], show: Any) -> None:
    channel, config = read["channel"], show.show
    assert channel["license"]["identifier"] == config.license.name == "CC-BY-NC-SA-4.0"
    (place,) = config.locations
    assert channel["podcastLocation"] == {"name": place.name, "geo": place.geo}
    assert [i["parsed"] for i in channel["podcastImages"]] == [
        {"url": f"https://achterdetoonbank.example/media/{Path(i.url).name}", "width": i.width}
        for i in config.images
    ]
    assert channel["podcastTxt"] == [{"value": t.text, "purpose": t.purpose} for t in config.txts]
    value = channel["value"]
    assert (value["type"], value["method"]) == (config.value.type, config.value.method)
    assert value["suggested"] == float(config.value.suggested)
    assert [(r["name"], r["address"], r["split"], r["fee"]) for r in value["recipients"]] == [
        (r.name, r.address, r.split, r.fee) for r in config.value.recipients
    ]
    assert sum(r["split"] for r in value["recipients"]) == 100
    assert channel["podroll"] == [
        {"feedGuid": r.feed_guid, "feedUrl": r.feed_url, "title": r.title} for r in config.podroll
    ]
    assert channel["podcastPublisher"] == {
        "feedGuid": config.publisher.feed_guid,
        "feedUrl": config.publisher.feed_url,
    }
    (trailer,) = channel["trailers"]
    (written,) = config.trailers
    assert trailer["title"] == written.title
    assert trailer["url"] == "https://op3.dev/e/" + written.url.removeprefix("https://")
    assert (trailer["length"], trailer["type"], trailer["season"]) == (
        written.length,
        written.type,
        written.season,
    )
    assert trailer["pubdate"] == "2026-11-18T06:00:00.000Z"
    assert channel["itunesBlock"] is False and channel["itunesComplete"] is False


def test_item_tags_as_the_episodes_wrote_them(read: dict[str, Any], show: Any) -> None:
    items = read["items"]
    by_slug = show.episodes_by_slug
    first = items[by_slug[FIRST].feed_guid]
    (alternate,) = first["alternativeEnclosures"]
    opus = REPO / by_slug[FIRST].alternates[0].source
    assert alternate["type"] == "audio/opus"
    assert alternate["length"] == opus.stat().st_size
    assert alternate["title"] == by_slug[FIRST].alternates[0].title
    assert alternate["integrity"] == {"type": "sri", "value": sri_of(opus)}
    assert [s["uri"] for s in alternate["source"]] == [
        "https://op3.dev/e/achterdetoonbank.example/audio/" + opus.name
    ]
    assert (
        first["enclosure"]["url"] == "https://op3.dev/e/media.achterdetoonbank.example/afl-001.mp3"
    )
    (social,) = first["podcastSocialInteraction"]
    written = by_slug[FIRST].social[0]
    assert (social["platform"], social["url"], social["id"], social["priority"]) == (
        written.protocol,
        written.uri,
        written.account_id,
        written.priority,
    )
    second = items[by_slug[SECOND].feed_guid]
    # An item's value block replaces the channel's: the guest gets her share.
    assert [(r["name"], r["split"]) for r in second["value"]["recipients"]] == [
        (r.name, r.split) for r in by_slug[SECOND].value.recipients
    ]
    assert second["podcastLocation"]["name"] == by_slug[SECOND].locations[0].name
    assert second["podcastTxt"] == [{"value": by_slug[SECOND].txts[0].text}]
    third = items[by_slug[THIRD].feed_guid]
    assert third["license"] == {
        "identifier": "CC-BY-4.0",
        "url": "https://spdx.org/licenses/CC-BY-4.0.html",
    }


def test_tags_partytime_does_not_know_yet(sample_site: Path, show: Any) -> None:
    parsed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    freq = show.show.update_frequency
    assert parsed.feed.podcast_updatefrequency == {"rrule": freq.rrule}
    assert parsed.feed.podcast_podping == {"usespodping": "true"}
    # podcastparser still reads every episode and its (prefixed) enclosure
    with (sample_site / "feed.xml").open("rb") as handle:
        pod = podcastparser.parse("feed.xml", handle)
    assert all(e["enclosures"][0]["url"].startswith("https://op3.dev/e/") for e in pod["episodes"])


def test_chapters_json_keeps_art_links_and_silent_markers(sample_site: Path, show: Any) -> None:
    doc = json.loads((sample_site / "chapters" / f"{FIRST}.json").read_text("utf-8"))
    chapters = {c["title"]: c for c in doc["chapters"]}
    assert chapters["Intro"]["img"] == "https://achterdetoonbank.example/media/artwork.png"
    assert chapters["Wie zijn Fenna en Joost?"]["url"] == "https://papierwinkelfenna.example/"
    assert chapters["Tune"]["toc"] is False
    assert "toc" not in chapters["Intro"]
    assert (sample_site / "media" / "artwork.png").is_file()
    # a silent marker is listed nowhere a listener reads
    notes = (sample_site / "shownotes" / f"{FIRST}.txt").read_text("utf-8")
    assert "Tune" not in notes and "Wie zijn Fenna en Joost?" in notes


def test_apple_block_complete_and_new_feed_url(make_show: ShowMaker) -> None:
    extra = 'block = true\ncomplete = true\nnew_feed_url = "https://nieuw.example/feed.xml"\n'
    root = make_show(
        config=BASIC_CONFIG.replace("[owner]", extra + "\n[owner]"),
        episodes={"001-a": episode(1, block="true"), "002-b": episode(2)},
    )
    read = partytime(built(root) / "feed.xml")
    assert read["channel"]["itunesBlock"] is True
    assert read["channel"]["itunesComplete"] is True
    assert read["channel"]["itunesNewFeedUrl"] == "https://nieuw.example/feed.xml"
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert feed.count("<itunes:block>Yes</itunes:block>") == 2  # the channel and episode 1
