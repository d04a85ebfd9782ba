"""One deadline per request, against a real loopback server: every try, the waits between
them and the body end within it; a host that kept answering 503 is reported as such, one
that never answered as "did not answer within N s"."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from pipeline.enrich.http import make_session
from pipeline.enrich.http_answers import tries
from pipeline.errors import FetchError
from tests.loopback import Loopback, answer, free_port


@pytest.fixture
def released() -> Iterator[threading.Event]:
    """Set when the test ends, so a route still waiting lets its thread go."""
    event = threading.Event()
    yield event
    event.set()


def test_503_is_retried_only_while_the_wait_fits_the_deadline() -> None:
    """Backoff 0.5 s waits 0, 1, then 2 s: with 2.5 s in all the third wait would end past
    it, so the third 503 is the answer, after about 1 s, not 3.5 s."""
    with Loopback({"/feed.xml": lambda h: answer(h, 503, b"busy")}) as host:
        session = make_session(None, retries=5, backoff=0.5, deadline=2.5)
        started = time.monotonic()
        response = session.get(host.url + "/feed.xml")
        took = time.monotonic() - started
        assert host.hits("/feed.xml") == 3
    assert response.status_code == 503
    assert tries(response) == 3
    assert took < 2.5


def test_a_retry_after_past_the_deadline_is_not_waited_for() -> None:
    """Retry-After: 20 is within what the session honours, but not within 2 s: the 503 is
    returned at once (was: 20 s asleep, then 'did not arrive within 2s')."""
    with Loopback({"/feed.xml": lambda h: answer(h, 503, b"busy", Retry_After="20")}) as host:
        session = make_session(None, deadline=2.0)
        started = time.monotonic()
        response = session.get(host.url + "/feed.xml")
        assert time.monotonic() - started < 3.0  # was: 20 s
        assert host.hits("/feed.xml") == 1
    assert response.status_code == 503
    assert tries(response) == 1


def test_a_host_that_never_answers_fails_at_the_deadline(released: threading.Event) -> None:
    """A read timeout of 20 s would be waited out four times (80 s); the deadline cuts the
    try to the time left and names itself."""

    def silent(h: BaseHTTPRequestHandler) -> None:
        released.wait(30)

    with Loopback({"/feed.xml": silent}) as host:
        session = make_session(None, deadline=1.5)
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            session.get(host.url + "/feed.xml")
        took = time.monotonic() - started
        released.set()
    assert str(caught.value) == f"{host.url}/feed.xml: did not answer within 1.5 s, asked once"
    assert 1.4 < took < 4.0  # was: 80 s


def test_slow_503s_stop_at_the_deadline_and_count_the_tries(released: threading.Event) -> None:
    """Each answer takes 0.6 s: a fourth try would end at 2.4 s or later, past the
    deadline, so there are three, and the third 503 is what the caller gets. The deadline
    is the fourth try's end: the third is made even when each try runs up to 0.19 s late
    on a busy machine (with 2 s, tries 0.07 s late each made it two: a timing flake)."""

    def slow(h: BaseHTTPRequestHandler) -> None:
        released.wait(0.6)
        answer(h, 503, b"late")

    with Loopback({"/feed.xml": slow}) as host:
        session = make_session(None, backoff=0.01, deadline=2.4)
        started = time.monotonic()
        response = session.get(host.url + "/feed.xml")
        took = time.monotonic() - started
    assert response.status_code == 503
    assert tries(response) == 3
    assert took < 2.4


def test_a_refused_connection_is_still_named_so_within_a_short_deadline() -> None:
    port = free_port()
    session = make_session(None, backoff=0.5, deadline=0.8)
    with pytest.raises(FetchError, match=r"connection refused"):
        session.get(f"http://127.0.0.1:{port}/feed.xml")


def test_a_body_that_stalls_near_the_deadline_ends_at_it(released: threading.Event) -> None:
    """Headers at once, a byte every 0.1 s for 0.7 s, then nothing: the read waits for the
    time left (0.3 s), not for a whole read timeout after the last byte (1 s, the time
    left when the try began)."""

    def stalls(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100")
        h.end_headers()
        for _ in range(7):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)
        released.wait(30)

    with Loopback({"/feed.xml": stalls}) as host:
        session = make_session(None, timeout=(5.0, 5.0), deadline=1.0)
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"/feed.xml: the answer did not arrive within 1s"):
            session.get(host.url + "/feed.xml")
        took = time.monotonic() - started
        released.set()
    assert took < 1.4


def test_the_count_of_an_answer_leaves_out_tries_that_got_none() -> None:
    """A connection dropped without an answer, then two 503s: the host answered 503
    twice, not "3 times" (the count was every try in the retry history)."""
    hits: list[int] = []

    def flaky(h: BaseHTTPRequestHandler) -> None:
        hits.append(1)
        if len(hits) == 1:
            h.close_connection = True
            h.connection.shutdown(socket.SHUT_RDWR)  # no status line at all
            return
        answer(h, 503, b"busy")

    with Loopback({"/feed.xml": flaky}) as host:
        session = make_session(None, retries=2, backoff=0.01, deadline=10.0)
        response = session.get(host.url + "/feed.xml")
    assert len(hits) == 3
    assert response.status_code == 503
    assert tries(response) == 2
