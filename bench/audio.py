"""`pipeline audio` against ffmpeg's own two-pass loudnorm, side by side in one run.

The same generated stereo episode (44.1 kHz WAV) goes through our job (measure, level,
limit where needed, encode 128k CBR MP3, tag, verify) and through ffmpeg `loudnorm` pass 1
(analysis) + pass 2 (linear normalisation to MP3). Runs alternate, so both see the same
machine; figures are medians. For each run: wall seconds, CPU seconds (user + system of the
whole process tree, from wait4), peak memory (the process tree's summed RSS, sampled every
50 ms), and the produced MP3 measured by an independent referee: ffmpeg's `ebur128` filter
with true peak (integrated loudness error from the -16 LUFS target, true peak against the
-1 dBTP ceiling).

Episodes: pink noise with a slow level swing (no limiting needed) at 10 and 60 minutes, and
pink noise chopped into syllable-like bursts (peaks 16 dB over the loudness: the limiter works)
at 10 minutes. Targets: ours at or below ffmpeg two-pass in wall time, and peak memory under
1.5 GiB for 120 minutes. `--quick`: 10 minutes only, one round, memory at 20 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

TARGET = -16.0
CEILING = -1.0
MEMORY_LIMIT_MIB = 1536
CONFIG = textwrap.dedent("""\
    title = "Bench"
    description = "Benchmark show."
    author = "Bench"
    language = "nl"
    base_url = "https://bench.example/"
    artwork = "https://bench.example/a.jpg"
    categories = ["Business > Marketing"]
    [owner]
    name = "Bench"
    email = "bench@bench.example"
""")
SHAPES = {
    # A slow swing of +-4.4 dB: peaks stay under the ceiling at -16 LUFS, gain alone does it.
    "plain": "volume='0.6+0.4*sin(t/7)':eval=frame",
    # Bursts 1.3 times a second with quiet gaps, like syllables: peaks 16 dB over the
    # loudness, so levelling to -16 LUFS needs the true-peak limiter.
    "peaky": "aeval='val(0)*(0.05+0.95*pow(abs(sin(2*PI*1.3*t)),8))'",
}


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float
    lufs: float
    true_peak: float


def make_episode(folder: Path, minutes: int, shape: str) -> Path:
    root = folder / f"show-{shape}-{minutes}"
    (root / "episodes").mkdir(parents=True)
    (root / "audio").mkdir()
    (root / "podcast.toml").write_text(CONFIG, encoding="utf-8")
    (root / "episodes" / "001-lang.yaml").write_text(
        'title: "Lang"\nnumber: 1\ndate: 2026-01-01 07:00\n'
        "guid: urn:uuid:00000000-0000-4000-8000-000000000001\naudio: audio/lang.wav\n",
        encoding="utf-8",
    )
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"anoisesrc=c=pink:a=0.05:d={minutes * 60}:r=44100:seed=7",
         "-af", SHAPES[shape], "-ac", "2", str(root / "audio" / "lang.wav")],
        check=True,
    )  # fmt: skip
    return root


def ffmpeg_two_pass(source: str, out: str) -> None:
    """ffmpeg's own loudness normalisation: analysis pass, then linear loudnorm to MP3."""
    first = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", source,
         "-af", "loudnorm=I=-16:TP=-1:LRA=11:print_format=json", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    m = json.loads(first[first.rindex("{") : first.rindex("}") + 1])
    filt = (
        f"loudnorm=I=-16:TP=-1:LRA=11:measured_I={m['input_i']}:measured_TP={m['input_tp']}"
        f":measured_LRA={m['input_lra']}:measured_thresh={m['input_thresh']}"
        f":offset={m['target_offset']}:linear=true,aresample=44100"
    )
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source, "-af", filt,
         "-c:a", "libmp3lame", "-b:a", "128k", out],
        check=True,
    )  # fmt: skip


