"""Validate a show and the feed it builds against Apple's rules and Podcasting 2.0.

Everything is checked on the build rendered in memory (:func:`pipeline.build.prepare`), so
``check`` sees exactly the bytes ``build`` and ``publish`` would write. Each finding is an
error (Apple or the namespace would reject it, or subscribers would break) or a warning
(allowed but unwise), in the usual ``path:line: field: got X, expected Y`` form.
"""

from __future__ import annotations

import email.utils
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
from lxml import etree
from PIL import Image, UnidentifiedImageError

from pipeline.build import BuildOptions, Prepared, prepare
from pipeline.errors import FetchError, Problem, ProblemsError, show_value
from pipeline.load import rel
from pipeline.models import Content, Episode
from pipeline.render import Output
from pipeline.render.podcast_ns import (
    ATOM_NS,
    CHAPTERS_TYPE,
    PODCAST_NAMESPACES,
    TRANSCRIPT_TYPES,
    podcast_guid,
)

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
DESCRIPTION_LIMIT = 4000  # bytes (Apple Podcasts)
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000  # pixels, square (Apple Podcasts)
MEDIA = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog")
TRANSCRIPT_MIME = {*TRANSCRIPT_TYPES.values(), "text/plain", "text/html", "application/json"}
# Podcasting 2.0 person roles (the namespace's taxonomy, the ones podcasts use most).
PERSON_ROLES = frozenset(
    {
        "host",
        "co-host",
        "guest-host",
        "guest",
        "announcer",
        "narrator",
        "producer",
        "editor",
        "composer",
        "music contributor",
        "sound designer",
        "audio engineer",
        "cover art designer",
        "social media manager",
        "researcher",
        "writer",
        "translator",
        "reporter",
        "author",
    }
)

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    path: str
    line: int | None
    field: str
    got: str
    expected: str

    def __str__(self) -> str:
        return str(Problem(self.path, self.line, self.field, self.got, self.expected))


