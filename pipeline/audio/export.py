"""Encode float PCM chunks to a constant-bitrate MP3 with ffmpeg's LAME encoder.

pydub's ``export`` needs the whole episode as one AudioSegment in memory; we feed the same
converter pydub uses through a pipe, chunk by chunk. The caller gives a temporary path
(:func:`pipeline.write.atomic_path`), so a failed encode never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

from pipeline.audio.loudness import Block
from pipeline.audio.probe import Tools
from pipeline.errors import AudioError


class Mp3Encoder:
    """``with Mp3Encoder(...) as enc: enc.write(chunk)``; raises AudioError if ffmpeg fails."""

    def __init__(self, tools: Tools, out: Path, rate: int, channels: int, bitrate: str):
        command = [
            tools.ffmpeg, "-nostdin", "-v", "error", "-y",
            "-f", "f32le", "-ar", str(rate), "-ac", str(channels), "-i", "-",
            "-c:a", "libmp3lame", "-b:a", bitrate, "-abr", "0",
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "1",
            "-f", "mp3", str(out),
        ]  # fmt: skip
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (open for the encoder's life)
        self._proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )

    def write(self, chunk: Block) -> None:
        if len(chunk):
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.write(chunk.tobytes())
            except BrokenPipeError:
                self._fail()

    def __enter__(self) -> Mp3Encoder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self._proc.stdin.close()
        if kind is not None:
            self._proc.kill()
        self._proc.wait()
        if kind is None and self._proc.returncode != 0:
            self._fail()
        self._stderr.close()

    def _fail(self) -> None:
        self._proc.kill()
        self._proc.wait()
        self._stderr.seek(0)
        message = self._stderr.read().decode("utf-8", "replace").strip()
        raise AudioError(f"ffmpeg could not encode MP3: {message or self._proc.returncode}")
