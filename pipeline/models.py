"""Inert data: what the pipeline reads, computes and renders. No I/O here.

Every model is a frozen dataclass with typed fields and the ``source`` path it came from.
Field comments name the RSS element a value becomes, where it becomes one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from pipeline.feed_models import (
    Alternate,
    Image,
    License,
    Location,
    RemoteItem,
    SocialInteract,
    Trailer,
    Txt,
    UpdateFrequency,
    Value,
)
from pipeline.settings import (
    AudioSettings,
    DirectorySettings,
    PodpingSettings,
    RelatedSettings,
    SiteSettings,
    SoundCloudSettings,
)


@dataclass(frozen=True)
class Category:
    """An Apple Podcasts category, optionally with a subcategory. RSS: ``itunes:category``."""

    name: str
    sub: str | None = None


@dataclass(frozen=True)
class Person:
    """A host or guest. RSS: ``podcast:person``."""

    name: str
    role: str = "guest"  # Podcasting 2.0 taxonomy role: host, guest, ...
    href: str | None = None
    img: str | None = None


@dataclass(frozen=True)
class Chapter:
    """A chapter mark. RSS: ``podcast:chapters`` JSON; ID3: ``CHAP``."""

    start: float  # seconds from the start of the audio
    title: str
    url: str | None = None
    img: str | None = None  # chapter art: a URL, or an image file relative to the show root
    toc: bool = True  # False: a silent marker, left out of tables of contents


@dataclass(frozen=True)
class Soundbite:
    """A short, shareable moment of an episode. RSS: ``podcast:soundbite``."""

    start: float  # seconds from the start of the audio
    duration: float  # seconds
    title: str | None = None


@dataclass(frozen=True)
class SoundCloudLink:
    """A SoundCloud link in any of the shapes users paste, normalised.

    ``kind`` is ``track``, ``playlist`` or ``user``. A link may know the numeric track id
    (API and player links), the permalinks (page links), or both after enrichment.
    """

    kind: str
    raw: str
    track_id: int | None = None
    user: str | None = None
    slug: str | None = None  # track or set permalink
    secret_token: str | None = None

    @property
    def page_url(self) -> str | None:
        """The canonical public page, when the permalinks are known."""
        if not self.user:
            return None
        if self.kind == "user":
            return f"https://soundcloud.com/{self.user}"
        middle = "sets/" if self.kind == "playlist" else ""
        url = f"https://soundcloud.com/{self.user}/{middle}{self.slug}"
        if self.secret_token:
            url += f"/{self.secret_token}"
        return url

    def same_track(self, other: SoundCloudLink) -> bool:
        """True when both links name the same track, by id or by permalinks."""
        if self.kind != "track" or other.kind != "track":
            return False
        if self.track_id is not None and other.track_id is not None:
            return self.track_id == other.track_id
        return (
            self.user is not None
            and self.slug is not None
            and (self.user.lower(), self.slug.lower())
            == ((other.user or "").lower(), (other.slug or "").lower())
        )


@dataclass(frozen=True)
class FundingLink:
    """RSS: ``podcast:funding``."""

    url: str
    text: str  # as written, or the show language's label when none is (load/config.py)


@dataclass(frozen=True)
class Show:
    """The show, from ``podcast.toml``. RSS: the ``channel``."""

    source: Path
    title: str  # title, itunes:title
    description: str  # description, itunes:summary
    author: str  # itunes:author
    owner_name: str  # itunes:owner/itunes:name
    owner_email: str  # itunes:owner/itunes:email
    language: str  # language, e.g. "nl"
    base_url: str  # link; always ends with "/"
    artwork: str  # itunes:image; a URL or a file relative to the show root
    categories: tuple[Category, ...]
    explicit: bool = False  # itunes:explicit true/false
    type: str = "episodic"  # itunes:type
    copyright: str | None = None
    timezone: str = "UTC"  # applied to dates written without an offset
    feed_file: str = "feed.xml"
    hosts: tuple[Person, ...] = ()
    funding: tuple[FundingLink, ...] = ()
    locked: bool = False  # podcast:locked
    medium: str = "podcast"  # podcast:medium
    guid: str | None = None  # podcast:guid override; computed from the feed URL when absent
    websub_hub: str | None = None
    # Apple: itunes:block / itunes:complete "Yes"; itunes:new-feed-url when the feed moves.
    block: bool = False
    complete: bool = False
    new_feed_url: str | None = None
    # Podcasting 2.0 channel tags
    license: License | None = None
    locations: tuple[Location, ...] = ()
    images: tuple[Image, ...] = ()  # podcast:images srcset and podcast:image
    update_frequency: UpdateFrequency | None = None
    podroll: tuple[RemoteItem, ...] = ()
    publisher: RemoteItem | None = None
    txts: tuple[Txt, ...] = ()
    value: Value | None = None
    social: tuple[SocialInteract, ...] = ()
    trailers: tuple[Trailer, ...] = ()
    # enclosure URL prefixes for download statistics, outermost first (OP3, Podtrac...)
    analytics_prefixes: tuple[str, ...] = ()
    podping: PodpingSettings | None = None  # [podping]: notify podping.cloud on publish
    soundcloud: SoundCloudSettings = field(default_factory=SoundCloudSettings)
    related: RelatedSettings = field(default_factory=RelatedSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    directories: DirectorySettings = field(default_factory=DirectorySettings)
    site: SiteSettings = field(default_factory=SiteSettings)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def feed_url(self) -> str:
        return self.base_url + self.feed_file


@dataclass(frozen=True)
class Episode:
    """One episode file in ``episodes/``. RSS: an ``item``."""

    source: Path
    slug: str  # the file name without extension; names the episode page
    title: str  # title, itunes:title
    date: datetime  # pubDate; always timezone-aware
    number: int | None = None  # itunes:episode, podcast:episode
    season: int | None = None  # itunes:season, podcast:season
    guid: str | None = None  # guid as written; see ``feed_guid``
    soundcloud: SoundCloudLink | None = None
    audio: str | None = None  # enclosure URL, or a local file relative to the show root
    duration: int | None = None  # itunes:duration, whole seconds
    length: int | None = None  # enclosure length in bytes
    mime_type: str | None = None  # enclosure type
    post: str | None = None  # slug of the paired post, as written
    explicit: bool | None = None  # itunes:explicit; None = the show's value
    episode_type: str = "full"  # itunes:episodeType
    summary: str | None = None
    image: str | None = None  # itunes:image for this episode
    author: str | None = None  # itunes:author of the item (from SoundCloud); None = the show's
    guests: tuple[Person, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    transcript: str | None = None  # file relative to the show root (SRT/WebVTT)
    # The MP3 `pipeline audio` produced from a local ``audio`` file for the current input
    # and settings (relative to the show root); served instead of ``audio`` when set.
    audio_output: str | None = None
    soundbites: tuple[Soundbite, ...] = ()  # podcast:soundbite
    # Apple: itunes:block "Yes" keeps this episode out of Apple Podcasts.
    block: bool = False
    # Podcasting 2.0 item tags (an item's value and people replace the channel's)
    license: License | None = None
    locations: tuple[Location, ...] = ()
    images: tuple[Image, ...] = ()
    txts: tuple[Txt, ...] = ()
    value: Value | None = None
    social: tuple[SocialInteract, ...] = ()
    alternates: tuple[Alternate, ...] = ()  # podcast:alternateEnclosure
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def feed_guid(self) -> str | None:
        """The permanent GUID: as written, else SoundCloud's own form when the track is known."""
        if self.guid:
            return self.guid
        if self.soundcloud and self.soundcloud.track_id is not None:
            return soundcloud_guid(self.soundcloud.track_id)
        return None

    @property
    def is_local_audio(self) -> bool:
        return bool(self.audio) and "://" not in (self.audio or "")


