"""Streaming loudness and true-peak measurement (ITU-R BS.1770-4).

pyloudnorm implements BS.1770 for a whole signal held in memory; a two-hour stereo episode
as float64 is 5 GB, so we use pyloudnorm's K-weighting filter design and run the same
filters and gating over chunks: the filters keep their state between chunks, and the
mean square of every 100 ms hop is kept (a few kB per hour), from which the 400 ms gating
blocks with 75 % overlap are formed at the end. The result matches
``pyloudnorm.Meter.integrated_loudness`` on the same signal (tested).

True peak is the peak of the signal oversampled 4x (BS.1770-4 Annex 2), computed over
overlapping windows so chunk edges do not hide inter-sample peaks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pyloudnorm
from numpy.typing import NDArray
from scipy import signal

Block = NDArray[np.float32]
ABSOLUTE_GATE = -70.0  # LUFS
RELATIVE_GATE = -10.0  # LU below the absolutely gated loudness
CHANNEL_WEIGHTS = (1.0, 1.0, 1.0, 1.41, 1.41)  # L, R, C, Ls, Rs
OVERSAMPLE = 4
TP_MARGIN = 16  # input samples either side that the oversampling filter looks at


def db(value: float) -> float:
    """Amplitude ratio to dB; -inf for silence."""
    return 20.0 * math.log10(value) if value > 0 else -math.inf


@dataclass(frozen=True)
class Loudness:
    """What a file measures: integrated loudness (LUFS), true and sample peak (dBTP/dBFS)."""

    integrated: float
    true_peak: float
    sample_peak: float
    duration: float  # seconds of decoded audio


class LoudnessMeter:
    """Integrated loudness over chunks of shape (frames, channels)."""

    def __init__(self, rate: int, channels: int):
        meter = pyloudnorm.Meter(rate)  # K-weighting: high shelf then high pass
        self._stages = [
            (np.asarray(f.b, dtype=np.float64), np.asarray(f.a, dtype=np.float64), f.passband_gain)
            for f in meter._filters.values()
        ]
        self._state = [np.zeros((max(len(b), len(a)) - 1, channels)) for b, a, _ in self._stages]
        self.rate = rate
        self.channels = channels
        self.hop = round(rate * 0.1)  # 100 ms: the 75 % overlap step of 400 ms blocks
        self._rest = np.zeros((0, channels))
        self._hops: list[NDArray[np.float64]] = []
        self.frames = 0

    def feed(self, chunk: Block) -> None:
        self.frames += len(chunk)
        y = chunk.astype(np.float64)
        for i, (b, a, gain) in enumerate(self._stages):
            y, self._state[i] = signal.lfilter(b, a, y, axis=0, zi=self._state[i])
            if gain != 1.0:
                y = y * gain
        sq = np.concatenate([self._rest, y * y])
        whole = len(sq) // self.hop
        if whole:
            self._hops.append(sq[: whole * self.hop].reshape(whole, self.hop, -1).sum(axis=1))
        self._rest = sq[whole * self.hop :]

    def integrated(self) -> float:
        """Gated integrated loudness in LUFS (-inf when everything is below the gate)."""
        if not self._hops:
            return -math.inf
        hops = np.concatenate(self._hops)
        if len(hops) < 4:
            return -math.inf
        # 400 ms blocks from four consecutive 100 ms hops: mean square per channel.
        csum = np.concatenate([np.zeros((1, hops.shape[1])), np.cumsum(hops, axis=0)])
        z = (csum[4:] - csum[:-4]) / (4 * self.hop)
        weights = np.array(CHANNEL_WEIGHTS[: self.channels])
        with np.errstate(divide="ignore"):
            block_loudness = -0.691 + 10 * np.log10(z @ weights)
        gated = block_loudness >= ABSOLUTE_GATE
        if not gated.any():
            return -math.inf
        relative = -0.691 + 10 * math.log10(float(z[gated].mean(axis=0) @ weights)) + RELATIVE_GATE
        gated &= block_loudness > relative
        return -0.691 + 10 * math.log10(float(z[gated].mean(axis=0) @ weights))


def peak_envelope(window: Block) -> NDArray[np.float64]:
    """Per input frame, the largest absolute value of the 4x oversampled signal around it.

    Valid for frames at least ``TP_MARGIN`` from either end of ``window``.
    """
    up = signal.resample_poly(window, OVERSAMPLE, 1, axis=0)
    env = np.abs(up).reshape(len(window), OVERSAMPLE, -1).max(axis=(1, 2))
    result: NDArray[np.float64] = np.maximum(env, np.abs(window).max(axis=1))
    return result


class Overlapped:
    """Runs ``func(window) -> per-frame values`` over a stream in overlapping windows.

    ``func`` may be wrong within ``margin`` frames of a window's ends; each frame is
    returned exactly once, from a window where it is at least ``margin`` from both ends.
    The stream is padded with silence at both ends, as a player would hear it.
    """

    def __init__(self, margin: int, channels: int, func: Callable[[Block], NDArray[np.float64]]):
        self.margin = margin
        self.func = func
        self._buf: Block = np.zeros((margin, channels), dtype=np.float32)
        self._real = 0  # frames of real signal at the end of _buf not yet returned

    def feed(self, chunk: Block) -> tuple[Block, NDArray[np.float64]]:
        m = self.margin
        win = np.concatenate([self._buf, chunk.astype(np.float32, copy=False)])
        if len(win) < 2 * m + 1:
            self._buf = win
            return win[:0], np.zeros(0)
        values = self.func(win)
        self._buf = win[len(win) - 2 * m :]
        return win[m : len(win) - m], values[m : len(win) - m]

    def flush(self) -> tuple[Block, NDArray[np.float64]]:
        m = self.margin
        pending = len(self._buf) - m
        if pending <= 0:
            return self._buf[:0], np.zeros(0)
        win = np.concatenate([self._buf, np.zeros((m, self._buf.shape[1]), np.float32)])
        values = self.func(win)
        return win[m : m + pending], values[m : m + pending]


class PeakMeter:
    """True peak (4x oversampled) and sample peak over a stream."""

    def __init__(self, channels: int):
        self._over = Overlapped(TP_MARGIN, channels, peak_envelope)
        self.true_peak = 0.0
        self.sample_peak = 0.0

    def feed(self, chunk: Block) -> None:
        self._take(*self._over.feed(chunk))

    def finish(self) -> None:
        self._take(*self._over.flush())

    def _take(self, frames: Block, env: NDArray[np.float64]) -> None:
        if len(frames):
            self.true_peak = max(self.true_peak, float(env.max()))
            self.sample_peak = max(self.sample_peak, float(np.abs(frames).max()))


def measure(chunks: Iterable[Block], rate: int, channels: int) -> Loudness:
    """Integrated loudness and peaks of a stream of float chunks (frames, channels)."""
    meter = LoudnessMeter(rate, channels)
    peaks = PeakMeter(channels)
    for chunk in chunks:
        meter.feed(chunk)
        peaks.feed(chunk)
    peaks.finish()
    return Loudness(
        integrated=meter.integrated(),
        true_peak=db(peaks.true_peak),
        sample_peak=db(peaks.sample_peak),
        duration=meter.frames / rate,
    )
