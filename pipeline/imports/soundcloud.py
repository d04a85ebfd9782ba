"""Read a SoundCloud podcast feed and plan the episode files that import it.

``read_feed`` follows ``atom:link rel="next"`` pages and parses every ``item`` with lxml
(never regexes); an item without a GUID, title, date or enclosure is a :class:`Broken`
entry, not a guess. ``plan_import`` matches items to existing episode files (by GUID, then
by SoundCloud track) and returns what to create, update or leave alone:

- a new item becomes ``episodes/NNN-slug.yaml`` with its GUID, enclosure (``audio``,
  ``length``, ``mime_type``), duration, date, artwork, description and SoundCloud page, and
  ``post:`` when an existing post pairs with it (the build's pairing rules);
- an existing file gains the fields it lacks; SoundCloud's facts about the audio
  (length, type, duration, artwork) are refreshed only while the file's enclosure is still
  SoundCloud's; title, description, date, GUID and audio URL are never overwritten, so
  what the user wrote wins and a second run changes nothing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin

import requests
from lxml import etree

from pipeline.enrich.http import describe_status
from pipeline.enrich.soundcloud import track_id_of
from pipeline.errors import ContentError, FetchError
from pipeline.imports.episode_file import episode_yaml, next_number
from pipeline.link.pairing import pair
from pipeline.load import EPISODE_DIR
from pipeline.models import Content, Episode, SoundCloudLink
from pipeline.spec.apple import ITUNES_NS
from pipeline.text.clock import parse_clock
from pipeline.text.dates import zone
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import parse_link

ATOM = "http://www.w3.org/2005/Atom"
MAX_PAGES = 500  # a loop of "next" links must end somewhere
_TAG_GUID = re.compile(r"^tag:soundcloud,2010:tracks/([0-9]+)$")
# Fields SoundCloud knows best about its own audio: refreshed while the enclosure is theirs.
AUDIO_FACTS = ("length", "mime_type", "duration", "image")


@dataclass(frozen=True)
class FeedItem:
    guid: str
    title: str
    date: datetime
    audio: str
    length: int | None
    mime_type: str | None
    duration: int | None
    image: str | None
    description: str | None
    link: SoundCloudLink | None
    season: int | None
    number: int | None
    episode_type: str | None
    explicit: bool | None


@dataclass(frozen=True)
class Broken:
    where: str  # "page URL, item N"
    title: str | None
    reason: str


@dataclass(frozen=True)
class Planned:
    path: Path
    action: str  # "create", "update" or "unchanged"
    text: str
    changed: tuple[str, ...] = ()  # keys added or refreshed
    notes: tuple[str, ...] = ()


def read_feed(session: requests.Session, url: str) -> tuple[list[FeedItem], list[Broken]]:
    """Every item of every page; raises FetchError when a page cannot be read at all."""
    items: list[FeedItem] = []
    broken: list[Broken] = []
    seen: set[str] = set()
    guids: set[str] = set()
    page: str | None = url
    while page and page not in seen and len(seen) < MAX_PAGES:
        seen.add(page)
        channel = _fetch_channel(session, page)
        fresh = 0
        for index, element in enumerate(channel.iterfind("item"), 1):
            parsed = _item(element, f"{page}, item {index}")
            if isinstance(parsed, Broken):
                broken.append(parsed)
                fresh += 1
            elif parsed.guid not in guids:
                # The same item twice (pages shift when an episode is added while they
                # are read): the first, newest copy wins; a second file would duplicate it.
                guids.add(parsed.guid)
                items.append(parsed)
                fresh += 1
        if fresh == 0 and len(seen) > 1:
            break  # a "next" page with nothing new: a loop through ever-changing URLs
        nxt = channel.find(f"{{{ATOM}}}link[@rel='next']")
        href = nxt.get("href") if nxt is not None else None
        page = urljoin(page, href) if href else None
    return items, broken


def _fetch_channel(session: requests.Session, url: str) -> etree._Element:
    response = session.get(url)
    if response.status_code != 200:
        raise FetchError(f"{url}: {describe_status(response)}, expected a podcast feed")
    # The HTTP charset wins over the XML declaration (RFC 7303): a Latin-1 feed served as
    # such reads right even without a declaration.
    charset = _charset(response.headers.get("Content-Type", ""))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, encoding=charset
    )
    try:
        root = etree.fromstring(response.content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"{url}: not a readable RSS feed ({exc.msg})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise FetchError(f"{url}: got a <{root.tag}> document, expected an RSS feed")
    return channel


def _charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, when it names an encoding we know."""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            name = value.strip().strip('"').lower()
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _item(element: etree._Element, where: str) -> FeedItem | Broken:
    def text(tag: str) -> str | None:
        value = element.findtext(tag)
        return value.strip() if value and value.strip() else None

    title = text("title") or text(f"{{{ITUNES_NS}}}title")
    guid = text("guid")
    enclosure = element.find("enclosure")
    audio = enclosure.get("url", "").strip() if enclosure is not None else ""
    problems = []
    if not guid:
        problems.append("no <guid>")
    if not title:
        problems.append("no <title>")
    if not audio:
        problems.append("no <enclosure url>")
    date = None
    raw_date = text("pubDate")
    try:
        date = parsedate_to_datetime(raw_date) if raw_date else None
    except (TypeError, ValueError):
        date = None
    if date is None or date.tzinfo is None:
        problems.append(f"no readable <pubDate> (got {raw_date!r})")
    if problems or guid is None or title is None or date is None:
        return Broken(where, title, ", ".join(problems))
    duration = None
    if (clock := text(f"{{{ITUNES_NS}}}duration")) is not None:
        try:
            duration = round(parse_clock(clock))
        except ValueError:
            duration = None
    image_el = element.find(f"{{{ITUNES_NS}}}image")
    link = parse_link(text("link") or "")
    explicit = (text(f"{{{ITUNES_NS}}}explicit") or "").lower()
    episode_type = text(f"{{{ITUNES_NS}}}episodeType")
    return FeedItem(
        guid=guid,
        title=title,
        date=date,
        audio=audio,
        length=_positive(enclosure.get("length") if enclosure is not None else None),
        mime_type=(enclosure.get("type") or None) if enclosure is not None else None,
        duration=duration,
        image=(image_el.get("href") or None) if image_el is not None else None,
        description=text("description") or text(f"{{{ITUNES_NS}}}summary"),
        link=link if isinstance(link, SoundCloudLink) and link.kind == "track" else None,
        season=_positive(text(f"{{{ITUNES_NS}}}season")),
        number=_positive(text(f"{{{ITUNES_NS}}}episode")),
        episode_type=episode_type if episode_type in ("full", "trailer", "bonus") else None,
        explicit={"yes": True, "true": True, "no": False, "false": False, "clean": False}.get(
            explicit
        ),
    )


