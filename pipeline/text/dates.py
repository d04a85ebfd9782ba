"""Dates as users write them (YAML, Jekyll front matter, ``--now``), read in the show's zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DATE_EXPECTED = "a date like 2026-03-04 or 2026-03-04 07:00 (+01:00 optional)"
# Python's dates end at years 1 and 9999: a date there overflows the moment it moves to
# another zone or gets a day added (a traceback in build, check and serve). No podcast or
# blog post is dated outside these years.
FIRST_YEAR, LAST_YEAR = 1900, 2999
YEAR_EXPECTED = f"a date from the year {FIRST_YEAR} to {LAST_YEAR}"


class DateRangeError(ValueError):
    """A well-formed date outside ``FIRST_YEAR``..``LAST_YEAR``."""


class OffsetRangeError(ValueError):
    """A well-formed date whose offset lies past -14:00 or +14:00: no zone on earth is
    that far from UTC (Kiribati, +14:00, is the farthest), so it is a typo."""


MAX_OFFSET = timedelta(hours=14)
OFFSET_EXPECTED = "a date with an offset from -14:00 to +14:00"


class SkippedTimeError(ValueError):
    """A local time the show's zone skips: clocks move forward past it (02:30 on the last
    Sunday of March in Europe/Amsterdam). Read as it was, it silently became another
    time; ``expected`` names the gap."""

    def __init__(self, value: object, expected: str):
        super().__init__(value)
        self.expected = expected


def date_expected(exc: ValueError, usual: str = DATE_EXPECTED) -> str:
    """What a date ``parse_date`` refused with ``exc`` was expected to be: the years, the
    time that exists, or ``usual`` (the field's own wording) for a malformed one."""
    if isinstance(exc, SkippedTimeError):
        return exc.expected
    if isinstance(exc, DateRangeError):
        return YEAR_EXPECTED
    if isinstance(exc, OffsetRangeError):
        return OFFSET_EXPECTED
    return usual


# The forms this module reads: a calendar date, then optionally a time (seconds and their
# fraction optional) and an offset (Z, +01:00, Jekyll's +0100 after a space, ISO 8601's
# +01 after a time). Python's fromisoformat reads far more: ISO week dates (2026-W10-1),
# 20260304, an hour alone, any character between date and time, offsets with seconds (and a
# later Python may add ordinal dates, 2026-061). A typo in one of those forms was taken as
# some other day without a word. The fraction may be longer than Python's microseconds:
# YAML and ISO 8601 set no limit and other tools write nanoseconds.
_CALENDAR = re.compile(
    r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[Tt ](?P<time>[0-9]{2}:[0-9]{2})(?::(?P<seconds>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?)?)?"
    r"(?:\s*(?P<offset>[Zz]|(?P<sign>[+-])(?P<hours>[0-9]{2})(?::?(?P<minutes>[0-9]{2}))?))?"
)


# Files of the system's zone database that name no zone of their own: "localtime" is the
# machine's zone (a show's dates would move with the machine that builds it), "posixrules"
# a default, and "right/..." counts leap seconds (every time 27 s off); "posix/..." is a
# copy of the plain name, which is the one to write.
_NOT_ZONES = frozenset({"localtime", "posixrules"})
_NOT_ZONE_FOLDERS = ("right/", "posix/")


def zone(name: str) -> tzinfo:
    """A time zone by IANA name; raises ValueError for unknown names."""
    if name in _NOT_ZONES or name.startswith(_NOT_ZONE_FOLDERS):
        raise ValueError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    # OSError: a name of a tzdata folder ("Europe") or too long for the file system.
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None


def feed_moment(text: str | None) -> datetime | None:
    """The moment an RSS date (RFC 2822: ``<pubDate>``) names, or None when it names none.

    "-0000" is UTC with the writer's zone unknown (RFC 5322), never a naive date that no
    aware one equals; a year or offset of twenty digits (a feed from elsewhere, a site's
    feed edited by hand) is unreadable, not an OverflowError, and so is a year below 100
    written in full (0001), which Python would read as 2001."""
    # Imported here: email.utils brings socket, random and calendar, a fifth of what a
    # build with nothing new spends importing (``unchanged.py`` uses this module too).
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(text or "")
    except (TypeError, ValueError, OverflowError):
        return None
    # email.utils takes every year below 100 for RFC 2822's obsolete two-digit form, also
    # one written in full: "0001" became 2001. A year written with three digits or more is
    # read as written or not at all, never shifted by two thousand years.
    written = _FULL_YEAR.findall(text or "")
    if len(written) == 1 and int(written[0]) != moment.year:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# The year of an RFC 2822 date as written, when it has three digits or more: the day has at
# most two, the zone a sign before its digits, the time colons.
_FULL_YEAR = re.compile(r"(?<![\d+\-:])\d{3,}(?![\d:])")


def written_moment(moment: datetime) -> datetime:
    """``moment`` with an offset RFC 2822 (``<pubDate>``) and RFC 3339 (Atom) can write:
    whole minutes, else in UTC, the same moment. A zone's local mean time has seconds
    (Europe/Amsterdam +00:19:32 before 1937, Africa/Monrovia -00:44:30 until 1972), which
    went out as ``+001932``: no RFC 2822 zone, and apps read another day and hour."""
    offset = moment.utcoffset()
    if offset is None or not offset % timedelta(minutes=1):
        return moment
    return moment.astimezone(UTC)


def parse_date(value: object, default_tz: tzinfo) -> datetime:
    """Parse a user date into an aware datetime; naive values get the show's time zone."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > 64:  # no date is longer, nanoseconds and offset included
            raise ValueError(value[:64])
        try:
            result = datetime.fromisoformat(_iso(text))
        except ValueError:
            raise ValueError(value) from None
    else:
        raise ValueError(value)
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise DateRangeError(value)
    offset = result.utcoffset()
    if offset is not None and abs(offset) > MAX_OFFSET:
        raise OffsetRangeError(value)
    if result.tzinfo is None:
        # ZoneInfo resolves the DST offset for that very date (fold=0 for ambiguous times:
        # the first of the two, an hour the clocks go back through, is taken).
        result = result.replace(tzinfo=default_tz)
        # A date alone is the day's start, whenever that is; a time written is checked.
        if not _date_only(value) and (gap := _skipped(result)) is not None:
            raise SkippedTimeError(value, gap)
    return result


def _iso(text: str) -> str:
    """``text``, one of the forms ``_CALENDAR`` reads, in the one form fromisoformat reads as
    meant; raises ValueError for any other text."""
    written = _CALENDAR.fullmatch(text)
    if written is None:
        raise ValueError(text)
    time_, seconds, fraction = written["time"], written["seconds"], written["fraction"]
    # A date alone with an offset is that day's start there: fromisoformat took the offset's
    # sign for the separator and its hours for the time (2026-03-04 +0100 was 01:00 local).
    moment = f"{written['day']}T{time_ or '00:00'}"
    moment += (f":{seconds}" if seconds else "") + (f".{fraction[:6]}" if fraction else "")
    if written["offset"] in ("Z", "z"):
        return f"{moment}+00:00"
    if written["sign"] is None:
        return moment
    # Hours alone only after a time: 2026-03-04-01 is more likely a typo than an offset.
    if written["minutes"] is None and time_ is None:
        raise ValueError(text)
    return f"{moment}{written['sign']}{written['hours']}:{written['minutes'] or '00'}"


def _date_only(value: object) -> bool:
    if isinstance(value, str):
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return False
        return True
    return not isinstance(value, datetime)


def _skipped(local: datetime) -> str | None:
    """For a time its zone skips, the time that exists there, naming the gap; else None.

    fold=0 reads a skipped time with the offset before the move and fold=1 with the one
    after: the move lies between the two readings in UTC, and is found to the second."""
    zone_ = local.tzinfo
    before, after = local.replace(fold=0).utcoffset(), local.replace(fold=1).utcoffset()
    if zone_ is None or before is None or after is None or after <= before:
        return None  # a time that exists once (or twice: the first is taken)
    naive = local.replace(tzinfo=None)
    low, high = naive - after, naive - before  # UTC: before the move, at or after it
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.replace(tzinfo=UTC).astimezone(zone_).utcoffset() == after:
            high = middle
        else:
            low = middle
    moved = high.replace(microsecond=0)
    name = getattr(zone_, "key", None) or str(zone_)
    shown = "%H:%M:%S" if moved.second else "%H:%M"
    start, end = moved + before, moved + after
    if start.date() == end.date():
        move = f"{start:{shown}} to {end:{shown}} on {start.date()}"
    else:  # a day skipped (Pacific/Apia, 2011-12-30)
        move = f"{start:{shown}} on {start.date()} to {end:{shown}} on {end.date()}"
    return f"a time that exists in {name} (clocks move from {move})"
