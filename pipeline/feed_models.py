"""The feed's optional tags as inert models: Apple's and Podcasting 2.0's beyond the
basics (license, location, images, value, podroll, txt, socialInteract, trailer,
alternateEnclosure...), used by ``pipeline.models`` for Show and Episode; no I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class License:
    """RSS: ``podcast:license``. ``url`` is required unless ``name`` is an SPDX identifier."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class Location:
    """RSS: ``podcast:location``: where the show or episode is about, or made."""

    name: str
    rel: str | None = None  # "subject" (default) or "creator"
    geo: str | None = None  # geo:52.37,4.89
    osm: str | None = None  # R47811
    country: str | None = None  # NL


@dataclass(frozen=True)
class Image:
    """One rendition for ``podcast:images`` (srcset) and ``podcast:image``."""

    url: str  # a URL, or an image file relative to the show root
    width: int | None = None
    height: int | None = None
    alt: str | None = None
    purpose: str | None = None  # artwork, social, canvas, banner...
    aspect_ratio: str | None = None  # "16/9"


@dataclass(frozen=True)
class ValueRecipient:
    """RSS: ``podcast:valueRecipient``."""

    name: str
    type: str  # node, lnaddress
    address: str
    split: int  # shares of each payment
    fee: bool = False
    custom_key: str | None = None
    custom_value: str | None = None


@dataclass(frozen=True)
class Value:
    """RSS: ``podcast:value`` with its recipients (Lightning keysend, usually)."""

    type: str
    method: str
    recipients: tuple[ValueRecipient, ...]
    suggested: str | None = None  # as written, e.g. "0.00000005000"


@dataclass(frozen=True)
class SocialInteract:
    """RSS: ``podcast:socialInteract``: where comments on the show or episode live."""

    protocol: str  # activitypub, atproto, ... or "disabled"
    uri: str | None = None
    account_id: str | None = None
    account_url: str | None = None
    priority: int | None = None


@dataclass(frozen=True)
class Txt:
    """RSS: ``podcast:txt``: free text, e.g. an ownership verification code."""

    text: str
    purpose: str | None = None


@dataclass(frozen=True)
class RemoteItem:
    """RSS: ``podcast:remoteItem`` (in ``podcast:podroll`` and ``podcast:publisher``)."""

    feed_guid: str | None = None
    feed_url: str | None = None
    item_guid: str | None = None
    medium: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class UpdateFrequency:
    """RSS: ``podcast:updateFrequency``."""

    text: str
    rrule: str | None = None
    dtstart: datetime | None = None
    complete: bool = False


@dataclass(frozen=True)
class Trailer:
    """RSS: ``podcast:trailer`` in the channel."""

    title: str
    url: str
    date: datetime
    length: int | None = None
    type: str | None = None
    season: int | None = None


@dataclass(frozen=True)
class Alternate:
    """Another encoding of an episode: ``podcast:alternateEnclosure`` with its
    ``podcast:source`` and ``podcast:integrity``. The MP3 stays the ``enclosure``."""

    source: str  # a URL, or a file relative to the show root
    type: str | None = None  # media type; from the file name when not written
    bitrate: int | None = None  # bits per second
    title: str | None = None
    length: int | None = None  # bytes; measured from a local file
    integrity: str | None = None  # SRI "sha384-..."; computed from a local file
    lang: str | None = None
    codecs: str | None = None  # RFC 6381, e.g. "opus"
    height: int | None = None  # video
    default: bool = False  # the same file as the enclosure, by another transport
    line: int | None = field(default=None, compare=False, repr=False)

    @property
    def is_local(self) -> bool:
        return "://" not in self.source
