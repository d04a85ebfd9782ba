"""Checks that look at the world: local artwork measured with Pillow, remote audio hosts
asked over HTTP (``check --online``). Kept apart from the pure feed rules."""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from PIL import Image, UnidentifiedImageError

from pipeline.check.findings import Collector, Described
from pipeline.enrich.http_answers import WEB_PAGE, is_web_page
from pipeline.errors import FetchError
from pipeline.models import Content, Episode
from pipeline.paths import rel
from pipeline.spec.analytics import unprefixed
from pipeline.spec.apple import ARTWORK_EXPECTED, ARTWORK_FORMATS, ARTWORK_MAX, ARTWORK_MIN

_PIXELS = Image.MAX_IMAGE_PIXELS or 0  # Pillow raises at twice this


def check_artwork(
    content: Content, image: str, source: Path, line: int | None, out: Collector
) -> None:
    """Apple: JPEG or PNG, RGB, square, 1400 to 3000 pixels. Only local files are measured."""
    if "://" in image:
        return
    where = rel(source, content.root)
    key = "artwork" if source == content.show.source else "image"
    try:
        with warnings.catch_warnings():
            # Pillow warns about a header claiming over 89 million pixels and raises
            # DecompressionBombError (no OSError) over 179 million: reported below or here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(content.root / image) as img:
                fmt, mode, (width, height) = img.format, img.mode, img.size
                damage = _damage(img)
    except Image.DecompressionBombError:
        got = Described(f"an image of more than {2 * _PIXELS:,} pixels")
        out.error(where, line, key, got, f"a square image of {ARTWORK_MIN} to {ARTWORK_MAX} pixels")
        return
    except (OSError, UnidentifiedImageError):
        out.error(where, line, key, image, ARTWORK_EXPECTED)
        return
    got = Described(f"a {width}x{height} {fmt} image ({mode})")
    if damage is not None:
        shown = Described(f"a {width}x{height} {fmt} image that cannot be decoded ({damage})")
        out.error(where, line, key, shown, "a complete JPEG or PNG image")
    if fmt not in ARTWORK_FORMATS:
        out.error(where, line, key, got, "a JPEG or PNG image")
    if width != height or not ARTWORK_MIN <= width <= ARTWORK_MAX:
        out.error(where, line, key, got, f"a square image of {ARTWORK_MIN} to {ARTWORK_MAX} pixels")
    if mode not in ("RGB", "RGBA", "P"):
        out.error(where, line, key, got, "an RGB image")


def _damage(img: Image.Image) -> str | None:
    """Why the pixels of ``img`` cannot be decoded (a file cut short by an upload or a
    copy, a broken chunk), or None. Its header alone gave a size and a format, so a
    truncated PNG passed as artwork that no app can show. Decoded only up to the pixels of
    the largest artwork Apple takes (9 million): a bigger one is refused for its size."""
    if img.width * img.height > ARTWORK_MAX * ARTWORK_MAX:
        return None
    try:
        img.load()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as exc:
        # Pillow's decoders raise all of these for bad data, none a bug of ours.
        return str(exc)[:80] or type(exc).__name__
    return None


def check_online(
    items: Iterable[Any],
    by_guid: Mapping[str | None, Episode],
    content: Content,
    session: requests.Session | None,
    out: Collector,
) -> None:
    """Remote enclosures: the host answers, reports the same length and serves byte ranges.

    Behind a statistics prefix, the prefix must redirect to the real file, which is then
    tested itself."""
    if session is None:
        from pipeline.enrich.http import make_session

        session = make_session(None)
    for item in items:
        enclosure = item.find("enclosure")
        episode = by_guid.get(item.findtext("guid"))
        if enclosure is None or episode is None or episode.is_local_audio:
            continue
        where = rel(episode.source, content.root)
        line = episode.lines.get("audio")
        url = enclosure.get("url") or ""
        real = unprefixed(url, content.show.analytics_prefixes)
        if real != url and not _follows_prefix(url, real, session, where, line, out):
            continue
        url = real  # the file itself: its length and range support, without counting a play
        try:
            head = session.head(url, allow_redirects=True)
            ranged = session.get(url, headers={"Range": "bytes=0-1"}, stream=True)
            ranged.close()
        except (FetchError, requests.RequestException) as exc:
            out.error(where, line, "audio", url, f"an audio host that answers ({exc})")
            continue
        if head.status_code != 200:
            out.error(where, line, "audio", url, f"HTTP 200 (got HTTP {head.status_code})")
            continue
        if is_web_page(head) or is_web_page(ranged):
            out.error(where, line, "audio", url, f"the audio file itself ({WEB_PAGE})")
            continue
        size = head.headers.get("Content-Length")
        if size is not None and size != enclosure.get("length"):
            out.error(
                where,
                episode.lines.get("length") or line,
                "enclosure length",
                enclosure.get("length"),
                f"{size}, the size the audio host reports",
            )
        if ranged.status_code != 206 or not ranged.headers.get("Content-Range"):
            out.error(
                where,
                line,
                "audio host",
                Described(f"HTTP {ranged.status_code} to a Range request"),
                "206 Partial Content (Apple requires byte-range support)",
            )


def _follows_prefix(
    url: str,
    real: str,
    session: requests.Session,
    where: str,
    line: int | None,
    out: Collector,
) -> bool:
    """The statistics prefix redirects, hop by hop, to the real file (HEAD requests, so
    no download is counted); False (with a finding) when it does not."""
    hop = url
    for _ in range(MAX_HOPS):
        try:
            answer = session.head(hop, allow_redirects=False)
        except (FetchError, requests.RequestException) as exc:
            out.error(where, line, "enclosure url", hop, f"a prefix service that answers ({exc})")
            return False
        location = answer.headers.get("Location")
        if not 300 <= answer.status_code < 400 or not location:
            got = Described(f"HTTP {answer.status_code} from {hop}")
            out.error(where, line, "enclosure url", got, f"a redirect on to {real}")
            return False
        hop = urljoin(hop, location)
        if hop == real:
            return True
    out.error(where, line, "enclosure url", url, f"redirects that reach {real}")
    return False


MAX_HOPS = 5  # prefixes chain (OP3 before Podtrac...), but never endlessly
