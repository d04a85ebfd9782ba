"""The state file ``published.json``: what subscribers were last given, episode by episode,
and the posts the site then held.

Committed to the show's repository, it is what ``publish`` compares a new feed with, and
what ``pipeline status`` calls published (the site folder may hold a later local build).
Its bytes are stable for the same publication (no run times in it), so a run with nothing
due leaves it untouched.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.errors import Problem, PublishRefused, show_value
from pipeline.models import Content, Episode, Show
from pipeline.paths import enclosure_url, outside_show, read_small_file
from pipeline.render.feed import feed_order
from pipeline.spec.podcasting20 import show_guid

STATE_FILE = "published.json"
STATE_VERSION = 1


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


def published_episodes(show: Show, episodes: Sequence[Episode]) -> list[Published]:
    """The episodes as subscribers will see them in the feed, newest first."""
    return [
        Published(
            slug=e.slug,
            guid=e.feed_guid or "",
            enclosure=enclosure_url(show, e) or "",
            date=e.date.isoformat(),
            title=e.title,
        )
        for e in feed_order(episodes)
    ]


def state_bytes(content: Content, episodes: Sequence[Published]) -> bytes:
    """The state file: stable bytes for the same publication (no run times in it)."""
    show = content.show
    posts = sorted(content.posts, key=lambda p: (p.date, p.slug), reverse=True)
    data = {
        "version": STATE_VERSION,
        "feed": show.feed_url,
        "guid": show_guid(show.guid, show.feed_url),  # the show's podcast:guid, kept for ever
        "episodes": [asdict(p) for p in episodes],
        # Which posts went out: the site folder alone cannot say, as `pipeline build`
        # writes there too (status took a local build for the publication).
        "posts": [p.slug for p in posts],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_RESTORE = "(restore it from git, or compare with the live feed: --previous live)"
_FIELDS = ("slug", "guid", "enclosure", "date", "title")


FIRST = "--first-publication"


def read_state(path: Path, first_publication: bool = False) -> dict[str, Published]:
    """Slug -> episode from ``published.json``; empty for a first publication (see
    :func:`read_state_file`)."""
    return read_state_file(path, first_publication).episodes


@dataclass(frozen=True)
class State:
    """The state file as read: its episodes by slug, and the posts' slugs (None: a state
    file written before posts were recorded, or a first publication)."""

    episodes: dict[str, Published]
    posts: frozenset[str] | None


def read_state_file(path: Path, first_publication: bool = False) -> State:
    """Episodes and posts from ``published.json``; nothing for a first publication.

    A missing state file is never taken for "nothing was published before", which would
    let any change through (a deleted file, a failed restore of the CI cache leaving a
    dangling link): the first publication is said with ``first_publication`` (the
    ``--first-publication`` flag), and then no state file may exist yet. A damaged or
    hand-edited file is refused with every problem in it (never a traceback), and so is one
    that cannot be read: PublishRefused, whose lines ``pipeline status`` shows as they are."""
    _check_present(path, first_publication)
    if first_publication:
        return State({}, None)
    name = path.name
    problems: list[Problem] = []

    def bad(line: int | None, field: str, got: str, expected: str) -> None:
        problems.append(Problem(name, line, field, got, f"{expected} {_RESTORE}"))

    try:
        data = json.loads(read_small_file(path).decode("utf-8"))
    except OSError as exc:
        bad(None, "state", f"a file that cannot be read ({exc.strerror or exc})",
            "the file `pipeline publish` writes")  # fmt: skip
        raise PublishRefused(problems) from None
    except UnicodeDecodeError as exc:
        bad(None, "state", f"byte {exc.object[exc.start]:#04x}", "UTF-8 JSON")
        raise PublishRefused(problems) from None
    except json.JSONDecodeError as exc:
        bad(exc.lineno, "state", f"invalid JSON ({exc.msg} at column {exc.colno})",
            "the file `pipeline publish` writes")  # fmt: skip
        raise PublishRefused(problems) from None
    except ValueError as exc:  # more than read_small_file's limit: no state file of ours
        bad(None, "state", str(exc), "the file `pipeline publish` writes")
        raise PublishRefused(problems) from None
    except RecursionError:  # json's decoder recurses once per level of nesting
        bad(None, "state", "JSON nested too deeply", "the file `pipeline publish` writes")
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
    guid = data.get("guid")
    if guid is not None and not (isinstance(guid, str) and guid.strip()):
        bad(None, "guid", show_value(guid), "the show's podcast:guid as text")
    found: dict[str, Published] = {}
    for index, item in enumerate(items, 1):
        episode = _state_item(item, f"episodes[{index}]", bad)
        if episode is None:
            continue
        if episode.slug in found:
            bad(None, f"episodes[{index}].slug", show_value(episode.slug), "each episode once")
        found[episode.slug] = episode
    posts = _state_posts(data.get("posts"), bad)
    if problems:
        raise PublishRefused(problems)
    return State(found, posts)


def _state_posts(posts: object, bad: Callable[..., None]) -> frozenset[str] | None:
    """The posts' slugs the state file lists; None when it lists none (older files)."""
    if posts is None:
        return None
    if not isinstance(posts, list):
        bad(None, "posts", show_value(posts), "a list of the posts' names")
        return None
    for index, slug in enumerate(posts, 1):
        if not isinstance(slug, str) or not slug.strip():
            bad(None, f"posts[{index}]", show_value(slug), "a post's name as text")
    return frozenset(s for s in posts if isinstance(s, str))


def state_guid(path: Path) -> str | None:
    """The show's podcast:guid the state file recorded (None: a first publication, or a
    state file written before it was kept). Asked after :func:`read_state` took the file."""
    try:
        data = json.loads(read_small_file(path).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    guid = data.get("guid") if isinstance(data, dict) else None
    return guid if isinstance(guid, str) else None


def _check_present(path: Path, first_publication: bool) -> None:
    """Refuse a state file that is missing, a folder or a link to nothing, before anything
    is written; and one that exists when a first publication is claimed."""
    name = path.name
    if path.is_symlink() and not path.exists():
        got = f"a link to nothing ({os.readlink(path)[:120]})"
    elif path.exists() and outside_show(path.parent, name) is not None:
        got = f"a link to a file elsewhere ({os.readlink(path)[:120]})"
    elif path.exists() and not path.is_file():
        got = "a folder" if path.is_dir() else "a special file"
    elif not path.exists() and not first_publication:
        got = "no file"
    elif path.exists() and first_publication:
        expected = f"no {name} with {FIRST} (this show was published before; drop {FIRST})"
        got = "a record of an earlier publication"
        raise PublishRefused([Problem(name, None, "state", got, expected)])
    else:
        return
    expected = (
        "the record of the last publication (restore it from git or the CI cache, or "
        f"compare with the live feed: --previous live; for the show's very first "
        f"publication pass {FIRST})"
    )
    raise PublishRefused([Problem(name, None, "state", got, expected)])


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
