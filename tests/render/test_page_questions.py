"""A page's inputs hold the questions its text asks of the build's lists
(``render/site/inputs.py``): every question the link rewriting asks (``links.relativize``,
``links.rewrite_source_links``) must be among them, or a page linking to a page that comes
or goes would be taken from the last build unchanged, stale. Checked on texts made of the
pieces that confuse a search: quotes left open in inline code, ``="`` inside values, links
under the base URL and to Markdown files, fragments and queries."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from types import SimpleNamespace
from typing import Any, cast

import pytest

from pipeline.render.links import linker, relativize, rewrite_source_links
from pipeline.render.site.inputs import _links_asked

BASE = "https://winkel.example/"
PIECES = [
    '="', '"', " ", "=", "#", "?q=1", "a", "<a href=", "<img src=", " x=", ">", "</a>",
    BASE, BASE + "posts/nieuw/", BASE + "tags/kaas/", BASE + "media/x.png", "2026-05-20-nieuw.md",
    "nieuw.markdown", "../oud.md#kop", "posts/", "index.html",
]  # fmt: skip
KNOWN = {"posts/nieuw/index.html", "tags/kaas/index.html", "index.html", "media/x.png"}
PAGES = {"nieuw": "posts/nieuw/", "2026-05-20-nieuw": "posts/nieuw/", "oud": "posts/oud/"}


class _Asking(Mapping[str, str]):
    """The posts' pages, noting each key asked."""

    def __init__(self, asked: set[str]) -> None:
        self.asked = asked

    def __getitem__(self, key: str) -> str:
        self.asked.add(key)
        return PAGES[key]

    def __contains__(self, key: object) -> bool:
        self.asked.add(str(key))
        return key in PAGES

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("the rewriting asks for single posts, never the whole list")

    def __len__(self) -> int:
        return len(PAGES)


def asked_by_rewriting(html: str) -> set[str]:
    """What ``Site.body_html`` asks, as it asks it, on page ``posts/hier/index.html``."""
    asked: set[str] = set()
    link = linker("posts/hier/index.html")

    def exists(page: str) -> bool:
        asked.add(page)
        return page in KNOWN

    show = cast(Any, SimpleNamespace(base_url=BASE))
    rewrite_source_links(relativize(html, show, link, exists), _Asking(asked), link)
    return asked


def asked_by_inputs(html: str) -> set[str]:
    site = cast(Any, SimpleNamespace(show=SimpleNamespace(base_url=BASE), known=KNOWN))
    site.post_pages = PAGES
    return {question for question, _ in _links_asked(site, html)}


def texts(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14)))


@pytest.mark.parametrize(
    "html",
    [
        f'Schrijf `x="{BASE}` en lees <a href="{BASE}posts/nieuw/">nieuw</a>.',
        'Schrijf `x="a.md#kop` en lees <a href="2026-05-20-nieuw.md">nieuw</a>.',
        f'<a href="{BASE}posts/nieuw/?x=1#b">a</a> <img src="{BASE}media/x.png">',
        f'<a href="{BASE}2026-05-20-nieuw.md#begin">bron</a>',
    ],
)
def test_the_inputs_ask_what_the_rewriting_asks(html: str) -> None:
    assert asked_by_rewriting(html)
    assert asked_by_rewriting(html) <= asked_by_inputs(html)


def test_the_inputs_ask_what_the_rewriting_asks_of_any_text() -> None:
    # A fixed seed: the same 20,000 texts every run.
    for html in texts(seed=15, count=20_000):
        missed = asked_by_rewriting(html) - asked_by_inputs(html)
        assert not missed, (html, missed)
