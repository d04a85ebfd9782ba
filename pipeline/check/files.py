"""Rules over the files a build renders beside the feed: what the feed points at exists in
the site, local audio has the length the feed declares, chapters JSON is well formed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pipeline.check.findings import Collector, Described
from pipeline.models import Content, Episode
from pipeline.paths import feed_uri
from pipeline.render import Output
from pipeline.spec.analytics import unprefixed
from pipeline.spec.podcasting20_tags import sri_of


def check_episode_files(
    item: Any,
    ns: str,
    episode: Episode,
    content: Content,
    files: Output,
    where: str,
    out: Collector,
) -> None:
    """Side files the item points at exist in the build; local audio has its real length."""
    base = content.show.base_url
    prefixes = content.show.analytics_prefixes
    nsmap = {"podcast": ns}
    for elem in item.findall("podcast:chapters", nsmap) + item.findall("podcast:transcript", nsmap):
        url = elem.get("url") or ""
        if (name := site_path(url, base)) is not None and name not in files:
            out.error(where, None, "site", url, "the file the feed points at, in the site")
    for elem in item.findall("podcast:chapters", nsmap):
        data = files.get(site_path(elem.get("url") or "", base) or "")
        if isinstance(data, bytes):
            check_chapters_json(data, where, episode.lines.get("chapters"), out)
    check_alternate_files(item, ns, episode, content, files, where, out)
    enclosure = item.find("enclosure")
    # The file behind the statistics prefixes (OP3...) is the one the site serves.
    url = unprefixed(enclosure.get("url") or "", prefixes) if enclosure is not None else ""
    if enclosure is not None and (name := site_path(url, base)) is not None:
        served = files.get(name)
        if served is None:
            out.error(where, episode.lines.get("audio"), "site", url, "the audio file, in the site")
            return
        if isinstance(served, bytes):
            real = len(served)
        else:  # a file to copy, or a page the output holds already (``render.KeptPage``)
            real = (served if isinstance(served, Path) else served.path).stat().st_size
        if str(real) != enclosure.get("length"):
            out.error(
                where,
                episode.lines.get("length") or episode.lines.get("audio"),
                "enclosure length",
                enclosure.get("length"),
                f"{real}, the size of the audio file the site serves",
            )


def check_alternate_files(
    item: Any,
    ns: str,
    episode: Episode,
    content: Content,
    files: Output,
    where: str,
    out: Collector,
) -> None:
    """An alternate encoding the site serves has the length and SRI hash the feed says."""
    base, prefixes = content.show.base_url, content.show.analytics_prefixes
    line = episode.lines.get("alternates")
    for elem in item.findall("podcast:alternateEnclosure", {"podcast": ns}):
        for source in elem.findall(f"{{{ns}}}source"):
            url = unprefixed(source.get("uri") or "", prefixes)
            if (name := site_path(url, base)) is None:
                continue
            served = files.get(name)
            if not isinstance(served, Path):
                out.error(where, line, "site", url, "the alternate audio file, in the site")
                continue
            size = served.stat().st_size
            if str(size) != elem.get("length"):
                got = elem.get("length")
                out.error(where, line, "alternates.length", got, f"{size}, the file's size")
            integrity = elem.find(f"{{{ns}}}integrity")
            if integrity is not None and integrity.get("type") == "sri":
                actual = sri_of(served)
                if integrity.get("value") != actual:
                    out.error(where, line, "alternates.integrity", integrity.get("value"),
                              f"{actual}, the served file's hash")  # fmt: skip


def site_path(url: str, base: str) -> str | None:
    """The site's file a URL of the feed names, as a web server finds it (escapes decoded:
    the feed carries ``afl%201.mp3`` for ``audio/afl 1.mp3``); None for a URL elsewhere."""
    for start in (base, feed_uri(base)):  # a base URL with a space or an accent: escaped
        if url.startswith(start):
            return unquote(urlsplit(url[len(start) :]).path)
    return None


def check_chapters_json(data: bytes, where: str, line: int | None, out: Collector) -> None:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than json recurses
        out.error(where, line, "chapters", Described("invalid JSON"), "JSON chapters")
        return
    chapters = doc.get("chapters") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get("version"), str):
        out.error(where, line, "chapters", Described("no version"), 'a "version" string')
    if not isinstance(chapters, list):
        out.error(where, line, "chapters", Described("no chapters list"), 'a "chapters" list')
        return
    raw = [c.get("startTime") for c in chapters if isinstance(c, dict)]
    starts = [float(s) for s in raw if isinstance(s, int | float) and s >= 0]
    if len(starts) != len(chapters):
        out.error(where, line, "chapters", raw, "every chapter with a startTime in seconds")
    elif starts != sorted(starts):
        out.error(where, line, "chapters", starts, "chapters in order of startTime")
