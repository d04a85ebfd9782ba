"""A real headless Chromium (Debian's, driven by Playwright; no browser downloads) on the
real preview server: players, a chapter click that plays the episode from there, keyboard
seeking, a related-article link (the player keeps playing), a phone-sized page, and
screenshots under test-output/browser/. The player in depth: tests/site/."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.conftest import REPO, ShowMaker
from tests.preview_server import preview

pytestmark = pytest.mark.slow  # a real Chromium

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
SHOTS = REPO / "test-output" / "browser"

EPISODE = """\
title: "Afl. 1: De kassa als visitekaartje"
number: 1
date: 2026-03-04 07:00
guid: urn:uuid:5b0e8a52-4c1e-4d55-9d0e-1f6a1d2c3b01
audio: audio/kassa.mp3
summary: Over de plek waar elke klant eindigt, de kassa.
chapters:
  - start: "0:00"
    title: Welkom
  - start: "0:20"
    title: Wat ligt er naast de kassa?
  - start: "0:40"
    title: Afrekenen zonder wachtrij
post: 2026-03-04-de-kassa-als-visitekaartje
"""
PAIRED = """\
---
title: "De kassa als visitekaartje"
date: 2026-03-04 07:00
tags: [kassa, klantcontact]
---

De kassa is de laatste plek die een klant ziet. Een rommelige kassa met een kapotte
pinautomaat en een stapel oude folders laat een klant twijfelen, terwijl een opgeruimde
kassa met een vriendelijk woord vertrouwen geeft.
"""
RELATED = """\
---
title: "Drukte bij de kassa in december"
date: 2026-02-10 09:00
tags: [kassa, klantcontact, december]
---

In december staat er een rij bij de kassa. Hoe houd je het afrekenen snel en vriendelijk,
met een tweede pinautomaat, een extra kassa en een klant die niet hoeft te wachten?
"""
OTHER = """\
---
title: "Onze favoriete appeltaart"
date: 2026-01-05 09:00
tags: [recept]
---

Een recept met appels, kaneel en veel boter.
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():  # `make test` installs it (Makefile: system-test)
        pytest.fail(f"{CHROMIUM} is missing; run `make system-test` to install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def show(make_show: ShowMaker, tmp_path: Path) -> Path:
    mp3 = tmp_path / "kassa.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=330:duration=60",
         "-ac", "1", "-b:a", "32k", str(mp3)],
        check=True,
    )  # fmt: skip
    return make_show(
        episodes={"001-kassa": EPISODE},
        posts={
            "2026-03-04-de-kassa-als-visitekaartje": PAIRED,
            "2026-02-10-drukte-bij-de-kassa": RELATED,
            "2026-01-05-appeltaart": OTHER,
        },
        files={"audio/kassa.mp3": mp3.read_bytes()},
    )


def _local_only(route: Route) -> None:
    """Tests never reach beyond 127.0.0.1 (SoundCloud players, the test config's artwork)."""
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def _page(browser: Browser, **options: object) -> Page:
    # Playwright waits by evaluating strings, which the site's policy forbids; the site
    # under its policy is tested in test_player_browser.py.
    options.setdefault("bypass_csp", True)
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.route("**/*", _local_only)
    return context.new_page()


def _current_time(page: Page) -> float:
    return float(page.evaluate("document.getElementById('dock-audio').currentTime"))


AUDIO = "document.getElementById('dock-audio')"


@pytest.mark.slow
def test_player_chapters_and_related_in_chromium(browser: Browser, show: Path) -> None:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    with preview(show, "--now", "2026-06-01T12:00+02:00") as server:
        page = _page(browser, viewport={"width": 1100, "height": 900})
        page.goto(server.url)
        assert page.locator("html").get_attribute("lang") == "nl"
        # The newest episode's player; JavaScript made its <audio> a play button.
        assert page.locator("main .newest .play-button").is_visible()
        page.screenshot(path=str(SHOTS / "home.png"), full_page=True)

        page.get_by_role("link", name="Afl. 1: De kassa als visitekaartje").first.click()
        page.wait_for_url(server.url + "episodes/001-kassa/")
        assert page.locator("#player-001-kassa .play-button").count() == 1

        # A click on a chapter time plays the episode from there, in the dock.
        page.locator("section.chapters button[data-seek='40.0']").click()
        page.wait_for_function(f"{AUDIO}.currentTime >= 39.5", timeout=10_000)
        assert 39.5 <= _current_time(page) < 60
        page.screenshot(path=str(SHOTS / "episode-after-chapter.png"), full_page=True)

        # The chapter buttons work from the keyboard too.
        page.locator("section.chapters button[data-seek='20.0']").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 20) < 5", timeout=10_000)

        # Follow a related article ("Lees en luister ook"), still playing.
        related = page.locator("h2:has-text('Lees en luister ook') + ul a[href*='posts/']")
        assert related.count() >= 1
        title = related.first.inner_text()
        assert title == "Drukte bij de kassa in december"
        related.first.click()
        page.wait_for_url("**/posts/**")
        page.wait_for_function(f"document.querySelector('h1').innerText === {title!r}")
        assert page.evaluate(f"!{AUDIO}.paused")
        page.screenshot(path=str(SHOTS / "related-article.png"), full_page=True)

        phone = _page(browser, viewport={"width": 375, "height": 740}, is_mobile=True)
        phone.goto(server.url + "episodes/001-kassa/")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, "the episode page scrolls sideways on a phone"
        phone.screenshot(path=str(SHOTS / "episode-phone.png"), full_page=True)
    for name in ("home", "episode-after-chapter", "related-article", "episode-phone"):
        assert (SHOTS / f"{name}.png").stat().st_size > 1000


@pytest.mark.slow
def test_paired_article_shows_the_episode_player(browser: Browser, show: Path) -> None:
    with preview(show, "--now", "2026-06-01T12:00+02:00") as server:
        page = _page(browser)
        page.goto(server.url + "posts/de-kassa-als-visitekaartje/")
        assert page.locator("section.listen .play-button").count() == 1
        page.locator("section.listen p a[href*='episodes/']").click()
        page.wait_for_url(server.url + "episodes/001-kassa/")
        assert page.locator("h1").inner_text() == "Afl. 1: De kassa als visitekaartje"
