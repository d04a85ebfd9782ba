"""The names and titles of podcast.toml's Podcasting 2.0 tables, and an alternate
enclosure's title, are plain text as the show's title is: a ``<script>`` written in a
funding link's text, a host's name or a trailer's title went into the feed as it was,
where apps that render HTML would run it. Each is refused at its line."""

from __future__ import annotations

import io

from PIL import Image

from tests.build.test_bad_input import errors, run
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

TOP = """\
location = { name = "<b>Utrecht</b>" }
update_frequency = { text = "<i>wekelijks</i>", rrule = "FREQ=WEEKLY" }
images = [{ file = "static/banner.png", alt = "<img src=x onerror=alert(1)>" }]
"""
TABLES = """
[[hosts]]
name = "Ann <script>alert(1)</script>"

[[funding]]
url = "https://show.example/steun"
text = "<svg onload=alert(1)>Steun ons"

[[podroll]]
url = "https://other.example/feed.xml"
title = "<script>x</script>"

[[trailers]]
title = "<b>Seizoen 2</b>"
url = "https://media.show.example/trailer.mp3"
date = 2026-01-01T07:00:00+01:00

[value]
type = "lightning"
method = "keysend"

[[value.recipients]]
name = "<u>Ann</u>"
type = "node"
address = "02ef174d4eb5f57ae8289c6a8c4a6520762e4d3dc394211340af073ed3a46e83ea"
split = 100
"""
ALTERNATE = """\
alternates:
  - audio: https://media.show.example/1.opus
    type: audio/opus
    length: 1000
    title: "Opus <script>alert(1)</script>"
"""


def banner_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 18)).save(out, "PNG")
    return out.getvalue()


PLAIN = "expected plain text without HTML tags"


def test_markup_in_a_name_or_title_is_refused_at_its_line(make_show: ShowMaker) -> None:
    root = make_show(
        config=TOP + BASIC_CONFIG + TABLES,
        episodes={"001-a": episode(1) + ALTERNATE},
        files={"static/banner.png": banner_png()},
    )
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        f"Error: episodes/001-a.yaml:12: alternates.title: got 'Opus <script>alert(1)</script>', "
        f"{PLAIN}",
        f"Error: podcast.toml:1: location.name: got '<b>Utrecht</b>', {PLAIN}",
        f"Error: podcast.toml:2: update_frequency.text: got '<i>wekelijks</i>', {PLAIN}",
        f"Error: podcast.toml:3: images[0].alt: got '<img src=x onerror=alert(1)>', {PLAIN}",
        f"Error: podcast.toml:19: hosts[0].name: got 'Ann <script>alert(1)</script>', {PLAIN}",
        f"Error: podcast.toml:23: funding[0].text: got '<svg onload=alert(1)>Steun ons', {PLAIN}",
        f"Error: podcast.toml:27: podroll[0].title: got '<script>x</script>', {PLAIN}",
        f"Error: podcast.toml:30: trailers[0].title: got '<b>Seizoen 2</b>', {PLAIN}",
        f"Error: podcast.toml:39: value.recipients[0].name: got '<u>Ann</u>', {PLAIN}",
        "Error: 9 problems found; nothing was written.",
    ]
    assert not (root / "site").exists()


def test_names_with_angle_brackets_that_are_no_tags_build(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + '\n[[funding]]\nurl = "https://show.example/steun"\ntext = "1 < 2"\n'
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = run(root)
    assert code == 0, stderr
