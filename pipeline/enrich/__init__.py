"""Enrichers fill in what users did not write (byte lengths, durations, SoundCloud data).

Values the user wrote always win over measured or fetched ones. Enrichers return new
frozen models (``dataclasses.replace``); they never write files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.enrich.alternates import measure_alternates
from pipeline.enrich.audio import measure_local
from pipeline.enrich.soundcloud import LookupFailed, enrich_episode
from pipeline.errors import ContentError, Problems
from pipeline.models import Content, Episode
from pipeline.paths import rel
from pipeline.spec.media import audio_type

# The HTTP stack (requests, its cache, urllib3: 80 ms to import) loads with the first
# lookup: a build whose episodes say everything about their audio makes none.
if TYPE_CHECKING:
    import requests


@dataclass(frozen=True)
class EnrichOptions:
    offline: bool = False  # answers from the HTTP cache only; anything else is a problem
    skip_failed: bool = False  # leave out episodes whose lookups fail, instead of failing
    session: requests.Session | None = None  # default: make_session(cache_dir) on first need
    cache_dir: Path | None = None  # default: ROOT/.cache/http
    # told about each episode left out, and about an HTTP cache it cannot use (see
    # make_session; without it, such a cache is an error)
    notice: Callable[[str], None] | None = None


def enrich(content: Content, episodes: Sequence[Episode], options: EnrichOptions) -> Content:
    """Complete each episode's enclosure data; raise once listing every episode that lacks it."""
    problems = Problems()
    done: dict[str, Episode] = {}
    skipped: set[str] = set()
    session = _lazy_session(content.root, options)
    for episode in episodes:
        if not episode.is_local_audio and (episode.soundcloud or episode.audio):
            try:
                episode = enrich_episode(episode, content.show.soundcloud, session)
            except LookupFailed as failed:
                where = rel(episode.source, content.root)
                line = episode.lines.get(failed.field) or episode.lines.get("soundcloud")
                if options.skip_failed:
                    skipped.add(episode.slug)
                    if options.notice:
                        options.notice(f"{where}: left out: {failed.field}: {failed.expected}")
                else:
                    problems.add(where, line, failed.field, failed.value, failed.expected)
                continue
        if episode.is_local_audio:
            episode = measure_local(episode, content.root, problems, content.show.audio)
        elif episode.audio and episode.mime_type is None:
            episode = replace(episode, mime_type=audio_type(episode.audio))
        episode = measure_alternates(episode, content.root, problems)
        done[episode.slug] = episode
        _require_enclosure(episode, content, problems)
    problems.raise_if_any(ContentError)
    # replace(): the rest of the content (loading's notices too) goes on as it came
    return replace(
        content,
        episodes=tuple(done.get(e.slug, e) for e in content.episodes if e.slug not in skipped),
    )


def _lazy_session(root: Path, options: EnrichOptions) -> Callable[[], requests.Session]:
    """The session, made on first use: a build that needs no lookup touches no cache."""
    made: list[requests.Session] = [options.session] if options.session else []

    def get() -> requests.Session:
        if not made:
            from pipeline.enrich.http import default_cache_dir, make_session

            # The show's own cache must stay inside the show; one a caller names is theirs.
            inside = None if options.cache_dir else root
            cache = options.cache_dir or default_cache_dir(root)
            made.append(
                make_session(cache, offline=options.offline, root=inside, notice=options.notice)
            )
        return made[0]

    return get


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
