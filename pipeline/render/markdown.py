"""Markdown to safe HTML: cmark-gfm (GitHub's C CommonMark library, via cmarkgfm) then nh3.

cmark-gfm is about 20x faster than the pure-Python parsers, which matters at 10,000 posts
a build. Its "tagfilter" extension is left off on purpose: nh3 decides what HTML survives.

Posts may contain raw HTML, SoundCloud player iframes among it. We keep a small set of
tags and only iframes whose ``src`` is the SoundCloud player; everything else (scripts,
event handlers, ``javascript:`` URLs) is removed by nh3, not by regexes.
"""

from __future__ import annotations

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "iframe",
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "width", "height", "title", "allow", "scrolling", "frameborder"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
PLAYER_PREFIXES = ("https://w.soundcloud.com/player/",)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Iframes only as SoundCloud players; a list's ``start`` only as a whole number (a list
    continued after a paragraph, "4. ...", keeps its numbers)."""
    if tag == "iframe" and attribute == "src":
        return value if value.startswith(PLAYER_PREFIXES) else None
    if tag == "ol" and attribute == "start":
        return value if value.isascii() and value.isdigit() and len(value) < 10 else None
    return value


_EXTENSIONS = ["table", "strikethrough", "autolink"]


def to_html(markdown: str) -> str:
    """Render Markdown (CommonMark + tables) and sanitise the result."""
    html: str = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=_EXTENSIONS
    )
    return sanitize(html)


def sanitize(html: str) -> str:
    """Remove everything not on the allow-list; iframes survive only as SoundCloud players."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
