"""Fixtures for the site's tests."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.conftest import REPO


@pytest.fixture(scope="session")
def tiny_png() -> bytes:
    """A 600 px square PNG, as episode artwork (feed artwork is larger; the pages use copies)."""
    image = Image.new("RGB", (600, 600), (40, 90, 120))
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


# -- a real Chromium (Debian's, driven by Playwright; no browser downloads) ----------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE = REPO / "tests" / "node" / "node_modules"  # `npm ci --prefix tests/node` (make test)
SHOTS = REPO / "test-output" / "site"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def node_tool(relative: str) -> Path:
    """A file of the test suite's npm packages; a clear failure when they are not installed."""
    path = NODE / relative
    if not path.is_file():
        pytest.fail(f"{path} is missing; run `npm ci --prefix tests/node` (make test does)")
    return path


@pytest.fixture(scope="module")  # one Playwright at a time: other test folders start their own
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():  # `make test` installs it (Makefile: system-test)
        pytest.fail(f"{CHROMIUM} is missing; run `make system-test` to install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


def local_only(route: Route) -> None:
    """Tests never reach beyond 127.0.0.1 (the test config's artwork, SoundCloud players)."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def new_page(browser: Browser, size: dict[str, int] = DESKTOP, **options: Any) -> Page:
    """A page in a fresh context. Playwright's own waiting and axe-core's injection evaluate
    strings as script, which the site's Content-Security-Policy forbids: tests bypass it,
    except the one that checks the site under it (``bypass_csp=False``)."""
    options.setdefault("bypass_csp", True)
    context = browser.new_context(viewport=size, is_mobile=size == PHONE, **options)
    context.route("**/*", local_only)
    return context.new_page()
