"""Links to a post whose file name has a space (``mijn eerste post.md``): valid URLs in every
page, each leading to the file the site has."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.render.links import escaped, linker
from tests.conftest import SAMPLE_NOW

ODD = '2026-03-01-mijn eerste post {met} "haakjes" <en> `meer`.md'
TEXT = """---
title: Mijn eerste post
tags: [winkel, kassa]
---
Over de winkel, de kassa en de klant die elke week terugkomt.

Lees ook: [De etalage](2026-03-02-de-etalage.md)
"""
OTHER = """---
title: De etalage
tags: [winkel]
---
Over de winkel en de etalage, en de kassa achterin.

Lees ook: [Mijn eerste post]({link})
"""


def test_a_paths_odd_characters_are_escaped_once() -> None:
    link = linker("posts/a/index.html")
    assert link("posts/mijn eerste post/") == "../../posts/mijn%20eerste%20post/"
    assert link("posts/x/#a b") == "../../posts/x/#a%20b"
    assert (
        escaped("https://x.example/posts/mijn%20eerste/")
        == "https://x.example/posts/mijn%20eerste/"
    )
    assert escaped('a"b<c>d`e{f}g\th') == "a%22b%3Cc%3Ed%60e%7Bf%7Dg%09h"
    assert escaped("posts/café/?q=1#x") == "posts/café/?q=1#x"  # valid in HTML as it is


@pytest.fixture
def site(sample_copy: Path) -> Path:
    posts = sample_copy / "posts"
    (posts / ODD).write_text(TEXT, "utf-8")
    (posts / "2026-03-02-de-etalage.md").write_text(OTHER.format(link=ODD), "utf-8")
    args = ["build", "--root", str(sample_copy), "--now", SAMPLE_NOW.isoformat(), "--offline"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return sample_copy / "site"


def test_every_link_in_the_pages_is_a_valid_url_to_a_file_of_the_site(site: Path) -> None:
    odd = [p for p in site.rglob("index.html") if "mijn eerste" in p.as_posix()]
    assert len(odd) == 1, "the post has a page"
    checked = 0
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for value in re.findall(r'(?:href|src|og:(?:url|image|audio)" content)="([^"]*)"', html):
            url = unescape(value)
            assert not re.search(r'[\x00-\x20"<>`{}]', url), (page, url)
            if "mijn" not in url or "://" in url or page.name == "404.html":
                continue
            base = page.relative_to(site).as_posix()
            target = unquote(urlsplit(urljoin(base, url)).path)
            found = site / target / "index.html" if target.endswith("/") else site / target
            assert found.is_file(), (page, url)
            checked += 1
    assert checked >= 3  # the list pages, the other post's "Lees ook" and related links


def test_the_canonical_and_related_json_addresses_are_escaped(site: Path) -> None:
    page = next(p for p in site.rglob("index.html") if "mijn eerste" in p.as_posix())
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text("utf-8"))
    assert canonical and "mijn%20eerste%20post" in canonical[1]
    related = json.loads((site / "related.json").read_text("utf-8"))["items"]
    urls = [item["url"] for item in related.values() if "mijn" in (item["url"] or "")]
    assert urls and all(" " not in url and "mijn%20eerste" in url for url in urls)
