"""Lighthouse (npm, tests/node) against the preview server on the local Chromium: the home
page, an episode and a post score 95 or more for performance, accessibility, best practices
and SEO, on Lighthouse's desktop and mobile settings (mobile: a throttled mid-range phone).

Six runs take about a minute and a half; the figures are written to
test-output/site/lighthouse.json for the record.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.preview_server import Preview, preview
from tests.site.conftest import CHROMIUM, SHOTS, node_tool

pytestmark = pytest.mark.slow

PAGES = {
    "home": "",
    "episode": "episodes/001-waarom-kleine-winkels-toch-winnen/",
    "post": "posts/wat-een-middag-observeren-ons-leerde-over-winkelinrichting/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MINIMUM = 95


@pytest.fixture(scope="module")
def server() -> Iterator[Preview]:
    with preview(REPO, "--now", "2026-11-24T12:00+00:00") as running:
        yield running


def lighthouse(url: str, preset: str, report: Path) -> dict[str, int]:
    command = [
        "node", str(node_tool("lighthouse/cli/index.js")), url,
        "--quiet", "--output=json", f"--output-path={report}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--disable-full-page-screenshot", "--max-wait-for-load=30000",
    ]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(report.read_text("utf-8"))
    assert not result.get("runtimeError"), result["runtimeError"]
    return {name: round(100 * result["categories"][name]["score"]) for name in CATEGORIES}


def test_lighthouse_scores(server: Preview, tmp_path: Path) -> None:
    scores: dict[str, dict[str, int]] = {}
    for name, path in PAGES.items():
        for preset in ("desktop", "mobile"):
            report = tmp_path / f"{name}-{preset}.json"
            scores[f"{name} {preset}"] = lighthouse(server.url + path, preset, report)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "lighthouse.json").write_text(json.dumps(scores, indent=1), "utf-8")
    low = {
        run: {k: v for k, v in found.items() if v < MINIMUM}
        for run, found in scores.items()
        if min(found.values()) < MINIMUM
    }
    assert low == {}, scores
