"""SoundCloud enrichment through real builds against the loopback fake SoundCloud: oEmbed
metadata, stream enclosures measured with HEAD and Range, the cache, --offline, failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.enrich import EnrichOptions, enrich
from pipeline.enrich.http import make_session
from pipeline.errors import ContentError
from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.fake_soundcloud import FakeSoundCloud
from tests.loopback import free_port

NOW = ["--now", "2026-06-01T12:00+02:00"]
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
WHEN = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)

# Only a link, a number and a date: everything else comes from SoundCloud.
BARE = """\
number: 1
date: 2026-03-02 07:00
soundcloud: https://soundcloud.com/fakeshow/afl-1-de-kassa
"""

# Everything written: no request may be made for it.
COMPLETE = """\
title: "Afl. 2: Geschreven titel"
number: 2
date: 2026-03-03 07:00
guid: tag:soundcloud,2010:tracks/102
soundcloud: https://soundcloud.com/fakeshow/afl-2-de-etalage
length: 5555
duration: "12:00"
summary: "Door ons geschreven."
"""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud() as server:
        server.add(
            101,
            "afl-1-de-kassa",
            "Afl. 1: De kassa",
            WHEN,
            description="Over de kassa als plek waar klanten je het best onthouden.",
            artwork="https://i1.sndcdn.example/artworks-101-t500x500.jpg",
            audio=b"ID3" + bytes(4321),
        )
        server.add(102, "afl-2-de-etalage", "Afl. 2: De etalage", WHEN)
        for key, value in server.settings_env().items():
            monkeypatch.setenv(key, value)
        yield server


def build(root: Path, *args: str) -> tuple[int, str, str]:
    out = root / "site"
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "-q", *NOW, *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def items(root: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(root / "site" / "feed.xml"))
    return {item.findtext("guid"): item for item in tree.iter("item")}


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def test_bare_soundcloud_episode_is_filled_from_oembed_and_the_stream(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(episodes={"001-kassa": BARE})
    code, _, stderr = build(root)
    assert code == 0, stderr
    item = items(root)["tag:soundcloud,2010:tracks/101"]
    assert item.findtext("title") == "Afl. 1: De kassa"  # " by Fakeshow" taken off
    enclosure = item.find("enclosure")
    assert enclosure is not None
    assert enclosure.get("url") == fake.stream_url(fake.tracks[101])
    assert enclosure.get("url", "").endswith("/stream/101-fakeshow-afl-1-de-kassa.mp3")
    assert enclosure.get("length") == "4324"  # from HEAD, through the 302 to the "CDN"
    assert enclosure.get("type") == "audio/mpeg"
    image = item.find(f"{ITUNES}image")
    assert image is not None
    assert image.get("href") == "https://i1.sndcdn.example/artworks-101-t500x500.jpg"
    assert item.findtext(f"{ITUNES}author") == "Fakeshow"
    assert "waar klanten je het best onthouden" in (item.findtext("description") or "")
    # oEmbed once, HEAD (stream + media after the redirect), then one Range request
    methods = [(m, rng) for m, path, rng in fake.log]
    assert fake.requests_to("/oembed") == 1
    assert ("GET", "bytes=0-0") in methods


def test_second_build_and_offline_build_make_no_requests(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(episodes={"001-kassa": BARE})
    assert build(root)[0] == 0
    first = (root / "site" / "feed.xml").read_bytes()
    count = len(fake.log)
    assert (root / ".cache" / "http").is_dir()

    code, _, stderr = build(root)
    assert code == 0, stderr
    code, _, stderr = build(root, "--offline")
    assert code == 0, stderr
    assert len(fake.log) == count
    assert (root / "site" / "feed.xml").read_bytes() == first


def test_written_values_win_and_complete_files_cause_no_request(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    written = BARE.replace("number: 1", 'number: 1\ntitle: "Onze eigen titel"')
    written += 'summary: "Onze eigen samenvatting."\nimage: https://show.example/eigen.jpg\n'
    root = make_show(episodes={"001-kassa": written, "002-etalage": COMPLETE})
    code, _, stderr = build(root)
    assert code == 0, stderr
    by_guid = items(root)
    one = by_guid["tag:soundcloud,2010:tracks/101"]  # the track id came from oEmbed
    assert one.findtext("title") == "Onze eigen titel"
    assert "Onze eigen samenvatting." in (one.findtext("description") or "")
    assert one.find(f"{ITUNES}image").get("href") == "https://show.example/eigen.jpg"  # type: ignore[union-attr]
    two = by_guid["tag:soundcloud,2010:tracks/102"]
    enclosure = two.find("enclosure")
    assert enclosure is not None
    assert enclosure.get("url") == fake.stream_url(fake.tracks[102])
    assert enclosure.get("length") == "5555"
    assert not [p for _, p, _ in fake.log if "102" in p or "etalage" in p]


def test_offline_without_cache_names_the_episode(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(episodes={"001-kassa": BARE, "002-etalage": COMPLETE})
    code, _, stderr = build(root, "--offline")
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001-kassa.yaml:3: soundcloud: got "
        "'https://soundcloud.com/fakeshow/afl-1-de-kassa', expected a track SoundCloud's "
        "oEmbed knows (not in the HTTP cache, and --offline makes no requests; build once "
        "online)"
    )
    assert fake.log == []
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("404", "(oEmbed: HTTP 404 Not Found; removed, or private without its secret link?)"),
        ("malformed", "oEmbed answered with malformed JSON: Unterminated string"),
        ("html", "oEmbed answered with text/html, not JSON"),
    ],
    ids=["removed-track", "malformed-json", "html-page"],
)
def test_failed_lookup_fails_the_build_or_is_skipped(
    make_show: ShowMaker, fake: FakeSoundCloud, fault: str, expected: str
) -> None:
    root = make_show(episodes={"001-kassa": BARE, "002-etalage": COMPLETE})
    fake.always("oembed", fault, track=101)
    code, _, stderr = build(root)
    assert code == 1
    line = errors(stderr)[0]
    assert line.startswith(
        "Error: episodes/001-kassa.yaml:3: soundcloud: got "
        "'https://soundcloud.com/fakeshow/afl-1-de-kassa', expected a track SoundCloud's "
        "oEmbed knows "
    )
    assert expected in line
    assert not (root / "site").exists()

    code, _, stderr = build(root, "--skip-failed")
    assert code == 0, stderr
    assert list(items(root)) == ["tag:soundcloud,2010:tracks/102"]  # nothing invented
    assert "Notice: episodes/001-kassa.yaml: left out: soundcloud:" in stderr


def test_server_error_then_success_is_retried(make_show: ShowMaker, fake: FakeSoundCloud) -> None:
    root = make_show(episodes={"001-kassa": BARE})
    fake.fail("oembed", "500", track=101)
    code, _, stderr = build(root)
    assert code == 0, stderr
    assert fake.requests_to("/oembed") == 2


def test_host_without_byte_ranges_is_reported(make_show: ShowMaker, fake: FakeSoundCloud) -> None:
    root = make_show(episodes={"001-kassa": BARE})
    fake.always("media", "no-range")
    code, _, stderr = build(root)
    assert code == 1
    line = errors(stderr)[0]
    assert line.startswith(f"Error: episodes/001-kassa.yaml:3: audio: got '{fake.url}/stream/")
    assert line.endswith(
        "expected a host answering Range requests with 206 Partial Content (got HTTP 200 OK; "
        "Apple Podcasts rejects such hosts)"
    )


def test_length_from_content_range_when_head_has_none(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(episodes={"001-kassa": BARE})
    fake.always("media", "no-length")
    code, _, stderr = build(root)
    assert code == 0, stderr
    enclosure = items(root)["tag:soundcloud,2010:tracks/101"].find("enclosure")
    assert enclosure is not None and enclosure.get("length") == "4324"


def test_own_audio_url_without_length_is_measured(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    own = COMPLETE.replace("length: 5555\n", f"audio: {fake.url}/media/101.mp3\n")
    root = make_show(episodes={"002-etalage": own})
    code, _, stderr = build(root)
    assert code == 0, stderr
    enclosure = items(root)["tag:soundcloud,2010:tracks/102"].find("enclosure")
    assert enclosure is not None
    assert (enclosure.get("url"), enclosure.get("length")) == (f"{fake.url}/media/101.mp3", "4324")
    assert fake.requests_to("/oembed") == 0


def test_api_link_without_permalinks_cannot_make_a_stream_url(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    api = BARE.replace(
        "https://soundcloud.com/fakeshow/afl-1-de-kassa", "https://api.soundcloud.com/tracks/101"
    )
    root = make_show(episodes={"001-kassa": api})
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0].endswith(
        "expected a track page link (soundcloud.com/USER/TRACK) or audio: (the user and track "
        "permalinks are needed for SoundCloud's stream URL)"
    )


def test_connection_refused_is_reported_for_the_episode(
    make_show: ShowMaker, fake: FakeSoundCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = free_port()
    monkeypatch.setenv("PIPELINE_SOUNDCLOUD_OEMBED", f"http://127.0.0.1:{port}/oembed")
    root = make_show(episodes={"001-kassa": BARE})
    content = load_content(root)
    session = make_session(None, retries=0)
    with pytest.raises(ContentError) as caught:
        enrich(content, content.episodes, EnrichOptions(session=session))
    (problem,) = caught.value.problems
    assert problem.path == "episodes/001-kassa.yaml"
    assert problem.expected.endswith(": connection refused)")
