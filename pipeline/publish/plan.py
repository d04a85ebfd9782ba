"""What a publish would do, found by reading only (``pipeline publish --dry-run``).

The files of the site it would add, rewrite or drop; the feed items it would add, change or
drop; the posts that would appear; whether the state file would change; and the problems
that would make it refuse. Nothing here writes, locks or pings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.build import Prepared
from pipeline.errors import Problem
from pipeline.models import Post
from pipeline.paths import post_path, read_small_file
from pipeline.write import OutputChanges, output_changes


@dataclass(frozen=True)
class FeedChanges:
    """Feed items by the episode they are (file name, else GUID), in feed order."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    channel: bool = False  # the channel's own tags would change (title, artwork, new-feed-url...)


@dataclass(frozen=True)
class PublishPlan:
    files: OutputChanges
    feed: FeedChanges
    posts: tuple[Post, ...]  # posts that would appear on the site, newest first
    state_changed: bool
    problems: tuple[Problem, ...]  # why the real run would refuse; empty when it would go


def plan_changes(
    prepared: Prepared,
    out: Path,
    state: Path,
    state_bytes: bytes,
    problems: Sequence[Problem],
    known: Mapping[str, str],  # GUID -> file name, as published before
) -> PublishPlan:
    """Compare the build rendered in memory with the site in ``out`` and the state file.

    Feed items are named by their episode's file name: today's, else the one published
    with that GUID (``known``), else the GUID itself."""
    content = prepared.linked.content
    files = output_changes(prepared.files, out)
    feed_name = content.show.feed_file
    old_feed = out / feed_name
    new_feed = prepared.files.get(feed_name)
    slugs = {**known, **{e.feed_guid or "": e.slug for e in content.episodes}}
    try:
        old = read_small_file(old_feed, 1 << 30) if old_feed.is_file() else None
    except (OSError, ValueError):
        old = None
    feed = feed_changes(
        old,
        new_feed if isinstance(new_feed, bytes) else b"",
        slugs,
    )
    added = set(files.added)
    posts = tuple(
        sorted(
            (p for p in content.posts if post_path(p) + "index.html" in added),
            key=lambda p: (p.date, p.slug),
            reverse=True,
        )
    )
    try:  # not read_bytes(): a FIFO in its place would block for ever
        state_changed = read_small_file(state) != state_bytes
    except (OSError, ValueError):
        state_changed = True
    return PublishPlan(files, feed, posts, state_changed, tuple(problems))


def feed_changes(old: bytes | None, new: bytes, slugs: Mapping[str, str]) -> FeedChanges:
    """Items added, changed (any byte of the item) and removed between two feeds, by GUID."""
    old_items, old_channel = _items(old) if old else ({}, b"")
    new_items, new_channel = _items(new)

    def name(guid: str) -> str:
        return slugs.get(guid, guid)

    return FeedChanges(
        added=tuple(name(g) for g in new_items if g not in old_items),
        changed=tuple(
            name(g) for g in new_items if g in old_items and old_items[g] != new_items[g]
        ),
        removed=tuple(name(g) for g in old_items if g not in new_items),
        channel=old is not None and old_channel != new_channel,
    )


def _items(feed: bytes) -> tuple[dict[str, bytes], bytes]:
    """GUID -> canonical bytes of each item, and the channel's canonical bytes without them.

    A previous feed that cannot be parsed counts as having no items: everything is new."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.fromstring(feed, parser=parser)
    except etree.XMLSyntaxError:
        return {}, b""
    channel = tree.find("channel")
    if channel is None:
        return {}, b""
    items: dict[str, bytes] = {}
    for item in channel.findall("item"):
        guid = (item.findtext("guid") or "").strip()
        items[guid] = etree.tostring(item, method="c14n")
        channel.remove(item)
    return items, etree.tostring(channel, method="c14n")
