"""The player and search in a real Chromium on the real preview server: an episode keeps
playing while the listener moves through the site (back button included), chapter marks
seek, the speed changes, captions show the transcript's line at its time and the transcript
follows along, everything works from the keyboard, pages still play without JavaScript, the
home page's first phone screen has the newest episode's play button, and search finds a word
that only the transcript contains."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import BASIC_CONFIG
from tests.preview_server import Preview, preview
from tests.site.conftest import PHONE, new_page

pytestmark = pytest.mark.slow

EPISODE = """\
title: "Afl. 1: De kassa als visitekaartje"
number: 1
date: 2026-03-04 07:00
guid: urn:uuid:5b0e8a52-4c1e-4d55-9d0e-1f6a1d2c3b01
audio: audio/kassa.mp3
summary: Over de plek waar elke klant eindigt, de kassa.
transcript: transcripts/kassa.srt
chapters:
  - start: "0:00"
    title: Welkom
  - start: "0:20"
    title: Wat ligt er naast de kassa?
  - start: "0:40"
    title: Afrekenen zonder wachtrij
post: 2026-03-04-de-kassa-als-visitekaartje
"""
# "bonnetjesrolhouder" appears in the transcript only: search must find it there.
TRANSCRIPT = """\
1
00:00:00,500 --> 00:00:09,000
Welkom bij de aflevering over de kassa.

2
00:00:20,000 --> 00:00:28,000
Naast de kassa staat de bonnetjesrolhouder.

3
00:00:40,000 --> 00:00:50,000
Afrekenen zonder dat iemand hoeft te wachten.
"""
POSTS = {
    "2026-03-04-de-kassa-als-visitekaartje": """\
---
title: "De kassa als visitekaartje"
date: 2026-03-04 07:00
tags: [kassa, klantcontact]
---

De kassa is de laatste plek die een klant ziet. Een opgeruimde kassa met een vriendelijk
woord geeft vertrouwen.

Lees ook: Drukte bij de kassa in december
""",
    "2026-02-10-drukte-bij-de-kassa": """\
---
title: "Drukte bij de kassa in december"
date: 2026-02-10 09:00
tags: [kassa, klantcontact, december]
---

In december staat er een rij bij de kassa. Hoe houd je het afrekenen snel en vriendelijk?
""",
    "2026-01-05-appeltaart": """\
---
title: "Onze favoriete appeltaart"
date: 2026-01-05 09:00
tags: [recept]
---

