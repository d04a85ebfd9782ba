"""`pipeline audio` makes the alternate encodings a show asks for ([audio] alternates): Opus
and AAC of the levelled episode, offered in the feed as podcast:alternateEnclosure with
their real lengths and SRI hashes, served beside the MP3, made once."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.spec.podcasting20 import PODCAST_NS
from tests.audiogen import speech
from tests.conftest import BASIC_CONFIG, ShowMaker

pytestmark = pytest.mark.slow  # ffmpeg and espeak-ng

EPISODE = """\
title: "Afl. 1: In drie smaken"
number: 1
date: 2026-03-01 07:00
guid: urn:uuid:00000000-0000-4000-8000-0000000000a1
audio: audio/smaken.wav
summary: "Eén opname, drie bestanden."
"""


def cli(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def codec(path: Path) -> str:
    return subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
         str(path)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def test_opus_and_aac_beside_the_mp3(make_show: ShowMaker, tmp_path: Path) -> None:
    wav = speech(tmp_path / "smaken.wav", "Welkom bij deze aflevering over smaak.", seconds=5)
    config = BASIC_CONFIG + '\n[audio]\nalternates = ["opus", "aac"]\n'
    root = make_show(
        episodes={"001-smaken": EPISODE},
        config=config,
        files={"audio/smaken.wav": wav.read_bytes()},
    )
    cli(root, "audio")
    made = sorted(p.name for p in (root / ".cache/audio").glob("*/smaken.*"))
    assert made == ["smaken.m4a", "smaken.opus"]
    stamps = {p: p.stat().st_mtime_ns for p in (root / ".cache/audio").glob("*/smaken.*")}

    cli(root, "build", "--now", "2026-06-01T12:00+02:00")
    site = root / "site"
    assert codec(site / "audio/smaken.opus") == "opus"
    assert codec(site / "audio/smaken.m4a") == "aac"
    item = etree.parse(str(site / "feed.xml")).find("channel/item")
    assert item is not None
    assert item.find("enclosure").get("type") == "audio/mpeg"  # the MP3 stays the enclosure
    found = {}
    for alternate in item.iterfind(f"{{{PODCAST_NS}}}alternateEnclosure"):
        source = alternate.find(f"{{{PODCAST_NS}}}source").get("uri")
        name = source.rsplit("/", 1)[-1]
        served = site / "audio" / name
        assert int(alternate.get("length")) == served.stat().st_size
        assert alternate.find(f"{{{PODCAST_NS}}}integrity").get("value") == sri(served)
        found[alternate.get("type")] = (name, alternate.get("bitrate"), alternate.get("codecs"))
    assert found == {
        "audio/opus": ("smaken.opus", "48000", "opus"),
        "audio/mp4": ("smaken.m4a", "64000", "mp4a.40.2"),
    }
    # A second run makes nothing again: the alternates are kept by the produced file's key.
    cli(root, "audio")
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    facts = json.loads(next((root / ".cache/audio").glob("*/alternates.json")).read_text())
    assert sorted(facts) == ["aac", "opus"]


def test_an_unknown_format_is_an_error_with_its_line(make_show: ShowMaker) -> None:
    root = make_show(config=BASIC_CONFIG + '\n[audio]\nalternates = ["opus", "flac"]\n')
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    line = len(BASIC_CONFIG.splitlines()) + 3
    assert (
        f"Error: podcast.toml:{line}: audio.alternates: got 'flac', expected each one of opus, aac"
        in result.stderr
    )
