"""The Podcasting 2.0 namespace as a feedgen extension of our own.

feedgen ships no Podcasting 2.0 support, so this module adds it the way feedgen's own
``ext/podcast.py`` adds iTunes: a channel extension and an entry extension holding plain
values, which write their elements when the feed is serialised. ``render/feed.py`` fills
in the values; nothing here reads files or the network.
The namespace's own rules (URIs, taxonomy, types) live in ``pipeline/spec/podcasting20.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem
from lxml import etree

from pipeline.models import FundingLink, Person, Soundbite
from pipeline.render.podcast_tags import ChannelTags, ItemTags, write_channel, write_item
from pipeline.spec.podcasting20 import (
    CHAPTERS_TYPE,
    DEFAULT_GROUP,
    PODCAST_NS,
    decimal_text,
    normal_role,
    role_group,
)
from pipeline.spec.rss import ATOM_NS


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str | None) -> Any:
    elem = xml_elem(f"{{{PODCAST_NS}}}{tag}", parent)
    for key, value in attrs.items():
        if value is not None:
            elem.set(key, value)
    if text is not None:
        elem.text = text
    return elem


def _person(parent: Any, person: Person) -> None:
    # Readers assume group "cast" when it is missing: any other group is written out.
    role = normal_role(person.role)
    group = role_group(role)
    _el(
        parent,
        "person",
        person.name,
        role=role,
        group=group if group != DEFAULT_GROUP else None,
        href=person.href,
        img=person.img,
    )


@dataclass(frozen=True)
class Transcript:
    url: str
    type: str
    language: str | None = None


class PodcastExtension(BaseExtension):  # type: ignore[misc]
    """Channel-level tags: guid, locked, funding, person (hosts), medium, then the rest
    (``tags``: license, location, images, value...); the WebSub hub link."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: bool | None = None
        self.locked_owner: str | None = None
        self.funding: Sequence[FundingLink] = ()
        self.persons: Sequence[Person] = ()
        self.medium: str | None = None
        self.hub: str | None = None
        self.tags = ChannelTags()  # the tags beyond these (podcast_tags.py)

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "atom": ATOM_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        channel = rss_feed[0]
        # Channel tags go before the first item, where people reading the feed look for them.
        first_item = next((i for i, child in enumerate(channel) if child.tag == "item"), None)
        staging = etree.Element("staging")
        if self.hub:
            hub = xml_elem(f"{{{ATOM_NS}}}link", staging)
            hub.set("href", self.hub)
            hub.set("rel", "hub")
        if self.guid:
            _el(staging, "guid", self.guid)
        if self.locked is not None:
            _el(staging, "locked", "yes" if self.locked else "no", owner=self.locked_owner)
        for link in self.funding:
            _el(staging, "funding", link.text, url=link.url)
        for person in self.persons:
            _person(staging, person)
        if self.medium:
            _el(staging, "medium", self.medium)
        write_channel(staging, self.tags)
        for offset, elem in enumerate(list(staging)):
            if first_item is None:
                channel.append(elem)
            else:
                channel.insert(first_item + offset, elem)
        return rss_feed


class PodcastEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item-level tags: season, episode, person, transcript, chapters, soundbite, then the
    rest (``tags``: alternateEnclosure, license, location, images, value...)."""

    def __init__(self) -> None:
        self.season: int | None = None
        self.episode: int | None = None
        self.persons: Sequence[Person] = ()
        self.transcripts: Sequence[Transcript] = ()
        self.chapters_url: str | None = None
        self.soundbites: Sequence[Soundbite] = ()
        self.tags = ItemTags()  # the tags beyond these (podcast_tags.py)

    def extend_rss(self, entry: Any) -> Any:
        if self.season is not None:
            _el(entry, "season", str(self.season))
        if self.episode is not None:
            _el(entry, "episode", str(self.episode))
        for person in self.persons:
            _person(entry, person)
        for transcript in self.transcripts:
            rel = "captions"  # SRT and WebVTT carry timings: usable as captions
            _el(
                entry,
                "transcript",
                url=transcript.url,
                type=transcript.type,
                language=transcript.language,
                rel=rel,
            )
        if self.chapters_url:
            _el(entry, "chapters", url=self.chapters_url, type=CHAPTERS_TYPE)
        for bite in self.soundbites:
            _el(
                entry,
                "soundbite",
                bite.title,
                startTime=decimal_text(bite.start),
                duration=decimal_text(bite.duration),
            )
        write_item(entry, self.tags)
        return entry
