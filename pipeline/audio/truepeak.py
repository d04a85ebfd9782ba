"""True peak (ITU-R BS.1770-4 Annex 2: the signal oversampled 4x), for the limiter.

:func:`peak_envelope` gives, per input frame, the largest absolute value of the signal
oversampled with the same polyphase filter as ``scipy.signal.resample_poly(x, 4, 1)``. The
three phases between the samples are 20-tap filters at the input rate, run per channel with
``scipy.ndimage.convolve1d`` into one reused buffer: the same figures as resampling and then
taking the maximum of every four values, at a sixth of the cost (no 4x array, no reduction
over a short axis).

:class:`Overlapped` runs such a per-frame function over a stream in overlapping windows, so
chunk edges hide no inter-sample peak.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from pipeline.audio.ffmpeg import Block

OVERSAMPLE = 4
HALF = 10 * OVERSAMPLE  # taps either side of the centre at the oversampled rate (as scipy)


def _design() -> NDArray[np.float64]:
    """resample_poly's filter: ``firwin(81, 1/4, window=("kaiser", 5.0)) * 4``, a windowed
    sinc scaled to unit gain at DC per phase (written out: scipy.signal takes a second to
    import, in every worker)."""
    taps = np.sinc(np.arange(-HALF, HALF + 1) / OVERSAMPLE) * np.kaiser(2 * HALF + 1, 5.0)
    result: NDArray[np.float64] = taps / taps.sum() * OVERSAMPLE
    return result


TAPS = _design()
# Phase p at input frame n is sum_j TAPS[p + 4j] * x[n + 10 - j]: convolve1d's centring.
# Phase 0 is the input itself, times the centre tap (its other taps are sinc zeros, 1e-17).
PHASES = [TAPS[p::OVERSAMPLE].astype(np.float32) for p in range(1, OVERSAMPLE)]
CENTRE = np.float32(max(1.0, TAPS[HALF]))
TP_MARGIN = 16  # frames a window needs either side of a frame (the filter reaches 10)


def peak_envelope(window: Block) -> NDArray[np.float64]:
    """Per input frame, the largest absolute value of the 4x oversampled signal around it.

    Valid for frames at least ``TP_MARGIN`` from either end of ``window``.
    """
    env = np.zeros(len(window), dtype=np.float32)
    work = np.empty(len(window), dtype=np.float32)
    for channel in np.ascontiguousarray(window.T, dtype=np.float32):
        np.abs(channel, out=work)
        work *= CENTRE
        np.maximum(env, work, out=env)
        for phase in PHASES:
            ndimage.convolve1d(channel, phase, output=work, mode="constant")
            np.abs(work, out=work)
            np.maximum(env, work, out=env)
    return env.astype(np.float64)


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
