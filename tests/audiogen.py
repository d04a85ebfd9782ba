"""Test audio made at test time with ffmpeg and espeak-ng: no binary files in the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from numpy.typing import NDArray


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def lavfi(path: Path, source: str, *, channels: int = 2, rate: int = 44100, af: str = "") -> Path:
    """Render an ffmpeg lavfi source (``sine=f=440:d=5``, ``anoisesrc=...``) to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    filters = ["-af", af] if af else []
    ffmpeg("-f", "lavfi", "-i", source, *filters, "-ac", str(channels), "-ar", str(rate), str(path))
    return path


def speech(path: Path, text: str, *, volume_db: float = 0.0, seconds: float = 8.0) -> Path:
    """Dutch speech from espeak-ng, padded or cut to ``seconds``, at a chosen level."""
    raw = path.with_suffix(".espeak.wav")
    subprocess.run(["espeak-ng", "-v", "nl", "-s", "150", "-w", str(raw), text], check=True)
    ffmpeg(
        "-i", str(raw), "-af", f"apad,atrim=0:{seconds},volume={volume_db}dB",
        "-ac", "2", "-ar", "44100", str(path),
    )  # fmt: skip
    raw.unlink()
    return path


def decode(path: Path, channels: int, rate: int = 44100) -> NDArray[np.float64]:
    """The whole file as float samples (frames, channels), decoded by ffmpeg."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path), "-f", "f32le",
         "-ac", str(channels), "-ar", str(rate), "-"],
        check=True,
        capture_output=True,
    ).stdout  # fmt: skip
    return np.frombuffer(out, dtype=np.float32).reshape(-1, channels).astype(np.float64)


def mp3_frames(seconds: float = 1.0) -> bytes:
    """A small valid MP3 without ffmpeg: silent MPEG-1 Layer III frames (128 kbit/s,
    44.1 kHz, 417 bytes, 26 ms each). Enough for tests that need audio a probe accepts."""
    frame = b"\xff\xfb\x90\x00" + bytes(413)
    return frame * max(1, round(seconds / 0.026122))
