"""`pipeline audio` against ffmpeg's own two-pass loudnorm, and peak memory for long episodes.

Side by side in one run, on the same generated stereo episode (pink noise with a slow
level swing, 44.1 kHz WAV): our processing (measure, level, limit, encode 128k CBR MP3, tag,
verify) versus ffmpeg `loudnorm` pass 1 (analysis) + pass 2 (linear normalisation to MP3).
Targets: ours within 1.5x of ffmpeg for 60 minutes; peak RSS under 1.5 GiB for 120 minutes.
`--quick` uses 10 and 20 minutes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bench.common import run_measured

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


def make_episode(folder: Path, minutes: int) -> Path:
    root = folder / f"show{minutes}"
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
         "-i", f"anoisesrc=c=pink:a=0.05:d={minutes * 60}:r=44100",
         "-af", "volume='0.6+0.4*sin(t/7)':eval=frame", "-ac", "2",
         str(root / "audio" / "lang.wav")],
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


def run(args: argparse.Namespace) -> list[str]:
    minutes, long_minutes = (10, 20) if args.quick else (60, 120)
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        folder = Path(tmp)
        root = make_episode(folder, minutes)
        source = str(root / "audio" / "lang.wav")
        ours = [sys.executable, "-m", "pipeline", "audio", "--root", str(root), "-j", "1"]
        theirs = [sys.executable, "-m", "bench.audio", source, str(folder / "ffmpeg.mp3")]
        times_ours, times_theirs, peak_ours = [], [], 0.0
        for _ in range(1 if args.quick else 2):  # alternate, so both see the same machine
            for cache in (root / ".cache").glob("audio/*"):
                cache.unlink()
            t, peak = run_measured(ours, repeats=1)
            times_ours.append(t)
            peak_ours = max(peak_ours, peak)
            times_theirs.append(run_measured(theirs, repeats=1)[0])
        a, b = sorted(times_ours)[0], sorted(times_theirs)[0]
        lines.append(
            f"{minutes}-min stereo episode: pipeline audio {a:.1f} s, ffmpeg two-pass loudnorm "
            f"{b:.1f} s, ratio {a / b:.2f} (target <= 1.5); peak RSS {peak_ours:.0f} MiB"
        )
        (root / "audio" / "lang.wav").unlink()
        root = make_episode(folder, long_minutes)
        ours = [sys.executable, "-m", "pipeline", "audio", "--root", str(root), "-j", "1"]
        t, peak = run_measured(ours, repeats=1)
        lines.append(
            f"{long_minutes}-min stereo episode: pipeline audio {t:.1f} s, peak RSS {peak:.0f} MiB "
            f"(target < 1536 MiB)"
        )
    return lines


if __name__ == "__main__":
    ffmpeg_two_pass(sys.argv[1], sys.argv[2])
