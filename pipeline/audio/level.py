"""Gain and a look-ahead true-peak limiter, streaming.

The limiter computes, per frame, the gain that keeps the 4x oversampled peak at or below
the threshold, takes the minimum of that over ±W frames and then the mean over ±W frames.
Every frame within W of a frame is in that frame's minimum window, so the mean never
exceeds the gain a frame needs: the output stays under the threshold (up to the
oversampling estimate) while the gain moves smoothly over 2W frames (no clicks).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from pipeline.audio.ffmpeg import Block
from pipeline.audio.truepeak import TP_MARGIN, Overlapped, peak_envelope

LOOKAHEAD = 0.005  # seconds: W, half the gain ramp


class Leveler:
    """Applies gain, then limits true peaks to the threshold. Output lags input; see flush."""

    def __init__(self, rate: int, channels: int, gain_db: float, threshold_db: float):
        self.gain = 10 ** (gain_db / 20)
        self.threshold = 10 ** (threshold_db / 20)
        self.width = 2 * max(1, round(LOOKAHEAD * rate)) + 1
        self._over = Overlapped(self.width + TP_MARGIN, channels, self._gains)
        self.limited_frames = 0

    def _gains(self, window: Block) -> NDArray[np.float64]:
        env = peak_envelope(window)
        with np.errstate(divide="ignore"):
            need = np.minimum(1.0, self.threshold / np.maximum(env, 1e-12))
        if need.min() >= 1.0:
            return need
        need = ndimage.minimum_filter1d(need, self.width, mode="nearest")
        smooth: NDArray[np.float64] = ndimage.uniform_filter1d(need, self.width, mode="nearest")
        return smooth

    def feed(self, chunk: Block) -> Block:
        return self._apply(*self._over.feed(chunk * np.float32(self.gain)))

    def flush(self) -> Block:
        return self._apply(*self._over.flush())

    def _apply(self, frames: Block, gains: NDArray[np.float64]) -> Block:
        limited = int((gains < 1.0).sum())
        if not limited:
            return frames
        self.limited_frames += limited
        return (frames * gains[:, None]).astype(np.float32)


def leveled(chunks: Iterable[Block], leveler: Leveler) -> Iterator[Block]:
    """``chunks`` through ``leveler``, flushed at the end."""
    for chunk in chunks:
        yield leveler.feed(chunk)
    yield leveler.flush()


def gain_for(target: float, measured: float) -> float:
    """dB to add so ``measured`` becomes ``target``."""
    if not math.isfinite(measured):
        return 0.0
    return target - measured
