"""The shared HTTP session against a real loopback server: retries, Retry-After, timeouts,
refused connections, the on-disk cache and offline mode."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from pipeline.enrich.http import BodyError, NotCachedError, make_session
from pipeline.enrich.soundcloud import LookupFailed, fetch_oembed, probe_audio
from pipeline.errors import FetchError
from pipeline.models import SoundCloudLink
from pipeline.settings import SoundCloudSettings
from pipeline.text.soundcloud import parse_link
from tests.fake_soundcloud import FakeSoundCloud
from tests.loopback import Loopback, Route, answer, free_port

WHEN = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud() as server:
        server.add(1, "afl-1", "Afl. 1", WHEN)
        yield server


def oembed_url(fake: FakeSoundCloud) -> str:
    return f"{fake.url}/oembed?format=json&url=https://soundcloud.com/fakeshow/afl-1"


def test_500_then_success_is_retried(fake: FakeSoundCloud, tmp_path: Path) -> None:
    fake.fail("oembed", "500", "500")
    session = make_session(tmp_path, backoff=0.01)
    response = session.get(oembed_url(fake))
    assert response.status_code == 200
    assert response.json()["author_name"] == "Fakeshow"
    assert fake.requests_to("/oembed") == 3


def test_persistent_500_returns_the_last_answer(fake: FakeSoundCloud, tmp_path: Path) -> None:
    fake.always("oembed", "500")
    session = make_session(tmp_path, retries=2, backoff=0.01)
    assert session.get(oembed_url(fake)).status_code == 500
    assert fake.requests_to("/oembed") == 3


def test_429_waits_as_long_as_retry_after_says(fake: FakeSoundCloud, tmp_path: Path) -> None:
    fake.fail("oembed", "429:1")
    session = make_session(tmp_path, backoff=0.01)
    started = time.monotonic()
    response = session.get(oembed_url(fake))
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.95  # the backoff alone would be 0.01s
    assert fake.requests_to("/oembed") == 2


def test_timeout_is_a_fetch_error(fake: FakeSoundCloud, tmp_path: Path) -> None:
    fake.always("oembed", "slow:1.5")
    session = make_session(tmp_path, timeout=(1.0, 0.3), retries=1, backoff=0.01)
    with pytest.raises(FetchError, match=r"timed out \(no answer within 0.3s\)"):
        session.get(oembed_url(fake))
    assert fake.requests_to("/oembed") == 2  # retried once


def test_connection_refused_is_a_fetch_error(tmp_path: Path) -> None:
    port = free_port()
    session = make_session(tmp_path, retries=1, backoff=0.01)
    with pytest.raises(FetchError, match=r"127\.0\.0\.1.*connection refused"):
        session.get(f"http://127.0.0.1:{port}/oembed")


def test_cache_makes_no_repeat_requests_across_sessions(
    fake: FakeSoundCloud, tmp_path: Path
) -> None:
    first = make_session(tmp_path)
    assert first.get(oembed_url(fake)).status_code == 200
    assert first.head(fake.stream_url(fake.tracks[1]), allow_redirects=True).status_code == 200
    ranged = first.get(f"{fake.url}/media/1.mp3", headers={"Range": "bytes=0-0"})
    assert ranged.status_code == 206
    count = len(fake.log)

    again = make_session(tmp_path)  # a later build, same cache folder
    assert again.get(oembed_url(fake)).json()["title"].startswith("Afl. 1")
    assert again.head(fake.stream_url(fake.tracks[1]), allow_redirects=True).status_code == 200
    # The Range header is part of the key: a plain GET is not answered with the 206.
    assert again.get(f"{fake.url}/media/1.mp3", headers={"Range": "bytes=0-0"}).status_code == 206
    assert len(fake.log) == count


def test_errors_are_not_cached(fake: FakeSoundCloud, tmp_path: Path) -> None:
    fake.fail("oembed", "404")
    assert make_session(tmp_path).get(oembed_url(fake)).status_code == 404
    assert make_session(tmp_path).get(oembed_url(fake)).status_code == 200


def test_offline_answers_from_cache_and_refuses_the_rest(
    fake: FakeSoundCloud, tmp_path: Path
) -> None:
    make_session(tmp_path).get(oembed_url(fake))
    count = len(fake.log)
    offline = make_session(tmp_path, offline=True)
    assert offline.get(oembed_url(fake)).status_code == 200
    with pytest.raises(NotCachedError, match=r"not in the HTTP cache .*--offline"):
        offline.get(f"{fake.url}/oembed?format=json&url=https://soundcloud.com/fakeshow/x")
    assert len(fake.log) == count


def test_offline_without_any_cache(fake: FakeSoundCloud) -> None:
    with pytest.raises(NotCachedError):
        make_session(None, offline=True).get(oembed_url(fake))
    assert fake.log == []


# ---------------------------------------------------------------------------------------
# The shared HTTP session against hostile or broken servers on 127.0.0.1: Retry-After that
# is unreadable, a date or far away; bodies that trickle, are huge, are gzip bombs or empty;
# and the 2 GB audio file whose size a HEAD answer reports, which is fine.


def flaky(first: int, **headers: str) -> Route:
    """A route answering ``first`` (with ``headers``) once, then 200 "ok"."""
    calls: list[int] = []

    def route(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            answer(h, first, b"later", **headers)
        else:
            answer(h, 200, b"ok")

    return route


def trickle(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Length", "1000")
    h.end_headers()
    for _ in range(50):  # one byte every 0.1 s: never a read timeout, never done in 1 s
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.1)


def huge(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(2 * 1024**3))
    h.end_headers()
    for _ in range(64):  # would go on for 2 GB; stops when the client hangs up
        h.wfile.write(bytes(1024 * 1024))


BOMB = gzip.compress(bytes(4 * 1024 * 1024))  # 4 KB on the wire, 4 MB unpacked
SMALL_GZIP = gzip.compress(b'{"title": "Gezipt"}')


def track_link() -> SoundCloudLink:
    link = parse_link("https://soundcloud.com/fakeshow/afl-1")
    assert isinstance(link, SoundCloudLink)
    return link


@pytest.fixture
def server() -> Iterator[Loopback]:
    with Loopback(
        {
            "/bad-retry-after": flaky(429, Retry_After="soon"),
            "/negative-retry-after": flaky(503, Retry_After="-5"),
            "/far-date": flaky(503, Retry_After="Wed, 21 Oct 2099 07:28:00 GMT"),
            "/past-date": flaky(503, Retry_After="Wed, 21 Oct 2015 07:28:00 GMT"),
            "/far-seconds": flaky(429, Retry_After="86400"),
            "/trickle": trickle,
            "/huge": huge,
            "/bomb": lambda h: answer(h, 200, BOMB, "application/json", Content_Encoding="gzip"),
            "/gzip": lambda h: answer(
                h, 200, SMALL_GZIP, "application/json", Content_Encoding="gzip"
            ),
            "/broken-gzip": lambda h: answer(
                h, 200, BOMB[:40] + b"rommel", "application/json", Content_Encoding="gzip"
            ),
            "/empty": lambda h: answer(h, 200, b"", "application/json"),
            "/big-audio": lambda h: answer_head_only(h, 2 * 1024**3),
        }
    ) as loop:
        yield loop


def answer_head_only(h: BaseHTTPRequestHandler, size: int) -> None:
    """An audio host for a 2 GB file: HEAD tells its size; a range request gets one byte."""
    h.send_response(206 if h.headers.get("Range") else 200)
    h.send_header("Content-Type", "audio/mpeg")
    if h.headers.get("Range"):
        h.send_header("Content-Range", f"bytes 0-0/{size}")
        h.send_header("Content-Length", "1")
        h.end_headers()
        h.wfile.write(b"I")
        return
    h.send_header("Content-Length", str(size))
    h.end_headers()


@pytest.mark.parametrize("path", ["/bad-retry-after", "/negative-retry-after", "/past-date"])
def test_unreadable_or_past_retry_after_is_retried_with_backoff(
    server: Loopback, path: str
) -> None:
    session = make_session(None, backoff=0.01)
    started = time.monotonic()
    response = session.get(server.url + path)
    assert response.status_code == 200  # was: FetchError "request failed (InvalidHeader)"
    assert response.content == b"ok"
    assert server.hits(path) == 2
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("path", ["/far-date", "/far-seconds"])
def test_a_far_retry_after_gives_up_at_once(server: Loopback, path: str) -> None:
    session = make_session(None, backoff=0.01)
    started = time.monotonic()
    response = session.get(server.url + path)
    assert time.monotonic() - started < 5  # was: 3 x 60 s asleep
    assert response.status_code in (429, 503)  # the caller reports the real answer
    assert server.hits(path) == 1


def test_a_body_that_trickles_stops_at_the_deadline(server: Loopback) -> None:
    session = make_session(None, timeout=(2.0, 2.0), retries=0, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(BodyError, match=r"/trickle: the answer did not arrive within 1s"):
        session.get(server.url + "/trickle")
    assert time.monotonic() - started < 3


def test_a_2gb_content_length_is_refused_before_reading(server: Loopback) -> None:
    session = make_session(None, retries=0)
    started = time.monotonic()
    with pytest.raises(BodyError, match=r"announced 2,147,483,648 bytes, more than"):
        session.get(server.url + "/huge")
    assert time.monotonic() - started < 2


def test_a_gzip_bomb_is_cut_off_by_its_unpacked_size(server: Loopback) -> None:
    session = make_session(None, retries=0, max_body=1024 * 1024)
    with pytest.raises(BodyError, match=r"/bomb: the answer is larger than 1,048,576 bytes"):
        session.get(server.url + "/bomb")


def test_gzip_is_decoded_and_damaged_gzip_is_a_fetch_error(server: Loopback) -> None:
    session = make_session(None, retries=0)
    assert session.get(server.url + "/gzip").json() == {"title": "Gezipt"}
    with pytest.raises(BodyError, match=r"/broken-gzip: the compressed answer is damaged"):
        session.get(server.url + "/broken-gzip")


def test_bounded_bodies_are_still_cached(server: Loopback, tmp_path: Path) -> None:
    make_session(tmp_path).get(server.url + "/gzip")
    again = make_session(tmp_path, offline=True).get(server.url + "/gzip")
    assert again.json() == {"title": "Gezipt"}
    assert server.hits("/gzip") == 1


def test_empty_oembed_answer_is_a_lookup_failure(server: Loopback) -> None:
    settings = SoundCloudSettings(oembed=server.url + "/empty")
    with pytest.raises(LookupFailed, match=r"oEmbed answered with malformed JSON"):
        fetch_oembed(make_session(None), settings, track_link())


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": ["een", "lijst"], "html": 12, "author_url": None, "thumbnail_url": {"x": 1}},
        {"title": "  ", "description": 3.5, "author_name": True},
        {"title": "Afl. 1", "unexpected": {"nested": [1, 2]}, "html": "<iframe src=x>"},
    ],
    ids=["empty", "wrong-types", "blank-title", "extra-fields"],
)
def test_odd_oembed_json_never_crashes(data: dict[str, object]) -> None:
    body = json.dumps(data).encode()
    with Loopback({"/oembed": lambda h: answer(h, 200, body, "application/json")}) as loop:
        settings = SoundCloudSettings(oembed=loop.url + "/oembed")
        info = fetch_oembed(make_session(None), settings, track_link())
    assert info.title in (None, "Afl. 1")
    assert info.track_id is None
    assert all(
        v is None or isinstance(v, str)
        for v in (info.description, info.artwork, info.author, info.user)
    )


def test_a_2gb_audio_file_is_measured_from_head(server: Loopback) -> None:
    facts = probe_audio(make_session(None), server.url + "/big-audio")
    assert facts.length == 2 * 1024**3
    assert facts.mime_type == "audio/mpeg"


def redirect(to: str) -> Route:
    return lambda h: answer(h, 302, b"", Location=to)


def test_redirect_loops_and_odd_targets_are_named() -> None:
    with Loopback({"/loop": redirect("/loop"), "/file": redirect("file:///etc/passwd")}) as loop:
        session = make_session(None, retries=0)
        with pytest.raises(FetchError, match=r"/loop: too many redirects \(a redirect loop\?\)"):
            session.get(loop.url + "/loop")
        with pytest.raises(FetchError, match=r"redirected to an address that is not http\(s\)"):
            session.get(loop.url + "/file")
        assert loop.hits("/loop") == 31  # requests' limit: 30 redirects, then it stops


@pytest.mark.parametrize("follow", [True, False])
def test_a_redirect_to_an_unreadable_address_is_a_fetch_error(tmp_path: Path, follow: bool) -> None:
    """requests reads a Location even when it does not follow it (for ``response.next``):
    an unclosed IPv6 host was a ValueError traceback from every command that asks the web
    (a share link's HEAD, an enclosure's length, a feed page), and is now a FetchError."""
    with Loopback({"/afl-1.mp3": redirect("http://[::1/afl-1.mp3")}) as host:
        session = make_session(tmp_path, retries=0)
        with pytest.raises(FetchError) as caught:
            session.head(host.url + "/afl-1.mp3", allow_redirects=follow)
        assert str(caught.value) == (
            f"{host.url}/afl-1.mp3: redirected to an address that is no web address "
            "('http://[::1/afl-1.mp3')"
        )
        assert host.hits("/afl-1.mp3") == 1
        with pytest.raises(FetchError):  # nothing was kept: the cache answers no such thing
            make_session(tmp_path, offline=True).head(host.url + "/afl-1.mp3")


def test_redirect_to_another_host_is_followed_and_cached(tmp_path: Path) -> None:
    with Loopback({"/media.mp3": lambda h: answer(h, 200, b"ID3", "audio/mpeg")}) as cdn:
        # "localhost" is another host name for the same loopback machine.
        target = cdn.url.replace("127.0.0.1", "localhost") + "/media.mp3"
        with Loopback({"/stream.mp3": redirect(target)}) as feeds:
            assert make_session(tmp_path).get(feeds.url + "/stream.mp3").content == b"ID3"
            again = make_session(tmp_path, offline=True).get(feeds.url + "/stream.mp3")
            assert again.content == b"ID3"
        assert cdn.hits("/media.mp3") == 1


def test_a_build_that_looks_nothing_up_does_not_load_the_http_stack(tmp_path: Path) -> None:
    """requests, its cache and urllib3 take 80 ms to import: the sample show's episodes say
    all about their audio, so building it offline never needs them."""
    import subprocess
    import sys

    from tests.conftest import REPO, SAMPLE_NOW

    probe = (
        "import sys\n"
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from pipeline.build import BuildOptions, build\n"
        f"build(BuildOptions(root=Path({str(REPO)!r}), out=Path({str(tmp_path / 'site')!r}),"
        f" now=datetime.fromisoformat({SAMPLE_NOW.isoformat()!r}), offline=True))\n"
        "print(sorted(m for m in ('requests', 'requests_cache', 'urllib3') if m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert found.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "site/feed.xml").is_file()
