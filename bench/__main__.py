"""Run every benchmark module in ``bench/`` (or those named): ``python -m bench [NAME...]``.

Each module defines ``run(args: argparse.Namespace) -> list[str]``, returning report lines
(medians, ratios, peak memory). Figures are printed and written to ``.bench/report.txt``.
"""

from __future__ import annotations

import argparse
import compileall
import importlib
import pkgutil
import sys
import time
from pathlib import Path

import bench


def _sizes(text: str) -> tuple[int, ...]:
    """``1000,10000`` (``_`` allowed: ``10_000``)."""
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    parser.add_argument(
        "--sizes", type=_sizes, help="posts per show for the build table (default 1000,10000)"
    )
    parser.add_argument("--rounds", type=int, help="counted rounds per size (default 3)")
    parser.add_argument("--warmup", type=int, help="uncounted rounds first (default 1)")
    parser.add_argument(
        "--related", type=int, help="posts for related links alone (default 100000; 0: skip)"
    )
    parser.add_argument("--related-rounds", type=int, help="runs of it (default 1)")
    args = parser.parse_args(argv)
    modules = sorted(
        m.name
        for m in pkgutil.iter_modules(bench.__path__)
        if not m.name.startswith("_") and m.name != "common"
    )
    chosen = args.names or modules
    unknown = set(chosen) - set(modules)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}; have {modules}")
    # Measured as installed, where pip compiles every module: a checkout run with
    # PYTHONDONTWRITEBYTECODE (or after an edit) compiled stale modules in every timed run,
    # 20 ms of a 75 ms build with nothing new.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "pipeline", quiet=1)
    lines: list[str] = []
    for name in chosen:
        started = time.perf_counter()
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"bench.{name}")
        section = module.run(args)
        for line in section:
            print("  " + line, flush=True)
        lines += [
            f"== {name} ({time.perf_counter() - started:.0f} s)",
            *("  " + s for s in section),
        ]
    out = Path(".bench")
    out.mkdir(exist_ok=True)
    (out / "report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Report written to {out / 'report.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