@dataclass(frozen=True)
class CheckReport:
    findings: tuple[Finding, ...]
    episodes: int = 0
    feed: str = ""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level == WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        data = {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "episodes": self.episodes,
            "feed": self.feed,
            "findings": [{**asdict(f), "message": str(f)} for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


@dataclass
class _Collector:
    items: list[Finding] = field(default_factory=list)

    def error(self, path: str, line: int | None, name: str, value: object, expected: str) -> None:
        self.items.append(Finding(ERROR, path, line, name, _shown(value), expected))

    def warn(self, path: str, line: int | None, name: str, value: object, expected: str) -> None:
        self.items.append(Finding(WARNING, path, line, name, _shown(value), expected))


def _shown(value: object) -> str:
    return value.description if isinstance(value, _Described) else show_value(value)


@dataclass(frozen=True)
class _Described:
    """A ``got`` that is already a description (``a 1200x1200 PNG``), not a user value."""

    description: str


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
    return check_prepared(prepared, online=online, session=session)


def check_prepared(
    prepared: Prepared, online: bool = False, session: requests.Session | None = None
) -> CheckReport:
    """Check a build rendered in memory (``publish`` calls this before writing)."""
    content = prepared.linked.content
    show = content.show
    out = _Collector()
    feed = prepared.files.get(show.feed_file)
    if not isinstance(feed, bytes):
        out.error(show.feed_file, None, "feed", None, "a rendered feed")
        return CheckReport(tuple(out.items))
    try:
        tree = etree.fromstring(feed)
    except etree.XMLSyntaxError as exc:
        out.error(show.feed_file, None, "XML", _Described(str(exc)), "well-formed XML")
        return CheckReport(tuple(out.items))
    channel = tree.find("channel")
    if tree.tag != "rss" or channel is None:
        out.error(show.feed_file, None, "rss", tree.tag, "an RSS 2.0 document with a channel")
        return CheckReport(tuple(out.items))
    ns = _podcast_ns(tree)
    _check_channel(channel, ns, content, out)
    _check_artwork(content, show.artwork, show.source, show.lines.get("artwork"), out)
    items = channel.findall("item")
    by_guid = {e.feed_guid: e for e in content.episodes}
    seen_guids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for item in items:
        guid = item.findtext("guid")
        episode = by_guid.get(guid)
        where = rel(episode.source, content.root) if episode else show.feed_file
        lines = episode.lines if episode else {}
        _check_item(item, ns, where, lines, out)
        if show.type == "serial" and item.find(f"{{{ITUNES}}}episode") is None:
            # Apple orders a serial show by number: an unnumbered episode has no place.
            out.error(
                where,
                lines.get("number") or lines.get("title"),
                "number",
                None,
                "an episode number (a serial show needs itunes:episode)",
            )
        _unique(guid, where, lines.get("guid"), "guid", seen_guids, out)
        enclosure = item.find("enclosure")
        url = enclosure.get("url") if enclosure is not None else None
        _unique(url, where, lines.get("audio"), "enclosure url", seen_urls, out)
        if episode is not None:
            _check_episode_files(item, ns, episode, content, prepared.files, where, out)
            if episode.image:
                _check_artwork(content, episode.image, episode.source, lines.get("image"), out)
    if online:
        _check_online(items, by_guid, content, session, out)
    return CheckReport(tuple(sorted(out.items, key=_order)), len(items), show.feed_file)


def _order(f: Finding) -> tuple[int, str, int, str]:
    return (f.level != ERROR, f.path, f.line or 0, f.field)


def _podcast_ns(tree: Any) -> str:
    for uri in (tree.nsmap or {}).values():
        if uri in PODCAST_NAMESPACES:
            return str(uri)
    return PODCAST_NAMESPACES[0]


def _text(elem: Any, path: str, namespaces: Mapping[str, str]) -> str | None:
    found = elem.find(path, namespaces=namespaces)
    return found.text if found is not None else None


def _size(text: str | None) -> int:
    return len((text or "").encode("utf-8"))


def _check_channel(channel: Any, ns: str, content: Content, out: _Collector) -> None:
    show = content.show
    where = "podcast.toml"
    nsmap = {"itunes": ITUNES, "podcast": ns, "atom": ATOM_NS}
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
                _Described(f"{_size(text)} bytes"),
                f"at most {DESCRIPTION_LIMIT} bytes (Apple)",
            )
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
    kind = _text(channel, "itunes:type", nsmap)
    if kind is not None and kind not in ("episodic", "serial"):
        out.error(where, line("type"), "type", kind, "episodic or serial")

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
    _check_people(channel, nsmap, where, line("hosts"), out)


def _check_people(
    parent: Any, nsmap: Mapping[str, str], where: str, line: int | None, out: _Collector
) -> None:
    for person in parent.findall("podcast:person", nsmap):
        name = (person.text or "").strip()
        if not name or len(name) > 128:
            out.error(where, line, "person", name, "a name of 1 to 128 characters")
        role = (person.get("role") or "host").lower()
        if role not in PERSON_ROLES:
            out.warn(
                where, line, "person role", role, "a Podcasting 2.0 role such as host or guest"
            )


def _check_item(item: Any, ns: str, where: str, lines: Mapping[str, int], out: _Collector) -> None:
    nsmap = {"itunes": ITUNES, "podcast": ns}
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
            out.warn(where, line("audio"), "enclosure url", url, "an https URL")
        length = enclosure.get("length") or ""
        if not length.isdigit() or int(length) <= 0:
            out.error(where, line("length"), "enclosure length", length, "the size in bytes")
        kind = enclosure.get("type") or ""
        if not re.match(r"^(audio|video)/[\w.+-]+$", kind):
            out.error(where, line("mime_type"), "enclosure type", kind, "audio/... or video/...")
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
                _Described(f"{_size(text)} bytes"),
                f"at most {DESCRIPTION_LIMIT} bytes (Apple)",
            )
    kind = _text(item, "itunes:episodeType", nsmap)
    if kind is not None and kind not in ("full", "trailer", "bonus"):
        out.error(where, line("type"), "type", kind, "full, trailer or bonus")
    for tag, key in (("itunes:episode", "number"), ("itunes:season", "season")):
        value = _text(item, tag, nsmap)
        if value is not None and not (value.isdigit() and int(value) > 0):
            out.error(where, line(key), key, value, f"a positive whole number ({tag})")
    for tag, key in (("podcast:season", "season"), ("podcast:episode", "number")):
        value = _text(item, tag, nsmap)
        if value is not None and not re.fullmatch(r"\d+(\.\d+)?", value):
            out.error(where, line(key), key, value, f"a number ({tag})")
    for transcript in item.findall("podcast:transcript", nsmap):
        if transcript.get("type") not in TRANSCRIPT_MIME:
            out.error(
                where,
                line("transcript"),
                "transcript type",
                transcript.get("type"),
                "one of " + ", ".join(sorted(TRANSCRIPT_MIME)),
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
                _Described(f"startTime={start!r} duration={length!r}"),
                "startTime and duration in seconds",
            )
        elif not 15 <= (numbers[1] or 0) <= 120:
            out.warn(where, line("soundbites"), "soundbite duration", length, "15 to 120 seconds")
    _check_people(item, nsmap, where, line("guests"), out)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _unique(
    value: str | None,
    where: str,
    line: int | None,
    name: str,
    seen: dict[str, str],
    out: _Collector,
) -> None:
    if not value:
        return
    if value in seen:
        out.error(where, line, name, value, f"a value no other episode has (also {seen[value]})")
    else:
        seen[value] = where


