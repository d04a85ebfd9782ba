"""Episode numbers written in front of a title: "Afl. 6:", "Aflevering 6 -", "Episode 6:",
"Ep. 06 |", "#6:", "S1E6:", "S01 E06 -". One pattern, used to pair episodes with posts by
title, to title an episode without a post, and for ``itunes:title``."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Linear: every part is a fixed word or a run of one character class, nothing nested.
_PREFIX = re.compile(
    r"^\s*(?:"
    r"(?:afl(?:evering)?|ep(?:isode)?|folge|[ée]pisode)\.?\s*0*(?P<word>\d+)"
    r"|#\s*0*(?P<hash>\d+)"
    r"|s0*(?P<season>\d+)\s*e\s*0*(?P<numbered>\d+)"
    r")(?!\d)\s*(?P<separator>[:|.\-\u2013\u2014]\s*|\s+|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberPrefix:
    """A leading episode number and the title after it."""

    number: int
    season: int | None  # only the S1E6 form names a season
    rest: str


def number_prefix(title: str) -> NumberPrefix | None:
    """The episode number a title starts with, or None when it starts with none."""
    m = _PREFIX.match(title)
    if m is None:
        return None
    number = m["word"] or m["hash"] or m["numbered"]
    season = int(m["season"]) if m["season"] is not None else None
    return NumberPrefix(int(number), season, title[m.end() :])


def without_number(title: str) -> str:
    """The title without any leading episode number ("Afl. 6: Prijzen" -> "Prijzen")."""
    found = number_prefix(title)
    return found.rest.strip() if found is not None else title.strip()
