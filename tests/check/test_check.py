"""`pipeline check`: Apple's and Podcasting 2.0's requirements, as errors and warnings."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from pipeline.build import BuildOptions, prepare
from pipeline.check import check_prepared
from pipeline.cli import main
from pipeline.spec.apple import HTTPS_EXPECTED
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]


def check(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), *NOW, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def lines(stderr: str, label: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{label}: ")]


def png(size: tuple[int, int], fmt: str = "PNG", mode: str = "RGB") -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, format=fmt)
    return buffer.getvalue()


def test_sample_show_passes() -> None:
    code, stdout, stderr = check(REPO, "--now", "2026-11-24T12:00Z")
    assert code == 0, stderr
    assert lines(stderr, "Error") == []
    assert stdout.strip() == "Checked 6 episodes: 0 errors, 0 warnings."


def test_json_report_for_ci() -> None:
    code, stdout, _ = check(REPO, "--format", "json", "--now", "2026-11-24T12:00Z")
    assert code == 0
    report = json.loads(stdout)
    assert report == {
        "ok": True,
        "errors": 0,
        "warnings": 0,
        "episodes": 6,
        "feed": "feed.xml",
        "findings": [],
    }


def test_apple_artwork_and_description_rules(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace("https://show.example/art.jpg", "art.png").replace(
        'description = "Een show om mee te testen."', 'description = "' + "é" * 2001 + '"'
    )
    root = make_show(
        config=config,
        # A JPEG, as its first bytes say (a GIF named .png is the build's error: the
        # loader's test), but in print colours, which check measures.
        episodes={"001-a": episode(1, image="cover.jpg")},
        files={"art.png": png((1200, 1300)), "cover.jpg": png((1400, 1400), "JPEG", "CMYK")},
    )
    code, stdout, stderr = check(root)
    assert code == 1
    assert lines(stderr, "Error") == [
        "Error: episodes/001-a.yaml:8: image: got a 1400x1400 JPEG image (CMYK), expected an "
        "RGB image",
        "Error: podcast.toml:2: description: got 4002 bytes, expected at most 4000 bytes (Apple)",
        "Error: podcast.toml:2: description (itunes:summary): got 4002 bytes, expected at most "
        "4000 bytes (Apple)",
        "Error: podcast.toml:6: artwork: got a 1200x1300 PNG image (RGB), expected a square "
        "image of 1400 to 3000 pixels",
    ]
    assert stdout.strip() == "Checked 1 episode: 4 errors, 0 warnings."


def test_duplicate_enclosures_are_the_build_s_error(make_show: ShowMaker) -> None:
    """The build refuses two episodes with one audio file, and check says what it says."""
    same = "audio: https://media.show.example/1.mp3"
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2).replace("audio: https://media.show.example/2.mp3", same),
        }
    )
    code, stdout, _ = check(root, "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 1, 0)
    assert [(f["level"], f["message"]) for f in report["findings"]] == [
        (
            "error",
            "episodes/002-b.yaml:5: audio: got 'https://media.show.example/1.mp3', expected an"
            " audio file no other episode has (episodes/001-a.yaml has it too)",
        )
    ]


def test_soundbite_warning(make_show: ShowMaker) -> None:
    bite = '\n  - start: 30\n    duration: 5\n    title: "Te kort"'
    root = make_show(episodes={"001-a": episode(1, soundbites=bite), "002-b": episode(2)})
    code, stdout, _ = check(root, "--format", "json")
    assert code == 0
    report = json.loads(stdout)
    assert (report["ok"], report["errors"], report["warnings"]) == (True, 0, 1)
    assert [(f["level"], f["message"]) for f in report["findings"]] == [
        (
            "warning",
            "episodes/001-a.yaml:8: soundbite duration: got '5', expected 15 to 120 seconds",
        )
    ]


@pytest.fixture(scope="module")
def mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("audio") / "tone.mp3"
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
            "-b:a",
            "32k",
            str(path),
        ],
        check=True,
    )
    return path.read_bytes()


def test_enclosure_length_must_match_the_served_file(
    make_show: ShowMaker, mp3: bytes, tmp_path: Path
) -> None:
    text = episode(1).replace("audio: https://media.show.example/1.mp3", "audio: audio/1.mp3")
    root = make_show(episodes={"001-a": text}, files={"audio/1.mp3": mp3})
    options = BuildOptions(root, root / "site", datetime(2026, 6, 1, tzinfo=UTC), offline=True)
    prepared = prepare(options)
    assert check_prepared(prepared).errors == ()  # the build measures the file itself
    # Should the served file ever differ from what the feed says (a re-encode after the
    # build measured it), check catches it before subscribers download a broken file.
    other = tmp_path / "longer.mp3"
    other.write_bytes(mp3 + b"\x00" * 10)
    files = {k: (other if k.startswith("audio/") else v) for k, v in prepared.files.items()}
    report = check_prepared(replace(prepared, files=files))
    assert [str(f) for f in report.errors] == [
        f"episodes/001-a.yaml:6: enclosure length: got '{len(mp3)}', expected {len(mp3) + 10}, "
        "the size of the audio file the site serves"
    ]


class _AudioHost(http.server.BaseHTTPRequestHandler):
    """/ranged.mp3 honours Range; /plain.mp3 ignores it (as some hosts do)."""

    body = b"\xff\xfb" + b"\x00" * 998

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        if self.path not in ("/ranged.mp3", "/plain.mp3"):
            self.send_error(404)
            return
        wanted = self.headers.get("Range")
        if wanted and self.path == "/ranged.mp3":
            start, end = (int(x) for x in wanted.removeprefix("bytes=").split("-"))
            chunk = self.body[start : end + 1]
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(self.body)}")
        else:
            chunk = self.body
            self.send_response(200)
        self.send_header("Content-Type", "audio/mpeg")
        self.send_header("Content-Length", str(len(chunk)))
        self.end_headers()
        if send_body:
            self.wfile.write(chunk)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def audio_host() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AudioHost)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_online_checks_length_and_byte_ranges(make_show: ShowMaker, audio_host: str) -> None:
    good = episode(1).replace("https://media.show.example/1.mp3", f"{audio_host}/ranged.mp3")
    good = good.replace("length: 1234567", "length: 1000")
    bad = episode(2).replace("https://media.show.example/2.mp3", f"{audio_host}/plain.mp3")
    root = make_show(episodes={"001-a": good, "002-b": bad})
    code, stdout, _ = check(root, "--online", "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    errors = [f["message"] for f in report["findings"] if f["level"] == "error"]
    assert errors == [
        "episodes/002-b.yaml:5: audio host: got HTTP 200 to a Range request, expected 206 "
        "Partial Content (Apple requires byte-range support)",
        "episodes/002-b.yaml:6: enclosure length: got '1234567', expected 1000, the size the "
        "audio host reports",
    ]
    # http:// enclosures are allowed but warned about (Apple prefers https).
    assert {f["field"] for f in report["findings"] if f["level"] == "warning"} == {"enclosure url"}


def test_content_problems_are_errors_in_the_report(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1) + "explicit: maybe\n"})
    code, stdout, _ = check(root, "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert [f["message"] for f in report["findings"]] == [
        "episodes/001-a.yaml:8: explicit: got 'maybe', expected true or false"
    ]


def test_serial_show_needs_episode_numbers(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2).replace("number: 2\n", ""),
        },
        config=BASIC_CONFIG.replace("explicit = false", 'explicit = false\ntype = "serial"'),
    )
    code, _, stderr = check(root)
    assert code == 1
    assert lines(stderr, "Error") == [
        "Error: episodes/002-b.yaml:1: number: got nothing, expected an episode number "
        "(a serial show needs itunes:episode)"
    ]


def test_every_role_the_taxonomy_has_passes_check(make_show: ShowMaker) -> None:
    """check once kept its own 19 roles (one misspelt) and warned on valid ones the feed
    writes; it now holds the feed to exactly the taxonomy the loader accepts."""
    guests = (
        "guests:\n"
        "  - {name: Ada, role: guest host}\n"
        "  - {name: Bram, role: Executive Producer}\n"
        "  - {name: Cor, role: translater}\n"  # the taxonomy's own spelling
        "  - {name: Dirk, role: fact checker}\n"
    )
    root = make_show(episodes={"001-a": episode(1) + guests})
    code, stdout, stderr = check(root)
    assert code == 0, stderr
    assert stdout.strip() == "Checked 1 episode: 0 errors, 0 warnings."


def test_a_misspelt_role_is_an_error_naming_the_nearest_role(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1) + "guests:\n  - {name: Bram, role: excutive producer}\n"}
    )
    code, _, stderr = check(root)
    assert code == 1
    assert lines(stderr, "Error") == [
        "Error: episodes/001-a.yaml:9: guests.role: got 'excutive producer', expected a "
        "Podcasting 2.0 role such as 'executive producer'"
    ]


def test_check_of_a_feed_holds_person_roles_to_the_taxonomy() -> None:
    """The pure rule, on feed XML: a role outside the taxonomy is an error with the nearest."""
    from lxml import etree

    from pipeline.check.feed import check_people
    from pipeline.check.findings import Collector
    from pipeline.spec.podcasting20 import PODCAST_NS

    channel = etree.fromstring(
        f'<channel xmlns:podcast="{PODCAST_NS}">'
        '<podcast:person role="Guest Host">A</podcast:person>'
        '<podcast:person role="co-hots">B</podcast:person>'
        "<podcast:person>C</podcast:person></channel>"
    )
    out = Collector()
    check_people(channel, {"podcast": PODCAST_NS}, "feed.xml", None, out)
    assert [str(f) for f in out.items] == [
        "feed.xml: person role: got 'co-hots', expected a Podcasting 2.0 role such as 'co-host'"
    ]


def test_chapters_json_nested_too_deeply_is_invalid_json() -> None:
    """json reads arrays by recursion: 100,000 [ raised RecursionError, not ValueError."""
    from pipeline.check.files import check_chapters_json
    from pipeline.check.findings import Collector

    out = Collector()
    check_chapters_json(b"[" * 100_000, "episodes/001-a.yaml", 9, out)
    assert [str(f) for f in out.items] == [
        "episodes/001-a.yaml:9: chapters: got invalid JSON, expected JSON chapters"
    ]


def test_artwork_cut_short_is_an_error(make_show: ShowMaker) -> None:
    """Before: Pillow read the header only, so a PNG cut short (an upload that stopped
    halfway) passed check with 0 errors; no app can show its pixels."""
    whole = png((1400, 1400))
    config = BASIC_CONFIG.replace("https://show.example/art.jpg", "art.png")
    root = make_show(
        config=config, episodes={"001-a": episode(1)}, files={"art.png": whole[: len(whole) // 2]}
    )
    code, _, stderr = check(root)
    assert code == 1
    assert lines(stderr, "Error") == [
        "Error: podcast.toml:6: artwork: got a 1400x1400 PNG image that cannot be decoded "
        "(image file is truncated), expected a complete JPEG or PNG image"
    ]
    (root / "art.png").write_bytes(whole)
    assert check(root)[0] == 0


def test_an_http_base_url_is_warned_about(make_show: ShowMaker) -> None:
    """An http:// base_url puts the feed, the show's own artwork and audio on http: allowed
    by the RSS and Apple's written rules, but Apple Podcasts fetches over https in practice.
    Build and check said nothing; check warns at the setting."""
    config = BASIC_CONFIG.replace('base_url = "https://', 'base_url = "http://')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = check(root)
    assert code == 0, stderr
    assert lines(stderr, "Warning") == [
        f"Warning: podcast.toml:5: base_url: got 'http://show.example/', expected {HTTPS_EXPECTED}"
    ]
