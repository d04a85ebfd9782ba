"""How an episode is played on the site.

Every episode the browser can play itself (self-hosted audio, audio on another host, and a
SoundCloud track's stream URL where the show allows it with ``[site] soundcloud_player =
"stream"``) gets the site's own player: a plain ``<audio controls>`` with the transcript as
a ``<track>``, which ``static/player.js`` turns into a play button for the player that stays
at the bottom of the window while the listener moves through the site. SoundCloud-hosted
episodes without that permission get SoundCloud's embedded player.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlencode, urlsplit

from pipeline.models import Episode, Show
from pipeline.paths import audio_path, episode_path
from pipeline.render.chapters import chapters_path
from pipeline.render.links import Linker

SOUNDCLOUD_PLAYER = "https://w.soundcloud.com/player/?"


@dataclass(frozen=True)
class Player:
    """What a page needs to play one episode (links relative to that page)."""

    kind: str  # "audio" (our player; <audio> without JavaScript) or "soundcloud" (embed)
    src: str  # the audio file, or the embed's address
    mime_type: str | None
    element_id: str  # the player's id on the page, for chapter and transcript buttons
    title: str = ""
    page: str = ""  # the episode page
    chapters: str | None = None  # chapters JSON, when the episode has chapters
    captions: str | None = None  # WebVTT captions, when the episode has a transcript
    duration: int | None = None
    artwork: str = ""  # a small copy of the episode's (or show's) artwork

    @property
    def seekable(self) -> bool:
        return self.kind == "audio"


def captions_path(episode: Episode) -> str | None:
    """Site path of the episode's captions: its transcript as WebVTT (``<track>`` reads no SRT;
    an SRT transcript gets a WebVTT copy here, beside the SRT the feed names)."""
    if not episode.transcript:
        return None
    if PurePosixPath(episode.transcript).suffix.lower() not in (".vtt", ".srt"):
        return None
    return f"transcripts/{episode.slug}.vtt"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def on_soundcloud(show: Show, episode: Episode) -> bool:
    """Hosted by SoundCloud: a SoundCloud link and no audio, or audio on SoundCloud's feeds."""
    return episode.soundcloud is not None and (
        not episode.audio or _host(episode.audio) == _host(show.soundcloud.feeds)
    )


def player_for(show: Show, episode: Episode, link: Linker, chapters: bool = False) -> Player | None:
    """The player for ``episode`` on the page ``link`` belongs to; None without any audio.

    ``chapters``: the build writes a chapters file for it (``chapters/<slug>.json``).
    """
    element_id = f"player-{episode.slug}"
    sc = episode.soundcloud
    stream = show.site.soundcloud_player == "stream" and bool(episode.audio)
    if sc is not None and on_soundcloud(show, episode) and not stream:
        if sc.track_id is not None:
            track = f"{show.soundcloud.api}/tracks/{sc.track_id}"
        else:
            track = sc.page_url or sc.raw
        query = {"url": track, "visual": "false", "show_artwork": "false"}
        if sc.secret_token:
            query["secret_token"] = sc.secret_token
        return Player(
            "soundcloud",
            SOUNDCLOUD_PLAYER + urlencode(query),
            None,
            element_id,
            title=episode.title,
            page=link(episode_path(episode)),
        )
    if not episode.audio:
        return None
    src = link(audio_path(episode)) if episode.is_local_audio else episode.audio
    captions = captions_path(episode)
    return Player(
        "audio",
        src,
        episode.mime_type,
        element_id,
        title=episode.title,
        page=link(episode_path(episode)),
        chapters=link(chapters_path(episode)) if chapters else None,
        captions=link(captions) if captions else None,
        duration=episode.duration,
    )
