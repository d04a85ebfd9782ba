"""`pipeline serve` tells open pages about rebuilds: every page it sends carries the live
reload script (the built files never do), the event stream reports each good build and each
failure, and in real Chromium a page reloads itself after an edit and shows the problems of
a broken one over the last good preview."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from pipeline.preview.server import PreviewHTTPServer, start_server
from tests.conftest import ShowMaker, episode
from tests.preview_server import preview

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewHTTPServer]:
    site = tmp_path / "site"
    (site / "posts/a").mkdir(parents=True)
    (site / "posts/a/index.html").write_text("<html><head><title>A</title></head><body>a")
    (site / "feed.xml").write_text("<rss/>")
    running = start_server(site, "/podcast/", 0)
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()


def get(server: PreviewHTTPServer, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_pages_get_the_script_and_files_stay_as_built(server: PreviewHTTPServer) -> None:
    _, _, page = get(server, "/podcast/posts/a/")
    assert page == (
        b'<html><head><title>A</title><script src="/podcast/__pipeline/reload.js" '
        b'data-build="1" defer></script></head><body>a'
    )
    assert (server.site / "posts/a/index.html").read_bytes().count(b"reload.js") == 0
    assert get(server, "/podcast/feed.xml")[2] == b"<rss/>"  # only pages
    status, headers, script = get(server, "/podcast/__pipeline/reload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert b"EventSource" in script
    assert get(server, "/podcast/__pipeline/anything-else")[0] == 404


def test_event_stream_reports_builds_and_failures(server: PreviewHTTPServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.request("GET", "/podcast/__pipeline/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    events: list[dict[str, object]] = []
    got = threading.Event()

    def read() -> None:
        for raw in response:
            line = raw.decode().strip()
            if line.startswith("data: "):
                events.append(json.loads(line[6:]))
                got.set()

    threading.Thread(target=read, daemon=True).start()

    def wait_for(count: int) -> None:
        while len(events) < count:
            got.clear()
            assert got.wait(5), events

    wait_for(1)
    server.events.failed("episodes/001-a.yaml:8: explicit: got 'maybe', expected true or false")
    wait_for(2)
    server.events.built()
    wait_for(3)
    assert events == [
        {"build": 1, "error": None},
        {
            "build": 1,
            "error": "episodes/001-a.yaml:8: explicit: got 'maybe', expected true or false",
        },
        {"build": 2, "error": None},
    ]
    connection.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


POST = """\
---
title: "Eerste versie"
date: 2026-03-01 07:00
---

Tekst van het artikel.
"""


def _settled(page: Page, expression: str) -> object:
    """``expression`` evaluated once the page stays put (a reload may still be under way)."""
    for _ in range(50):
        try:
            page.wait_for_load_state()
            return page.evaluate(expression)
        except PlaywrightError as exc:  # the page navigated while it was asked
            if "destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
            time.sleep(0.1)
    return page.evaluate(expression)


@pytest.mark.slow
def test_page_reloads_and_shows_a_broken_build(make_show: ShowMaker, browser: Browser) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-artikel")},
        posts={"2026-03-01-artikel": POST},
    )
    with preview(root, "--now", "2026-06-01T12:00+02:00") as server:
        page = browser.new_page(bypass_csp=True)  # Playwright waits by evaluating strings
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        page.goto(server.url + "posts/artikel/")
        page.evaluate("window.notReloaded = true")
        post = root / "posts/2026-03-01-artikel.md"
        post.write_text(POST.replace("Tekst van", "Nieuwe tekst van"), "utf-8")
        page.wait_for_function(
            "document.body.innerText.includes('Nieuwe tekst van het artikel')", timeout=20_000
        )
        # The page reloads twice: with the edited page at once, and when the full rebuild
        # is done; asked in between, the page can be gone under the question.
        server.wait_for_stderr("Rebuilt after changes to 2026-03-01-artikel.md.", timeout=20)
        assert _settled(page, "window.notReloaded") is None  # reloaded, not patched
        # A broken edit: the problem shows over the page, which stays the last good preview.
        good = (root / "episodes/001-a.yaml").read_text("utf-8")
        (root / "episodes/001-a.yaml").write_text(good + "explicit: maybe\n", "utf-8")
        alert = page.locator(".pipeline-build-error[role='alert']")
        alert.wait_for(timeout=20_000)
        assert "episodes/001-a.yaml:9: explicit: got 'maybe', expected true or false" in (
            alert.inner_text()
        )
        assert "Nieuwe tekst van het artikel" in page.inner_text("main")
        # Fixed: the message goes and the page is current again.
        (root / "episodes/001-a.yaml").write_text(good, "utf-8")
        alert.wait_for(state="detached", timeout=20_000)
        server.wait_for_stderr("Rebuilt after changes to 001-a.yaml.")
