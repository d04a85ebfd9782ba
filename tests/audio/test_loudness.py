"""The meter and the limiter: the standard's loudness (as pyloudnorm computes it with the
standard's own filter), inter-sample peaks found, peaks held under the threshold, and results
independent of chunk size."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest
from scipy import signal

from pipeline.audio.level import Leveler
from pipeline.audio.meter import measure_pcm
from pipeline.audio.probe import find_tools

RATE = 44100


def chunks(x: np.ndarray, size: int) -> list[np.ndarray]:
    return [x[i : i + size] for i in range(0, len(x), size)]


@pytest.mark.slow
@pytest.mark.parametrize("size", [1000, 44100, 10**6])
def test_integrated_loudness_matches_pyloudnorm(size: int) -> None:
    rng = np.random.default_rng(7)
    x = (rng.standard_normal((RATE * 12, 2)) * 0.05).astype(np.float32)
    x[: RATE * 3] *= 0.05  # a quiet start the relative gate must drop
    x[RATE * 6 : RATE * 7] = 0
    # "DeMan" is pyloudnorm's name for the K-weighting filter with the standard's exact
    # coefficients (ffmpeg's); its default design differs by 0.04 LU on white noise.
    reference = pyloudnorm.Meter(RATE, filter_class="DeMan").integrated_loudness(
        x.astype(np.float64)
    )
    result = measure_pcm(chunks(x, size), find_tools(), RATE, 2)
    assert abs(result.integrated - reference) < 0.01
    assert result.duration == 12.0


@pytest.mark.slow
def test_true_peak_finds_inter_sample_peaks() -> None:
    # A quarter-rate sine sampled 45 degrees off its crests: samples at 0.707, true peak 1.0.
    # Faded in and out: an abrupt start would ring, and that overshoot is a true peak too.
    n = np.arange(RATE * 2)
    fade = np.minimum(1.0, np.minimum(n, n[::-1]) / 2000)
    x = (0.5 * fade * np.sin(np.pi / 2 * n + np.pi / 4)).astype(np.float32)[:, None]
    result = measure_pcm(chunks(x, 4096), find_tools(), RATE, 1)
    assert result.sample_peak == pytest.approx(20 * np.log10(0.5 * 0.7071), abs=0.05)
    assert result.true_peak == pytest.approx(20 * np.log10(0.5), abs=0.2)


@pytest.mark.parametrize("size", [777, 44100])
def test_limiter_holds_the_threshold_whatever_the_chunks(size: int) -> None:
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((RATE * 4, 2)) * 0.05).astype(np.float32)
    x[RATE : RATE + 50] *= 16  # bursts well over the threshold after +6 dB
    leveler = Leveler(RATE, 2, gain_db=6.0, threshold_db=-1.5)
    out = np.concatenate([leveler.feed(c) for c in chunks(x, size)] + [leveler.flush()])
    assert out.shape == x.shape
    up = signal.resample_poly(out.astype(np.float64), 4, 1, axis=0)
    assert 20 * np.log10(np.abs(up).max()) <= -1.4
    assert leveler.limited_frames > 0
    quiet = slice(RATE * 2, RATE * 3)  # far from the bursts: plain gain
    np.testing.assert_allclose(out[quiet], x[quiet] * 10 ** (6 / 20), rtol=1e-5)
