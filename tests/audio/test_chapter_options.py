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
