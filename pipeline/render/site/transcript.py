"""Transcripts (SubRip or WebVTT files) as timed paragraphs for the episode page, and as
WebVTT captions for the player."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
# "<" is outside both classes: a cue full of "<" without ">" is scanned once, not once
# from every "<" (quadratic).
_TAG = re.compile(r"<[^<>]*>")
_VOICE = re.compile(r"<v(?:\.[^ <>]*)?\s+([^<>]+)>")
_SRT_COMMA = re.compile(r"(\d{2}:\d{2}:\d{2}),(\d{3})")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    text: str  # plain text; escaped by the template
    speaker: str | None = None


def _seconds(stamp: str) -> float | None:
    m = _TIME.fullmatch(stamp.strip())
    if not m:
        return None
    hours, minutes, seconds, frac = m.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(frac) / 10 ** len(frac) if frac else 0.0)


def parse_cues(text: str) -> tuple[Cue, ...]:
    """Cues from SRT or WebVTT text; blocks without a ``-->`` timing line are skipped."""
    cues: list[Cue] = []
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").lstrip("\ufeff"))
    for block in blocks:
        lines = block.strip("\n").split("\n")
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start = _seconds(lines[timing].split("-->")[0])
        if start is None:
            continue
        body = " ".join(line.strip() for line in lines[timing + 1 :] if line.strip())
        voice = _VOICE.search(body)
        speaker = voice[1].strip() if voice else None
        words = _TAG.sub("", body).strip()
        if words:
            cues.append(Cue(start, words, speaker))
    return tuple(cues)


def read_cues(path: Path) -> tuple[Cue, ...]:
    """The cues of a transcript file (the loader has checked that it exists)."""
    try:
        return parse_cues(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return ()


def webvtt(srt: str) -> str:
    """An SRT transcript as WebVTT, the only format ``<track>`` reads: a header, and a dot
    instead of a comma before the milliseconds of each timing line; cue text as it was."""
    text = srt.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = [_SRT_COMMA.sub(r"\1.\2", line) if "-->" in line else line for line in text.split("\n")]
    return "WEBVTT\n\n" + "\n".join(lines).strip("\n") + "\n"
