"""Enrichers fill in what users did not write (byte lengths, durations, SoundCloud data).

Values the user wrote always win over measured or fetched ones. Enrichers return new
frozen models (``dataclasses.replace``); they never write files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline.enrich.audio import measure_local, mime_for
from pipeline.errors import ContentError, Problems
from pipeline.load import rel
from pipeline.models import Content, Episode


@dataclass(frozen=True)
class EnrichOptions:
    offline: bool = False


def enrich(content: Content, episodes: Sequence[Episode], options: EnrichOptions) -> Content:
    """Complete each episode's enclosure data; raise once listing every episode that lacks it."""
    problems = Problems()
    done: dict[str, Episode] = {}
    for episode in episodes:
        if episode.is_local_audio:
            episode = measure_local(episode, content.root, problems)
        elif episode.audio and episode.mime_type is None:
            episode = replace(episode, mime_type=mime_for(episode.audio))
        done[episode.slug] = episode
        _require_enclosure(episode, content, problems)
    problems.raise_if_any(ContentError)
    return Content(
        root=content.root,
        show=content.show,
        posts=content.posts,
        episodes=tuple(done.get(e.slug, e) for e in content.episodes),
    )


def _require_enclosure(episode: Episode, content: Content, problems: Problems) -> None:
    where = rel(episode.source, content.root)
    if not episode.audio:
        problems.add(
            where,
            episode.lines.get("title"),
            "audio",
            None,
            "an audio URL or file, or a SoundCloud link to take the audio from",
        )
        return
    if episode.length is None:
        problems.add(
            where,
            episode.lines.get("audio"),
            "length",
            None,
            "the audio's size in bytes (written, or fetched when online)",
        )
    if episode.mime_type is None:
        problems.add(
            where,
            episode.lines.get("audio"),
            "mime_type",
            None,
            "audio/mpeg, audio/x-m4a or another audio type",
        )
    if episode.feed_guid is None:
        problems.add(
            where,
            episode.lines.get("title"),
            "guid",
            None,
            "a permanent id such as urn:uuid:... (`pipeline new` writes one)",
        )
