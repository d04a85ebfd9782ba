"""Decode audio to float PCM chunks through ffmpeg, so memory stays flat for any length.

pydub's ``AudioSegment.from_file`` decodes a whole file into memory (1.3 GB of 16-bit PCM
for two hours of 48 kHz stereo, and more once converted to floats); we run the same
converter pydub uses, but read its output a chunk at a time.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline.audio.ffmpeg import Block, check_decoded
from pipeline.audio.probe import Tools

CHUNK_SECONDS = 10.0


def decode(
    path: Path, tools: Tools, rate: int, channels: int, expect: float | None = None
) -> Iterator[Block]:
    """Yield (frames, channels) float32 chunks of the first audio stream of ``path``.

    Raises BadAudio when ffmpeg reports a decoding error or when the decoded length falls
    clearly short of ``expect`` seconds (a truncated file).
    """
    command = [
        tools.ffmpeg, "-nostdin", "-v", "error", "-i", str(path),
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-ac", str(channels), "-ar", str(rate), "-f", "f32le", "-acodec", "pcm_f32le", "-",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    frame_bytes = 4 * channels
    want = int(CHUNK_SECONDS * rate) * frame_bytes
    frames = 0
    leftover = b""
    try:
        while True:
            data = proc.stdout.read(want)
            if not data:
                break
            data = leftover + data
            usable = len(data) - len(data) % frame_bytes
            leftover = data[usable:]
            if usable:
                block = np.frombuffer(data[:usable], dtype=np.float32).reshape(-1, channels)
                frames += len(block)
                yield block
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        drain.join()
    message = b"".join(errors).decode("utf-8", "replace").strip()
    check_decoded(proc.returncode, message, frames / rate, expect)
