"""Levelling accuracy on generated audio, judged by referees that share no code with us:
pyloudnorm and scipy's resample_poly on the decoded MP3, and ffmpeg's ebur128 summary."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from click.testing import CliRunner
from scipy import signal

from pipeline.audio.meter import measure_pcm
from pipeline.audio.probe import find_tools
from pipeline.audio.truepeak import peak_envelope
from pipeline.cli import main
from tests.audiogen import decode, lavfi
from tests.conftest import ShowMaker, episode

NOISE = "anoisesrc=c=pink:a=0.05:d=30:seed=11"
BURSTS = "aeval='val(0)*(0.05+0.95*pow(abs(sin(2*PI*1.3*t)),8))'"


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) from ffmpeg's own summary."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
         "-af", "ebur128=peak=true", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    summary = err[err.rindex("Summary:") :]
    lufs = re.search(r"\bI:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"\bPeak:\s+(-?[\d.]+) dBFS", summary)
    assert lufs and peak, summary
    return float(lufs[1]), float(peak[1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("case", "af", "limited"),
    [
        # Pink noise: gain alone, but the encoder takes 0.7 LU away: encoded again.
        ("noise", "", False),
        # Syllable-like bursts, peaks 16 dB over the loudness: the limiter works.
        ("bursts", BURSTS, True),
    ],
)
def test_on_target_and_under_the_ceiling(
    make_show: ShowMaker, case: str, af: str, limited: bool
) -> None:
    root = make_show(
        episodes={"001-a": episode(1).replace("https://media.show.example/1.mp3", "audio/a.wav")}
    )
    lavfi(root / "audio" / "a.wav", NOISE, af=af)
    result = CliRunner().invoke(main, ["audio", "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    (mp3,) = (root / ".cache" / "audio").glob("*.mp3")
    audio = decode(mp3, 2)
    assert abs(pyloudnorm.Meter(44100).integrated_loudness(audio) + 16.0) <= 0.5
    up = signal.resample_poly(audio, 4, 1, axis=0)
    assert 20 * np.log10(np.abs(up).max()) <= -1.0
    lufs, peak = ebur128(mp3)
    assert abs(lufs + 16.0) <= 0.5 and peak <= -1.0
    facts = json.loads(mp3.with_suffix(".json").read_text())
    assert (facts["limited_seconds"] > 0) == limited


@pytest.mark.slow
def test_a_peak_in_the_last_moments_is_measured() -> None:
    """ebur128 tags only whole 100 ms frames; the meter pads, so the tail counts."""
    x = np.full((44100 * 3 + 1000, 2), 0.01, dtype=np.float32)
    x[-500:] = 0.7
    result = measure_pcm([x], find_tools(), 44100, 2)
    assert result.sample_peak == pytest.approx(20 * np.log10(0.7), abs=0.01)
    assert result.duration == pytest.approx(len(x) / 44100)


@pytest.mark.parametrize("channels", [1, 2])
def test_peak_envelope_is_resample_poly_grouped_per_frame(channels: int) -> None:
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((20_000, channels)) * 0.3).astype(np.float32)
    up = signal.resample_poly(x.astype(np.float64), 4, 1, axis=0)
    expected = np.maximum(np.abs(up).reshape(len(x), -1).max(axis=1), np.abs(x).max(axis=1))
    inner = slice(16, -16)
    np.testing.assert_allclose(peak_envelope(x)[inner], expected[inner], rtol=1e-6)
