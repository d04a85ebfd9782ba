"""Polling for ``pipeline serve``, where file notifications fail or are not wanted
(WATCHFILES_FORCE_POLLING, WSL).

watchfiles' own poller (the notify crate's) compares each file's modification time in
whole seconds, and nothing else: a second save of a file within the second of the first,
or a file an editor replaced (written beside it, renamed over it) in that second, was never
seen, and the preview kept showing the first save. This one compares a file's identity
(device, inode), size, and modification and status change times to the nanosecond. Those
times still cannot tell two saves apart within one tick of the file system's clock (whole
seconds on some network mounts, two on FAT, a few milliseconds on Linux): while a file's
times are that recent, its content is compared too, as git does for its "racily clean"
entries.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from watchfiles import Change

from pipeline.paths import read_small_file

STEP = 0.3  # seconds between looks, as watchfiles polls
# A file whose times are less than this older than the last look may have been saved again
# since within the same tick of the file system's clock (FAT's is two seconds), and its
# content is compared. Longer than any tick: a false alarm costs one digest of a small file.
RACY_NS = 3_000_000_000
# Larger files (recordings) are told apart by size and times only: reading hundreds of
# megabytes several times a second would cost more than the rare edit it could catch.
DIGEST_LIMIT = 8 * 1024 * 1024

FileChange = tuple[Change, str]


class StopEvent(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class _Seen:
    """A path as one look found it."""

    identity: tuple[int, int, bool]  # device, inode, folder: another is another file
    stamp: tuple[int, int, int]  # size, mtime and ctime in ns; nothing for a folder
    digest: bytes | None  # the content, while the stamp may not tell an edit


def _times(info: os.stat_result) -> tuple[int, int]:
    """Modification and status change time, in ns."""
    return info.st_mtime_ns, info.st_ctime_ns


def _digest(path: str) -> bytes | None:
    """The content's digest; None when the file is gone or unreadable meanwhile, or is no
    longer a regular file of at most DIGEST_LIMIT bytes (a named pipe put in its place
    since it was looked at: a plain open waited for a writer, and the poller with it)."""
    try:
        return hashlib.blake2b(read_small_file(Path(path), DIGEST_LIMIT)).digest()
    except (OSError, ValueError):  # the stamp has to do
        return None


def _look(path: str, info: os.stat_result, since: int) -> _Seen:
    folder = stat.S_ISDIR(info.st_mode)
    identity = (info.st_dev, info.st_ino, folder)
    if folder:  # its own times change with what is in it, which is looked at itself
        return _Seen(identity, (0, 0, 0), None)
    mtime, ctime = _times(info)
    digest = None
    # Regular files only: reading a named pipe would wait for a writer forever.
    if stat.S_ISREG(info.st_mode) and max(mtime, ctime) > since and info.st_size <= DIGEST_LIMIT:
        digest = _digest(path)
    return _Seen(identity, (info.st_size, mtime, ctime), digest)


def _scan(paths: tuple[Path, ...], recursive: bool, since: int) -> dict[str, _Seen]:
    """Every file and folder in ``paths`` (and below them, if ``recursive``), by path;
    symbolic links followed (an edit of the file a link names counts), each folder once."""
    found: dict[str, _Seen] = {}
    folders = [(str(p), True) for p in paths]
    entered: set[tuple[int, int]] = set()
    while folders:
        folder, top = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except (FileNotFoundError, NotADirectoryError):
            continue  # gone: what was in it reads as deleted, and as added when it is back
        except OSError:
            if top:
                raise  # a watched folder that cannot be read: the watching fails, loudly
            continue  # a folder below it out of reach: the build says so if it needs it
        for entry in listed:
            try:
                info = entry.stat()
            except OSError:  # gone meanwhile, or a link to nothing
                continue
            seen = _look(entry.path, info, since)
            found[entry.path] = seen
            if recursive and seen.identity[2] and seen.identity[:2] not in entered:
                entered.add(seen.identity[:2])  # a link to a folder above: looked at once
                folders.append((entry.path, False))
    return found


def _compare(before: dict[str, _Seen], after: dict[str, _Seen]) -> set[FileChange]:
    changes = {(Change.deleted, path) for path in before.keys() - after.keys()}
    for path, now in after.items():
        was = before.get(path)
        if was is None or was.identity != now.identity:
            changes.add((Change.added, path))  # new, or replaced (renamed over, made again)
        elif was.stamp != now.stamp or (
            was.digest is not None and now.digest is not None and was.digest != now.digest
        ):
            changes.add((Change.modified, path))
    return changes


def poll(*paths: Path, recursive: bool, stop_event: StopEvent) -> Iterator[set[FileChange]]:
    """The changes in ``paths`` every STEP seconds that has some, as ``watchfiles.watch``
    reports them, until ``stop_event`` is set. It is first asked once the first look is
    done: from then on every change is seen. A folder in ``paths`` that is missing counts
    as empty; one that cannot be read raises OSError."""
    started = time.time_ns()
    known = _scan(paths, recursive, started - RACY_NS)
    while not stop_event.is_set():
        time.sleep(STEP)
        # A save since the last look that kept the stamp the file had then came within one
        # tick of that stamp, which is not older than the look's start minus the tick.
        since, started = started - RACY_NS, time.time_ns()
        now = _scan(paths, recursive, since)
        changes = _compare(known, now)
        known = now
        if changes:
            yield changes
