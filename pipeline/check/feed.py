"""Rules over the rendered feed, pure: the XML in, findings out; no file or network read.

Each rule cites the specification it comes from through ``pipeline/spec``.
"""

from __future__ import annotations

import email.utils
import re
import uuid
from collections.abc import Mapping
from typing import Any

from pipeline.check.findings import Collector, Described
from pipeline.models import Content
from pipeline.spec.apple import (
    DESCRIPTION_LIMIT,
    EPISODE_TYPES,
    HTTPS_EXPECTED,
    ITUNES_NS,
    SHOW_TYPES,
)
from pipeline.spec.podcasting20 import (
    CHAPTERS_TYPE,
    MEDIA,
    PODCAST_NAMESPACES,
    TRANSCRIPT_FORMATS,
    podcast_guid,
    role_expected,
    role_group,
)
from pipeline.spec.rss import ATOM_NS


def _either(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]


def podcast_ns(tree: Any) -> str:
    for uri in (tree.nsmap or {}).values():
        if uri in PODCAST_NAMESPACES:
            return str(uri)
    return PODCAST_NAMESPACES[0]


def _text(elem: Any, path: str, namespaces: Mapping[str, str]) -> str | None:
    found = elem.find(path, namespaces=namespaces)
    return found.text if found is not None else None


def _size(text: str | None) -> int:
    return len((text or "").encode("utf-8"))


def check_channel(channel: Any, ns: str, content: Content, out: Collector) -> None:
    show = content.show
    where = "podcast.toml"
    nsmap = {"itunes": ITUNES_NS, "podcast": ns, "atom": ATOM_NS}
    line = show.lines.get
    for tag, key in (("title", "title"), ("description", "description"), ("language", "language")):
        if not (channel.findtext(tag) or "").strip():
            out.error(where, line(key), key, None, f"a <{tag}> (Apple requires it)")
    for text, name in (
        (channel.findtext("description"), "description"),
        (_text(channel, "itunes:summary", nsmap), "description (itunes:summary)"),
    ):
        if _size(text) > DESCRIPTION_LIMIT:
            out.error(
                where,
                line("description"),
                name,
                Described(f"{_size(text)} bytes"),
                f"at most {DESCRIPTION_LIMIT} bytes (Apple)",
            )
    if show.base_url.lower().startswith("http://"):
        # The feed's own address and the show's own files (artwork, transcripts, chapters,
        # local audio) are under it: said at the setting, where the fix is.
        out.warn(where, line("base_url"), "base_url", show.base_url, HTTPS_EXPECTED)
    image = channel.find("itunes:image", nsmap)
    if image is None or not (image.get("href") or "").startswith(("http://", "https://")):
        out.error(where, line("artwork"), "artwork", None, "an itunes:image with an http(s) URL")
    if channel.find("itunes:category", nsmap) is None:
        out.error(where, line("categories"), "categories", None, "at least one Apple category")
    explicit = _text(channel, "itunes:explicit", nsmap)
    if explicit not in ("true", "false"):
        out.error(where, line("explicit"), "explicit", explicit, "itunes:explicit true or false")
    if not _text(channel, "itunes:author", nsmap):
        out.warn(where, line("author"), "author", None, "an itunes:author")
    if not _text(channel, "itunes:owner/itunes:email", nsmap):
        out.warn(where, line("owner"), "owner.email", None, "an itunes:owner e-mail")
    if channel.find("item") is None:
        # Apple refuses to add a show without an episode; apps show an empty show.
        expected = "at least one episode due (Apple Podcasts accepts a show with one or more)"
        out.warn(where, None, "episodes", Described("none in the feed"), expected)
    kind = _text(channel, "itunes:type", nsmap)
    if kind is not None and kind not in SHOW_TYPES:
        out.error(where, line("type"), "type", kind, " or ".join(SHOW_TYPES))

    guid = _text(channel, "podcast:guid", nsmap)
    if guid is None:
        out.warn(where, None, "guid", None, "a podcast:guid (Podcasting 2.0)")
    else:
        try:
            parsed = uuid.UUID(guid)
        except ValueError:
            out.error(where, line("guid"), "guid", guid, "a UUID (podcast:guid)")
        else:
            computed = podcast_guid(show.feed_url)
            if parsed.version != 5:
                out.warn(where, line("guid"), "guid", guid, "a version 5 UUID (podcast:guid)")
            elif guid != computed:
                out.warn(
                    where,
                    line("guid"),
                    "guid",
                    guid,
                    f"{computed} for {show.feed_url} (keep the old one only if the feed moved)",
                )
    locked = channel.find("podcast:locked", nsmap)
    if locked is not None:
        if locked.text not in ("yes", "no"):
            out.error(where, line("locked"), "locked", locked.text, "podcast:locked yes or no")
        if not locked.get("owner"):
            out.warn(where, line("locked"), "locked owner", None, "the owner's e-mail")
    for funding in channel.findall("podcast:funding", nsmap):
        if not (funding.get("url") or "").startswith(("http://", "https://")):
            out.error(where, line("funding"), "funding url", funding.get("url"), "an http(s) URL")
        if len(funding.text or "") > 128:
            out.warn(where, line("funding"), "funding text", funding.text, "at most 128 characters")
    medium = _text(channel, "podcast:medium", nsmap)
    if medium is not None and medium not in MEDIA:
        out.error(where, line("medium"), "medium", medium, "one of " + ", ".join(MEDIA))
    check_people(channel, nsmap, where, line("hosts"), out)


