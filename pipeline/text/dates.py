"""Dates as users write them (YAML, Jekyll front matter, ``--now``), read in the show's zone."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.paths import CONFIG_FILE

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
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def show_timezone(root: Path) -> str:
    """The show's time zone if podcast.toml names a valid one, else UTC; never raises.

    Used to read ``--now`` and to keep loading content when the config itself is broken.
    Here rather than with the config's checks: a build with nothing new reads ``--now``
    and stops, and importing those checks cost it a third of its time.
    """
    path = root / CONFIG_FILE
    if not path.is_file():  # missing, a folder, or a FIFO that would block the read
        return "UTC"
    try:
        # A byte-order mark (Windows editors add one) is not TOML's.
        data = tomllib.loads(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
        name = str(data.get("timezone", "UTC"))
        zone(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return "UTC"
    return name


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
