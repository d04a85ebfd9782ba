"""Every page type of the sample show in real Chromium at desktop (1280x900) and phone
(390x844) size: axe-core finds no WCAG 2.x A or AA violation, nothing scrolls sideways, and
a screenshot of each is saved under test-output/site/ for people to look at."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import REPO
from tests.preview_server import Preview, preview
from tests.site.conftest import DESKTOP, PHONE, SHOTS, new_page, node_tool

pytestmark = pytest.mark.slow

PAGES = {
    "home": "",
    "episode": "episodes/001-waarom-kleine-winkels-toch-winnen/",
    "episode-with-guest": "episodes/002-de-etalage-als-stille-verkoper/",
    "post": "posts/wat-een-middag-observeren-ons-leerde-over-winkelinrichting/",
    "tag": "tags/klantcontact/",
    "archive": "archive/",
    "subscribe": "subscribe/",
    "search": "search/?q=etalage",
    "404": "bestaat/niet/",
    "feed": "feed.xml",
}
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The browser's own notice that XSLT is going away sits over the feed page; not our markup.
EXCLUDE = ["xslt-warning-banner"]


@pytest.fixture(scope="module")
def server() -> Iterator[Preview]:
    # The sample show as `make serve` shows it (at the golden tests' date).
    with preview(REPO, "--now", "2026-11-24T12:00+00:00") as running:
        yield running


def axe(page: Page) -> list[str]:
    """axe-core's violations of WCAG 2.0-2.2 A and AA, as ``rule: target`` lines."""
    page.add_script_tag(path=str(node_tool("axe-core/axe.min.js")))
    result = page.evaluate(
        "([rules, exclude]) => axe.run({exclude: exclude.map(s => [s])},"
        " {runOnly: {type: 'tag', values: rules}, resultTypes: ['violations']})",
        [RULES, EXCLUDE],
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def settle(page: Page, name: str) -> None:
    if name == "search":
        page.locator(".search-results li").first.wait_for(timeout=15_000)
    # Not "networkidle": the preview's live-reload event stream stays open.
    page.wait_for_load_state("load")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_type(browser: Browser, server: Preview, size: dict[str, int]) -> None:
    label = "desktop" if size == DESKTOP else "phone"
    folder = SHOTS / "pages"
    if label == "desktop":
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    page = new_page(browser, size, bypass_csp=True)
    for name, path in PAGES.items():
        page.goto(server.url + path)
        settle(page, name)
        found[name] = axe(page)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        if name != "feed":
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways at {label} size"
    # The player open at the bottom of the window, over an article.
    page.goto(server.url + PAGES["episode"])
    page.locator("main .play-button").click()
    page.locator("#dock").wait_for(state="visible")
    page.locator(".dock-list").wait_for(state="visible", timeout=10_000)
    page.locator(".dock-list").click()
    found["player"] = axe(page)
    page.screenshot(path=str(folder / f"player-{label}.png"))
    page.context.close()
    (SHOTS / f"axe-{label}.json").write_text(json.dumps(found, indent=1), "utf-8")
    assert found == {name: [] for name in found}
    for name in [*PAGES, "player"]:
        assert (folder / f"{name}-{label}.png").stat().st_size > 5_000
