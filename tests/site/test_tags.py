"""QA: a tag without Latin letters (Hebrew, Arabic, an emoji) gets its own page and a
working link (was dropped from the tag pages and linked as `tags//`, a 404)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode

POST = """\
---
title: Emoji en RTL
date: 2026-03-01
tags: ["עברית", "🎉", "Koffie"]
---
Tekst met 🎉 en שלום.
"""


def test_non_latin_tags_get_pages(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-rtl": POST})
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output
    page = (root / "site" / "posts" / "rtl" / "index.html").read_text()
    links = re.findall(r'href="\.\./\.\./(tags/[^"]*)" rel="tag">([^<]*)<', page)
    assert sorted(name for _, name in links) == ["Koffie", "עברית", "🎉"]
    for href, name in links:
        assert re.fullmatch(r"tags/[a-z0-9-]+/", href), href
        assert name in (root / "site" / href / "index.html").read_text()
    assert len({href for href, _ in links}) == 3
