"""Encode to a constant-bitrate MP3 with ffmpeg's LAME encoder, into a path the caller gives.

Two ways in: :func:`encode_file` lets ffmpeg read the input and apply a plain gain itself
(when the limiter has nothing to do, no sample needs to pass through Python at all), and
:func:`encode_pcm` takes float PCM chunks from our limiter through a pipe. The caller gives a
temporary path (:func:`pipeline.write.atomic_path`), so a failed encode never leaves a
partial file.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from pipeline.audio.ffmpeg import Block, OnSeconds, run_ffmpeg
from pipeline.audio.probe import Tools
from pipeline.errors import AudioError


def mp3_args(out: Path, bitrate: str) -> list[str]:
    """Output options: CBR MP3 without metadata (tags are written afterwards), Xing header."""
    return ["-c:a", "libmp3lame", "-b:a", bitrate, "-abr", "0",
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1",
            "-f", "mp3", "-y", str(out)]  # fmt: skip


def encode_file(
    source: Path,
    tools: Tools,
    out: Path,
    *,
    rate: int,
    channels: int,
    bitrate: str,
    gain_db: float,
    on_seconds: OnSeconds | None = None,
) -> None:
    """Convert ``source`` to ``rate``/``channels``, apply ``gain_db`` and encode into ``out``."""
    layout = "mono" if channels == 1 else "stereo"
    graph = (
        f"aformat=sample_fmts=flt:sample_rates={rate}:channel_layouts={layout},"
        f"volume={gain_db:.6f}dB:precision=float"
    )
    args = ["-i", str(source), "-map", "0:a:0", "-vn", "-sn", "-dn", "-af", graph,
            "-ar", str(rate), "-ac", str(channels)]  # fmt: skip
    done = run_ffmpeg(tools, args + mp3_args(out, bitrate), on_seconds=on_seconds)
    if done.returncode != 0:
        _fail(done.errors, done.returncode)


def encode_pcm(
    chunks: Iterable[Block], tools: Tools, out: Path, *, rate: int, channels: int, bitrate: str
) -> None:
    """Encode float32 PCM chunks (frames, channels) into ``out``."""
    args = ["-f", "f32le", "-ar", str(rate), "-ac", str(channels), "-i", "-"]
    done = run_ffmpeg(tools, args + mp3_args(out, bitrate), feed=chunks)
    if done.returncode != 0:
        _fail(done.errors, done.returncode)


def _fail(errors: str, returncode: int) -> None:
    raise AudioError(f"ffmpeg could not encode MP3: {errors or returncode}")


def take_excerpt(
    source: Path,
    tools: Tools,
    out: Path,
    *,
    rate: int,
    channels: int,
    every: float,
    length: float,
    on_seconds: OnSeconds | None = None,
) -> None:
    """The first ``length`` seconds of every ``every`` seconds of ``source``, joined, in the
    output format, as a float WAV (no clipping of overs)."""
    layout = "mono" if channels == 1 else "stereo"
    graph = (
        f"aformat=sample_fmts=flt:sample_rates={rate}:channel_layouts={layout},"
        f"asetnsamples=n={max(1, rate // 10)}:p=0,"  # 100 ms frames: aselect takes whole frames
        f"aselect='lt(mod(t,{every:.3f}),{length:.3f})',asetpts=N/SR/TB"
    )
    args = ["-i", str(source), "-map", "0:a:0", "-vn", "-sn", "-dn", "-af", graph,
            "-c:a", "pcm_f32le", "-f", "wav", "-y", str(out)]  # fmt: skip
    # ffmpeg reports how much excerpt it wrote; the reader wants how far into the file it is.
    scaled = None if on_seconds is None else (lambda s: on_seconds(s * every / length))
    done = run_ffmpeg(tools, args, on_seconds=scaled)
    if done.returncode != 0:
        raise AudioError(f"ffmpeg could not take an excerpt: {done.errors or done.returncode}")
    if on_seconds is not None:
        on_seconds(math.inf)  # the end of the file (the last stretch may hold no excerpt)