def _positive(value: str | None) -> int | None:
    try:
        number = int(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and number > 0 else None


def _track_id(item: FeedItem) -> int | None:
    m = _TAG_GUID.match(item.guid)
    if m:
        return int(m[1])
    return item.link.track_id if item.link else None


def _matches(episode: Episode, item: FeedItem) -> bool:
    if episode.feed_guid == item.guid:
        return True
    track = _track_id(item)
    if track is not None and track_id_of(episode) == track:
        return True
    return bool(episode.soundcloud and item.link and episode.soundcloud.same_track(item.link))


def plan_import(content: Content, items: Sequence[FeedItem]) -> list[Planned]:
    """What to write for each item, oldest first; nothing is written here."""
    tz = zone(content.show.timezone)
    folder = content.root / EPISODE_DIR
    planned: list[Planned] = []
    new_episodes: list[tuple[Episode, dict[str, object]]] = []
    known = list(content.episodes)
    taken = {e.source.name for e in content.episodes}
    for item in sorted(items, key=lambda i: (i.date, i.guid)):
        existing = next((e for e in content.episodes if _matches(e, item)), None)
        if existing is not None:
            planned.append(_update(existing, item))
            continue
        season = item.season or 1
        used = {e.number for e in known if (e.season or 1) == season}
        number = item.number if item.number and item.number not in used else None
        number = number or next_number(known, season)
        name = f"{number:03d}-{slugify(item.title) or 'aflevering'}.yaml"
        while name in taken:
            name = name.removesuffix(".yaml") + "-2.yaml"
        taken.add(name)
        fields: dict[str, object] = {
            "title": item.title,
            "number": number,
            "season": item.season,
            "date": item.date.astimezone(tz),
            "guid": item.guid,
            "soundcloud": item.link.raw if item.link else None,
            "audio": item.audio,
            "length": item.length,
            "mime_type": item.mime_type,
            "duration": item.duration,
            "explicit": item.explicit,
            "type": item.episode_type,
            "summary": item.description,
            "image": item.image,
        }
        episode = Episode(
            source=folder / name,
            slug=name.removesuffix(".yaml"),
            title=item.title,
            date=item.date,
            number=number,
            season=item.season,
            guid=item.guid,
            soundcloud=item.link,
        )
        known.append(episode)
        new_episodes.append((episode, fields))
    notes = _pair_new(content, [e for e, _ in new_episodes])
    for episode, fields in new_episodes:
        post = notes.get(episode.slug)
        if post:
            fields["post"] = post
        planned.append(
            Planned(episode.source, "create", episode_yaml(fields), tuple(k for k in fields))
        )
    return planned


def _pair_new(content: Content, new: list[Episode]) -> dict[str, str]:
    """episode slug -> post file stem, for new episodes a post pairs with (build rules)."""
    if not new or not content.posts:
        return {}
    trial = Content(content.root, content.show, content.posts, content.episodes + tuple(new))
    try:
        pairing = pair(trial)
    except ContentError:
        return {}  # the build reports ambiguous or dangling pairs; import stays quiet
    stems = {p.slug: p.stem for p in content.posts}
    slugs = {e.slug for e in new}
    return {ep: stems[post] for ep, post in pairing.pairs.items() if ep in slugs}


def _update(episode: Episode, item: FeedItem) -> Planned:
    """Fill what the file lacks; refresh SoundCloud's audio facts while the audio is theirs."""
    text = episode.source.read_text(encoding="utf-8")
    hosted_by_soundcloud = (episode.audio == item.audio) or (
        episode.soundcloud is not None and not episode.audio
    )
    current: dict[str, object] = {
        "soundcloud": episode.soundcloud,
        "summary": episode.summary,
        "image": episode.image,
        "length": episode.length,
        "mime_type": episode.mime_type,
        "duration": episode.duration,
    }
    wanted: dict[str, object] = {
        "soundcloud": item.link.raw if item.link else None,
        "summary": item.description,
        "image": item.image,
        "length": item.length,
        "mime_type": item.mime_type,
        "duration": item.duration,
    }
    if not episode.audio and episode.soundcloud is None:
        current["audio"], wanted["audio"] = None, item.audio
    changes: dict[str, object] = {}
    for key, value in wanted.items():
        if value is None:
            continue
        if current[key] is None or (
            key in AUDIO_FACTS and hosted_by_soundcloud and current[key] != value
        ):
            changes[key] = value
    notes = []
    if episode.feed_guid != item.guid:
        notes.append(f"GUID {episode.feed_guid} differs from the feed's {item.guid}; kept")
    if not changes:
        return Planned(episode.source, "unchanged", text, (), tuple(notes))
    new_text = _edit_yaml(text, episode, changes)
    if new_text is None:
        notes.append("fields written over several lines; update them by hand")
        return Planned(episode.source, "unchanged", text, (), tuple(notes))
    return Planned(episode.source, "update", new_text, tuple(changes), tuple(notes))


def _edit_yaml(text: str, episode: Episode, changes: dict[str, object]) -> str | None:
    """Replace or append one-line ``key: value`` fields, leaving every other byte alone."""
    lines = text.splitlines(keepends=True)
    appended = []
    for key, value in changes.items():
        line = episode_yaml({key: value})
        number = episode.lines.get(key)
        if number is None or key not in _written_keys(text):
            appended.append(line)
            continue
        old = lines[number - 1]
        rest = old.split(":", 1)[1].split("#", 1)[0].strip() if ":" in old else ""
        if not old.startswith(f"{key}:") or rest in ("", "|", ">", "|-", ">-"):
            return None
        lines[number - 1] = line
    out = "".join(lines)
    if out and not out.endswith("\n"):
        out += "\n"
    return out + "".join(appended)


def _written_keys(text: str) -> set[str]:
    return {m[1] for m in re.finditer(r"(?m)^([A-Za-z_]+)\s*:", text)}
