"""JSON nested 100,000 deep: json's decoder reads arrays by recursion, so such a file or
answer raises RecursionError, not ValueError. A damaged cache file, kept fact or HTTP
answer of that kind is handled as every other damaged one there, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.audio.alternates import encode_alternates
from pipeline.audio.probe import Tools
from pipeline.enrich.http import NotCachedError, make_session
from pipeline.enrich.produced import ALTERNATES_FILE, load_facts, produced_alternates
from pipeline.enrich.soundcloud import LookupFailed, fetch_oembed
from pipeline.models import SoundCloudLink
from pipeline.settings import SoundCloudSettings
from pipeline.text.soundcloud import parse_link
from tests.loopback import Loopback, answer

DEEP = "[" * 100_000


def test_deep_produced_facts_are_not_cached(tmp_path: Path) -> None:
    facts = tmp_path / "key.json"
    facts.write_text(DEEP)
    assert load_facts(facts) is None  # as a damaged file: made again by `pipeline audio`


def test_deep_alternates_file_is_as_none_made(tmp_path: Path) -> None:
    folder = tmp_path / ".cache" / "audio" / "key"
    folder.mkdir(parents=True)
    (folder / ALTERNATES_FILE).write_text(DEEP)
    mp3 = folder.with_suffix(".mp3")
    assert produced_alternates(mp3, ("opus", "aac"), tmp_path) == ()  # the build: none
    # `pipeline audio`: the facts are as absent (nothing to encode here, so no ffmpeg runs).
    assert encode_alternates(mp3, "afl", (), Tools("ffmpeg", "ffprobe"), print) == []


def test_a_deep_json_answer_is_a_lookup_failure_and_not_cached(tmp_path: Path) -> None:
    body = DEEP.encode()
    with Loopback({"/oembed": lambda h: answer(h, 200, body, "application/json")}) as loop:
        url = loop.url + "/oembed"
        link = parse_link("https://soundcloud.com/fakeshow/afl-1")
        assert isinstance(link, SoundCloudLink)
        with pytest.raises(LookupFailed, match=r"oEmbed answered with JSON nested too deeply"):
            fetch_oembed(make_session(tmp_path), SoundCloudSettings(oembed=url), link)
        json_request = {"Accept": "application/json"}
        assert make_session(tmp_path).get(url, headers=json_request).status_code == 200
        with pytest.raises(NotCachedError):  # kept once, it would fail every later build
            make_session(tmp_path, offline=True).get(url, headers=json_request)
