"""Bring an existing output folder up to date by changing only what changed.

A rebuild after one edit changes a handful of a large site's 20,000 files. Building a
second tree beside the site and swapping it in cost a folder per page (12,700 at 10,000
posts: seconds on an ordinary disk, for the folders alone) plus removing the old tree.
Here each new or changed file is written beside its target and renamed over it (a reader
sees the old file or the new one, never part of one), files that are gone are moved out,
and what it replaced is kept until the end: when anything fails, or the build is
interrupted, every file goes back to what it was and the site is as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path

from pipeline.errors import InterruptedAfterWrite
from pipeline.render import KeptPage

Source = bytes | Path | KeptPage


class NotPutBack(OSError):
    """An update failed and so did putting its files back: the site is part old, part new
    (the next build writes every file that differs again). ``kept`` holds what it replaced."""

    def __init__(self, failure: BaseException, undo: OSError, kept: str) -> None:
        reason = str(failure) or type(failure).__name__  # KeyboardInterrupt has no text
        super().__init__(f"{reason}; putting it back failed too: {undo}")
        self.kept = kept


def update_in_place(
    out: Path, files: Mapping[str, Source], unchanged: Collection[str], existing: Collection[str]
) -> None:
    """Make ``out`` hold exactly ``files`` (``unchanged``: those already there with these
    bytes; ``existing``: every file there now). Raises OSError (and passes on
    KeyboardInterrupt) only after putting everything back."""
    top = str(out)
    # What the update replaced or removed waits here (a killed build's is removed by the
    # next one, as its other leftovers are), and is put back on failure.
    kept = tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent)
    # (name, it had a file before, the new file beside it or None when it is removed),
    # noted before acting: an interrupt can come between any two steps.
    done: list[tuple[str, bool, str | None]] = []
    fresh: list[str] = []  # files written beside their targets, not yet renamed
    made: list[str] = []  # folders this update created
    try:
        for name in sorted(set(files) - set(unchanged)):
            target = os.path.join(top, name)
            _folders(top, os.path.dirname(name), made)
            new = os.path.join(os.path.dirname(target), f".{os.path.basename(name)}.new")
            fresh.append(new)
            _put(files[name], new)
            had = os.path.lexists(target)
            done.append((name, had, new))
            if had:
                _keep(target, kept, name, link=True)
            os.replace(new, target)
        for name in sorted(set(existing) - set(files)):
            done.append((name, True, None))
            _keep(os.path.join(top, name), kept, name, link=False)
    except BaseException as failure:
        # Kept files go only once every one is back: if putting them back fails too, they
        # stay beside the site, and the error says where (the next build removes them).
        try:
            _undo(top, kept, done, fresh, made)
        except OSError as undo:
            raise NotPutBack(failure, undo, kept) from failure
        shutil.rmtree(kept, ignore_errors=True)
        raise
    # Every file is in place: an interrupt from here on must not be reported as if the
    # site were as before (the kept copies it stops removing go with the next build).
    try:
        shutil.rmtree(kept, ignore_errors=True)
        _prune(top, [name for name in existing if name not in files])
    except KeyboardInterrupt:
        raise InterruptedAfterWrite(top) from None


def conflicts(out: Path, files: Collection[str], existing: Collection[str]) -> bool:
    """True when a file must become a folder or a folder a file (an update by renames
    cannot do that; a whole new tree can)."""
    names = set(files)
    folders = {os.path.dirname(name) for name in names} - {""}
    for folder in list(folders):
        while (folder := os.path.dirname(folder)) and folder not in folders:
            folders.add(folder)
    return bool(folders & set(existing)) or any(
        os.path.isdir(os.path.join(out, name)) for name in names - set(existing)
    )


def _folders(top: str, folder: str, made: list[str]) -> None:
    """Create ``folder`` below ``top`` and its missing parents, noting each one made."""
    missing = []
    while folder and not os.path.isdir(os.path.join(top, folder)):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for name in reversed(missing):
        os.mkdir(os.path.join(top, name))
        made.append(name)


def _put(data: Source, path: str) -> None:
    try:
        if isinstance(data, Path | KeptPage):  # a KeptPage holds the page (``_check_kept``)
            shutil.copyfile(data.path if isinstance(data, KeptPage) else data, path)
        else:
            with open(path, "wb") as handle:
                handle.write(data)
    except BaseException:
        if os.path.lexists(path):
            os.unlink(path)
        raise


def _keep(path: str, kept: str, name: str, link: bool) -> None:
    """Keep the file at ``path`` under ``kept``: a second link to it (it is about to be
    replaced by a rename) or the file itself (it is going away)."""
    where = os.path.join(kept, name)
    os.makedirs(os.path.dirname(where), exist_ok=True)
    if link:
        try:
            os.link(path, where)
        except OSError:  # a file system without hard links (vfat, some network mounts)
            shutil.copy2(path, where)
    else:
        os.rename(path, where)


def _undo(
    top: str, kept: str, done: list[tuple[str, bool, str | None]], fresh: list[str], made: list[str]
) -> None:
    """Put back every file this update changed, in reverse order, remove what it added
    and any file still waiting beside its target.

    Only files really replaced or removed are put back: a target whose new file is still
    beside it was never replaced (its rename is what failed, and putting it back would fail
    the same way, on an immutable or busy file). Every file is tried even when one fails;
    the first failure is raised at the end."""
    failures: list[OSError] = []
    for name, had, new in reversed(done):
        target, old = os.path.join(top, name), os.path.join(kept, name)
        if new is not None and os.path.lexists(new):
            continue  # ``os.replace(new, target)`` never happened: the target is as it was
        try:
            if had:
                if os.path.lexists(old):  # else it was never moved out
                    os.replace(old, target)
            elif os.path.lexists(target):
                os.unlink(target)
        except OSError as exc:
            failures.append(exc)
    for path in fresh:
        try:
            if os.path.lexists(path):
                os.unlink(path)
        except OSError as exc:
            failures.append(exc)
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(top, folder))
    if failures:
        raise failures[0]


def _prune(top: str, removed: list[str]) -> None:
    """Remove the folders left empty by removed files (a cold build has none)."""
    folders = {os.path.dirname(name) for name in removed}
    for folder in sorted(folders, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(os.path.join(top, folder))
            except OSError:
                break  # not empty (or gone): its parents are not empty either
            folder = os.path.dirname(folder)
