"""``on.soundcloud.com/...`` share links, resolved to the track they stand for.

SoundCloud's share button copies a short link that only redirects to the track page
(``https://soundcloud.com/USER/TRACK?si=...``). One HEAD request, without following the
redirect, reads where it leads; the answer is kept in the show's HTTP cache, so an import
run again asks nothing. The host is the ``[soundcloud] share`` setting (for tests and
mirrors); links in texts keep the public host and are matched as such.

A share link that leads nowhere (404), keeps redirecting to itself, leads off SoundCloud,
or gets no answer in time is a problem naming the link and why: nothing is guessed.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import requests

from pipeline.enrich.http import describe_status
from pipeline.errors import FetchError
from pipeline.models import SoundCloudLink
from pipeline.settings import SoundCloudSettings
from pipeline.text.soundcloud import SHARE_HOST, parse_link

SHARE_LINK = re.compile(rf"(?:https?://)?{re.escape(SHARE_HOST)}/[A-Za-z0-9_-]+/?", re.IGNORECASE)
MAX_HOPS = 5
REDIRECTS = (301, 302, 303, 307, 308)
EXPECTED = "a share link that leads to a SoundCloud track"


class ShareError(Exception):
    """Why a share link did not resolve (a short reason for the problem line)."""


def find_share_links(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, url)`` of every share link in ``text``."""
    return [(m.start(), m.end(), m[0]) for m in SHARE_LINK.finditer(text)]


def resolve(url: str, settings: SoundCloudSettings, session: requests.Session) -> str:
    """The track page a share link redirects to; :class:`ShareError` says why not."""
    code = urlsplit(url if "://" in url else "https://" + url).path.strip("/")
    target = f"{settings.share.rstrip('/')}/{code}"
    base = urlsplit(target).netloc
    seen = {target}
    for _ in range(MAX_HOPS):
        try:
            response = session.head(target, allow_redirects=False)
        except FetchError as exc:
            raise ShareError(str(exc).removeprefix(f"{target}: ")) from None
        if response.status_code not in REDIRECTS:
            if response.status_code == 200:
                raise ShareError("the link answers without leading anywhere")
            raise ShareError(describe_status(response))
        location = response.headers.get("Location", "").strip()
        if not location:
            raise ShareError("a redirect without a Location")
        following = urljoin(target, location)
        if urlsplit(following).netloc == base:  # the share host sends us on: follow it
            if following in seen:
                raise ShareError("a redirect loop")
            seen.add(following)
            target = following
            continue
        link = parse_link(following)
        if not isinstance(link, SoundCloudLink) or link.kind not in ("track", "playlist"):
            host = urlsplit(following).hostname or following
            raise ShareError(f"redirected to {host}, not to a SoundCloud track")
        return link.page_url or following.split("?")[0]
    raise ShareError(f"more than {MAX_HOPS} redirects")


def cached_redirects(session: requests.Session) -> None:
    """Let the session's cache keep redirect answers too: a share link never changes."""
    settings = getattr(session, "settings", None)
    if settings is not None:
        settings.allowable_codes = (*settings.allowable_codes, *REDIRECTS)
