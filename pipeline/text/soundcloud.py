"""Recognise SoundCloud links in every shape users paste, without any network.

Shapes: track pages (``soundcloud.com/USER/TRACK`` with ``www.``/``m.``, query strings,
trailing slashes, a ``/s-TOKEN`` secret), sets (``/USER/sets/SLUG``), API resources
(``api.soundcloud.com/tracks/ID``, ``soundcloud:tracks:ID``), feed stream URLs and player
iframes whose ``url=`` parameter is percent-encoded once or twice and HTML-escaped or not.
Anything that looks like SoundCloud but is not understood is returned as
:class:`Unrecognised` so the caller can report it with its line; nothing is dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, unquote, urlsplit

from pipeline.models import SoundCloudLink
from pipeline.text.lines import LineCounter
from pipeline.text.urls import has_login

# First path segments of soundcloud.com that are site pages, not user permalinks.
_RESERVED = frozenset(
    [
        "discover",
        "search",
        "stream",
        "you",
        "upload",
        "settings",
        "pages",
        "terms-of-use",
        "charts",
        "messages",
        "notifications",
        "people",
        "tags",
        "popular",
        "mobile",
        "apps",
        "jobs",
        "imprint",
        "signin",
        "logout",
        "connect",
        "player",
        "oembed",
    ]
)
_PERMALINK = re.compile(r"^[A-Za-z0-9_-]+$")
SHARE_HOST = "on.soundcloud.com"  # short share links: they only redirect to the track
_SECRET = re.compile(r"^s-[A-Za-z0-9]+$")
_URN = re.compile(r"^soundcloud:(tracks|playlists|users):([0-9]+)$", re.IGNORECASE)
_KIND = {"tracks": "track", "playlists": "playlist", "users": "user"}

# Where to look inside free text (post bodies, front matter values).
# Linear: the host part before soundcloud.com stops at a "/", so a run of slashes is not
# rescanned from every "//" in it.
_CANDIDATE = re.compile(
    r"""(?:https?:)?//[^\s"'<>)\]/]*soundcloud\.com[^\s"'<>)\]]*"""
    r"""|(?<![\w.@/-])(?:www\.|m\.)?soundcloud\.com/[^\s"'<>)\]]+"""
    r"""|soundcloud:(?:tracks|playlists|users):[0-9]+""",
    re.IGNORECASE,
)
_IFRAME = re.compile(r"<iframe\b[^>]*>(?:\s*</iframe>)?", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"""\bsrc\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
# The credits SoundCloud pastes after the iframe: <div><a>User</a> · <a>Track</a></div>
_CREDITS = re.compile(
    r"""<div\b[^>]*>\s*<a\b[^>]*soundcloud\.com[^>]*>.*?</div>""", re.IGNORECASE | re.DOTALL
)


_CREDITS_WINDOW = 4096  # characters; SoundCloud's credits are about 500


@dataclass(frozen=True)
class Unrecognised:
    """Text that looks like a SoundCloud link but is not one we understand."""

    raw: str
    reason: str


@dataclass(frozen=True)
class Found:
    """A link found in a text, with the 1-based line (relative to the text) it starts on."""

    line: int
    link: SoundCloudLink | Unrecognised
    start: int
    end: int


def parse_link(text: str, _depth: int = 0) -> SoundCloudLink | Unrecognised | None:
    """Parse one URL-ish string. ``None`` means "not SoundCloud at all". Never raises."""
    raw = text.strip()
    if _depth > 3:
        return Unrecognised(raw, "player link nested in player links")
    value = html.unescape(raw)
    urn = _URN.match(value)
    if urn:
        kind = _KIND[urn[1].lower()]
        return SoundCloudLink(kind=kind, raw=raw, track_id=int(urn[2]) if kind == "track" else None)
    if value.startswith("//"):
        value = "https:" + value
    if "://" not in value and value.lower().startswith(
        ("soundcloud.com", "www.soundcloud.com", "m.soundcloud.com")
    ):
        value = "https://" + value
    try:
        parts = urlsplit(value)
    except ValueError:
        return Unrecognised(raw, "not a valid URL")
    host = (parts.hostname or "").lower()
    if not (host == "soundcloud.com" or host.endswith(".soundcloud.com")):
        return None
    if has_login(value):  # the site's player links to the link as written, password and all
        return Unrecognised(raw, "with a user name or password, which the site would publish")
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    token = _first(query.get("secret_token"))

    if host == "w.soundcloud.com":
        inner = _first(query.get("url"))
        if not inner:
            return Unrecognised(raw, "player link without a url= parameter")
        # The inner URL arrives percent-encoded once or twice; decode until it stops changing.
        for _ in range(3):
            decoded = unquote(inner)
            if decoded == inner:
                break
            inner = decoded
        parsed = parse_link(inner, _depth + 1)
        if not isinstance(parsed, SoundCloudLink):
            return Unrecognised(raw, "player link whose url= is not a SoundCloud link")
        if token and not parsed.secret_token:
            parsed = replace(parsed, secret_token=token)
        return replace(parsed, raw=raw)

    if host.startswith("api") and host.endswith("soundcloud.com"):
        if len(segments) >= 2 and segments[0] in _KIND and _number(segments[1]):
            kind = _KIND[segments[0]]
            track_id = int(segments[1]) if kind == "track" else None
            return SoundCloudLink(kind=kind, raw=raw, track_id=track_id, secret_token=token)
        return Unrecognised(raw, "API link that is not /tracks/ID, /playlists/ID or /users/ID")

    if host == "feeds.soundcloud.com":
        m = re.match(r"^([0-9]+)-", segments[-1]) if len(segments) >= 2 else None
        if segments and segments[0] == "stream" and m:
            return SoundCloudLink(kind="track", raw=raw, track_id=int(m[1]))
        if segments and segments[0] == "users":
            return SoundCloudLink(kind="user", raw=raw)
        return Unrecognised(raw, "feeds link that is not a stream or user feed")

    if host in ("soundcloud.com", "www.soundcloud.com", "m.soundcloud.com"):
        if not segments or segments[0].lower() in _RESERVED:
            return Unrecognised(raw, "a SoundCloud page that is not a user, track or set")
        user = segments[0]
        if not _PERMALINK.match(user):
            return Unrecognised(raw, "user permalink with unexpected characters")
        if len(segments) == 1:
            return SoundCloudLink(kind="user", raw=raw, user=user)
        if segments[1] == "sets":
            if len(segments) >= 3 and _PERMALINK.match(segments[2]):
                secret = segments[3] if len(segments) >= 4 and _SECRET.match(segments[3]) else None
                return SoundCloudLink(
                    kind="playlist",
                    raw=raw,
                    user=user,
                    slug=segments[2],
                    secret_token=secret or token,
                )
            return Unrecognised(raw, "set link without a set name")
        if segments[1] in ("tracks", "likes", "followers", "following", "reposts", "albums"):
            return SoundCloudLink(kind="user", raw=raw, user=user)
        slug = segments[1]
        if not _PERMALINK.match(slug):
            return Unrecognised(raw, "track permalink with unexpected characters")
        secret = segments[2] if len(segments) >= 3 and _SECRET.match(segments[2]) else None
        return SoundCloudLink(
            kind="track", raw=raw, user=user, slug=slug, secret_token=secret or token
        )

    return Unrecognised(raw, f"unknown SoundCloud host {host}")


def _number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also accepts '²', which ``int`` refuses."""
    return text.isascii() and text.isdigit()


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def find_links(text: str) -> list[Found]:
    """Every SoundCloud link in a text, in order.

    A player iframe and the credits ``<div>`` pasted after it count as one link: the
    iframe gives the track id, the credits give the permalinks, and both are merged.
    """
    found: list[Found] = []
    covered: list[tuple[int, int]] = []
    line_of = LineCounter(text)
    # Only up to the last ">": an "<iframe" with no ">" after it would otherwise be scanned
    # to the end of the text from every one of them (quadratic on a pasted mess).
    for m in _IFRAME.finditer(text, 0, text.rfind(">") + 1):
        src = _SRC.search(m.group(0))
        if not src or "soundcloud" not in src.group(2).lower():
            continue
        link = parse_link(src.group(2))
        if link is None:
            continue
        end = m.end()
        # The credits are a short <div>: looked for in a window, never to the text's end.
        credits = _CREDITS.match(text, end, end + _CREDITS_WINDOW) or _CREDITS.match(
            text, (start := _skip_space(text, end)), start + _CREDITS_WINDOW
        )
        if credits:
            end = credits.end()
            if isinstance(link, SoundCloudLink):
                link = _merge_credits(link, credits.group(0))
        found.append(Found(line_of(m.start()), link, m.start(), end))
        covered.append((m.start(), end))
    line_of = LineCounter(text)
    spans = iter(covered)  # in order, as the matches: one pass over both
    span = next(spans, None)
    for m in _candidates(text):
        while span is not None and span[1] <= m.start():
            span = next(spans, None)
        if span is not None and span[0] <= m.start():
            continue
        url = m.group(0).rstrip(".,;:!?")
        link = parse_link(url)
        if link is None:
            continue
        found.append(Found(line_of(m.start()), link, m.start(), m.start() + len(url)))
    found.sort(key=lambda f: f.start)
    return found


def _candidates(text: str) -> Iterator[re.Match[str]]:
    """``_CANDIDATE.finditer(text)``, tried only on the lines that name SoundCloud.

    The pattern, with its look-behind and no fixed first letter, is tried at every
    character: a third of a millisecond for a post, 3.2 s for 10,000. No match spans a
    line break (every part of it excludes white space, and every line break is white
    space), and every match holds "soundcloud", which ``casefold`` keeps in any case
    ``re.IGNORECASE`` matches (the long s too), so the other lines have none."""
    if "soundcloud" not in text.casefold():
        return
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line)
        if "soundcloud" in line.casefold():
            yield from _CANDIDATE.finditer(text, start, end)
        start = end


def _merge_credits(link: SoundCloudLink, credits: str) -> SoundCloudLink:
    if link.user:
        return link
    for m in _CANDIDATE.finditer(credits):
        other = parse_link(m.group(0))
        if isinstance(other, SoundCloudLink) and other.kind == link.kind and other.slug:
            return replace(link, user=other.user, slug=other.slug)
    return link


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