Een recept met appels, kaneel en veel boter.
""",
}
AUDIO = "document.getElementById('dock-audio')"


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("player") / "show"
    for folder in ("episodes", "posts", "audio", "transcripts"):
        (root / folder).mkdir(parents=True)
    (root / "podcast.toml").write_text(BASIC_CONFIG, "utf-8")
    (root / "episodes/001-kassa.yaml").write_text(EPISODE, "utf-8")
    (root / "transcripts/kassa.srt").write_text(TRANSCRIPT, "utf-8")
    for name, text in POSTS.items():
        (root / "posts" / f"{name}.md").write_text(text, "utf-8")
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=330:duration=60",
         "-ac", "1", "-b:a", "32k", str(root / "audio/kassa.mp3")],
        check=True,
    )  # fmt: skip
    return root


@pytest.fixture(scope="module")
def server(show: Path) -> Iterator[Preview]:
    with preview(show, "--now", "2026-06-01T12:00+02:00") as running:
        yield running


def playing_at_least(page: Page, seconds: float) -> float:
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime >= {seconds}", timeout=15_000)
    return float(page.evaluate(f"{AUDIO}.currentTime"))


def start_episode(browser: Browser, server: Preview, **options: object) -> Page:
    page = new_page(browser, **options)  # type: ignore[arg-type]
    page.goto(server.url + "episodes/001-kassa/")
    page.locator(".head-play .play-button").click()
    playing_at_least(page, 0.3)
    return page


def test_keeps_playing_while_moving_through_the_site(browser: Browser, server: Preview) -> None:
    page = start_episode(browser, server)
    page.evaluate("window.sameDocument = true")  # gone if a page were loaded the usual way
    assert page.locator("#dock").is_visible()
    assert page.locator(".dock-title").inner_text() == "Afl. 1: De kassa als visitekaartje"
    before = float(page.evaluate(f"{AUDIO}.currentTime"))
    for name, url in (
        (
            "Lees het artikel op zijn eigen pagina: De kassa als visitekaartje",
            "posts/de-kassa-als-visitekaartje/",
        ),
        ("Drukte bij de kassa in december", "posts/drukte-bij-de-kassa/"),  # the Lees ook link
        ("Archief", "archive/"),
    ):
        page.get_by_role("link", name=name, exact=True).first.click()
        page.wait_for_url(server.url + url)
        page.wait_for_function(f"document.querySelector('h1') && {AUDIO}.currentTime > {before}")
        now = playing_at_least(page, before + 0.2)
        assert now > before, (url, now, before)
        before = now
        assert page.evaluate("window.sameDocument") is True
        assert page.locator("h1").first.is_visible()
    assert page.locator("h1").inner_text() == "Archief"
    assert page.title().startswith("Archief")
    # The back button goes back a page, still playing.
    page.go_back()
    page.wait_for_url(server.url + "posts/drukte-bij-de-kassa/")
    page.wait_for_function("document.querySelector('h1').innerText.startsWith('Drukte')")
    assert playing_at_least(page, before) >= before
    assert page.evaluate("window.sameDocument") is True
    # A reload keeps the episode and its place in the dock, paused.
    page.reload()
    page.wait_for_function(f"{AUDIO}.currentTime >= {before - 1}")
    assert page.locator(".dock-title").inner_text() == "Afl. 1: De kassa als visitekaartje"
    page.context.close()


def test_chapters_speed_and_captions(browser: Browser, server: Preview) -> None:
    page = start_episode(browser, server)
    # Chapter marks on the position slider seek.
    marks = page.locator(".dock-marks .dock-mark")
    marks.first.wait_for()
    assert marks.count() == 3
    marks.nth(2).click()
    assert 39.5 <= playing_at_least(page, 39.5) < 60
    assert page.locator(".dock-chapter").inner_text() == "Hoofdstuk: Afrekenen zonder wachtrij"
    # And so does the chapter list.
    page.locator(".dock-list").click()
    assert page.locator(".dock-list").get_attribute("aria-expanded") == "true"
    page.locator("#dock-chapters button").nth(1).click()
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - 20.5) < 2")
    # Speed 1x-2x.
    options = page.locator(".dock-speed option").all_inner_texts()
    assert options == ["1×", "1,25×", "1,5×", "1,75×", "2×"]
    page.select_option(".dock-speed", "2")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2
    # Captions: the transcript as a <track>; its line shows at its time.
    page.locator(".dock-cc").click()
    assert page.locator(".dock-cc").get_attribute("aria-pressed") == "true"
    page.evaluate(f"{AUDIO}.currentTime = 21")
    page.wait_for_function(
        "document.querySelector('.dock-caption').innerText.includes('bonnetjesrolhouder')"
    )
    cue = page.evaluate(f"{AUDIO}.textTracks[0].activeCues[0].text")
    assert cue == "Naast de kassa staat de bonnetjesrolhouder."
    assert page.evaluate(f"{AUDIO}.textTracks[0].kind") == "captions"
    # The transcript on the episode page follows along.
    current = page.locator(".cues .cue.current")
    current.wait_for()
    assert current.get_attribute("data-start") == "20.0"
    assert current.get_attribute("aria-current") == "true"
    # The speed stays as chosen on the next page.
    page.get_by_role("link", name="Archief", exact=True).first.click()
    page.wait_for_url(server.url + "archive/")
    assert page.locator(".dock-speed").input_value() == "2"
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2
    page.context.close()


def test_keyboard_and_screen_reader(browser: Browser, server: Preview) -> None:
    page = new_page(browser)
    page.goto(server.url + "episodes/001-kassa/")
    button = page.get_by_role("button", name="Speel af – Afl. 1: De kassa als visitekaartje")
    button.focus()
    page.keyboard.press("Enter")
    playing_at_least(page, 0.2)
    assert page.locator(".dock-toggle").get_attribute("aria-label") == "Pauzeren"
    # Chapter times on the page are buttons now, named for what they do.
    chapter = page.locator("main").get_by_role(
        "button", name="Speel af vanaf 0:40: Afrekenen zonder wachtrij"
    )
    chapter.focus()
    page.keyboard.press("Space")
    playing_at_least(page, 39.5)
    # The dock's controls: the slider moves with the arrow keys and says where it is.
    assert page.locator("main .play-button").inner_text().startswith("Pauzeren")
    toggle = page.get_by_role("region", name="Speler").get_by_role("button", name="Pauzeren")
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"{AUDIO}.paused")
    # The label follows the audio's "pause" event, which comes a moment after .paused.
    expect(page.locator(".dock-toggle")).to_have_attribute("aria-label", "Afspelen")
    slider = page.get_by_role("slider", name="Positie")
    assert slider.get_attribute("aria-valuetext").endswith(" van 1:00")  # type: ignore[union-attr]
    slider.focus()
    before = float(page.evaluate(f"{AUDIO}.currentTime"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"{AUDIO}.currentTime < {before - 0.5}")
    page.get_by_role("button", name="15 seconden terug").click()
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - {before - 16}) < 1.5")
    page.get_by_role("button", name="30 seconden vooruit").click()
    page.wait_for_function(f"Math.abs({AUDIO}.currentTime - {before + 14}) < 1.5")
    assert page.get_by_role("region", name="Speler").count() == 1
    assert page.get_by_role("combobox", name="Snelheid").count() == 1
    page.context.close()


def test_without_javascript_a_plain_player(browser: Browser, server: Preview) -> None:
    page = new_page(browser, java_script_enabled=False)
    page.goto(server.url + "episodes/001-kassa/")
    audio = page.locator("main audio[controls]")
    assert audio.is_visible()
    assert audio.locator("track").get_attribute("src") == "../../transcripts/001-kassa.vtt"
    assert not page.locator(".play-button").is_visible()
    assert not page.locator("#dock").is_visible()
    # Chapter times link to that moment of the audio file.
    assert page.get_by_role("link", name="Speel af vanaf 0:20: Wat ligt er naast de kassa?") \
        .get_attribute("href") == "../../audio/kassa.mp3#t=20.0"  # fmt: skip
    page.get_by_role("link", name="Archief", exact=True).first.click()
    page.wait_for_url(server.url + "archive/")
    page.context.close()


def test_phone_home_shows_the_newest_episode_first(browser: Browser, server: Preview) -> None:
    page = new_page(browser, PHONE)
    page.goto(server.url)
    button = page.locator("main .newest .play-button")
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert page.locator("main .newest h2").inner_text() == "Afl. 1: De kassa als visitekaartje"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the home page scrolls sideways on a phone"
    page.context.close()


def test_search_finds_a_word_only_the_transcript_has(
    browser: Browser, server: Preview, show: Path
) -> None:
    sources = [*show.glob("posts/*.md"), *show.glob("episodes/*.yaml")]
    assert not [p for p in sources if "bonnetjesrolhouder" in p.read_text("utf-8")]
    page = new_page(browser)
    page.goto(server.url + "search/")
    page.get_by_label("Zoek in afleveringen, artikelen en uitgeschreven teksten").fill(
        "bonnetjesrolhouder"
    )
    result = page.locator(".search-results li a")
    result.first.wait_for(timeout=15_000)
    assert result.count() == 1
    assert result.first.inner_text() == "Afl. 1: De kassa als visitekaartje"
    assert result.first.get_attribute("href") == server.url + "episodes/001-kassa/"
    assert "bonnetjesrolhouder" in page.locator(".search-results mark").first.inner_text()
    assert page.locator(".search-status").inner_text() == "1 resultaat voor “bonnetjesrolhouder”"
    assert page.url.endswith("search/?q=bonnetjesrolhouder")
    # The address can be shared: opening it searches again.
    other = new_page(browser)
    other.goto(page.url)
    other.locator(".search-results li a").first.wait_for(timeout=15_000)
    # Words nobody said: nothing found, and it says so.
    page.get_by_label("Zoek in afleveringen, artikelen en uitgeschreven teksten").fill("xylofoon")
    page.wait_for_function("document.querySelector('.search-status').innerText.includes('Niets')")
    assert page.locator(".search-results li").count() == 0
    for opened in (page, other):
        opened.context.close()


def test_screenshots_of_the_player(browser: Browser, server: Preview) -> None:
    folder = Path(__file__).resolve().parents[2] / "test-output" / "site" / "player"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, size in (("desktop", None), ("phone", PHONE)):
        page = start_episode(browser, server, **({"size": size} if size else {}))
        page.locator(".dock-cc").click()
        page.evaluate(f"{AUDIO}.currentTime = 21")
        page.wait_for_function("document.querySelector('.dock-caption').innerText.length > 0")
        page.screenshot(path=str(folder / f"episode-playing-{name}.png"))
        page.get_by_role("link", name="Archief", exact=True).first.click()
        page.wait_for_url(server.url + "archive/")
        page.screenshot(path=str(folder / f"archive-playing-{name}.png"))
        page.context.close()
    assert len(list(folder.glob("*.png"))) == 4


COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def poll(page: Page, expression: str, timeout: float = 15.0) -> None:
    """Wait until ``expression`` is true, evaluated through the DevTools protocol (which the
    page's policy does not govern), not Playwright's wait_for_function (an eval it forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, expression
        time.sleep(0.05)


def test_the_site_works_under_its_content_security_policy(
    browser: Browser, server: Preview
) -> None:
    """Every page carries the policy (a <meta>, and the preview's header): playing, moving
    on while playing, chapters and search run with nothing blocked."""
    page = new_page(browser, bypass_csp=False)
    page.add_init_script(COLLECT_VIOLATIONS)
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(server.url + "episodes/001-kassa/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 1
    page.locator(".head-play .play-button").click()
    poll(page, f"!{AUDIO}.paused && {AUDIO}.currentTime >= 0.3")
    page.get_by_role("link", name="Archief", exact=True).first.click()
    page.wait_for_url(server.url + "archive/")
    poll(page, f"!{AUDIO}.paused && {AUDIO}.currentTime >= 0.5")  # still playing
    assert page.evaluate("window.__csp") == []
    for path in ("", "posts/de-kassa-als-visitekaartje/", "subscribe/", "tags/", "bestaat-niet/"):
        page.goto(server.url + path)
        assert page.evaluate("window.__csp") == [], path
    page.goto(server.url + "search/?q=bonnetjesrolhouder")
    poll(page, "document.querySelectorAll('.search-results li a').length > 0")
    assert page.evaluate("window.__csp") == []
    assert blocked == []
    page.context.close()
