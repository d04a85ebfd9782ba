"""``pipeline audio --suggest-chapters`` options out of range, nan and inf included (nan
passes a range check; both were tracebacks in the silence finder), are usage errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main


@pytest.mark.parametrize("option", ["--min-silence", "--silence-below"])
@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-1", "0"])
def test_odd_numbers_are_refused_before_any_work(option: str, value: str) -> None:
    result = CliRunner().invoke(main, ["audio", "--suggest-chapters", option, value])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '{option}'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("option", ["--min-silence", "--silence-below"])
def test_nan_is_refused_in_the_form_of_every_number_option(option: str) -> None:
    """One range type for every number option (``commands/common.py``): audio's own copy
    said "nan is not a number of seconds or decibels", publish's "got 'nan', expected"."""
    result = CliRunner().invoke(main, ["audio", "--suggest-chapters", option, "nan"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{option}': got 'nan', expected a number"
    )
