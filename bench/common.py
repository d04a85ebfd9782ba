"""Shared helpers for benchmarks: run a function in a fresh process and measure it."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence


def run_measured(args: Sequence[str], repeats: int = 3) -> tuple[float, float]:
    """Run a command ``repeats`` times in fresh processes: (median seconds, peak RSS MiB).

    Peak memory is the child's max RSS (``ru_maxrss`` of the waited-for child), measured
    by a tiny wrapper so each run reports its own peak.
    """
    times: list[float] = []
    peaks: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "bench._peak", *args], capture_output=True, text=True
        )
        elapsed = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        times.append(elapsed)
        peaks.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(times), max(peaks)


def self_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
