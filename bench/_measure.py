"""Run one command and measure it: wall seconds, CPU seconds, peak memory in MiB.

``python -m bench._measure CMD...`` prints one JSON line after the command's own output.
Measured here, in a process of its own, so the numbers are the command's alone:

- wall: from start to exit;
- CPU: user + system time of the command and every process it started (``RUSAGE_CHILDREN``
  after waiting for it);
- peak: the larger of the biggest single process's peak RSS (``ru_maxrss``) and the peak of
  the whole process tree's proportional set size (PSS, ``/proc/PID/smaps_rollup``) sampled
  ten times a second, so forked workers count once each, with the pages they share with
  their parent split between them rather than counted twice.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.1
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Measured:
    wall: float
    cpu: float
    peak: float  # MiB
    returncode: int = 0

    def as_json(self) -> str:
        return json.dumps(self.__dict__)


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process on the machine."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text("ascii", "replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after "(command name)"
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_pss(pid: int) -> float:
    """The PSS of ``pid`` and all its descendants, in MiB (0 where /proc cannot say)."""
    tree = _children()
    total_kib = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += tree.get(current, [])
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text("ascii", "replace")
        except OSError:
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total_kib += int(line.split()[1])
                break
    return total_kib / 1024


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to the end (its output passes through) and measure it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(list(command), env=env)
    peak_pss = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_pss
        while not done.wait(SAMPLE_SECONDS):
            peak_pss = max(peak_pss, tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.exists("/proc/self/smaps_rollup"):
        sampler.start()
    code = process.wait()
    wall = time.perf_counter() - started
    done.set()
    if sampler.is_alive():
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, max(after.ru_maxrss / 1024, peak_pss), code)


def measured(command: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """``command`` measured in a fresh ``python -m bench._measure`` process; raises when the
    command fails (its output is in the message)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench._measure", *command],
        capture_output=True,
        text=True,
        env=env or {**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = proc.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    if result is None or result["returncode"] != 0:
        output = proc.stdout[-3000:] + proc.stderr[-3000:]
        raise RuntimeError(f"{' '.join(command)} failed:\n{output}")
    return Measured(result["wall"], result["cpu"], result["peak"])


if __name__ == "__main__":
    sys.stdout.flush()
    outcome = measure(sys.argv[1:])
    print("\n" + outcome.as_json(), flush=True)  # on a line of its own, whatever came before
    sys.exit(0)
