"""Time zones by IANA name: anything that is not one is a ValueError naming it, which
every caller turns into a problem or an Error line (ZoneInfo raised OSError for a name of
a tzdata folder or one too long for the file system)."""

from __future__ import annotations

import pytest

from pipeline.text.dates import zone


@pytest.mark.parametrize("name", ["Europe", "America", "Mars", "x" * 300, "../etc", ""])
def test_what_is_no_zone_is_a_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone(name)


def test_a_zone_is_found() -> None:
    assert str(zone("Europe/Amsterdam")) == "Europe/Amsterdam"
