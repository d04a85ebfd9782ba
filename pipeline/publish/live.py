"""The feed live at its URL, read as the previous publication (``--previous live``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import requests
from lxml import etree

from pipeline.enrich.http_answers import describe_status, tries
from pipeline.errors import FetchError, PublishError, show_value
from pipeline.publish.state import Published
from pipeline.spec.analytics import unprefixed
from pipeline.spec.podcasting20 import PODCAST_NAMESPACES
from pipeline.text.dates import feed_moment
from pipeline.text.plural import counted


class LiveItem(NamedTuple):
    """An item of the live feed that no file name or GUID tells apart, named by its place."""

    position: int  # in feed order, from 1: what the user finds it by in the feed
    item: Published

    def label(self) -> str:
        """The item as a refusal names it: ``feed item 3 ('De pilot')``."""
        title = f" ({show_value(self.item.title)})" if self.item.title.strip() else ""
        return f"feed item {self.position}{title}"


class Live(NamedTuple):
    episodes: dict[str, Published]
    note: str | None  # for the run's warnings
    guid: str | None = None  # the show's podcast:guid in the live feed
    # Items without a <guid> and without a link under /episodes/: no episode file can be
    # told by them, so the guard matches them by their enclosure URL (guard.compare_live).
    unnamed: tuple[LiveItem, ...] = ()
    # Items under a GUID an earlier item has, each with that item: apps show one of them.
    repeated: tuple[tuple[LiveItem, LiveItem], ...] = ()

    def names(self) -> frozenset[str]:
        """What ``--allow-change`` may name besides file names and GUIDs: the enclosure URL
        of an item without either (what apps know it by)."""
        return frozenset(u.item.enclosure for u in self.unnamed if u.item.enclosure)


def read_live(
    url: str,
    session: requests.Session,
    prefixes: Sequence[str] = (),
    first_publication: bool = False,
) -> Live:
    """The episodes of the feed live at ``url``, a note for the run's warnings (if any) and
    the show's podcast:guid there.

    A feed that is not there (404, 410) is an error, never "nothing was published yet": a
    typo in ``base_url`` or a host answering 404 during an outage would otherwise switch the
    GUID guard off. A first publication is asked for explicitly (``--first-publication``).

    Enclosure URLs are read without their statistics prefixes (the show's ``prefixes`` and
    every service we know), as the state file keeps them: adding, changing or dropping a
    prefix is not a moved episode.

    With ``first_publication`` the feed must not be there yet: a 404 or 410 is what the
    first run expects, and a feed that answers means the show was published before."""
    try:
        response = session.get(url)
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"cannot read the live feed ({exc}); not publishing blind") from None
    if response.status_code in (404, 410) and first_publication:
        return Live({}, f"no feed at {url} yet (HTTP {response.status_code}): first publication")
    if response.status_code in (404, 410):
        raise PublishError(
            f"the live feed {url} answered HTTP {response.status_code}; not publishing blind "
            "(check base_url and the host; if this show was never published, publish it the "
            "first time on purpose with `pipeline publish --first-publication`)"
        )
    if response.status_code != 200:
        # Say what the host did: answered, with this status, this often (the session
        # retried a 429 or 5xx within its deadline), rather than "did not arrive".
        count = tries(response)
        times = f" {count} times" if count > 1 else ""
        raise PublishError(
            f"the live feed {url} answered {describe_status(response)}{times}; not publishing blind"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        tree = etree.fromstring(response.content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise PublishError(f"the live feed {url} is not XML ({exc}); not publishing") from None
    # An HTML page (a parked domain, a host's error page) answered with 200 must not read
    # as "a feed without episodes": that would let every change through.
    if tree.tag != "rss":
        raise PublishError(
            f"the live feed {url}: got an <{tree.tag}> document, expected an RSS feed; "
            "not publishing"
        )
    if tree.find("channel") is None:
        raise PublishError(
            f"the live feed {url}: got an <rss> document without <channel>, expected an RSS "
            "feed; not publishing"
        )
    if first_publication:
        count = len(tree.findall("channel/item"))
        raise PublishError(
            f"--first-publication: the live feed {url} is there already "
            f"({counted(count, 'episode')}); "
            "this is not the show's first publication, so nothing was written"
        )
    found: dict[str, Published] = {}
    unnamed: list[LiveItem] = []
    repeated: list[tuple[LiveItem, LiveItem]] = []
    first: dict[str, LiveItem] = {}  # GUID -> the first item under it
    for position, item in enumerate(tree.iterfind("channel/item"), 1):
        guid = (item.findtext("guid") or "").strip()
        link = (item.findtext("link") or "").rstrip("/")
        slug = link.rsplit("/", 1)[-1] if "/episodes/" in link else guid
        enclosure = item.find("enclosure")
        moment = feed_moment(item.findtext("pubDate"))
        published = Published(
            slug=slug,
            guid=guid,
            enclosure=unprefixed(enclosure.get("url", ""), prefixes)
            if enclosure is not None
            else "",
            date=moment.isoformat() if moment is not None else "",
            title=item.findtext("title") or "",
        )
        # Kept apart: under the slug "" such an item was refused as episodes/.yaml, and
        # a second one took the first one's place.
        if not slug:
            unnamed.append(LiveItem(position, published))
        elif guid in first:  # kept apart too: one item under the GUID hid the other
            repeated.append((LiveItem(position, published), first[guid]))
        else:
            if guid:
                first[guid] = LiveItem(position, published)
            # Two GUIDs under one file name (a link edited by hand) stay two: the guard
            # holds each, where the second one's took the first one's place unsaid.
            found[slug if slug not in found else f"{slug}#{position}"] = published
    guids = (tree.findtext(f"channel/{{{ns}}}guid") for ns in PODCAST_NAMESPACES)
    guid = next((g.strip() for g in guids if g and g.strip()), None)
    return Live(found, None, guid, tuple(unnamed), tuple(repeated))
