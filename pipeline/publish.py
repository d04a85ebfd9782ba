"""Publish safely on a schedule: build at the clock, check, compare, write, record, notify.

Podcast apps never forgive a changed GUID, a moved enclosure, a re-dated or a vanished
episode: they show duplicates, re-download, or lose a listener's place. So before anything
is written, the new feed is compared with the last published one (the state file
``published.json`` kept in the show folder, or the live feed), and publishing is refused,
naming each episode, unless the user allows that episode's change explicitly.

A run with nothing due writes nothing (the site and the state file keep every byte), so a
scheduled job can run it every hour.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
from lxml import etree

from pipeline.build import BuildOptions, Log, Prepared, prepare
from pipeline.check import check_prepared
from pipeline.errors import FetchError, Problem, ProblemsError, PublishError
from pipeline.load import rel
from pipeline.models import Content
from pipeline.render.feed import feed_order
from pipeline.render.parallel import default_jobs
from pipeline.render.urls import enclosure_url
from pipeline.write import replace_file, write_output

STATE_FILE = "published.json"
STATE_VERSION = 1


class PublishRefused(ProblemsError, PublishError):
    """Publishing would break subscribers (or the feed fails ``check``); nothing was written."""


@dataclass(frozen=True)
class Published:
    """One episode as subscribers know it: the facts that must never change silently."""

    slug: str
    guid: str
    enclosure: str
    date: str  # ISO 8601 with offset
    title: str

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.date)


@dataclass(frozen=True)
class PublishOptions:
    root: Path
    out: Path
    now: datetime
    allow: frozenset[str] = frozenset()  # episode slugs (or GUIDs) whose change is accepted
    previous: str = "state"  # "state": published.json; "live": the feed at its URL
    feed_url: str | None = None  # where the live feed is (default: the show's feed URL)
    offline: bool = False
    ping: bool = True  # notify the show's WebSub hub when the feed changed
    session: requests.Session | None = None


@dataclass(frozen=True)
class PublishReport:
    out: Path
    episodes: tuple[Published, ...]  # everything in the feed, newest first
    new: tuple[Published, ...]  # not in the previous feed
    allowed: tuple[str, ...]  # changes let through by --allow-change, described
    scheduled: tuple[tuple[str, datetime], ...]
    changed: bool  # the site's bytes changed
    state_changed: bool
    notices: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pinged: str | None = None  # the hub notified


def _quiet(_: str) -> None:
    pass


def publish(options: PublishOptions, log: Log = _quiet) -> PublishReport:
    """Build at ``options.now``, check, compare with the last publication, then write."""
    root = options.root.resolve()
    prepared = prepare(
        BuildOptions(
            root=root,
            out=options.out,
            now=options.now,
            offline=options.offline,
            jobs=default_jobs(),
        ),
        log,
    )
    content = prepared.linked.content
    log("Checking the feed")
    report = check_prepared(prepared)
    if report.errors:
        raise PublishRefused(
            Problem(f.path, f.line, f.field, f.got, f.expected) for f in report.errors
        )
    warnings = [f"{f}" for f in report.warnings]
    current = published_episodes(prepared)
    session = options.session
    if options.previous == "live":
        url = options.feed_url or content.show.feed_url
        log(f"Reading the live feed {url}")
        session = session or _session()
        previous, note = read_live(url, session)
        if note:
            warnings.append(note)
    else:
        previous = read_state(root / STATE_FILE)
    problems, allowed = compare(previous, current, content, options.allow)
    if problems:
        raise PublishRefused(sorted(problems, key=lambda p: (p.path, p.line or 0, p.field)))

    log("Writing the site")
    result = write_output(prepared.files, options.out)
    state = state_bytes(content, current)
    state_path = root / STATE_FILE
    state_changed = not state_path.is_file() or state_path.read_bytes() != state
    if state_changed:
        replace_file(state_path, state)
    pinged = None
    hub = content.show.websub_hub
    if result.changed and hub and options.ping:
        try:
            notify_hub(hub, content.show.feed_url, session or _session())
            pinged = hub
        except PublishError as exc:
            warnings.append(str(exc))  # the site is out; the hub will poll eventually
    known = {p.guid for p in previous.values()}
    return PublishReport(
        out=result.out,
        episodes=tuple(current),
        new=tuple(p for p in current if p.guid not in known),
        allowed=tuple(sorted(allowed)),
        scheduled=tuple((e.slug, e.date) for e in prepared.scheduled),
        changed=result.changed,
        state_changed=state_changed,
        notices=prepared.notices,
        warnings=tuple(warnings),
        pinged=pinged,
    )


def _session() -> requests.Session:
    from pipeline.enrich.http import make_session

    return make_session(None)


def published_episodes(prepared: Prepared) -> list[Published]:
    """The feed's episodes as subscribers will see them, newest first."""
    show = prepared.linked.content.show
    return [
        Published(
            slug=e.slug,
            guid=e.feed_guid or "",
            enclosure=enclosure_url(show, e) or "",
            date=e.date.isoformat(),
            title=e.title,
        )
        for e in feed_order(prepared.linked.content.episodes)
    ]


