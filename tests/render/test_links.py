"""Links in rendered HTML are changed by ``str.find`` (``attribute_values``), not by a
pattern tried at every space: for every string, the same result as the pattern."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.models import Show
from pipeline.render.links import attribute_values, relativize, rewrite_source_links

BASE = "https://x.example/pod/"
PIECES = st.lists(
    st.sampled_from(
        [" ", "\n", "x", "=", '"', "href", "src", 'href="', ' src="', "é", BASE, "a/", "b.md",
         "#k", "?q", "https://y.example/", "2026-01-02-kassa.md", "pod/", "<a", ">"]
    )
).map("".join)  # fmt: skip


@given(PIECES)
@example('<a class="a href="b">')  # a value that holds an attribute
@example('href="x" src="y')  # at the very start; a value never closed
@example(' href=""src=""')  # an empty value, the next attribute glued to it
def test_every_value_is_what_the_pattern_finds(html: str) -> None:
    expected = re.sub(r'(\s(?:href|src)=")([^"]*)"', lambda m: f'{m[1]}<{m[2]}>"', html)
    assert attribute_values(html, lambda value: f"<{value}>") == expected


@given(PIECES)
@example(f'<a href="x src="{BASE}a/">')  # a value not under the base is not taken whole
@example(f' href="{BASE}" src="{BASE}a/#k"')
def test_relative_links_are_what_the_pattern_makes(html: str) -> None:
    show = Show(Path("podcast.toml"), "t", "d", "a", "o", "o@x.example", "nl", BASE, "a.jpg", ())
    exists = {"index.html", "a/index.html", "b.md"}.__contains__

    def link(target: str) -> str:
        return "../" + target

    def by_pattern(m: re.Match[str]) -> str:
        target = m[3].partition("#")[0].partition("?")[0]
        page = target + "index.html" if target == "" or target.endswith("/") else target
        return f'{m[1]}{link(m[3])}"' if exists(page) else m[0]

    expected = re.sub(rf'(\s(?:href|src)=")({re.escape(BASE)})([^"]*)"', by_pattern, html)
    assert relativize(html, show, link, exists) == expected


@given(PIECES)
@example(' href="2026-01-02-kassa.md#k" src="b.md"')
def test_links_to_sources_are_what_the_pattern_makes(html: str) -> None:
    pages = {"2026-01-02-kassa": "posts/kassa/", "b": "posts/b/"}

    def link(target: str) -> str:
        return "/" + target

    def by_pattern(m: re.Match[str]) -> str:
        target, _, fragment = m[2].partition("#")
        if "://" in target or not target.endswith((".md", ".markdown")):
            return m[0]
        stem = posixpath.splitext(posixpath.basename(target))[0]
        if stem not in pages:
            return m[0]
        return f'{m[1]}{link(pages[stem])}{"#" + fragment if fragment else ""}"'

    expected = re.sub(r'(\shref=")([^"]*)"', by_pattern, html)
    assert rewrite_source_links(html, pages, link) == expected
