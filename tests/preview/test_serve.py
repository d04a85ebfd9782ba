"""``pipeline serve``: serves the drafts build on 127.0.0.1 under the base URL's path, with
byte ranges and the site's 404 page, and rebuilds when a show file changes (keeping the last
good preview when the change is broken)."""

from __future__ import annotations

from lxml import html as lxml_html

from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.preview_server import preview

POST = """\
---
title: "Eerste versie"
date: 2026-03-01 07:00
---

Tekst van het artikel.
"""


def test_serve_drafts_ranges_404_and_rebuilds(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace(
        'base_url = "https://show.example/"', 'base_url = "https://x.example/podcast/"'
    )
    root = make_show(
        episodes={
            "001-a": episode(1, post="2026-03-01-artikel"),
            "002-b": episode(2).replace("2026-03-02", "2099-01-01"),
        },
        posts={"2026-03-01-artikel": POST},
        config=config,
    )
    with preview(root, "--now", "2026-06-01T12:00+02:00") as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.url.endswith("/podcast/")
        status, _, body = server.get("episodes/002-b/")
        assert status == 200
        page = lxml_html.fromstring(body)
        assert page.xpath("//*[@role='status']/text()") == ["Concept: nog niet gepubliceerd"]

        status, headers, body = server.get("static/style.css", {"Range": "bytes=0-9"})
        assert status == 206
        assert len(body) == 10
        assert headers["Content-Range"].startswith("bytes 0-9/")

        status, _, body = server.get("bestaat/niet/")
        assert status == 404
        assert lxml_html.fromstring(body).xpath("//h1/text()") == ["Pagina niet gevonden"]

        # A change to a post is picked up.
        post = root / "posts/2026-03-01-artikel.md"
        post.write_text(POST.replace("Eerste versie", "Tweede versie"), "utf-8")
        server.wait_for("posts/artikel/", "Tweede versie")

        # A broken change is reported and the last good preview stays.
        (root / "episodes/001-a.yaml").write_text(episode(1) + "explicit: maybe\n", "utf-8")
        server.wait_for_stderr("Error: episodes/001-a.yaml:8: explicit: got 'maybe'")
        server.wait_for_stderr("keeping the last good preview")
        status, _, body = server.get("posts/artikel/")
        assert status == 200 and b"Tweede versie" in body
    assert not (root / "site").exists()  # the preview never writes into the show