def state_bytes(content: Content, episodes: Sequence[Published]) -> bytes:
    """The state file: stable bytes for the same publication (no run times in it)."""
    data = {
        "version": STATE_VERSION,
        "feed": content.show.feed_url,
        "episodes": [asdict(p) for p in episodes],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_state(path: Path) -> dict[str, Published]:
    """Slug -> episode from ``published.json``; empty before the first publication."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        episodes = [Published(**item) for item in data["episodes"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PublishError(
            f"{path.name}: got an unreadable state file ({exc}), expected the file "
            "`pipeline publish` writes; restore it from git"
        ) from None
    return {p.slug: p for p in episodes}


def read_live(url: str, session: requests.Session) -> tuple[dict[str, Published], str | None]:
    """The episodes of the feed live at ``url``; none (with a note) when it does not exist yet."""
    try:
        response = session.get(url)
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"cannot read the live feed ({exc}); not publishing blind") from None
    if response.status_code in (404, 410):
        return {}, f"no feed at {url} yet (HTTP {response.status_code}): first publication"
    if response.status_code != 200:
        raise PublishError(
            f"cannot read the live feed {url} (HTTP {response.status_code}); not publishing blind"
        )
    try:
        tree = etree.fromstring(response.content)
    except etree.XMLSyntaxError as exc:
        raise PublishError(f"the live feed {url} is not XML ({exc}); not publishing") from None
    found: dict[str, Published] = {}
    for item in tree.iterfind("channel/item"):
        guid = (item.findtext("guid") or "").strip()
        link = (item.findtext("link") or "").rstrip("/")
        slug = link.rsplit("/", 1)[-1] if "/episodes/" in link else guid
        enclosure = item.find("enclosure")
        try:
            date = parsedate_to_datetime(item.findtext("pubDate") or "").isoformat()
        except (TypeError, ValueError):
            date = ""
        found[slug] = Published(
            slug=slug,
            guid=guid,
            enclosure=enclosure.get("url", "") if enclosure is not None else "",
            date=date,
            title=item.findtext("title") or "",
        )
    return found, None


def compare(
    previous: Mapping[str, Published],
    current: Sequence[Published],
    content: Content,
    allow: frozenset[str],
) -> tuple[list[Problem], list[str]]:
    """Problems for every published episode whose identity would change; allowed changes."""
    by_slug = {p.slug: p for p in current}
    by_guid = {p.guid: p for p in current}
    problems: list[Problem] = []
    allowed: list[str] = []

    def where(slug: str) -> str:
        episode = content.episodes_by_slug.get(slug)
        return rel(episode.source, content.root) if episode else f"episodes/{slug}.yaml"

    def refuse(old: Published, field: str, got: str, expected: str) -> None:
        if old.slug in allow or old.guid in allow:
            allowed.append(f"{old.slug}: {field}: {got} (was {expected})")
            return
        episode = content.episodes_by_slug.get(old.slug)
        line = episode.lines.get(_KEYS.get(field, field)) if episode else None
        problems.append(
            Problem(
                where(old.slug),
                line,
                field,
                got,
                f"{expected} as published (subscribers would see a broken or duplicate "
                f"episode; pass --allow-change {old.slug} if this is intended)",
            )
        )

    for old in previous.values():
        new = by_slug.get(old.slug) or by_guid.get(old.guid)
        if new is None:
            refuse(old, "episode", "no episode", f"{old.title!r} ({old.guid}) to stay in the feed")
            continue
        if new.guid != old.guid:
            refuse(old, "guid", repr(new.guid), repr(old.guid))
        if old.enclosure and new.enclosure != old.enclosure:
            refuse(old, "enclosure url", repr(new.enclosure), repr(old.enclosure))
        if old.date and new.moment != old.moment:
            refuse(old, "date", new.date, old.date)
    return problems, allowed


# Which line of the episode file a refused field points at.
_KEYS = {"guid": "guid", "enclosure url": "audio", "date": "date", "episode": "title"}


def notify_hub(hub: str, feed_url: str, session: requests.Session) -> None:
    """Tell a WebSub hub the feed changed (``hub.mode=publish``)."""
    try:
        response = session.post(hub, data={"hub.mode": "publish", "hub.url": feed_url}, timeout=10)
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"WebSub hub {hub} not notified ({exc})") from None
    if not 200 <= response.status_code < 300:
        raise PublishError(f"WebSub hub {hub} not notified (HTTP {response.status_code})")
