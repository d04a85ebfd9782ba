"""Markdown files in a folder below ``posts/``, which the build never reads.

A post is a file directly in ``posts/`` (``_files`` lists that folder alone). Jekyll reads
its posts' subfolders too (``_posts/2024/...``), so a show moved from Jekyll lost those
posts without a word. They stay unread (a second rule for where a post lives, and for its
page's address, would have to come with them); the build names each folder in a notice.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.load.posts import POST_DIR, POST_SUFFIXES
from pipeline.paths import not_utf8, outside_show


def nested_posts(root: Path) -> tuple[str, ...]:
    """A notice for each folder in ``posts/`` holding Markdown files at any depth, by name.

    Hidden folders and files are left out, as everywhere (``.git``, an editor's own), and
    so are links: a linked folder may lead out of the show, which a build never reads. A
    folder named like a post (``x.md/``) is the loader's problem already."""
    folder = root / POST_DIR
    if not folder.is_dir() or outside_show(root, folder) is not None:
        return ()  # none, or not usable: the loader says so
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:  # unreadable: the loader says so
        return ()
    notices = []
    for entry in entries:
        if entry.name.startswith(".") or _suffix(entry.name) in POST_SUFFIXES:
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:  # gone since it was listed
            continue
        count = _markdown_files(entry.path)
        if count:
            where = f"{POST_DIR}/{not_utf8(entry.name) or entry.name}"
            files = "1 Markdown file" if count == 1 else f"{count} Markdown files"
            notices.append(
                f"{where}: {files} in a subfolder, not published (only posts directly in"
                f" {POST_DIR}/ are; move them up to publish them)"
            )
    return tuple(notices)


def _markdown_files(top: str) -> int:
    """The Markdown files below ``top``; ``os.walk`` follows no link and skips what it
    cannot list (a loop or an unreadable folder is never an error here)."""
    count = 0
    for _, folders, files in os.walk(top):
        folders[:] = [name for name in folders if not name.startswith(".")]
        count += sum(
            1 for name in files if not name.startswith(".") and _suffix(name) in POST_SUFFIXES
        )
    return count


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()
