"""Load a show folder: ``podcast.toml``, ``episodes/*.yaml`` and ``posts/*.md``, and check
that every entry of ``static/`` and ``templates/`` is a file a build can read.

Every file is read and checked before anything else happens; all problems from all files
are collected and raised together as one ContentError (MkDocs' "gather all data first").
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, ContentError, Problems
from pipeline.kept_texts import text_chunks
from pipeline.load.config import load_show
from pipeline.load.episodes import (
    EPISODE_DIR,
    EPISODE_KEYS,
    EPISODE_SUFFIXES,
    load_episode,
)
from pipeline.load.fields import TEXT_LIMIT, TEXT_LIMIT_EXPECTED, read_text
from pipeline.load.kept import KIND, Entry, kept_posts
from pipeline.load.nested import nested_items
from pipeline.load.one_file import item_and_problems
from pipeline.load.partly import Read, partly
from pipeline.load.posts import (
    POINTER,
    POST_DIR,
    POST_SUFFIXES,
    front_matter_line,
    load_post,
    split_front_matter,
)
from pipeline.models import Content, Episode, Post, Show
from pipeline.parallel import background, fork_map
from pipeline.paths import UTF8_NAME_EXPECTED, not_utf8, outside_show, rel
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
    "remembered_content",
    "split_front_matter",
]


def load_content(root: Path, jobs: int = 1) -> Content:
    """Load and validate everything in a show folder; raise once with every problem.

    ``jobs`` > 1: episodes and posts are read and parsed in forked workers (most of
    loading a large show), each handing back its item and its problems, in file order."""
    return _load(root, jobs, keep=False)[0]


def remembered_content(
    root: Path, jobs: int = 1, keep: bool = True
) -> tuple[Content, Iterator[bytes] | None, str | None, int]:
    """:func:`load_content`, taking the posts the last build kept where their files are the
    same (``kept.py``); also the file to keep, made as it is written, a notice when the
    kept one was damaged (``keep`` False: none read, none to keep), and how many posts were
    loaded from their files rather than taken."""
    content, entries, notice, taken = _load(root, jobs, keep)
    chunks = text_chunks(KIND, entries) if keep else None
    return content, chunks, notice, len(content.posts) - taken


def _load(root: Path, jobs: int, keep: bool) -> tuple[Content, list[Entry], str | None, int]:
    problems = Problems()
    show: Show | None = None
    try:
        show = load_show(root)
    except ConfigError as exc:
        # Keep going: the user gets the config's and the content's problems in one list.
        problems.extend(exc.problems)
    tz = zone(show.timezone if show else show_timezone(root))
    kept, notice = kept_posts(root, tz) if keep else (None, None)
    episode_files = _files(root / EPISODE_DIR, EPISODE_SUFFIXES, root, problems)
    post_files = _files(root / POST_DIR, POST_SUFFIXES, root, problems)
    load = functools.partial(item_and_problems, root=root, tz=tz, kept=kept)
    files = [*((True, path) for path in episode_files), *((False, path) for path in post_files)]
    split = len(episode_files)
    if kept is not None and kept.entries:
        # Most posts are taken, not loaded: sent back from workers they cost more than that
        # (2.4 against 1.8 s at 10,000 posts). Here, while the episodes load beside them.
        with background(lambda: [load(f) for f in files[:split]], jobs, split) as loading:
            posts_read = [load(f) for f in files[split:]]
            read = [*loading(), *posts_read]
    else:
        read = fork_map(load, files, jobs)
    episodes = tuple(e for e in _loaded(read[:split], problems) if isinstance(e, Episode))
    posts = tuple(p for p in _loaded(read[split:], problems) if isinstance(p, Post))
    check_unique(episodes, posts, root, problems)
    _check_show_files(root, problems)
    if problems.items and show is not None:
        raise partly(problems, root, show, read[:split], files[split:], read[split:])
    problems.raise_if_any(ContentError)
    assert show is not None  # a config problem would have been raised just above
    entries = [entry for _, _, entry in read if entry is not None]  # posts', episodes'
    taken = sum(1 for *_, e in read[split:] if kept and e is not None and e[0] in kept.entries)
    notices = nested_items(root)  # folders of the show: _files checked that
    by_key = {i.slug: (i, e[0]) for i, _, e in read[split:] if e is not None and type(i) is Post}
    return Content(root, show, posts, episodes, notices, by_key), entries, notice, taken


def _loaded(read: Sequence[Read], problems: Problems) -> Iterator[Episode | Post]:
    """The items that loaded, their problems added to ``problems`` in file order."""
    for item, found, _ in read:
        problems.extend(found)
        if item is not None:
            yield item


def _files(folder: Path, suffixes: tuple[str, ...], root: Path, problems: Problems) -> list[Path]:
    """The content files in ``folder``, sorted (every run sees them in the same order).

    A name that says episode or post but is not a readable file (a folder, a broken
    symbolic link, a pipe) is a problem, never silently left out of the feed.
    """
    if not _usable_folder(root, folder, problems):
        return []
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        problems.add(rel(folder, root), None, "folder", exc.strerror, "a readable folder")
        return []
    # Resolving every path costs a system call per folder on the way (1.5 s at 10,000
    # posts): a plain file in a folder inside the show is inside too; only links resolved.
    found = []
    for entry in entries:
        path = Path(entry.path)
        if path.suffix.lower() not in suffixes or entry.name.startswith("."):
            continue
        if (shown := not_utf8(entry.name)) is not None:
            where = f"{rel(folder, root)}/{shown}"
            problems.describe(where, None, "file name", shown, UTF8_NAME_EXPECTED)
            continue
        if (got := _not_a_file(entry)) is not None:
            problems.describe(rel(path, root), None, "file", got, "a text file")
            continue
        if entry.is_symlink() and (why := outside_show(root, path)) is not None:
            # A post or episode linked in from elsewhere would publish that file.
            problems.describe(rel(path, root), None, "file", _link_text(path), why)
            continue
        found.append(path)
    return found


# The show's folders of files the site is made with, and what each entry must be: read in
# the render stage, where an odd entry was skipped in silence (a FIFO named
# ``static/style.css`` gave the package's style, a folder ``templates/post.html`` its page).
SHOW_FILES = (("static", "a file"), ("templates", "a template file"))
# A folder in templates/ named like one of these is a template the show meant to replace.
TEMPLATE_SUFFIXES = (".html", ".xsl", ".xml", ".md", ".txt", ".j2", ".jinja")
LINKED_FOLDER = "a link to a folder"


def _check_show_files(root: Path, problems: Problems) -> None:
    """Report every entry of ``static/`` and ``templates/`` (and of folders linked there,
    which templates/ follows) a build cannot read as a file: a pipe, a broken link, a link
    that loops, a link out of the show, a linked folder in ``static/`` (never followed
    there), a template past the size limit; hidden names are never read."""
    for name, expected in SHOW_FILES:
        folder = root / name
        if not _usable_folder(root, folder, problems):
            continue
        # A loop, not recursion (a deep tree never meets the stack limit); each folder once
        stack, walked = [folder], {os.path.realpath(folder)}
        while stack:
            for entry in _entries(stack.pop(), root, problems):
                path = Path(entry.path)
                where = rel(path, root)
                if (shown := not_utf8(where)) is not None:  # its folders' names too
                    problems.describe(shown, None, "file name", shown, UTF8_NAME_EXPECTED)
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if name == "templates" and path.suffix.lower() in TEMPLATE_SUFFIXES:
                        problems.describe(where, None, "file", "a folder", expected)
                    else:
                        stack.append(path)
                    continue
                got = _not_a_file(entry)
                if got == LINKED_FOLDER and name == "static":
                    # static_files() does not follow it: its files would not be published.
                    problems.describe(where, None, "file", got, "a file or a folder, not a link")
                    continue
                if got not in (None, LINKED_FOLDER):  # templates/ follows a linked folder
                    problems.describe(where, None, "file", str(got), expected)
                    continue
                if entry.is_symlink() and (why := outside_show(root, path)) is not None:
                    problems.describe(where, None, "file", _link_text(path), why)
                elif got == LINKED_FOLDER and (real := os.path.realpath(path)) not in walked:
                    walked.add(real)  # read at render as templates/ is (5 GB: MemoryError)
                    stack.append(path)
                elif name == "templates" and got is None and (size := _size(entry)) > TEXT_LIMIT:
                    # The render stage reads every file in templates/ whole (to parse it,
                    # and for the pages' digest): 5 GB was a MemoryError traceback there.
                    problems.describe(where, None, "file", f"{size:,} bytes", TEXT_LIMIT_EXPECTED)


def _size(entry: os.DirEntry[str]) -> int:
    """The size of the file ``entry`` names (links followed); 0 when it is gone."""
    try:
        return entry.stat().st_size
    except OSError:
        return 0


def _entries(folder: Path, root: Path, problems: Problems) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` but hidden ones, by name; a problem when unreadable."""
    try:
        with os.scandir(folder) as scan:
            return sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        problems.add(rel(folder, root), None, "folder", exc.strerror, "a readable folder")
        return []


