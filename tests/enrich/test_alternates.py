"""Alternate encodings: the hook `pipeline audio` will call with the files it produced
(real Opus and AAC made by ffmpeg here), and the feed entries they become: real lengths,
sha384 SRI hashes, the MP3 still the enclosure."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from pipeline.enrich import EnrichOptions, enrich
from pipeline.enrich.alternates import EncodedFile, with_encodings
from pipeline.link import link
from pipeline.load import load_content
from pipeline.notes import notes
from pipeline.render.feed import render_feed
from pipeline.render.shownotes import render_notes
from pipeline.spec.podcasting20 import PODCAST_NS
from tests.audiogen import ffmpeg, lavfi
from tests.conftest import ShowMaker, episode

NS = {"podcast": PODCAST_NS}


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


@pytest.mark.slow
def test_produced_encodings_become_alternate_enclosures(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, alternates="\n  - audio: https://cdn.example/1.ogg")}
    )
    wav = lavfi(root / ".cache" / "tone.wav", "sine=f=330:d=3")
    made = root / ".cache" / "audio" / "k1"
    made.mkdir(parents=True)
    ffmpeg("-i", str(wav), "-c:a", "libopus", "-b:a", "48k", str(made / "1.opus"))
    ffmpeg("-i", str(wav), "-c:a", "aac", "-b:a", "96k", str(made / "1.m4a"))
    loaded = load_content(root)
    content = enrich(loaded, loaded.episodes, EnrichOptions(offline=True))
    (ep,) = content.episodes
    files = [
        EncodedFile(made / "1.opus", title="Opus 48k", codecs="opus"),
        EncodedFile(made / "1.m4a", type="audio/x-m4a", bitrate=96000, title="AAC 96k"),
    ]
    ep = with_encodings(ep, root, files)
    assert [a.source for a in ep.alternates] == [
        "https://cdn.example/1.ogg",  # the one the episode file names stays first
        ".cache/audio/k1/1.opus",
        ".cache/audio/k1/1.m4a",
    ]
    opus, m4a = ep.alternates[1:]
    assert (opus.type, opus.length, opus.integrity) == (
        "audio/opus",
        (made / "1.opus").stat().st_size,
        sri(made / "1.opus"),
    )
    assert opus.bitrate and 30_000 < opus.bitrate < 70_000  # read from the file itself
    assert (m4a.type, m4a.bitrate, m4a.length) == (
        "audio/x-m4a",
        96000,
        (made / "1.m4a").stat().st_size,
    )

    content = replace(content, episodes=(ep,))
    linked = link(content)
    shown = render_notes(linked, notes(linked))
    feed = render_feed(linked, content.episodes, shown)["feed.xml"]
    assert isinstance(feed, bytes)
    item = etree.fromstring(feed).find("channel/item")
    assert item is not None
    assert item.find("enclosure").get("url") == "https://media.show.example/1.mp3"
    alternates = item.xpath("podcast:alternateEnclosure", namespaces=NS)
    assert [(a.get("type"), a.get("title")) for a in alternates] == [
        ("audio/ogg", None),
        ("audio/opus", "Opus 48k"),
        ("audio/x-m4a", "AAC 96k"),
    ]
    assert alternates[1].xpath("podcast:source/@uri", namespaces=NS) == [
        "https://show.example/audio/1.opus"
    ]
    assert alternates[2].xpath("podcast:integrity/@value", namespaces=NS) == [sri(made / "1.m4a")]
