"""The files a build wrote, as it left them: what the page memo may vouch for by ``lstat``.

The next build takes a page whose file has the size, times and inode the memo keeps as
the page, unread (``render/site/memo.py``). For a file this build wrote, that is sound
once the tick of the file system's clock in which it was written is over: a later write
by anyone stamps a later time. A write in that same tick could leave the times as they
were (git's "racily clean" files), so a file stamped in the tick the writing ended in is
left out, to be read back next time. The tick is the file system's own: a file made in
the output folder just after the last write tells its time, so neither the machine's
clock nor the file system's granularity (ns on ext4, whole seconds on some) is assumed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pipeline.paths import Seen, seen

Stamps = dict[str, Seen]  # a file's name in the output -> the file as it was written


def stamp(stamps: Stamps, name: str, path: str) -> None:
    """Note the file ``path`` (``name`` in the output) as it is right after it was written
    (an ``lstat`` failing: not noted, so not vouched for)."""
    with contextlib.suppress(OSError):
        stamps[name] = seen(os.lstat(path))


def settled(folder: Path, stamps: Mapping[str, Seen]) -> Stamps:
    """The files of ``stamps`` whose last change was in a tick of ``folder``'s clock that
    is over now (none when that clock cannot be read)."""
    if not stamps:
        return {}
    try:
        handle, name = tempfile.mkstemp(prefix=".clock-", dir=folder)
    except OSError:
        return {}
    try:
        now = os.fstat(handle).st_ctime_ns
    finally:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(name)
    return {n: s for n, s in stamps.items() if max(s[1], s[2]) < now}
