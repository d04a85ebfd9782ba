"""Content files in a folder below ``posts/`` or ``episodes/``, which the build never reads.

A post is a file directly in ``posts/``, an episode one directly in ``episodes/``
(``_files`` lists those folders alone). Jekyll reads its posts' subfolders too
(``_posts/2024/...``), so a show moved from Jekyll lost those posts without a word, and an
episode filed by year was left out of the feed as quietly. They stay unread (a second rule
for where an item lives, and for its page's address, would have to come with them); the
build names each folder in a notice.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.load.episodes import EPISODE_DIR, EPISODE_SUFFIXES
from pipeline.load.posts import POST_DIR, POST_SUFFIXES
from pipeline.paths import not_utf8, outside_show


def nested_items(root: Path) -> tuple[str, ...]:
    """The notices for episodes' and posts' subfolders (:func:`nested`)."""
    return (
        *nested(root, EPISODE_DIR, EPISODE_SUFFIXES, "YAML file", "episodes"),
        *nested(root, POST_DIR, POST_SUFFIXES, "Markdown file", "posts"),
    )


def nested(
    root: Path, name: str, suffixes: tuple[str, ...], kind: str, items: str
) -> tuple[str, ...]:
    """A notice for each folder in the content folder ``name`` holding files with these
    ``suffixes`` (``kind``: what one is called) at any depth, by name.

    Hidden folders and files are left out, as everywhere (``.git``, an editor's own), and
    so are links: a linked folder may lead out of the show, which a build never reads. A
    folder named like an item (``x.md/``) is the loader's problem already."""
    folder = root / name
    if not folder.is_dir() or outside_show(root, folder) is not None:
        return ()  # none, or not usable: the loader says so
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:  # unreadable: the loader says so
        return ()
    notices = []
    for entry in entries:
        if entry.name.startswith(".") or _suffix(entry.name) in suffixes:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:  # gone since it was listed
            continue
        count = _content_files(entry.path, suffixes)
        if count:
            where = f"{name}/{not_utf8(entry.name) or entry.name}"
            files = f"1 {kind}" if count == 1 else f"{count} {kind}s"
            notices.append(
                f"{where}: {files} in a subfolder, not published (only {items} directly in"
                f" {name}/ are; move them up to publish them)"
            )
    return tuple(notices)


def _content_files(top: str, suffixes: tuple[str, ...]) -> int:
    """The files with ``suffixes`` below ``top``; ``os.walk`` follows no link and skips
    what it cannot list (a loop or an unreadable folder is never an error here)."""
    count = 0
    for _, folders, files in os.walk(top):
        folders[:] = [name for name in folders if not name.startswith(".")]
        count += sum(1 for name in files if not name.startswith(".") and _suffix(name) in suffixes)
    return count


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()
