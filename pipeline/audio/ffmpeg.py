"""Run ffmpeg with its progress on a pipe, so a long pass shows how far it has got.

``-progress pipe:1`` makes ffmpeg print ``out_time_us=...`` about twice a second (and once
more at the end, exactly the length that went through); stderr, at ``-v error``, holds only
real problems and is read on a thread so a chatty failure cannot fill the pipe and hang us.
The same stderr checks decide, for every pass that decodes a user's file, whether it is
damaged or truncated.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
from numpy.typing import NDArray

from pipeline.audio.probe import BadAudio, Tools

Block = NDArray[np.float32]  # PCM: (frames, channels) float32
OnSeconds = Callable[[float], None]  # seconds of audio through the pass so far
DAMAGE_WORDS = ("invalid data", "error while decoding", "corrupt", "truncat", "invalid pcm")


@dataclass(frozen=True)
class Finished:
    returncode: int
    seconds: float  # out_time at the end: how much audio went through
    errors: str  # stderr at -v error


def run_ffmpeg(
    tools: Tools,
    args: list[str],
    *,
    on_seconds: OnSeconds | None = None,
    feed: Iterable[Block] | None = None,
    cwd: Path | None = None,
) -> Finished:
    """Run ``ffmpeg ARGS``; ``feed`` (float32 PCM chunks) goes to its stdin when given.

    ``on_seconds`` is called on this thread with ffmpeg's progress when there is no feed
    (with a feed, the caller knows better how far it is: it counts what it wrote).
    """
    command = [tools.ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-nostats",
               "-progress", "pipe:1", *args]  # fmt: skip
    proc = subprocess.Popen(
        command,
        stdin=subprocess.PIPE if feed is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
    )
    assert proc.stdout is not None and proc.stderr is not None
    stdout: IO[bytes] = proc.stdout
    stderr: IO[bytes] = proc.stderr
    errors: list[bytes] = []
    seconds = [0.0]
    threads = [_reader(lambda: errors.append(stderr.read()))]
    finished = False
    try:
        if feed is None:
            _follow(stdout, seconds, on_seconds)
        else:
            assert proc.stdin is not None
            threads.append(_reader(lambda: _follow(stdout, seconds, None)))
            _write(proc.stdin, feed)
        proc.wait()
        finished = True
    finally:
        if not finished:  # an exception (ours, the feed's, Ctrl-C): stop ffmpeg with us
            proc.kill()
            proc.wait()
        for thread in threads:
            thread.join()
    message = b"".join(errors).decode("utf-8", "replace").strip()
    return Finished(proc.returncode, seconds[0], message)


def _reader(target: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _follow(stdout: IO[bytes], seconds: list[float], on_seconds: OnSeconds | None) -> None:
    for line in stdout:
        if line.startswith(b"out_time_us="):
            try:
                value = max(0, int(line[12:])) / 1e6
            except ValueError:  # "N/A" before the first frame
                continue
            seconds[0] = value
            if on_seconds is not None:
                on_seconds(value)


def _write(stdin: IO[bytes], feed: Iterable[Block]) -> None:
    try:
        for chunk in feed:
            if len(chunk):
                stdin.write(np.ascontiguousarray(chunk, dtype=np.float32).tobytes())
    except BrokenPipeError:
        pass  # ffmpeg stopped early; its exit code and stderr say why
    finally:
        with contextlib.suppress(BrokenPipeError):
            stdin.close()


def is_damage(stderr: str) -> bool:
    """Whether ffmpeg's complaints say the input itself is damaged."""
    lowered = stderr.lower()
    return any(word in lowered for word in DAMAGE_WORDS)


def check_decoded(returncode: int, stderr: str, seconds: float, expect: float | None) -> None:
    """Raise BadAudio when a decode of a user's file failed or fell clearly short."""
    if returncode != 0 or is_damage(stderr):
        detail = stderr.splitlines()[-1] if stderr else f"ffmpeg exit {returncode}"
        raise BadAudio(f"damaged or truncated audio ({detail.strip()})")
    if expect is not None and seconds < expect - max(0.5, 0.02 * expect):
        raise BadAudio(f"truncated (declares {expect:.1f} s, decodes to {seconds:.1f} s)")