def _check_episode_files(
    item: Any,
    ns: str,
    episode: Episode,
    content: Content,
    files: Output,
    where: str,
    out: _Collector,
) -> None:
    """Side files the item points at exist in the build; local audio has its real length."""
    base = content.show.base_url
    nsmap = {"podcast": ns}
    for elem in item.findall("podcast:chapters", nsmap) + item.findall("podcast:transcript", nsmap):
        url = elem.get("url") or ""
        if url.startswith(base) and url[len(base) :] not in files:
            out.error(where, None, "site", url, "the file the feed points at, in the site")
    for elem in item.findall("podcast:chapters", nsmap):
        data = files.get((elem.get("url") or "")[len(base) :])
        if isinstance(data, bytes):
            _check_chapters_json(data, where, episode.lines.get("chapters"), out)
    enclosure = item.find("enclosure")
    url = enclosure.get("url") or "" if enclosure is not None else ""
    if enclosure is not None and url.startswith(base):
        served = files.get(url[len(base) :])
        if served is None:
            out.error(where, episode.lines.get("audio"), "site", url, "the audio file, in the site")
            return
        real = served.stat().st_size if isinstance(served, Path) else len(served)
        if str(real) != enclosure.get("length"):
            out.error(
                where,
                episode.lines.get("length") or episode.lines.get("audio"),
                "enclosure length",
                enclosure.get("length"),
                f"{real}, the size of the audio file the site serves",
            )


def _check_chapters_json(data: bytes, where: str, line: int | None, out: _Collector) -> None:
    try:
        doc = json.loads(data)
    except ValueError:
        out.error(where, line, "chapters", _Described("invalid JSON"), "JSON chapters")
        return
    chapters = doc.get("chapters") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(doc.get("version"), str):
        out.error(where, line, "chapters", _Described("no version"), 'a "version" string')
    if not isinstance(chapters, list):
        out.error(where, line, "chapters", _Described("no chapters list"), 'a "chapters" list')
        return
    raw = [c.get("startTime") for c in chapters if isinstance(c, dict)]
    starts = [float(s) for s in raw if isinstance(s, int | float) and s >= 0]
    if len(starts) != len(chapters):
        out.error(where, line, "chapters", raw, "every chapter with a startTime in seconds")
    elif starts != sorted(starts):
        out.error(where, line, "chapters", starts, "chapters in order of startTime")


def _check_artwork(
    content: Content, image: str, source: Path, line: int | None, out: _Collector
) -> None:
    """Apple: JPEG or PNG, RGB, square, 1400 to 3000 pixels. Only local files are measured."""
    if "://" in image:
        return
    where = rel(source, content.root)
    key = "artwork" if source == content.show.source else "image"
    try:
        with Image.open(content.root / image) as img:
            fmt, mode, (width, height) = img.format, img.mode, img.size
    except (OSError, UnidentifiedImageError):
        out.error(where, line, key, image, "a readable JPEG or PNG image")
        return
    got = _Described(f"a {width}x{height} {fmt} image ({mode})")
    if fmt not in ("JPEG", "PNG"):
        out.error(where, line, key, got, "a JPEG or PNG image")
    if width != height or not ARTWORK_MIN <= width <= ARTWORK_MAX:
        out.error(where, line, key, got, f"a square image of {ARTWORK_MIN} to {ARTWORK_MAX} pixels")
    if mode not in ("RGB", "RGBA", "P"):
        out.error(where, line, key, got, "an RGB image")


def _check_online(
    items: Iterable[Any],
    by_guid: Mapping[str | None, Episode],
    content: Content,
    session: requests.Session | None,
    out: _Collector,
) -> None:
    """Remote enclosures: the host answers, reports the same length and serves byte ranges."""
    if session is None:
        from pipeline.enrich.http import make_session

        session = make_session(None)
    for item in items:
        enclosure = item.find("enclosure")
        episode = by_guid.get(item.findtext("guid"))
        if enclosure is None or episode is None or episode.is_local_audio:
            continue
        url = enclosure.get("url") or ""
        where = rel(episode.source, content.root)
        line = episode.lines.get("audio")
        try:
            head = session.head(url, allow_redirects=True)
            ranged = session.get(url, headers={"Range": "bytes=0-1"}, stream=True)
            ranged.close()
        except (FetchError, requests.RequestException) as exc:
            out.error(where, line, "audio", url, f"an audio host that answers ({exc})")
            continue
        if head.status_code != 200:
            out.error(where, line, "audio", url, f"HTTP 200 (got HTTP {head.status_code})")
            continue
        size = head.headers.get("Content-Length")
        if size is not None and size != enclosure.get("length"):
            out.error(
                where,
                episode.lines.get("length") or line,
                "enclosure length",
                enclosure.get("length"),
                f"{size}, the size the audio host reports",
            )
        if ranged.status_code != 206 or not ranged.headers.get("Content-Range"):
            out.error(
                where,
                line,
                "audio host",
                _Described(f"HTTP {ranged.status_code} to a Range request"),
                "206 Partial Content (Apple requires byte-range support)",
            )
