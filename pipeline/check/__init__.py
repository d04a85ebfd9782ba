"""Validate a show and the feed it builds against Apple's rules and Podcasting 2.0.

Everything is checked on the build rendered in memory (:func:`pipeline.build.prepare`), so
``check`` sees exactly the bytes ``build`` and ``publish`` would write. Each finding is an
error (Apple or the namespace would reject it, or subscribers would break) or a warning
(allowed but unwise), in the usual ``path:line: field: got X, expected Y`` form.

The rules: ``feed.py`` (pure, over the feed XML), ``files.py`` (over the rendered side
files), ``audio.py`` (enclosure types Apple takes; scheduled episodes' audio, a week ahead),
``probes.py`` (Pillow and HTTP); the rules themselves come from ``pipeline/spec``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import requests
from lxml import etree

from pipeline.build import BuildOptions, Prepared, prepare
from pipeline.check.audio import check_enclosure_type, check_scheduled
from pipeline.check.feed import check_channel, check_item, podcast_ns, unique
from pipeline.check.files import check_episode_files
from pipeline.check.findings import ERROR, WARNING, CheckReport, Collector, Described, Finding
from pipeline.check.probes import check_artwork, check_online
from pipeline.check.tags import Place, check_channel_tags, check_chapter_times, check_item_tags
from pipeline.errors import ProblemsError
from pipeline.paths import rel
from pipeline.render.feed_tags import download_url
from pipeline.spec.apple import ITUNES_NS

__all__ = ["ERROR", "WARNING", "CheckReport", "Finding", "check_prepared", "check_show"]


def check_show(
    root: Path, now: datetime, online: bool = False, session: requests.Session | None = None
) -> CheckReport:
    """Load, build in memory and check everything due at ``now``; never writes."""
    try:
        prepared = prepare(BuildOptions(root=root, out=root / "site", now=now, offline=True))
    except ProblemsError as exc:
        return CheckReport(
            tuple(Finding(ERROR, p.path, p.line, p.field, p.got, p.expected) for p in exc.problems)
        )
    return check_prepared(prepared, online=online, session=session, now=now)


def check_prepared(
    prepared: Prepared,
    online: bool = False,
    session: requests.Session | None = None,
    now: datetime | None = None,
) -> CheckReport:
    """Check a build rendered in memory (``publish`` calls this before writing).

    With ``now``, scheduled episodes due within a week are looked at too (their audio)."""
    content = prepared.linked.content
    show = content.show
    out = Collector()
    feed = prepared.files.get(show.feed_file)
    if not isinstance(feed, bytes):
        out.error(show.feed_file, None, "feed", None, "a rendered feed")
        return CheckReport(tuple(out.items))
    try:
        tree = etree.fromstring(feed)
    except etree.XMLSyntaxError as exc:
        out.error(show.feed_file, None, "XML", Described(str(exc)), "well-formed XML")
        return CheckReport(tuple(out.items))
    channel = tree.find("channel")
    if tree.tag != "rss" or channel is None:
        out.error(show.feed_file, None, "rss", tree.tag, "an RSS 2.0 document with a channel")
        return CheckReport(tuple(out.items))
    ns = podcast_ns(tree)
    check_channel(channel, ns, content, out)
    trailers = {  # where a trailer an episode file made is written
        url: Place(rel(e.source, content.root), e.lines, out)
        for e in content.episodes
        if e.episode_type == "trailer" and (url := download_url(show, e))
    }
    check_channel_tags(
        channel, ns, Place(rel(show.source, content.root), show.lines, out), trailers
    )
    check_artwork(content, show.artwork, show.source, show.lines.get("artwork"), out)
    items = channel.findall("item")
    by_guid = {e.feed_guid: e for e in content.episodes}
    seen_guids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for item in items:
        guid = item.findtext("guid")
        episode = by_guid.get(guid)
        where = rel(episode.source, content.root) if episode else show.feed_file
        lines = episode.lines if episode else {}
        check_item(item, ns, where, lines, out)
        check_enclosure_type(item, episode, where, lines, out)
        duration = float(episode.duration) if episode and episode.duration else None
        check_item_tags(item, ns, Place(where, lines, out), show.analytics_prefixes, duration)
        if episode and episode.chapters:
            starts = [c.start for c in episode.chapters]
            check_chapter_times(starts, Place(where, lines, out), duration)
        if show.type == "serial" and item.find(f"{{{ITUNES_NS}}}episode") is None:
            # Apple orders a serial show by number: an unnumbered episode has no place.
            out.error(
                where,
                lines.get("number") or lines.get("title"),
                "number",
                None,
                "an episode number (a serial show needs itunes:episode)",
            )
        unique(guid, where, lines.get("guid"), "guid", seen_guids, out)
        enclosure = item.find("enclosure")
        url = enclosure.get("url") if enclosure is not None else None
        unique(url, where, lines.get("audio"), "enclosure url", seen_urls, out)
        if episode is not None:
            check_episode_files(item, ns, episode, content, prepared.files, where, out)
            if episode.image:
                check_artwork(content, episode.image, episode.source, lines.get("image"), out)
    if online:
        check_online(items, by_guid, content, session, out)
    if now is not None:
        check_scheduled(prepared.scheduled, content, now, out)
    return CheckReport(tuple(sorted(out.items, key=_order)), len(items), show.feed_file)


def _order(f: Finding) -> tuple[int, str, int, str]:
    return (f.level != ERROR, f.path, f.line or 0, f.field)
