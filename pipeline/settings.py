"""The show's settings tables (``[soundcloud]``, ``[related]``, ``[audio]`` in podcast.toml).

Each is a frozen dataclass read generically by ``load/schema.py``: a field here is a
setting there, with its type checked and, where the metadata says so, its range
(``between``) or its choices. Unknown keys are rejected by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.spec.podping import DEFAULT_REASON, PODPING_URL, REASONS, TOKEN_ENV


@dataclass(frozen=True)
class SoundCloudSettings:
    """Where SoundCloud lives. Settings so tests, proxies and mirrors can point elsewhere."""

    site: str = "https://soundcloud.com"
    oembed: str = "https://soundcloud.com/oembed"
    feeds: str = "https://feeds.soundcloud.com"
    api: str = "https://api.soundcloud.com"
    share: str = "https://on.soundcloud.com"  # short share links redirect from here
    user: str | None = None  # the show's SoundCloud user permalink, for stream URLs


def between(low: float, high: float) -> dict[str, object]:
    """Field metadata for a setting that must lie in ``[low, high]`` (checked by config.py)."""
    return {"range": (low, high)}


# The constant bitrates an MP3 (MPEG-1 Layer III) can have, for ``[audio]`` bitrates.
MP3_BITRATE: dict[str, object] = {
    "choices": tuple(
        f"{k}k" for k in (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
    )
}


@dataclass(frozen=True)
class RelatedSettings:
    """How related articles are chosen (``[related]`` in podcast.toml)."""

    # ``between(lo, hi)``: config.py rejects values outside (a typo must not pass silently).
    top: int = field(default=5, metadata=between(0, 100))
    threshold: float = field(default=0.12, metadata=between(0, 1))
    title_weight: float = field(default=3.0, metadata=between(0, 100))
    text_weight: float = field(default=1.0, metadata=between(0, 100))
    tag_weight: float = field(default=0.25, metadata=between(0, 100))
    guest_weight: float = field(default=0.2, metadata=between(0, 100))
    recency_weight: float = field(default=0.05, metadata=between(0, 100))
    recency_days: float = field(default=365.0, metadata=between(1, 100_000))


@dataclass(frozen=True)
class AudioSettings:
    """Loudness and encoding targets for self-hosted audio (``[audio]``)."""

    target_lufs_stereo: float = field(default=-16.0, metadata=between(-40, -5))
    target_lufs_mono: float = field(default=-19.0, metadata=between(-40, -5))
    true_peak_ceiling: float = field(default=-1.0, metadata=between(-20, 0))
    bitrate_stereo: str = field(default="128k", metadata=MP3_BITRATE)
    bitrate_mono: str = field(default="64k", metadata=MP3_BITRATE)
    # dB kept free below the ceiling for the MP3 encoder's own overshoot; the produced file
    # is measured again and re-encoded with a lower limit if it still crosses the ceiling.
    limiter_headroom: float = field(default=0.5, metadata=between(0, 6))
    # Other encodings `pipeline audio` makes of the levelled episode, offered beside the MP3
    # as podcast:alternateEnclosure (formats in pipeline/spec/media.py: "opus", "aac").
    alternates: tuple[str, ...] = field(default=(), metadata={"each": ("opus", "aac")})


@dataclass(frozen=True)
class PodpingSettings:
    """``[podping]``: tell podping.cloud that the feed changed, after each publish that
    changed it (besides the WebSub hub). The token is read from the environment variable
    named by ``token_env``, never from a file: podcast.toml is in git."""

    url: str = PODPING_URL
    reason: str = field(default=DEFAULT_REASON, metadata={"choices": REASONS})
    token_env: str = TOKEN_ENV


WEB_URL: dict[str, object] = {"url": True}  # config.py accepts only an http(s) URL here


@dataclass(frozen=True)
class DirectorySettings:
    """The show's pages in podcast directories (``[directories]``), for the subscribe buttons.

    Apps without a page here get a link built from the feed URL where the app supports one
    (see ``render/site/subscribe.py``); an Apple Podcasts page also gives Overcast, Castro
    and Pocket Casts their pages, a Podcast Index page gives Fountain its page.
    """

    apple: str | None = field(default=None, metadata=WEB_URL)
    spotify: str | None = field(default=None, metadata=WEB_URL)
    youtube_music: str | None = field(default=None, metadata=WEB_URL)
    pocket_casts: str | None = field(default=None, metadata=WEB_URL)
    overcast: str | None = field(default=None, metadata=WEB_URL)
    antennapod: str | None = field(default=None, metadata=WEB_URL)
    podcast_addict: str | None = field(default=None, metadata=WEB_URL)
    fountain: str | None = field(default=None, metadata=WEB_URL)
    castro: str | None = field(default=None, metadata=WEB_URL)
    podcast_index: str | None = field(default=None, metadata=WEB_URL)


@dataclass(frozen=True)
class SiteSettings:
    """The website (``[site]``)."""

    # "stream": SoundCloud-hosted episodes play their stream URL in the site's own player
    # (only where the show may do so); "embed": SoundCloud's embedded player.
    soundcloud_player: str = field(default="embed", metadata={"choices": ("embed", "stream")})
    search: bool = True  # the search page and its static index (render/site/search.py)
