"""A ping whose service does not answer in time says the limit it was given, against a real
HTTP server on 127.0.0.1 that holds the request: the WebSub ping waited its 10 s and the
message said "no answer within 20s", the session's default read timeout."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from pipeline.enrich.http import DEFAULT_TIMEOUT, make_session
from pipeline.errors import PublishError
from pipeline.publish.ping import Ping, send
from tests.loopback import Loopback, answer

LIMIT = 0.3  # seconds: a ping's own limit, far below the session's (DEFAULT_TIMEOUT)
FEED = "https://show.example/feed.xml"


@pytest.fixture
def stalling() -> Iterator[Loopback]:
    """A hub and a Podping that answer nothing until the test is done with them."""
    done = threading.Event()

    def hold(h: BaseHTTPRequestHandler) -> None:
        done.wait(5)
        answer(h, 204)

    with Loopback({"/hub": hold, "/podping/": hold}) as server:
        try:
            yield server
        finally:
            done.set()  # the held requests end now, not after a sleep


@pytest.mark.parametrize(
    ("service", "what"),
    [("websub", "WebSub hub {url}/hub"), ("podping", "Podping {url}/podping/")],
)
def test_a_ping_timeout_names_the_limit_it_was_given(
    stalling: Loopback, service: str, what: str
) -> None:
    url = stalling.url
    endpoint = f"{url}/hub" if service == "websub" else f"{url}/podping/"
    ping = Ping(service, endpoint, FEED, "update", "podcast", "PODPING_TOKEN")
    session = make_session(None, retries=0)  # one try: the message is what is tested here
    with pytest.raises(PublishError) as caught:
        send(ping, session, {"PODPING_TOKEN": "t"}, timeout=LIMIT)
    target = f"{endpoint}?url=" if service == "podping" else endpoint
    message = str(caught.value)
    assert message.startswith(f"{what.format(url=url)} not notified ({target}")
    assert message.endswith(f": timed out (no answer within {LIMIT:g}s))")  # was: 20s
    assert f"{DEFAULT_TIMEOUT[1]:g}s" not in message