def soundcloud_guid(track_id: int) -> str:
    """SoundCloud's own feed GUID form, kept so SoundCloud subscribers see no duplicates."""
    return f"tag:soundcloud,2010:tracks/{track_id}"


@dataclass(frozen=True)
class Pointer:
    """A hand-written reference to another post ("Lees ook: <title>") found in a post body."""

    text: str
    line: int


@dataclass(frozen=True)
class Post:
    """One blog article in ``posts/``, Jekyll style."""

    source: Path
    slug: str  # file stem without the date prefix
    title: str
    date: datetime
    body: str  # Markdown, as written
    body_line: int  # line of the file where the body starts, for messages
    author: str | None = None
    tags: tuple[str, ...] = ()
    episode: str | None = None  # front matter reference to an episode (number or file slug)
    soundcloud: tuple[SoundCloudLink, ...] = ()  # links found in front matter and body
    pointers: tuple[Pointer, ...] = ()
    aliases: tuple[str, ...] = ()  # old URLs (permalink, redirect_from)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # Jekyll's "published: false": a draft, never due (the preview shows it as a draft)
    published: bool = True

    @property
    def stem(self) -> str:
        return self.source.stem


@dataclass(frozen=True)
class Content:
    """Everything loaded from a show folder."""

    root: Path
    show: Show
    posts: tuple[Post, ...]
    episodes: tuple[Episode, ...]
    # What loading saw and left alone (posts in a subfolder of posts/), for the build to say;
    # linking hands them on with its own (``Linked.notices``).
    notices: tuple[str, ...] = ()
    # post slug -> the post as loaded and the digest it is kept by (``load/kept.py``): all
    # it follows from, so a page's key takes the post's digest from it (``render/site``)
    kept: Mapping[str, tuple[Post, bytes]] = field(default_factory=dict, compare=False)

    # Lookups are derived, cached on first use (cached_property writes the instance
    # dict directly, so it works on a frozen dataclass).
    @cached_property
    def posts_by_slug(self) -> Mapping[str, Post]:
        return {p.slug: p for p in self.posts}

    @cached_property
    def episodes_by_slug(self) -> Mapping[str, Episode]:
        return {e.slug: e for e in self.episodes}


