"""Facts about audio files: byte length, MIME type and duration."""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from pathlib import Path

import mutagen

from pipeline.audio.cache import produced
from pipeline.errors import Problems
from pipeline.load import rel
from pipeline.models import AudioSettings, Episode

AUDIO_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}


def mime_for(name: str) -> str | None:
    suffix = Path(name.split("?")[0]).suffix.lower()
    return AUDIO_TYPES.get(suffix) or mimetypes.guess_type(name)[0]


def measure_local(
    episode: Episode, root: Path, problems: Problems, settings: AudioSettings | None = None
) -> Episode:
    """Length and type of a self-hosted file come from the file itself, never a guess.

    When `pipeline audio` has produced an MP3 from this exact input with these settings,
    that file is what gets served, so its duration, size and type are used.
    """
    path = root / (episode.audio or "")
    where = rel(episode.source, root)
    made = produced(root, path, settings or AudioSettings())
    if made is not None:
        mp3, facts = made
        return replace(
            episode,
            audio_output=rel(mp3, root),
            length=mp3.stat().st_size,
            duration=round(facts.duration),
            mime_type=facts.mime_type,
        )
    try:
        size = path.stat().st_size
    except OSError:
        problems.add(
            where, episode.lines.get("audio"), "audio", episode.audio, "an existing audio file"
        )
        return episode
    duration = episode.duration
    if duration is None:
        try:
            info = mutagen.File(path)
        except Exception:  # mutagen raises many types for damaged files
            info = None
        if info is None or not getattr(info, "info", None):
            problems.add(
                where,
                episode.lines.get("audio"),
                "audio",
                episode.audio,
                "an audio file whose duration can be read (or set duration:)",
            )
        else:
            duration = round(info.info.length)
    return replace(
        episode,
        length=size,
        mime_type=episode.mime_type or mime_for(path.name),
        duration=duration,
    )
