"""Find ffmpeg and ffprobe (the tools pydub uses) and check an input file before any work.

Each check raises :class:`BadAudio` with a reason a user can act on; the command adds the
episode and the file to it.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pydub import AudioSegment
from pydub.utils import get_prober_name

from pipeline.errors import AudioError

# ffprobe format names we take as input, with what users call them.
SUPPORTED_FORMATS = {
    "wav": "WAV",
    "mp3": "MP3",
    "mov,mp4,m4a,3gp,3g2,mj2": "M4A/MP4",
    "flac": "FLAC",
    "ogg": "Ogg (Vorbis/Opus)",
    "aiff": "AIFF",
    "aac": "AAC (ADTS)",
    "matroska,webm": "WebM/Matroska",
    "w64": "Wave64",
}
SUPPORTED_TEXT = "WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC audio"


class BadAudio(AudioError):
    """The input file cannot be used; the message says why (without naming the file)."""


class ToolMissing(AudioError):
    """ffmpeg or ffprobe is not installed."""


@dataclass(frozen=True)
class Tools:
    ffmpeg: str
    ffprobe: str


def find_tools() -> Tools:
    """The ffmpeg and ffprobe executables pydub would run, or ToolMissing."""
    found = {}
    for name, wanted in (("ffmpeg", AudioSegment.converter), ("ffprobe", get_prober_name())):
        path = shutil.which(wanted)
        if path is None:
            raise ToolMissing(
                f"{name} not found (looked for {wanted!r} on PATH); install it: "
                "`apt-get install ffmpeg` (Debian/Ubuntu), `brew install ffmpeg` (macOS), "
                "or run `make build`"
            )
        found[name] = path
    return Tools(found["ffmpeg"], found["ffprobe"])


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a file's first audio stream."""

    format_name: str
    codec: str
    sample_rate: int
    channels: int
    duration: float  # seconds, as declared by the container
    bit_rate: int | None


def check_file(path: Path) -> None:
    """The checks that need no tools: the file is there, is a file, and is not empty."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BadAudio("no such file") from None
    except OSError as exc:
        raise BadAudio(f"unreadable ({exc.strerror})") from None
    if not path.is_file():
        raise BadAudio("not a file")
    if size == 0:
        raise BadAudio("an empty file (0 bytes)")


def probe(path: Path, tools: Tools) -> Probe:
    """Check that ``path`` is a complete, supported audio file; describe its audio stream."""
    check_file(path)
    proc = subprocess.run(
        [tools.ffprobe, "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    try:
        info = json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}
    except (ValueError, RecursionError):  # an ffprobe cut short or of another make
        info = {}
    if not isinstance(info, dict):
        info = {}
    fmt = info.get("format") or {}
    if proc.returncode != 0 or not fmt:
        reason = _first_line(proc.stderr).removeprefix(f"{path}: ")
        raise BadAudio(f"not an audio file ({reason or 'ffprobe could not read it'})")
    name = str(fmt.get("format_name", ""))
    if name not in SUPPORTED_FORMATS:
        long_name = fmt.get("format_long_name") or name
        raise BadAudio(f"an unsupported format ({long_name}); expected {SUPPORTED_TEXT}")
    streams = [s for s in info.get("streams", []) if s.get("codec_type") == "audio"]
    if not streams:
        raise BadAudio("a file without an audio stream")
    stream = streams[0]
    duration = _float(stream.get("duration")) or _float(fmt.get("duration")) or 0.0
    if name == "wav":
        declared = _wav_declared_seconds(path)
        if declared is not None and declared > duration + 0.05:
            raise BadAudio(
                f"truncated (header promises {declared:.1f} s, the file holds {duration:.1f} s)"
            )
    rate = int(stream.get("sample_rate") or 0)
    channels = int(stream.get("channels") or 0)
    if rate <= 0 or channels <= 0 or duration <= 0:
        raise BadAudio("an audio stream without samples")
    bit_rate = stream.get("bit_rate") or fmt.get("bit_rate")
    return Probe(
        format_name=name,
        codec=str(stream.get("codec_name", "")),
        sample_rate=rate,
        channels=channels,
        duration=duration,
        bit_rate=int(bit_rate) if bit_rate else None,
    )


def _float(value: object) -> float | None:
    try:
        return float(str(value))
    except (TypeError, ValueError):
        return None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _wav_declared_seconds(path: Path) -> float | None:
    """Seconds the RIFF header's data chunk declares (ffprobe trusts the file size instead)."""
    with open(path, "rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        byte_rate = None
        while True:
            chunk = handle.read(8)
            if len(chunk) < 8:
                return None
            kind, size = chunk[:4], int(struct.unpack("<I", chunk[4:])[0])
            if kind == b"fmt ":
                fmt = handle.read(size + (size & 1))
                if len(fmt) >= 12:
                    byte_rate = int(struct.unpack("<I", fmt[8:12])[0])
                continue
            if kind == b"data":
                if not byte_rate or size == 0xFFFFFFFF:  # streamed WAV: size unknown
                    return None
                return float(size) / float(byte_rate)
            handle.seek(size + (size & 1), 1)
