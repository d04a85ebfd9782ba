"""The shared HTTP session against a real loopback server: retries, Retry-After, timeouts,
refused connections, the on-disk cache and offline mode."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.enrich.http import NotCachedError, make_session
from pipeline.errors import FetchError
from tests.fake_soundcloud import FakeSoundCloud

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
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
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
