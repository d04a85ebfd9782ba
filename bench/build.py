"""Build time and peak memory of a synthetic show at N = 1,000 and 10,000 posts.

Target on a 2-core machine: 10,000 posts (2,000 episodes) build in under 10 s and 1 GiB.
Each build runs in a fresh process (`pipeline build`), so peak RSS is the build's own.
Reported per size: the median wall time of cold builds (empty output folder), the CPU
split into user and system time (on this VM, system time spent creating files varies a
lot from run to run), and a rebuild after one post was edited (the everyday case: the
writer carries unchanged files over).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._showgen import generate

SIZES = (1_000, 10_000)


def _timed(command: list[str]) -> tuple[float, float, float, float]:
    """(wall s, user s, system s, peak RSS MiB) of one run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench._peak", *command], capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}")
    peak = float(proc.stdout.strip().splitlines()[-1])
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, peak


def run(args: argparse.Namespace) -> list[str]:
    lines = []
    sizes = (1_000,) if args.quick else SIZES
    repeats = 1 if args.quick else 3
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "show", n)

            def command(out: Path, root: Path = root) -> list[str]:
                return [
                    sys.executable,
                    "-m",
                    "pipeline",
                    "build",
                    "--root",
                    str(root),
                    "--out",
                    str(out),
                    "--now",
                    "2030-01-01T00:00Z",
                    "--offline",
                    "-q",
                ]

            # Each cold build gets a new folder: deleting the previous 16,000 files just
            # before would charge the build for the file system's clean-up of that tree.
            cold = [_timed(command(Path(tmp) / f"cold-{i}")) for i in range(repeats)]
            out = Path(tmp) / "cold-0"
            files = sum(1 for p in out.rglob("*") if p.is_file())
            edited = sorted((root / "posts").iterdir())[n // 2]
            rebuild = []
            for i in range(repeats):
                edited.write_text(edited.read_text() + f"\nEen extra zin {i}.\n")
                rebuild.append(_timed(command(out)))
        wall = statistics.median(c[0] for c in cold)
        user = statistics.median(c[1] for c in cold)
        system = statistics.median(c[2] for c in cold)
        peak = max(c[3] for c in cold)
        again = statistics.median(r[0] for r in rebuild)
        verdict = "ok" if n != 10_000 or (wall < 10 and peak < 1024) else "OVER TARGET"
        lines.append(
            f"build N={n:>6} posts, {n // 5} episodes, {files} files: cold median {wall:5.2f} s "
            f"(user {user:5.2f} s, system {system:5.2f} s), peak RSS {peak:4.0f} MiB "
            f"[{verdict}]; rebuild after one edit median {again:5.2f} s"
        )
    return lines