def check_people(
    parent: Any, nsmap: Mapping[str, str], where: str, line: int | None, out: Collector
) -> None:
    for person in parent.findall("podcast:person", nsmap):
        name = (person.text or "").strip()
        if not name or len(name) > 128:
            out.error(where, line, "person", name, "a name of 1 to 128 characters")
        # The namespace's defaults: role "host", group "cast". Exactly the taxonomy's roles
        # pass, the same list the loader accepts (spec/podcasting20.py).
        role = person.get("role") or "host"
        if role_group(role) is None:
            out.error(where, line, "person role", role, role_expected(role))


def check_item(item: Any, ns: str, where: str, lines: Mapping[str, int], out: Collector) -> None:
    nsmap = {"itunes": ITUNES_NS, "podcast": ns}
    line = lines.get
    if not (item.findtext("title") or "").strip():
        out.error(where, line("title"), "title", None, "a title (Apple requires it)")
    if not (item.findtext("guid") or "").strip():
        out.error(where, line("guid"), "guid", None, "a permanent GUID")
    enclosure = item.find("enclosure")
    if enclosure is None:
        out.error(where, line("audio"), "enclosure", None, "an enclosure with url, length, type")
    else:
        url = enclosure.get("url") or ""
        if not url.startswith(("http://", "https://")):
            out.error(where, line("audio"), "enclosure url", url, "an http(s) URL")
        elif url.startswith("http://"):
            out.warn(where, line("audio"), "enclosure url", url, HTTPS_EXPECTED)
        length = enclosure.get("length") or ""
        if not length.isdigit() or int(length) <= 0:
            out.error(where, line("length"), "enclosure length", length, "the size in bytes")
        # Its type is held to Apple's list by check/audio.py, which knows the fix.
    date = item.findtext("pubDate")
    if date is None:
        out.warn(where, line("date"), "pubDate", None, "a publication date")
    elif email.utils.parsedate_tz(date) is None:
        out.error(where, line("date"), "pubDate", date, "an RFC 2822 date")
    duration = _text(item, "itunes:duration", nsmap)
    if duration is None:
        out.warn(where, line("duration"), "duration", None, "itunes:duration in seconds")
    elif not re.fullmatch(r"\d+|(\d+:)?[0-5]?\d:[0-5]\d", duration):
        out.error(where, line("duration"), "duration", duration, "seconds or HH:MM:SS")
    for text, name in (
        (item.findtext("description"), "description"),
        (_text(item, "itunes:summary", nsmap), "description (itunes:summary)"),
    ):
        if _size(text) > DESCRIPTION_LIMIT:
            out.error(
                where,
                line("summary") or line("post"),
                name,
                Described(f"{_size(text)} bytes"),
                f"at most {DESCRIPTION_LIMIT} bytes (Apple)",
            )
    kind = _text(item, "itunes:episodeType", nsmap)
    if kind is not None and kind not in EPISODE_TYPES:
        out.error(where, line("type"), "type", kind, _either(EPISODE_TYPES))
    for tag, key in (("itunes:episode", "number"), ("itunes:season", "season")):
        value = _text(item, tag, nsmap)
        if value is not None and not (value.isdigit() and int(value) > 0):
            out.error(where, line(key), key, value, f"a positive whole number ({tag})")
    for tag, key in (("podcast:season", "season"), ("podcast:episode", "number")):
        value = _text(item, tag, nsmap)
        if value is not None and not re.fullmatch(r"\d+(\.\d+)?", value):
            out.error(where, line(key), key, value, f"a number ({tag})")
    for transcript in item.findall("podcast:transcript", nsmap):
        if transcript.get("type") not in TRANSCRIPT_FORMATS:
            out.error(
                where,
                line("transcript"),
                "transcript type",
                transcript.get("type"),
                "one of " + ", ".join(sorted(TRANSCRIPT_FORMATS)),
            )
    for chapters in item.findall("podcast:chapters", nsmap):
        if chapters.get("type") != CHAPTERS_TYPE:
            out.error(where, line("chapters"), "chapters type", chapters.get("type"), CHAPTERS_TYPE)
    for bite in item.findall("podcast:soundbite", nsmap):
        start, length = bite.get("startTime"), bite.get("duration")
        numbers = [_float(start), _float(length)]
        if None in numbers:
            out.error(
                where,
                line("soundbites"),
                "soundbite",
                Described(f"startTime={start!r} duration={length!r}"),
                "startTime and duration in seconds",
            )
        elif not 15 <= (numbers[1] or 0) <= 120:
            out.warn(where, line("soundbites"), "soundbite duration", length, "15 to 120 seconds")
    check_people(item, nsmap, where, line("guests"), out)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def unique(
    value: str | None,
    where: str,
    line: int | None,
    name: str,
    seen: dict[str, str],
    out: Collector,
) -> None:
    if not value:
        return
    if value in seen:
        out.error(where, line, name, value, f"a value no other episode has (also {seen[value]})")
    else:
        seen[value] = where
