"""Facts about audio files: byte length, MIME type and duration."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import mutagen

from pipeline.audio.cache import produced
from pipeline.errors import Problems
from pipeline.models import Episode
from pipeline.paths import rel
from pipeline.settings import AudioSettings
from pipeline.spec.media import audio_type


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
        mime_type=episode.mime_type or audio_type(path.name),
        duration=duration,
    )
