"""Clock times: ``1:02:03``, ``62:03``, ``[12:30]`` in episode files and post bodies, and the
one way show notes, pages and reports print them."""

from __future__ import annotations

import math
import re

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
        return _finite(text, value)
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(value)
    hours, minutes, seconds, frac = m.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise ValueError(value)
    total = _finite(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds), value)
    return total + int(frac) / 10 ** len(frac) if frac else total


class TooLong(ValueError):
    """A well-formed time longer than any float holds (a duration says "too long", not
    "malformed")."""


def _finite(number: int | str, value: object) -> float:
    """``number`` as seconds; TooLong when no float holds it: 400 digits of hours were an
    OverflowError (a traceback from a post's timestamp line or an episode's chapter), 400
    digits of seconds the time ``inf``."""
    try:
        seconds = float(number)
    except OverflowError:
        raise TooLong(value) from None
    if not math.isfinite(seconds):
        raise TooLong(value)
    return seconds


def format_clock(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``, the way show notes print chapter marks."""
    whole = int(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# A line of a post that starts with a time: "12:30 Titel", "- 03:15 Titel", "[12:30] Titel",
# "(1:02:03) - Titel", "3. 12:30 Titel". Anything starting like a time (digits, colon,
# digit) that does not fit is reported instead of silently becoming prose.
_LOOKS_TIMED = re.compile(r"^ {0,3}(?:[-*+]\s+|\d+[.)]\s+)?[\[(]?\d+:\d")
_TIMESTAMP_LINE = re.compile(
    r"^ {0,3}(?:[-*+]\s+|\d+[.)]\s+)?"
    r"(?P<open>[\[(]?)(?P<clock>\d+(?::\d+)+(?:[.,]\d+)?)(?P<close>[\])]?)"
    r"(?:\s*[-–—:|]\s*|\s+)(?P<title>\S.*)"  # greedy, stripped after: a lazy .*? racing \s*$
    # took a step per space per character on a long line
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
    return parse_clock(m["clock"]), m["title"].rstrip()


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
