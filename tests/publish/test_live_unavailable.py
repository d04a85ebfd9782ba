"""`--previous live` against a host that answers 503 or does not answer: the run ends within
`--live-timeout` (retries and their waits included) and says what the host did. It took
90 s with a stated limit of 60 s and blamed a body that "did not arrive within 60s", for a
host that had answered 503 every time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, Route, answer

NOW = "2026-06-01T12:00+02:00"


@pytest.fixture
def released() -> Iterator[threading.Event]:
    """Set when the test ends, so a route still waiting lets its thread go."""
    event = threading.Event()
    yield event
    event.set()


def publish_live(
    make_show: ShowMaker, route: Route, *args: str, released: threading.Event | None = None
) -> tuple[int, str, float, str]:
    """Exit code, stderr and seconds taken of a publish against a host serving ``route``
    as the feed, and the feed's URL; ``released`` is set once the publish is done."""
    with Loopback({"/feed.xml": route}) as host:
        root = make_show(
            config=BASIC_CONFIG.replace("https://show.example/", host.url + "/"),
            episodes={"001-a": episode(1)},
        )
        command = ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW]
        started = time.monotonic()
        result = CliRunner().invoke(main, [*command, "--previous", "live", *args])
        took = time.monotonic() - started
        if released is not None:
            released.set()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert not (root / "site").exists()
    assert not (root / "published.json").exists()
    return result.exit_code, result.stderr, took, f"{host.url}/feed.xml"


def test_a_host_answering_503_is_named_with_how_often(make_show: ShowMaker) -> None:
    """The backoff waits 0, 1, then 2 s: within 2.5 s the third wait does not fit, so
    there are three tries and the run ends after about 1 s."""
    code, stderr, took, url = publish_live(
        make_show, lambda h: answer(h, 503, b"busy"), "--live-timeout", "2.5"
    )
    assert code == 1
    assert stderr.splitlines() == [
        f"Error: the live feed {url} answered HTTP 503 Service Unavailable 3 times; "
        "not publishing blind"
    ]
    # the timeout, and the build before the feed is read, with room for a busy machine
    assert took < 2.5 + 5
    # (the message names the tries: a fourth, 2 s later, would pass the timeout)


def test_a_503_asking_for_a_longer_wait_than_is_left_is_reported_at_once(
    make_show: ShowMaker,
) -> None:
    route = lambda h: answer(h, 503, b"busy", Retry_After="30")  # noqa: E731
    code, stderr, took, url = publish_live(make_show, route, "--live-timeout", "5")
    assert code == 1
    assert stderr.splitlines() == [
        f"Error: the live feed {url} answered HTTP 503 Service Unavailable; not publishing blind"
    ]
    assert took < 5  # was: 3 x 30 s asleep (the rest is the build, on a busy machine)


def test_a_host_that_does_not_answer_stops_at_the_timeout(
    make_show: ShowMaker, released: threading.Event
) -> None:
    def silent(h: BaseHTTPRequestHandler) -> None:
        released.wait(30)

    code, stderr, took, url = publish_live(
        make_show, silent, "--live-timeout", "1.5", released=released
    )
    assert code == 1
    assert stderr.splitlines() == [
        f"Error: cannot read the live feed ({url}: did not answer within 1.5 s, asked once); "
        "not publishing blind"
    ]
    assert 1.5 <= took < 1.5 + 5  # was: 4 x 20 s


@pytest.mark.parametrize("value", ["0", "-1", "nan", "3601", "soon"])
def test_a_live_timeout_that_is_no_number_of_seconds_is_refused(
    make_show: ShowMaker, value: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    result = CliRunner().invoke(
        main, ["publish", "--root", str(root), "--previous", "live", "--live-timeout", value]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--live-timeout'" in result.stderr
    assert "Traceback" not in result.output
    assert not (root / "site").exists()
