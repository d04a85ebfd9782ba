"""Build time and peak memory of a synthetic show at N = 1,000 and 10,000 posts.

Target on a 2-core machine: 10,000 posts (2,000 episodes) build in under 10 s and 1 GiB.
Each build runs in a fresh process (`pipeline build`), so peak RSS is the build's own.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from bench._showgen import generate
from bench.common import run_measured

SIZES = (1_000, 10_000)


def run(args: argparse.Namespace) -> list[str]:
    lines = []
    sizes = (1_000,) if args.quick else SIZES
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "show", n)
            out = Path(tmp) / "site"
            command = [
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
            seconds, peak = run_measured(command, repeats=1 if args.quick else 3)
            files = sum(1 for _ in out.rglob("*"))
            shutil.rmtree(out, ignore_errors=True)
        verdict = "ok" if n != 10_000 or (seconds < 10 and peak < 1024) else "OVER TARGET"
        lines.append(
            f"build N={n:>6} posts, {n // 5} episodes: median {seconds:6.2f} s, "
            f"peak RSS {peak:6.0f} MiB, {files} files [{verdict}]"
        )
    return lines