def _not_a_file(entry: os.DirEntry[str] | Path) -> str | None:
    """What ``entry`` is when it is not a file that can be read (None for a file, links
    followed): ``a folder``, ``a link to nothing (...)``, ``a link that loops (...)``...

    Never raises: ``DirEntry.is_file()`` raises ELOOP on a link loop, which crashed the
    load with a traceback."""
    if isinstance(entry, os.DirEntry) and entry.is_file(follow_symlinks=False):
        return None  # the common case, answered from the folder listing without a stat
    try:
        link = stat.S_ISLNK(os.lstat(entry).st_mode)
    except OSError as exc:  # removed since it was listed
        return f"a file that cannot be read ({exc.strerror})"
    try:
        mode = os.stat(entry).st_mode
    except OSError as exc:
        if not link:
            return f"a file that cannot be read ({exc.strerror})"
        target = _link_target(entry)
        if exc.errno == errno.ELOOP:
            return f"a link that loops ({target})"
        return f"a link to nothing ({target})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return LINKED_FOLDER if link else "a folder"
    return "a special file"  # a FIFO, a socket or a device: reading one blocks or lies


def _link_target(entry: os.DirEntry[str] | Path) -> str:
    try:
        return os.readlink(entry)[:200]
    except OSError:  # removed since it was listed
        return "?"


