"""Facts about audio files: byte length, MIME type and duration."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import mutagen

from pipeline.enrich.produced import produced, produced_alternates
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
        formats = (settings or AudioSettings()).alternates
        encoded = produced_alternates(mp3, formats, root)
        # A produced encoding replaces one the episode names with the same type and bitrate.
        keys = {(a.type, a.bitrate) for a in encoded}
        kept = tuple(a for a in episode.alternates if (a.type, a.bitrate) not in keys)
        return replace(
            episode,
            audio_output=rel(mp3, root),
            length=mp3.stat().st_size,
            duration=round(facts.duration),
            mime_type=facts.mime_type,
            alternates=(*kept, *encoded),
        )
    try:
        size = path.stat().st_size
    except OSError:
        problems.add(
            where, episode.lines.get("audio"), "audio", episode.audio, "an existing audio file"
        )
        return episode
    duration = episode.duration
    # Probed even when the duration is written: a text file (``.git/config``, a page
    # saved as .mp3) must never go out as an episode, whatever mime_type: says.
    # mutagen reads headers only, so this costs milliseconds.
    try:
        info = mutagen.File(path)
    except Exception:  # mutagen raises many types for damaged files
        info = None
    length = getattr(getattr(info, "info", None), "length", None)
    if not isinstance(length, int | float) or not 0 < length < 100 * 3600:
        problems.add(
            where,
            episode.lines.get("audio"),
            "audio",
            episode.audio,
            "an audio file (MP3, M4A, WAV, FLAC, Ogg...) whose duration can be read",
        )
    elif duration is None:
        duration = round(length)
    return replace(
        episode,
        length=size,
        mime_type=episode.mime_type or audio_type(path.name),
        duration=duration,
    )
