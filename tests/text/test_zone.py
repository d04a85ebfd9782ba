"""Time zones by IANA name: anything that is not one is a ValueError naming it, which
every caller turns into a problem or an Error line (ZoneInfo raised OSError for a name of
a tzdata folder or one too long for the file system)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text.dates import zone
from tests.conftest import BASIC_CONFIG


@pytest.mark.parametrize("name", ["Europe", "America", "Mars", "x" * 300, "../etc", ""])
def test_what_is_no_zone_is_a_value_error(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        zone(name)


def test_a_zone_is_found() -> None:
    assert str(zone("Europe/Amsterdam")) == "Europe/Amsterdam"


@pytest.mark.parametrize(
    "name", ["localtime", "posixrules", "right/Europe/Amsterdam", "posix/Europe/Amsterdam"]
)
def test_a_file_of_the_zone_database_that_is_no_zone_of_its_own(name: str) -> None:
    """The system's database holds these as files (Debian's tzdata does), so ZoneInfo took
    them: "localtime" made a show's dates depend on the machine that built it, "right/"
    zones are 27 s off."""
    with pytest.raises(ValueError, match="unknown time zone"):
        zone(name)


def test_the_config_names_localtime(tmp_path: Path) -> None:
    config = BASIC_CONFIG.replace('timezone = "Europe/Amsterdam"', 'timezone = "localtime"')
    (tmp_path / "podcast.toml").write_text(config, encoding="utf-8")
    (tmp_path / "posts").mkdir()
    (tmp_path / "episodes").mkdir()
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path), "--offline"])
    assert result.exit_code == 1
    assert "podcast.toml:9: timezone: got 'localtime', expected an IANA time zone" in result.stderr
