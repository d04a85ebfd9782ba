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
the one exception (cmark-gfm's own tagfilter would escape them too, so it stays off), and
each is closed where it opens: its content, never shown by a browser, is the post's text
after it when its end tag is missing.

Others hide text too, and are shown as text: ``<?php ... ?>``, ``<![CDATA[``,
``<!DOCTYPE`` and ``</3`` are comments to an HTML parser (up to the next ">"), and a
``<!--`` never closed hides the rest of the post (a closed comment is the writer's note to
self, and stays hidden). And the sanitiser (ammonia, against namespace confusion) drops
an element named as one of SVG's or MathML's, with all its text, wherever it stands:
"schrijf <text> of <set>" lost the rest of its paragraph, a pasted formula
(``<math><mi>x</mi>...``) every symbol. Such tags, ``<svg>`` and ``<math>`` among them,
are renamed to names of no namespace (``<x-text>``), which it drops keeping their text.
"""

from __future__ import annotations

import functools
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
# An opening or closing tag of one of them, or the start of a comment or of what a parser
# reads as one ("<?", "<!", "</" and no name). ``[^<>]*`` stops at the next "<", so a text
# of thousands of "<iframe" without ">" is scanned once, not once per "<" (linear).
# One "<" before the branches: a pattern whose every branch starts with it is scanned for
# it at C speed; the same branches each starting with "<" made it 8x slower.
_RAW_TAG = re.compile(
    rf"<(?:(/?)\s*({_SWALLOWING})\b([^<>]*)(>?)|(!--)|[?!]|/(?![A-Za-z]))", re.IGNORECASE
)
# A tag's name as an HTML parser reads it (to white space, "/" or ">"), unless it is one
# the sanitiser surely keeps or unwraps: the rest are asked about once each (_drops_text).
_PLAIN_NAMES = "|".join(sorted({*_TAGS, "del", "div", "span"}, key=len, reverse=True))
_TAG_NAME = re.compile(
    rf"(</?)(?!(?:{_PLAIN_NAMES})[\t\n\f\r />])([A-Za-z][^\t\n\f\r />]*+)", re.IGNORECASE
)
_COMMENT_ENDS = ("-->", "--!>")
_SRC = re.compile(r"""\bsrc\s*=\s*(["']?)([^"'\s>]*)""", re.IGNORECASE)
_QUOTED = re.compile(r""""[^"]*+"|'[^']*+'""")


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


def _escape_raw_tag(match: re.Match[str], last_end: int) -> str:
    """A swallowing tag as text, unless it opens or closes a SoundCloud player iframe (which
    is closed at once); a comment, unless it is closed (``last_end``: where the text's last
    comment end starts); anything else a parser reads as a comment."""
    closing, name, rest, end, comment = match.groups()
    if comment:
        if _closed_comment(match.string, match.end(), last_end):
            return match[0]
    elif name is not None and name.lower() == "iframe" and end:
        if closing:
            return match[0]  # a stray end tag is dropped by nh3; it swallows nothing
        src = _SRC.search(rest)
        # A quote left open: the tag goes on past this ">" (title="a>b"), and an end tag
        # put here would be inside its value. Shown as text instead, as other odd tags.
        open_quote = any(q in _QUOTED.sub("", rest) for q in "\"'")
        if src is not None and src[2].startswith(PLAYER_PREFIXES) and not open_quote:
            return match[0] + "</iframe>"
    return "&lt;" + match[0][1:]


def _closed_comment(html: str, at: int, last_end: int) -> bool:
    """Whether the comment whose "<!--" ends at ``at`` ends: at once ("<!-->", "<!--->",
    as HTML parsers read them), or at an end that starts at or after ``at`` (the last end
    in the text starts at ``last_end``)."""
    return html.startswith((">", "->"), at) or last_end >= at


def escape_raw_text_tags(html: str) -> str:
    """``html`` with every tag that would swallow what follows it shown as text, and every
    tag whose element the sanitiser would drop with its text renamed."""
    # Where the last comment end starts: one search, so thousands of "<!--" stay linear.
    last_end = max(html.rfind(end) for end in _COMMENT_ENDS)
    escaped = _RAW_TAG.sub(lambda m: _escape_raw_tag(m, last_end), html)
    # Only "x-" is inserted after a "<": no new tag, comment or raw text can start.
    return _TAG_NAME.sub(lambda m: m[1] + "x-" + m[2] if _drops_text(m[2]) else m[0], escaped)


@functools.lru_cache(maxsize=4096)
def _drops_text(name: str) -> bool:
    """Whether the sanitiser drops an element of this name, or one inside it, with its
    text. Asked of nh3 itself: its list of SVG and MathML names (ammonia's) changes with
    its version."""
    lower = name.lower()  # as the parser reads it
    # No SVG or MathML name is longer than 19 letters; nor is a long word asked about.
    if len(lower) > 40 or lower.startswith("x-") or lower in RAW_TEXT_ELEMENTS:
        return False
    return nh3.clean(f"<{lower}>a<x-y>b</x-y></{lower}>", tags=set()) != "ab"


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
    escaped = escape_raw_text_tags(html)
    # nh3 (html5ever) takes time growing with the square of the no-break spaces in one
    # text: a paragraph of 400,000 took 6 s, over a build's bound for a 1 MB post. They
    # go through it as a character it copies as it is (one the text does not hold), and
    # come out as the "&nbsp;" it writes for them.
    stand_in = _stand_in(escaped) if "\u00a0" in escaped else None
    if stand_in is not None:
        escaped = escaped.replace("\u00a0", stand_in)
    cleaned: str = nh3.clean(
        escaped,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    )
    return cleaned if stand_in is None else cleaned.replace(stand_in, "&nbsp;")


# Private use characters: no writer's text holds them all (71,000 of them in one post).
_STAND_INS = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


def _stand_in(text: str) -> str | None:
    """A character ``text`` does not hold (None when it holds every candidate)."""
    used = set(text)
    return next((chr(c) for r in _STAND_INS for c in r if chr(c) not in used), None)