def referee(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of ``path`` by ffmpeg's ebur128 filter."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = err[err.rindex("Summary:") :]
    lufs = re.search(r"\bI:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert lufs and peak, summary
    return float(lufs[1]), float(peak[1])


def _tree_rss_kib(root_pid: int) -> int:
    """Summed RSS of ``root_pid`` and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def timed(args: list[str]) -> tuple[float, float, float]:
    """Run ``args``: (wall s, CPU s of the process tree, peak summed RSS MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{err.decode(errors='replace')}")
    peak = max(peak, usage.ru_maxrss)  # a short-lived peak the sampler missed
    return wall, usage.ru_utime + usage.ru_stime, peak / 1024


def run_ours(root: Path) -> Run:
    for old in (root / ".cache" / "audio").glob("*"):
        old.unlink()
    wall, cpu, peak = timed([sys.executable, "-m", "pipeline", "audio", "--root", str(root)])
    (mp3,) = (root / ".cache" / "audio").glob("*.mp3")
    return Run(wall, cpu, peak, *referee(mp3))


def run_ffmpeg(root: Path) -> Run:
    out = root / "ffmpeg.mp3"
    source = str(root / "audio" / "lang.wav")
    wall, cpu, peak = timed([sys.executable, "-m", "bench.audio", source, str(out)])
    return Run(wall, cpu, peak, *referee(out))


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in Run.__dataclass_fields__))


def describe(name: str, r: Run) -> str:
    return (
        f"{name} {r.wall:.1f} s wall, {r.cpu:.1f} s CPU, {r.peak_mib:.0f} MiB; "
        f"{r.lufs:.1f} LUFS ({abs(r.lufs - TARGET):.1f} LU off), {r.true_peak:.1f} dBTP"
    )


def compare(folder: Path, minutes: int, shape: str, rounds: int) -> list[str]:
    root = make_episode(folder, minutes, shape)
    ours: list[Run] = []
    theirs: list[Run] = []
    for i in range(rounds):  # alternate who goes first
        if i % 2:
            theirs.append(run_ffmpeg(root))
            ours.append(run_ours(root))
        else:
            ours.append(run_ours(root))
            theirs.append(run_ffmpeg(root))
    a, b = median(ours), median(theirs)
    worst_lu = max(abs(r.lufs - TARGET) for r in ours)
    worst_tp = max(r.true_peak for r in ours)
    ok = a.wall <= b.wall and worst_lu <= 0.5 and worst_tp <= CEILING
    lines = [
        f"{minutes}-min stereo, {shape} ({rounds} round{'s' if rounds > 1 else ''}, medians):",
        "  " + describe("pipeline audio:  ", a),
        "  " + describe("ffmpeg two-pass: ", b),
        f"  ratio wall {a.wall / b.wall:.2f}, CPU {a.cpu / b.cpu:.2f} (target wall <= 1.00); "
        f"ours worst {worst_lu:.1f} LU off, {worst_tp:.1f} dBTP (<= 0.5, <= {CEILING:.1f}): "
        + ("ok" if ok else "MISSED"),
    ]
    (root / "audio" / "lang.wav").unlink()
    return lines


def run(args: argparse.Namespace) -> list[str]:
    rounds = 1 if args.quick else 3
    cases = [(10, "plain"), (10, "peaky")] + ([] if args.quick else [(60, "plain")])
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        folder = Path(tmp)
        for minutes, shape in cases:
            lines += compare(folder, minutes, shape, rounds)
        long_minutes = 20 if args.quick else 120
        r = run_ours(make_episode(folder, long_minutes, "plain"))
        lines.append(
            f"{long_minutes}-min stereo, plain: "
            + describe("pipeline audio", r)
            + f" (target < {MEMORY_LIMIT_MIB} MiB: "
            + ("ok)" if r.peak_mib < MEMORY_LIMIT_MIB else "MISSED)")
        )
    return lines


if __name__ == "__main__":
    ffmpeg_two_pass(sys.argv[1], sys.argv[2])