def _usable_folder(root: Path, folder: Path, problems: Problems) -> bool:
    """True when the show's ``folder`` is a folder inside the show, to be listed; else a
    problem (something else under its name, or a link out of the show: one problem, and
    nothing behind the link is listed) or, for no such folder, nothing."""
    where = rel(folder, root)
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            problems.describe(where, None, "folder", _not_a_file(folder) or "a file", "a folder")
        return False
    if (why := outside_show(root, folder)) is not None:
        # outside_show's expectation is said of a file
        problems.describe(
            where, None, "folder", _link_text(folder), why.replace("a file", "a folder", 1)
        )
        return False
    return True


def _link_text(path: Path) -> str:
    try:
        return "a link to " + repr(os.readlink(path)[:200])
    except OSError:
        return "a file elsewhere"


def check_unique(
    episodes: tuple[Episode, ...], posts: tuple[Post, ...], root: Path, problems: Problems
) -> None:
    """The build's one rule of what must differ (slugs as macOS and Windows compare folder
    names, episode numbers, GUIDs); ``import posts`` asks it of what it would write."""

    def dupes(
        items: Any,
        key: Callable[[Any], Any],
        field: str,
        expected: str,
        fold: Callable[[Any], Any] = lambda value: value,
    ) -> None:
        seen: dict[Any, tuple[Any, Any]] = {}  # folded value -> (item, its own value)
        for item in items:
            value = key(item)
            if value is None:
                continue
            folded = fold(value)
            if folded in seen:
                first, first_value = seen[folded]
                shown = value[-1] if isinstance(value, tuple) else value
                also = f"also used by {rel(first.source, root)}"
                if first_value != value:
                    also += _spelt_otherwise(first_value, value)
                where = rel(item.source, root)
                problems.add(where, item.lines.get(field), field, shown, f"{expected} ({also})")
            else:
                seen[folded] = (item, value)

    dupes(
        episodes,
        lambda e: (e.season or 1, e.number) if e.number is not None else None,
        "number",
        "a number no other episode of the season has",
    )
    dupes(episodes, lambda e: e.feed_guid, "guid", "a GUID no other episode has")
    # 001-a.yaml and 001-a.yml would share every page and notes file: one would vanish.
    # The slugs name the site's folders: those differing only in case (Hallo, hallo) or in
    # Unicode form (café composed or decomposed, as macOS writes it) are one folder on
    # macOS's and Windows' file systems, where one page would overwrite the other.
    dupes(
        episodes,
        lambda e: e.slug,
        "file name",
        "a name no other episode has (.yaml or .yml)",
        _folder_key,
    )
    dupes(posts, lambda p: p.slug, "slug", "a file name whose slug no other post has", _folder_key)


def _spelt_otherwise(first: str, second: str) -> str:
    """Why two different names are one folder (for a problem's ``also used by``)."""
    if unicodedata.normalize("NFC", first) == unicodedata.normalize("NFC", second):
        return ", with its accents encoded otherwise: one folder on macOS"
    return f" as {first!r}: one folder on macOS and Windows, which ignore case"


def _folder_key(name: str) -> str:
    """``name`` as a case-insensitive, normalisation-insensitive file system compares it."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def due(content: Content, now: datetime, drafts: bool = False) -> tuple[Content, list[Episode]]:
    """Content with only what is due at ``now`` (episodes, posts and the show's
    ``[[trailers]]``, which the feed announced the moment they were written); plus the
    episodes left out."""
    if drafts:
        return content, []
    episodes = tuple(e for e in content.episodes if e.date <= now)
    scheduled = [e for e in content.episodes if e.date > now]
    posts = tuple(p for p in content.posts if p.date <= now and p.published)
    show = content.show
    if any(t.date > now for t in show.trailers):
        show = replace(show, trailers=tuple(t for t in show.trailers if t.date <= now))
    return replace(content, show=show, posts=posts, episodes=episodes), scheduled


def moments(content: Content) -> list[datetime]:
    """Every date of ``content`` that decides what is due: its episodes', posts' (not a
    draft's: it is never due) and trailers'."""
    return [
        *(e.date for e in content.episodes),
        *(p.date for p in content.posts if p.published),
        *(t.date for t in content.show.trailers),
    ]
