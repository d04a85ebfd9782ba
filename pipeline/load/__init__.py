"""Load a show folder: ``podcast.toml``, ``episodes/*.yaml`` and ``posts/*.md``.

Every file is read and checked before anything else happens; all problems from all files
are collected and raised together as one ContentError (MkDocs' "gather all data first").
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, ContentError, Problem, Problems
from pipeline.load.config import load_show
from pipeline.load.episodes import (
    EPISODE_DIR,
    EPISODE_KEYS,
    EPISODE_SUFFIXES,
    load_episode,
)
from pipeline.load.fields import read_text
from pipeline.load.posts import (
    POINTER,
    POST_DIR,
    POST_SUFFIXES,
    front_matter_line,
    load_post,
    split_front_matter,
)
from pipeline.models import Content, Episode, Post, Show
from pipeline.parallel import fork_map
from pipeline.paths import outside_show, rel
from pipeline.show_zone import show_timezone
from pipeline.text.dates import zone

__all__ = [
    "EPISODE_DIR",
    "EPISODE_KEYS",
    "EPISODE_SUFFIXES",
    "POINTER",
    "POST_DIR",
    "POST_SUFFIXES",
    "due",
    "front_matter_line",
    "load_content",
    "load_episode",
    "load_post",
    "read_text",
    "split_front_matter",
]


def load_content(root: Path, jobs: int = 1) -> Content:
    """Load and validate everything in a show folder; raise once with every problem.

    ``jobs`` > 1: episodes and posts are read and parsed in forked workers (most of
    loading a large show), each handing back its item and its problems, in file order."""
    problems = Problems()
    show: Show | None = None
    try:
        show = load_show(root)
    except ConfigError as exc:
        # Keep going: the user gets the config's and the content's problems in one list.
        problems.extend(exc.problems)
    tz = zone(show.timezone if show else show_timezone(root))
    episode_files = _files(root / EPISODE_DIR, EPISODE_SUFFIXES, root, problems)
    post_files = _files(root / POST_DIR, POST_SUFFIXES, root, problems)
    read = fork_map(
        functools.partial(_item_and_problems, root=root, tz=tz),
        [*((True, path) for path in episode_files), *((False, path) for path in post_files)],
        jobs,
    )
    split = len(episode_files)
    episodes = tuple(e for e in _loaded(read[:split], problems) if isinstance(e, Episode))
    posts = tuple(p for p in _loaded(read[split:], problems) if isinstance(p, Post))
    _check_unique(episodes, posts, root, problems)
    problems.raise_if_any(ContentError)
    assert show is not None  # a config problem would have been raised just above
    return Content(root=root, show=show, posts=posts, episodes=episodes)


def _item_and_problems(
    file: tuple[bool, Path], root: Path, tz: tzinfo
) -> tuple[Episode | Post | None, list[Problem]]:
    """One episode (``file[0]``) or post file, loaded, with its problems."""
    is_episode, path = file
    found = Problems()
    load = load_episode if is_episode else load_post
    return load(path, root, tz, found), found.items


def _loaded(
    read: Sequence[tuple[Episode | Post | None, list[Problem]]], problems: Problems
) -> Iterator[Episode | Post]:
    """The items that loaded, their problems added to ``problems`` in file order."""
    for item, found in read:
        problems.extend(found)
        if item is not None:
            yield item


def _files(folder: Path, suffixes: tuple[str, ...], root: Path, problems: Problems) -> list[Path]:
    """The content files in ``folder``, sorted (every run sees them in the same order).

    A name that says episode or post but is not a readable file (a folder, a broken
    symbolic link, a pipe) is a problem, never silently left out of the feed.
    """
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            problems.describe(rel(folder, root), None, "folder", "a file", "a folder")
        return []
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        problems.add(rel(folder, root), None, "folder", exc.strerror, "a readable folder")
        return []
    # Resolving every file's path costs a system call per folder on the way (1.5 s at
    # 10,000 posts): a plain file in a folder that lies inside the show is inside too, so
    # only links, and every file of a folder that is itself a link out, are resolved.
    folder_inside = outside_show(root, folder) is None
    found = []
    for entry in entries:
        path = Path(entry.path)
        if path.suffix.lower() not in suffixes or entry.name.startswith("."):
            continue
        linked = entry.is_symlink() or not folder_inside
        if linked and path.is_file() and (why := outside_show(root, path)) is not None:
            # A post or episode linked in from elsewhere would publish that file.
            problems.describe(rel(path, root), None, "file", _link_text(path), why)
            continue
        if entry.is_file():
            found.append(path)
            continue
        if path.is_dir():
            got = "a folder"
        elif path.is_symlink():
            got = "a link to nothing (" + os.readlink(path) + ")"
        else:
            got = "a special file"
        problems.describe(rel(path, root), None, "file", got, "a text file")
    return found


def _link_text(path: Path) -> str:
    try:
        return "a link to " + repr(os.readlink(path)[:200])
    except OSError:
        return "a file elsewhere"


def _check_unique(
    episodes: tuple[Episode, ...], posts: tuple[Post, ...], root: Path, problems: Problems
) -> None:
    def dupes(items: Any, key: Callable[[Any], Any], field: str, expected: str) -> None:
        seen: dict[Any, Any] = {}
        for item in items:
            value = key(item)
            if value is None:
                continue
            if value in seen:
                shown = value[-1] if isinstance(value, tuple) else value
                problems.add(
                    rel(item.source, root),
                    item.lines.get(field),
                    field,
                    shown,
                    f"{expected} (also used by {rel(seen[value].source, root)})",
                )
            else:
                seen[value] = item

    dupes(
        episodes,
        lambda e: (e.season or 1, e.number) if e.number is not None else None,
        "number",
        "a number no other episode of the season has",
    )
    dupes(episodes, lambda e: e.feed_guid, "guid", "a GUID no other episode has")
    # 001-a.yaml and 001-a.yml would share every page and notes file: one would vanish.
    dupes(episodes, lambda e: e.slug, "file name", "a name no other episode has (.yaml or .yml)")
    dupes(posts, lambda p: p.slug, "slug", "a file name whose slug no other post has")


def due(content: Content, now: datetime, drafts: bool = False) -> tuple[Content, list[Episode]]:
    """Content with only what is due at ``now``; plus the episodes left out."""
    if drafts:
        return content, []
    episodes = tuple(e for e in content.episodes if e.date <= now)
    scheduled = [e for e in content.episodes if e.date > now]
    posts = tuple(p for p in content.posts if p.date <= now)
    return Content(content.root, content.show, posts, episodes), scheduled
