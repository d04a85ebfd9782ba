"""Writing the Podcasting 2.0 tags beyond the basics into the feed's XML tree: license,
location, images, updateFrequency, podroll, publisher, txt, value, socialInteract,
trailer, podping (channel) and alternateEnclosure with source and integrity (item).

Called by the extension classes of ``podcast_ns.py`` while feedgen serialises the feed;
the values arrive ready to write (URLs absolute, prefixed for statistics where they are
downloads), so this module only decides element names, attributes and order. The rules
they follow live in ``pipeline/spec/podcasting20_tags.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import format_datetime
from typing import Any

from lxml import etree

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
from pipeline.spec.podcasting20 import PODCAST_NS
from pipeline.text.dates import written_moment


@dataclass(frozen=True)
class SharedTags:
    """Tags a channel and an item both carry (an item's replace the channel's)."""

    license: License | None = None
    locations: tuple[Location, ...] = ()
    images: tuple[Image, ...] = ()  # urls absolute
    txts: tuple[Txt, ...] = ()
    value: Value | None = None
    social: tuple[SocialInteract, ...] = ()


@dataclass(frozen=True)
class ChannelTags(SharedTags):
    update_frequency: UpdateFrequency | None = None
    podroll: tuple[RemoteItem, ...] = ()
    publisher: RemoteItem | None = None
    trailers: tuple[Trailer, ...] = ()  # urls final (prefixed)
    podping: bool = False  # the show notifies Podping: apps need not poll


@dataclass(frozen=True)
class ItemTags(SharedTags):
    alternates: tuple[Alternate, ...] = ()  # sources final (absolute, prefixed)


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str | None) -> Any:
    elem = etree.SubElement(parent, f"{{{PODCAST_NS}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            elem.set(key.replace("_", "-") if key == "aspect_ratio" else key, value)
    if text is not None:
        elem.text = text
    return elem


def _num(value: int | None) -> str | None:
    return None if value is None else str(value)


def write_channel(parent: Any, tags: ChannelTags) -> None:
    """The channel's tags, in the order the namespace lists them."""
    _shared(parent, tags)
    for trailer in tags.trailers:
        _el(
            parent,
            "trailer",
            trailer.title,
            url=trailer.url,
            pubdate=format_datetime(written_moment(trailer.date)),
            length=_num(trailer.length),
            type=trailer.type,
            season=_num(trailer.season),
        )
    if tags.update_frequency:
        freq = tags.update_frequency
        _el(
            parent,
            "updateFrequency",
            freq.text,
            complete="true" if freq.complete else None,
            dtstart=written_moment(freq.dtstart).isoformat() if freq.dtstart else None,
            rrule=freq.rrule,
        )
    if tags.podroll:
        roll = _el(parent, "podroll")
        for item in tags.podroll:
            _remote(roll, item)
    if tags.publisher:
        _remote(_el(parent, "publisher"), tags.publisher)
    if tags.podping:
        _el(parent, "podping", usesPodping="true")


def write_item(parent: Any, tags: ItemTags) -> None:
    for alternate in tags.alternates:
        elem = _el(
            parent,
            "alternateEnclosure",
            type=alternate.type,
            length=_num(alternate.length),
            bitrate=_num(alternate.bitrate),
            height=_num(alternate.height),
            lang=alternate.lang,
            title=alternate.title,
            codecs=alternate.codecs,
            default="true" if alternate.default else None,
        )
        _el(elem, "source", uri=alternate.source)
        if alternate.integrity:
            _el(elem, "integrity", type="sri", value=alternate.integrity)
    _shared(parent, tags)


def _shared(parent: Any, tags: SharedTags) -> None:
    if tags.license:
        _el(parent, "license", tags.license.name, url=tags.license.url)
    for place in tags.locations:
        _el(
            parent,
            "location",
            place.name,
            rel=place.rel,
            geo=place.geo,
            osm=place.osm,
            country=place.country,
        )
    if tags.images:
        # podcast:images (srcset) is what most readers know; podcast:image replaces it
        # in the namespace, so both are written.
        srcset = ", ".join(f"{image.url} {image.width}w" for image in tags.images)
        _el(parent, "images", srcset=srcset)
        for image in tags.images:
            _el(
                parent,
                "image",
                href=image.url,
                alt=image.alt,
                aspect_ratio=image.aspect_ratio,
                width=_num(image.width),
                height=_num(image.height),
                purpose=image.purpose,
            )
    for txt in tags.txts:
        _el(parent, "txt", txt.text, purpose=txt.purpose)
    if tags.value:
        _value(parent, tags.value)
    for social in tags.social:
        _el(
            parent,
            "socialInteract",
            protocol=social.protocol,
            uri=social.uri,
            accountId=social.account_id,
            accountUrl=social.account_url,
            priority=_num(social.priority),
        )


def _value(parent: Any, value: Value) -> None:
    block = _el(parent, "value", type=value.type, method=value.method, suggested=value.suggested)
    for who in value.recipients:
        _el(
            block,
            "valueRecipient",
            name=who.name,
            type=who.type,
            address=who.address,
            split=str(who.split),
            fee="true" if who.fee else None,
            customKey=who.custom_key,
            customValue=who.custom_value,
        )


def _remote(parent: Any, item: RemoteItem) -> None:
    _el(
        parent,
        "remoteItem",
        feedGuid=item.feed_guid,
        feedUrl=item.feed_url,
        itemGuid=item.item_guid,
        medium=item.medium,
        title=item.title,
    )