@dataclass(frozen=True)
class RelatedLink:
    """One suggested link from an item to another, with why."""

    target: str  # "post:<slug>" or "episode:<slug>"
    score: float
    reason: str  # e.g. "over: prijzen, korting; tags: prijzen" (in the show's language)
    kind: str = "related"  # "pair" (the item's own post/episode) or "related"
    terms: tuple[str, ...] = ()  # shared words, strongest first
    tags: tuple[str, ...] = ()  # shared tags
    guests: tuple[str, ...] = ()  # shared guests


@dataclass(frozen=True)
class ResolvedPointer:
    """A hand-written "Lees ook: <title>" or Markdown link in a post, and the post it means."""

    source: str  # "post:<slug>" of the post it is written in
    path: str  # that post's file, relative to the show folder
    line: int
    text: str  # as written
    target: str | None  # "post:<slug>"; None when nothing matches
    how: str = ""  # "title", "fuzzy", "slug", "alias"; "" when unresolved


@dataclass(frozen=True)
class Linked:
    """Content after linking: pairs and related items resolved."""

    content: Content
    pairs: Mapping[str, str]  # episode slug -> post slug
    related: Mapping[str, tuple[RelatedLink, ...]] = field(default_factory=dict)
    pointers: tuple[ResolvedPointer, ...] = ()  # hand-written links between posts, resolved
    notices: tuple[str, ...] = ()  # what linking could not settle: unpaired episodes, pointers

    @cached_property
    def post_pairs(self) -> Mapping[str, str]:
        """post slug -> episode slug."""
        return {post: ep for ep, post in self.pairs.items()}

    def post_for(self, episode: Episode) -> Post | None:
        slug = self.pairs.get(episode.slug)
        return self.content.posts_by_slug.get(slug) if slug else None

    def episode_for(self, post: Post) -> Episode | None:
        slug = self.post_pairs.get(post.slug)
        return self.content.episodes_by_slug.get(slug) if slug else None
