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

import difflib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import requests
from lxml import etree

from pipeline.build import BuildOptions, Log, Prepared, prepare
from pipeline.check import check_prepared
from pipeline.errors import FetchError, Problem, ProblemsError, PublishError, show_value
from pipeline.models import Content, Episode
from pipeline.parallel import default_jobs
from pipeline.paths import enclosure_url, rel
from pipeline.render.feed import feed_order
from pipeline.write import exclusive_lock, replace_file, write_output

STATE_FILE = "published.json"
STATE_VERSION = 1
LOCK_FILE = Path(".cache") / "publish.lock"


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
    """Build at ``options.now``, check, compare with the last publication, then write.

    One publish at a time per show: a second one started meanwhile fails at once (it would
    compare with a state file the first is about to replace)."""
    root = options.root.resolve()
    if options.offline and options.previous == "live":
        raise PublishError(
            "--previous live reads the feed online; it cannot be used with --offline"
        )
    lock = root / LOCK_FILE
    busy = f"another `pipeline publish` is running for this show (lock {lock}); nothing was written"
    with exclusive_lock(lock, busy):
        return _publish(root, options, log)


def _publish(root: Path, options: PublishOptions, log: Log) -> PublishReport:
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
    scheduled = published_episodes(prepared, prepared.scheduled)
    _check_allowed(options.allow, previous, current, scheduled)
    # Scheduled episodes too, so a refusal can point at the file and line of each.
    everything = replace(content, episodes=content.episodes + tuple(prepared.scheduled))
    problems, allowed = compare(previous, current, everything, options.allow, scheduled)
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
    notices = list(prepared.notices)
    hub = content.show.websub_hub
    if result.changed and hub and options.ping and options.offline:
        notices.append("--offline: WebSub hub not notified; run `pipeline ping` when online")
    elif result.changed and hub and options.ping:
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
        notices=tuple(notices),
        warnings=tuple(warnings),
        pinged=pinged,
    )


def _session() -> requests.Session:
    from pipeline.enrich.http import make_session

    return make_session(None)


def published_episodes(
    prepared: Prepared, episodes: Sequence[Episode] | None = None
) -> list[Published]:
    """The feed's episodes as subscribers will see them, newest first (or ``episodes``)."""
    show = prepared.linked.content.show
    chosen = prepared.linked.content.episodes if episodes is None else episodes
    return [
        Published(
            slug=e.slug,
            guid=e.feed_guid or "",
            enclosure=enclosure_url(show, e) or "",
            date=e.date.isoformat(),
            title=e.title,
        )
        for e in feed_order(chosen)
    ]


def state_bytes(content: Content, episodes: Sequence[Published]) -> bytes:
    """The state file: stable bytes for the same publication (no run times in it)."""
    data = {
        "version": STATE_VERSION,
        "feed": content.show.feed_url,
        "episodes": [asdict(p) for p in episodes],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_RESTORE = "(restore it from git, or compare with the live feed: --previous live)"
_FIELDS = ("slug", "guid", "enclosure", "date", "title")


def read_state(path: Path) -> dict[str, Published]:
    """Slug -> episode from ``published.json``; empty before the first publication.

    A damaged or hand-edited file is refused with every problem in it (never a traceback,
    never a silent "nothing was published before", which would let any change through)."""
    if not path.is_file():
        return {}
    name = path.name
    problems: list[Problem] = []

    def bad(line: int | None, field: str, got: str, expected: str) -> None:
        problems.append(Problem(name, line, field, got, f"{expected} {_RESTORE}"))

    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise PublishError(f"{name}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        bad(None, "state", f"byte {exc.object[exc.start]:#04x}", f"UTF-8 JSON {_RESTORE}")
        raise PublishRefused(problems) from None
    except json.JSONDecodeError as exc:
        bad(exc.lineno, "state", f"invalid JSON ({exc.msg} at column {exc.colno})",
            "the file `pipeline publish` writes")  # fmt: skip
        raise PublishRefused(problems) from None
    if not isinstance(data, dict):
        bad(None, "state", f"a {_kind(data)}", "an object with version, feed and episodes")
        raise PublishRefused(problems)
    if data.get("version", STATE_VERSION) != STATE_VERSION:
        bad(None, "version", show_value(data["version"]),
            f"{STATE_VERSION} (written by a newer pipeline?)")  # fmt: skip
    items = data.get("episodes")
    if not isinstance(items, list):
        bad(None, "episodes", show_value(items), "a list of episodes")
        raise PublishRefused(problems)
    found: dict[str, Published] = {}
    for index, item in enumerate(items, 1):
        episode = _state_item(item, f"episodes[{index}]", bad)
        if episode is None:
            continue
        if episode.slug in found:
            bad(None, f"episodes[{index}].slug", show_value(episode.slug), "each episode once")
        found[episode.slug] = episode
    if problems:
        raise PublishRefused(problems)
    return found


def _state_item(item: object, where: str, bad: Callable[..., None]) -> Published | None:
    if not isinstance(item, dict):
        bad(None, where, show_value(item), "an object with " + ", ".join(_FIELDS))
        return None
    values: dict[str, str] = {}
    for key in _FIELDS:
        value = item.get(key)
        if not isinstance(value, str) or (key in ("slug", "date") and not value.strip()):
            bad(None, f"{where}.{key}", show_value(value), "text")
            continue
        values[key] = value
    date = values.get("date")
    if date is not None:
        try:
            moment: datetime | None = datetime.fromisoformat(date)
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            bad(None, f"{where}.date", show_value(date),
                "a date with its UTC offset, such as 2026-03-01T07:00:00+01:00")  # fmt: skip
            return None
    if len(values) != len(_FIELDS):
        return None
    return Published(**values)


def _kind(value: object) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


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


def _check_allowed(
    allow: frozenset[str],
    previous: Mapping[str, Published],
    current: Sequence[Published],
    scheduled: Sequence[Published],
) -> None:
    """Every ``--allow-change`` names a published, due or scheduled episode (slug or GUID):
    a typo must not pass silently while the change it meant stays refused or unnoticed."""
    known = [*previous.values(), *current, *scheduled]
    names = {p.slug for p in known} | {p.guid for p in known}
    unknown = sorted(allow - names)
    if not unknown:
        return
    slugs = sorted({p.slug for p in known})
    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, slugs, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        parts.append(f"{name!r}{hint}")
    raise PublishError(
        f"--allow-change: got {', '.join(parts)}, expected the file name (without .yaml) or "
        "GUID of an episode in the feed or published before"
    )


def compare(
    previous: Mapping[str, Published],
    current: Sequence[Published],
    content: Content,
    allow: frozenset[str],
    scheduled: Sequence[Published] = (),
) -> tuple[list[Problem], list[str]]:
    """Problems for every published episode whose identity would change; allowed changes.

    A published episode now dated in the future (``scheduled``) is a date change, not a
    removal: that is what the user did, and the line to fix is its ``date:``."""
    by_slug = {p.slug: p for p in current}
    by_guid = {p.guid: p for p in current}
    later_slug = {p.slug: p for p in scheduled}
    later_guid = {p.guid: p for p in scheduled}
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
        later = later_slug.get(old.slug) or later_guid.get(old.guid)
        if new is None and later is not None:
            refuse(old, "date", later.date, old.date)
            continue
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
