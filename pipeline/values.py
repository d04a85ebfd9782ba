"""Parsers for the values users write by hand: dates, durations, timestamps, slugs.

Each returns ``None`` (or raises ``ValueError`` with a reason) rather than guessing, so
callers can report ``got X, expected Y``.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from datetime import date, datetime, time, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATE_EXPECTED = "a date like 2026-03-04 or 2026-03-04 07:00 (+01:00 optional)"

# Jekyll writes "2020-09-12 18:37:31 +0200"; fromisoformat wants "+02:00" and no space.
_JEKYLL_OFFSET = re.compile(r"\s*([+-])(\d{2}):?(\d{2})$")
_ZULU = re.compile(r"Z$", re.IGNORECASE)


def zone(name: str) -> tzinfo:
    """A time zone by IANA name; raises ValueError for unknown names."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def parse_date(value: object, default_tz: tzinfo) -> datetime:
    """Parse a user date into an aware datetime; naive values get the show's time zone."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        text = _ZULU.sub("+00:00", text)
        text = _JEKYLL_OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}", text)
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(value) from None
    else:
        raise ValueError(value)
    if result.tzinfo is None:
        # ZoneInfo resolves the DST offset for that very date (fold=0 for ambiguous times).
        result = result.replace(tzinfo=default_tz)
    return result


_CLOCK = re.compile(r"^\[?\(?(?:(\d+):)?(\d{1,3}):(\d{2})(?:[.,](\d{1,3}))?\)?\]?$")


def parse_clock(value: object) -> float:
    """Seconds from ``1:02:03``, ``62:03``, ``[12:30]``, ``12:30.5`` or a number of seconds.

    Raises ValueError for anything else (``1:5``, ``12:75``, ``abc``, negative numbers).
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:  # YAML's .inf and .nan are floats too
            raise ValueError(value)
        return float(value)
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(value)
    hours, minutes, seconds, frac = m.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise ValueError(value)
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if frac:
        total += int(frac) / 10 ** len(frac)
    return float(total)


def format_clock(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``, the way show notes print chapter marks."""
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower case, hyphen-separated: ``Één koffie, graag!`` -> ``een-koffie-graag``."""
    normal = unicodedata.normalize("NFKD", text)
    ascii_text = normal.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")


def tag_slug(name: str) -> str:
    """A tag's folder name: its slug, or for a tag without Latin letters or digits (``עברית``,
    ``🎉``), a stable short hash of it, so it still gets a page and a working link."""
    slug = slugify(name)
    if slug or not name.strip():
        return slug
    digest = hashlib.sha256(" ".join(name.casefold().split()).encode("utf-8")).hexdigest()
    return f"tag-{digest[:8]}"


def is_web_url(text: str) -> bool:
    """An absolute http(s) URL a client can fetch: a host, a valid port, no white space.

    ``http://a b/``, ``https://``, ``http://[::1/`` and ``http://host:99999/`` are not,
    although they start like one (requests refuses them before sending anything).
    """
    if re.search(r"\s", text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?")


def has_markup(text: str) -> bool:
    """True when a plain-text field (a title) contains something that looks like an HTML tag."""
    return bool(_HTML_TAG.search(text))


# A line of a post that starts with a time: "12:30 Titel", "- 03:15 Titel", "[12:30] Titel",
# "(1:02:03) - Titel", "3. 12:30 Titel". Anything starting like a time (digits, colon,
# digit) that does not fit is reported instead of silently becoming prose.
_LOOKS_TIMED = re.compile(r"^ {0,3}(?:[-*+]\s+|\d+[.)]\s+)?[\[(]?\d+:\d")
_TIMESTAMP_LINE = re.compile(
    r"^ {0,3}(?:[-*+]\s+|\d+[.)]\s+)?"
    r"(?P<open>[\[(]?)(?P<clock>\d+(?::\d+)+(?:[.,]\d+)?)(?P<close>[\])]?)"
    r"(?:\s*[-–—:|]\s*|\s+)(?P<title>\S.*?)\s*$"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
TIMESTAMP_EXPECTED = "a time and a title, like 12:30 Titel, 1:02:03 Titel or [12:30] Titel"


def parse_timestamp_line(line: str) -> tuple[float, str] | None:
    """``(seconds, title)`` for a timestamp line, ``None`` for any other line.

    Raises ValueError for a line that starts like a time but is not a valid one
    (``12:75 Titel``, ``1:5 Titel``, ``[12:30 Titel``, a time without a title).
    """
    if not _LOOKS_TIMED.match(line):
        return None
    m = _TIMESTAMP_LINE.match(line)
    if not m or {"[": "]", "(": ")", "": ""}[m["open"]] != m["close"]:
        raise ValueError(line)
    return parse_clock(m["clock"]), m["title"]


def timestamp_lines(
    text: str,
) -> tuple[list[tuple[int, float, str]], list[tuple[int, str]]]:
    """Scan Markdown for timestamp lines outside code blocks.

    Returns ``(found, malformed)``: found as ``(line, seconds, title)`` and malformed as
    ``(line, text)``, with lines counted from 1 within ``text``.
    """
    found: list[tuple[int, float, str]] = []
    malformed: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _FENCE.match(line):
            marker = m[1][0] * 3
            if fence is None:
                fence = marker
            elif m[1].startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        try:
            parsed = parse_timestamp_line(line)
        except ValueError:
            malformed.append((number, line.strip()))
            continue
        if parsed is not None:
            found.append((number, *parsed))
    return found, malformed
