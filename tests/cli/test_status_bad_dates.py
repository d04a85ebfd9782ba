"""`pipeline status` with an episode or post whose date does not load (a number, a list, a
year out of range): that file's row is blocked with the problem, the rest of the report is
there, exit 1; never a traceback (the half-loaded item had no date to sort or compare)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_status import rows, show, status

__all__ = ["show"]  # the fixture, used below by name


@pytest.mark.parametrize("value", ["5", "[2026-06-01]", "{a: 1}", "true", "9999-12-31", '""'])
@pytest.mark.parametrize("path", ["episodes/003-c.yaml", "posts/2026-06-04-vier.md"])
def test_an_item_whose_date_does_not_load_is_blocked(show: Path, path: str, value: str) -> None:
    file = show / path
    text = file.read_text(encoding="utf-8")
    lines = [f"date: {value}" if line.startswith("date: ") else line for line in text.split("\n")]
    file.write_text("\n".join(lines), encoding="utf-8")
    code, stdout, stderr = status(show)
    assert "Traceback" not in stderr
    assert code == 1
    slug = Path(path).stem
    assert f"blocked ? {slug}" in rows(stdout)
    assert "live 2026-03-01 07:00 001-a" in rows(stdout)
    assert f"Error: {path}:" in stderr
