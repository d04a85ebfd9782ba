"""`make bench` keeps working: the harness end to end on a tiny show, and its measurements.

No speed or memory target is checked here (those live in the bench's own report); these
tests only keep the harness from rotting.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from bench import build
from bench.__main__ import main
from bench._measure import measured
from bench._report import ROWS


def test_measure_reports_wall_cpu_and_the_peak_of_a_child() -> None:
    grow = "x = bytearray(120 * 2**20); sum(range(3_000_000))"
    figures = measured([sys.executable, "-c", grow])
    assert figures.peak >= 120  # MiB: the child's, not this process's
    assert figures.wall > 0 and figures.cpu > 0


def test_a_failing_command_is_an_error_with_its_output() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        measured([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"])


def test_the_build_table_end_to_end_on_a_tiny_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the report goes to ./.bench/report.txt
    args = ["build", "--sizes", "25", "--rounds", "1", "--warmup", "0", "--related", "40"]
    assert main(args) == 0
    report = (tmp_path / ".bench" / "report.txt").read_text("utf-8")
    for _, label in ROWS:
        # Every row is measured: three figures, and in the ratio table ratios to Hugo.
        line = next(x for x in report.splitlines() if x.startswith(f"  | {label} | ") and "/" in x)
        assert line.count("/") >= 2, line
    ratio_lines = [x for x in report.splitlines() if "H+r " in x]
    assert len(ratio_lines) == len(ROWS) - 1  # all but Hugo with related posts itself
    rebuild = next(x for x in ratio_lines if "nothing changed" in x)
    assert "floor " in rebuild and "hash " in rebuild and "x cold" in rebuild
    assert "precision@5: pipeline / Hugo / stemmed TF-IDF" in report
    assert "related links alone, 40 posts" in report
    assert "Targets (issue 15):" in report


def test_quick_mode_is_small(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int, int]] = []

    def fake_size(n: int, rounds: int, warmup: int, work: Path) -> build.Result:
        seen.append((n, rounds, warmup))
        raise SystemExit(0)

    monkeypatch.setattr(build, "measure_size", fake_size)
    with pytest.raises(SystemExit):
        build.run(argparse.Namespace(quick=True))
    assert seen == [(1_000, 3, 1)]
