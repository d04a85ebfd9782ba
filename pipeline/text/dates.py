"""Dates as users write them (YAML, Jekyll front matter, ``--now``), read in the show's zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATE_EXPECTED = "a date like 2026-03-04 or 2026-03-04 07:00 (+01:00 optional)"
# Python's dates end at years 1 and 9999: a date there overflows the moment it moves to
# another zone or gets a day added (a traceback in build, check and serve). No podcast or
# blog post is dated outside these years.
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEAR_EXPECTED = f"a date from the year {FIRST_YEAR} to {LAST_YEAR}"


class DateRangeError(ValueError):
    """A well-formed date outside ``FIRST_YEAR``..``LAST_YEAR``."""


# Jekyll writes "2020-09-12 18:37:31 +0200"; fromisoformat wants "+02:00" and no space.
_JEKYLL_OFFSET = re.compile(r"\s*([+-])(\d{2}):?(\d{2})$")
_ZULU = re.compile(r"Z$", re.IGNORECASE)


def zone(name: str) -> tzinfo:
    """A time zone by IANA name; raises ValueError for unknown names."""
    try:
        return ZoneInfo(name)
    # OSError: a name of a tzdata folder ("Europe") or too long for the file system.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None


def parse_date(value: object, default_tz: tzinfo) -> datetime:
    """Parse a user date into an aware datetime; naive values get the show's time zone."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 64:  # no date is longer; and the offset pattern rescans long text
            raise ValueError(value[:64])
        text = _ZULU.sub("+00:00", text)
        text = _JEKYLL_OFFSET.sub(lambda m: f"{m[1]}{m[2]}:{m[3]}", text)
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(value) from None
    else:
        raise ValueError(value)
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise DateRangeError(value)
    if result.tzinfo is None:
        # ZoneInfo resolves the DST offset for that very date (fold=0 for ambiguous times).
        result = result.replace(tzinfo=default_tz)
    return result
