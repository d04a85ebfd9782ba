"""Podcasting 2.0 tags, chapters JSON, transcripts and the posts' Atom feed.

Feeds are read back by real parsers (feedparser, podcastparser) and XPath; side files are
fetched from a real HTTP server on 127.0.0.1 serving the built site.
"""

from __future__ import annotations

import functools
import http.server
import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import feedparser
import podcastparser
import pytest
from lxml import etree

from pipeline.build import BuildOptions, build
from pipeline.load import load_content
from pipeline.render.chapters import SITE_MEDIA_TYPES
from pipeline.spec.podcasting20 import PODCAST_NS, podcast_guid
from tests.build.test_bad_input import errors, run
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker, episode
from tests.loopback import ClosingServer, serve

NS = {"podcast": PODCAST_NS, "atom": "http://www.w3.org/2005/Atom"}
FIRST = "001-waarom-kleine-winkels-toch-winnen"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The specification's own examples (podcast-namespace docs, tags/guid.md).
        ("https://mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("mp3s.nashownotes.com/pc20rss.xml", "917393e3-1b1e-5cef-ace4-edaa54e1f810"),
        ("podnews.net/rss", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("https://podnews.net/rss/", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
        ("http://podnews.net/rss///", "9b024349-ccf0-5f69-a609-6b82873eab3c"),
    ],
)
def test_podcast_guid_matches_the_specification(url: str, expected: str) -> None:
    assert podcast_guid(url) == expected


@pytest.fixture(scope="module")
def tree(sample_site: Path) -> etree._Element:
    return etree.fromstring((sample_site / "feed.xml").read_bytes())


def test_channel_tags(tree: etree._Element) -> None:
    channel = tree.find("channel")
    assert channel is not None
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [
        podcast_guid("https://achterdetoonbank.example/feed.xml")
    ]
    (locked,) = channel.xpath("podcast:locked", namespaces=NS)
    assert (locked.text, locked.get("owner")) == ("no", "podcast@achterdetoonbank.example")
    (funding,) = channel.xpath("podcast:funding", namespaces=NS)
    assert funding.get("url") == "https://achterdetoonbank.example/steun"
    assert funding.text == "Steun Achter de Toonbank"
    hosts = channel.xpath("podcast:person", namespaces=NS)
    assert [(p.text, p.get("role")) for p in hosts] == [
        ("Fenna Bakker", "host"),
        ("Joost van Lier", "host"),
    ]
    assert channel.xpath("podcast:medium/text()", namespaces=NS) == ["podcast"]
    # Channel tags come before the first item.
    tags = [child.tag for child in channel]
    assert tags.index(f"{{{PODCAST_NS}}}medium") < tags.index("item")


def test_item_tags(tree: etree._Element) -> None:
    content = load_content(REPO)
    by_guid = {e.feed_guid: e for e in content.episodes}
    items = tree.findall("channel/item")
    assert len(items) == 6
    for item in items:
        ep = by_guid[item.findtext("guid")]
        assert item.xpath("podcast:season/text()", namespaces=NS) == [str(ep.season)]
        assert item.xpath("podcast:episode/text()", namespaces=NS) == [str(ep.number)]
        people = [(p.text, p.get("role")) for p in item.xpath("podcast:person", namespaces=NS)]
        if ep.guests:
            # Item people replace the channel's, so the hosts are named again.
            assert people[:2] == [("Fenna Bakker", "host"), ("Joost van Lier", "host")]
            assert people[2:] == [(g.name, g.role) for g in ep.guests]
        else:
            assert people == []
        if not ep.chapters:
            assert item.xpath("podcast:chapters", namespaces=NS) == []
            continue
        (chapters,) = item.xpath("podcast:chapters", namespaces=NS)
        assert chapters.get("type") == "application/json+chapters"
        assert chapters.get("url") == (f"https://achterdetoonbank.example/chapters/{ep.slug}.json")
    first = tree.xpath(f"channel/item[guid='{content.episodes_by_slug[FIRST].feed_guid}']")[0]
    (transcript,) = first.xpath("podcast:transcript", namespaces=NS)
    assert dict(transcript.attrib) == {
        "url": f"https://achterdetoonbank.example/transcripts/{FIRST}.vtt",
        "type": "text/vtt",
        "language": "nl",
        "rel": "captions",
    }
    (bite,) = first.xpath("podcast:soundbite", namespaces=NS)
    assert (bite.get("startTime"), bite.get("duration"), bite.text) == (
        "588",
        "42",
        "De winkelstraat die half leegliep",
    )


def test_real_parsers_see_the_new_tags(sample_site: Path) -> None:
    data = (sample_site / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.podcast_guid == podcast_guid("https://achterdetoonbank.example/feed.xml")
    assert parsed.feed.podcast_medium == "podcast"
    oldest = parsed.entries[-1]
    assert oldest.podcast_transcript["type"] == "text/vtt"
    assert oldest.podcast_chapters["type"] == "application/json+chapters"
    assert oldest.podcast_soundbite == {"starttime": "588", "duration": "42"}

    pod = podcastparser.parse("https://achterdetoonbank.example/feed.xml", _bytes_io(data))
    assert pod["funding_url"] == "https://achterdetoonbank.example/steun"
    assert pod["import_prohibited"] is False
    first = pod["episodes"][-1]
    assert first["transcript_url"].endswith(f"/transcripts/{FIRST}.vtt")
    assert first["chapters_json_url"].endswith(f"/chapters/{FIRST}.json")
    with_guests = [e for e in pod["episodes"] if e.get("persons")]
    noor = [p for e in with_guests for p in e["persons"] if p["name"] == "Noor Hendriks"]
    assert [(p["role"], p["href"]) for p in noor] == [("guest", "https://studionoor.example/")]


def _bytes_io(data: bytes) -> object:
    import io

    return io.BytesIO(data)


def test_chapters_json_follows_the_format(sample_site: Path) -> None:
    content = load_content(REPO)
    ep = content.episodes_by_slug[FIRST]
    doc = json.loads((sample_site / "chapters" / f"{FIRST}.json").read_text("utf-8"))
    assert doc["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in doc["chapters"]] == [
        (c.start, c.title) for c in ep.chapters
    ]
    starts = [c["startTime"] for c in doc["chapters"]]
    assert starts == sorted(starts) and all(isinstance(s, int | float) for s in starts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        **SITE_MEDIA_TYPES,
    }

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    site = tmp_path / "served"
    site.mkdir()
    handler = functools.partial(_Quiet, directory=str(site))
    server = ClosingServer(("127.0.0.1", 0), handler)
    thread = serve(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_side_files_are_served_with_the_declared_types(
    make_show: ShowMaker, served: tuple[str, Path]
) -> None:
    base, site = served
    srt = "1\n00:00:00,000 --> 00:00:04,000\nHallo en welkom.\n"
    vtt = "WEBVTT\n\n00:00.000 --> 00:04.000\nHallo en welkom.\n"
    chapters = '\n  - start: "0:00"\n    title: Begin\n  - start: "1:30"\n    title: Midden'
    root = make_show(
        config=BASIC_CONFIG.replace("https://show.example/", base),
        episodes={
            "001-a": episode(1, transcript="t/een.srt", chapters=chapters),
            "002-b": episode(2, transcript="t/twee.vtt"),
        },
        files={"t/een.srt": srt, "t/twee.vtt": vtt},
    )
    build(BuildOptions(root, site, datetime(2026, 6, 1, tzinfo=UTC), offline=True))
    tree = etree.fromstring((site / "feed.xml").read_bytes())
    seen = []
    for elem in tree.xpath("//podcast:transcript | //podcast:chapters", namespaces=NS):
        with urllib.request.urlopen(elem.get("url"), timeout=5) as response:
            body = response.read()
            declared = elem.get("type")
            served_type = response.headers.get_content_type()
        if declared == "application/json+chapters":
            assert served_type == "application/json"
            assert json.loads(body)["chapters"][1] == {"startTime": 90, "title": "Midden"}
        else:
            assert served_type == declared
            assert body.decode("utf-8") == (srt if declared == "application/x-subrip" else vtt)
        seen.append(declared)
    assert sorted(seen) == ["application/json+chapters", "application/x-subrip", "text/vtt"]


def test_guid_override_and_locked(make_show: ShowMaker, tmp_path: Path) -> None:
    extra = 'locked = true\nguid = "c0ffee00-0000-5000-8000-000000000001"\nmedium = "music"\n'
    config = BASIC_CONFIG.replace("[owner]", extra + "\n[owner]")
    root = make_show(config=config, episodes={"001-a": episode(1)})
    out = tmp_path / "site"
    build(BuildOptions(root, out, datetime(2026, 6, 1, tzinfo=UTC), offline=True))
    channel = etree.fromstring((out / "feed.xml").read_bytes()).find("channel")
    assert channel is not None
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [
        "c0ffee00-0000-5000-8000-000000000001"
    ]
    assert channel.xpath("podcast:locked/text()", namespaces=NS) == ["yes"]
    assert channel.xpath("podcast:medium/text()", namespaces=NS) == ["music"]
    # No chapters, transcript or guests: no empty tags.
    item = channel.find("item")
    assert item is not None
    assert item.xpath("podcast:chapters|podcast:transcript|podcast:person", namespaces=NS) == []


def test_bad_soundbite_and_transcript_are_reported(make_show: ShowMaker) -> None:
    bites = '\n  - start: "12:75"\n    duration: 30\n  - start: 10\n    duration: 0'
    root = make_show(
        episodes={"001-a": episode(1, soundbites=bites, transcript="notes.txt")},
        files={"notes.txt": "geen ondertitels"},
    )
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:9: soundbites.start: got '12:75', expected seconds or a "
        "time like 12:30",
        "Error: episodes/001-a.yaml:12: soundbites.duration: got 0, expected a duration above "
        "0 seconds",
        "Error: episodes/001-a.yaml:13: transcript: got 'notes.txt', expected an existing .srt "
        "or .vtt file in the show folder",
        "Error: 3 problems found; nothing was written.",
    ]


def test_posts_atom_links_posts_to_their_episodes(sample_site: Path) -> None:
    parsed = feedparser.parse((sample_site / "posts.atom").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    content = load_content(REPO)
    due = [p for p in content.posts if p.date <= datetime(2026, 11, 24, 12, tzinfo=UTC)]
    assert len(parsed.entries) == len(due)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    entry = next(
        e for e in parsed.entries if e.id.endswith("/posts/waarom-kleine-winkels-toch-winnen/")
    )
    rels = {link.rel: link for link in entry.links}
    assert rels["alternate"].href == entry.id
    assert rels["related"].href == f"https://achterdetoonbank.example/episodes/{FIRST}/"
    assert rels["related"].title == "Afl. 1: Waarom kleine winkels toch winnen"
    assert rels["enclosure"].href == "https://media.achterdetoonbank.example/afl-001.mp3"
    assert rels["enclosure"].length == "30473317"
    unpaired = next(e for e in parsed.entries if "appeltaart" in e.id)
    assert [link.rel for link in unpaired.links] == ["alternate"]
