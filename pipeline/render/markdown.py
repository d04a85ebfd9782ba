"""Markdown to safe HTML: cmark-gfm (GitHub's C CommonMark library, via cmarkgfm) then nh3.

cmark-gfm is about 20x faster than the pure-Python parsers, which matters at 10,000 posts
a build.

Posts may contain raw HTML, SoundCloud player iframes among it. We keep a small set of
tags and only iframes whose ``src`` is the SoundCloud player; everything else (event
handlers, ``javascript:`` URLs) is removed by nh3, not by regexes.

A writer's sentence never vanishes. Some elements swallow the text after them in an HTML
parser (``<style>``, ``<script>``, ``<title>``, ``<textarea>``...: their content is raw
text up to their end tag, or to the end of the page), so a post that merely mentions
``<style>`` lost everything after it. Before sanitising, such raw tags are escaped and
shown as the text they are, as GitHub's "tagfilter" does; SoundCloud player iframes are
the one exception (cmark-gfm's own tagfilter would escape them too, so it stays off).
"""

from __future__ import annotations

import re

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from pipeline.spec.html import RAW_TEXT_ELEMENTS

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
# What a player needs of the browser: nothing but playing (no camera, microphone, location).
_IFRAME_ALLOW = frozenset({"autoplay", "encrypted-media"})

_SWALLOWING = "|".join(RAW_TEXT_ELEMENTS)
# An opening or closing tag of one of them. ``[^<>]*`` stops at the next "<", so a text of
# thousands of "<iframe" without ">" is scanned once, not once per "<" (linear).
_RAW_TAG = re.compile(rf"<(/?)\s*({_SWALLOWING})\b([^<>]*)(>?)", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(["']?)([^"'\s>]*)""", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Iframes only as SoundCloud players; a list's ``start`` only as a whole number (a list
    continued after a paragraph, "4. ...", keeps its numbers)."""
    if tag == "iframe" and attribute == "src":
        return value if value.startswith(PLAYER_PREFIXES) else None
    if tag == "ol" and attribute == "start":
        return value if value.isascii() and value.isdigit() and len(value) < 10 else None
    if tag == "iframe" and attribute == "allow":
        kept = [p.strip() for p in value.split(";") if p.strip().lower() in _IFRAME_ALLOW]
        return "; ".join(kept) or None
    return value


def _escape_raw_tag(match: re.Match[str]) -> str:
    """A swallowing tag as text, unless it opens or closes a SoundCloud player iframe."""
    closing, name, rest, end = match.groups()
    if name.lower() == "iframe" and end:
        if closing:
            return match[0]  # a stray end tag is dropped by nh3; it swallows nothing
        src = _SRC.search(rest)
        if src is not None and src[2].startswith(PLAYER_PREFIXES):
            return match[0]
    return "&lt;" + match[0][1:]


def escape_raw_text_tags(html: str) -> str:
    """``html`` with every tag that would swallow what follows it shown as text."""
    return _RAW_TAG.sub(_escape_raw_tag, html)


_EXTENSIONS = ["table", "strikethrough", "autolink"]


def to_html(markdown: str) -> str:
    """Render Markdown (CommonMark + tables) and sanitise the result."""
    html: str = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=_EXTENSIONS
    )
    return sanitize(html)


def sanitize(html: str) -> str:
    """Remove everything not on the allow-list; iframes survive only as SoundCloud players,
    and tags that would swallow the text after them are shown as text."""
    return nh3.clean(
        escape_raw_text_tags(html),
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
