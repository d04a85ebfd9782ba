"""Chapter suggestions: long silences (pydub.silence) as candidate chapter boundaries.

The audio is decoded at 8 kHz mono for this (115 MB for two hours), which is plenty to
find pauses. When the paired post's section headings fit the silences (one more heading
than boundaries), the headings become the titles; when there are more silences, the
longest ones are taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydub import AudioSegment
from pydub.silence import detect_silence

from pipeline.audio.probe import Tools, probe
from pipeline.audio.stream import decode
from pipeline.text.plural import counted

RATE = 8000
HEADING = re.compile(r"^#{2,3}\s+(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Silence:
    start: float  # seconds
    end: float

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Suggestion:
    start: float
    title: str  # "" when no heading fits
    silence: float  # seconds of silence at the boundary (0 for the opening chapter)


def find_silences(
    path: Path,
    tools: Tools,
    min_silence: float = 1.5,
    below: float = 16.0,
    progress: Callable[[str, float, float], None] | None = None,
) -> tuple[list[Silence], float]:
    """Silences of at least ``min_silence`` s, quieter than the average by ``below`` dB.

    Returns the silences strictly inside the audio (not the lead-in or the tail) and the
    duration in seconds. ``progress(stage, done, total)``: seconds of audio decoded so
    far, chunk by chunk, then the search for silences as it starts and ends.
    """
    info = probe(path, tools)
    total = info.duration or 0.0
    chunks = [np.zeros(0, np.float32)]
    decoded = 0
    for chunk in decode(path, tools, RATE, 1, expect=info.duration):
        chunks.append(chunk[:, 0])
        decoded += len(chunk)
        if progress is not None:
            progress("decoding", decoded / RATE, max(total, decoded / RATE))
    pcm = np.concatenate(chunks)
    if progress is not None:
        progress("finding silences", 0.0, len(pcm) / RATE)
    data = (np.clip(pcm, -1, 1) * 32767).astype("<i2").tobytes()
    segment = AudioSegment(data=data, sample_width=2, frame_rate=RATE, channels=1)
    duration = len(pcm) / RATE
    if not len(segment):
        return [], duration
    found = detect_silence(
        segment,
        min_silence_len=round(min_silence * 1000),
        silence_thresh=segment.dBFS - below,
        seek_step=10,
    )
    silences = [Silence(a / 1000, b / 1000) for a, b in found]
    inner = [s for s in silences if s.start > 0.05 and s.end < duration - 0.05]
    if progress is not None:
        progress("finding silences", duration, duration)
    return inner, duration


def headings(markdown: str) -> list[str]:
    """Section headings (## and ###) of a post, outside code blocks."""
    return [m[1].strip() for m in HEADING.finditer(FENCE.sub("", markdown))]


def suggest(silences: list[Silence], titles: list[str]) -> tuple[list[Suggestion], str]:
    """Chapters from silences, titled by ``titles`` when their count fits; and how."""
    if titles and len(silences) >= len(titles) - 1:
        chosen = sorted(sorted(silences, key=lambda s: -s.length)[: len(titles) - 1],
                        key=lambda s: s.start)  # fmt: skip
        how = (
            "headings matched to silences"
            if len(chosen) == len(silences)
            else f"headings matched to the {len(chosen)} longest of "
            f"{counted(len(silences), 'silence')}"
        )
        starts = [Suggestion(0.0, titles[0], 0.0)]
        starts += [
            Suggestion(s.middle, t, s.length) for s, t in zip(chosen, titles[1:], strict=True)
        ]
        return starts, how
    how = (
        f"{counted(len(titles), 'heading')} for {counted(len(silences), 'silence')}: "
        "titles left empty"
        if titles
        else "no post headings: titles left empty"
    )
    return [Suggestion(0.0, "", 0.0)] + [Suggestion(s.middle, "", s.length) for s in silences], how
