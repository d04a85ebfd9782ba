"""The output folder as a build left it: every file with its size, times and inode,
and how to tell, cheaply, that it is still exactly so (``fingerprint.py``: a build with
nothing new stops only when the output holds the files it wrote, untouched).

Listing the output means opening each of its folders: 12,700 at 10,000 posts, one per
page, and five system calls each; that was more than half of a build with nothing new.
A folder's modification and change times move whenever a name in it is made, removed or
renamed, so a folder whose ``lstat`` is as it was holds the same names as then, and only
its files' own ``lstat`` need be compared. That holds for a folder found, after the build
wrote its output, to have last changed in a tick of its file system's clock that is over
(a probe file made beside the output tells that clock's time: ``write/stamps.py``); any
later change stamps a later time. Any other folder (changed in the probe's tick, on
another file system, not a folder any more) is listed as before.
"""

from __future__ import annotations

import os
import stat as kinds
from collections.abc import Mapping

from pipeline.paths import seen

# file -> [size, mtime_ns, ctime_ns, inode], hidden ones aside (as JSON has it)
Outputs = dict[str, list[int]]
# folder ("" for the output itself) -> its [mtime_ns, ctime_ns, inode, names] when vouched
# for by the probe's clock (names: how many, hidden ones aside), or [] when not: then it
# is listed each time
Folders = dict[str, list[int]]


def listing(
    out: str | os.PathLike[str],
    clock: tuple[int, int] | None = None,
    then: tuple[Mapping[str, list[int]], Mapping[str, list[int]]] | None = None,
) -> tuple[Outputs, Folders]:
    """Every file of ``out`` (hidden ones aside) with its size, times and inode, and
    every folder, each with its times when it last changed before the probe's ``clock``
    (device, time), on the probe's device. OSError when a folder cannot be listed.

    ``then``: the files and folders of an earlier listing. A folder vouched for then and
    unchanged since holds the same names: its files are looked at, it is not listed, and
    it stays vouched for. Any other folder is listed (``scandir`` hands the sizes over
    with the names, one call per folder)."""
    found: Outputs = {}
    folders: Folders = {}
    base = os.fspath(out)
    before: Mapping[str, list[int]] = then[1] if then else {}
    files, inner = _children(*then) if then else ({}, {})

    def scan(path: str, prefix: str) -> None:
        key = prefix[:-1]
        known, names, subfolders = before.get(key), files.get(key, ()), inner.get(key, ())
        if known and _same_folder(path, known, len(names) + len(subfolders)):
            for name in names:
                link = os.lstat(path + "/" + name)
                found[prefix + name] = _file(link)
            folders[key] = known
            for name in subfolders:
                scan(path + "/" + name, prefix + name + "/")
            return
        count = 0
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                count += 1
                if entry.is_dir(follow_symlinks=False):
                    scan(entry.path, prefix + entry.name + "/")
                else:
                    link = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = _file(link)
        folders[key] = _vouched(path, clock, count)

    if os.path.isdir(base):
        scan(base, "")
    return found, folders


def _children(
    outputs: Mapping[str, list[int]], folders: Mapping[str, list[int]]
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each folder's files and each folder's folders, by name, as ``listing`` gave them."""
    files: dict[str, list[str]] = {}
    for name in outputs:
        folder, _, file = name.rpartition("/")
        files.setdefault(folder, []).append(file)
    inner: dict[str, list[str]] = {}
    for folder in folders:
        if folder:
            parent, _, name = folder.rpartition("/")
            inner.setdefault(parent, []).append(name)
    return files, inner


def _file(link: os.stat_result) -> list[int]:
    """What changes when a file is written again or replaced (``paths.seen``): its change
    time too, which no program sets back (a page edited by hand to the same size, its
    modification time put back, passed for the page the build wrote)."""
    return list(seen(link))


def _vouched(path: str, clock: tuple[int, int] | None, count: int) -> list[int]:
    """A folder's times and inode, and how many names it holds (hidden ones aside), when
    the probe's clock vouches for them (else [])."""
    if clock is None:
        return []
    try:
        link = os.lstat(path)
    except OSError:
        return []
    device, now = clock
    if link.st_dev != device or max(link.st_mtime_ns, link.st_ctime_ns) >= now:
        return []
    return [link.st_mtime_ns, link.st_ctime_ns, link.st_ino, count]


def output_intact(
    out: str | os.PathLike[str],
    outputs: Mapping[str, list[int]],
    folders: Mapping[str, list[int]],
) -> bool:
    """True when ``out`` holds exactly ``outputs``, each with its recorded size and time:
    a folder vouched for and unchanged is not listed again, its files are only looked at."""
    try:
        return listing(out, None, (outputs, folders))[0] == outputs
    except (OSError, ValueError):  # ValueError: a damaged record's name no path can hold
        return False


def _same_folder(path: str, known: list[int], count: int) -> bool:
    """Whether ``path`` is still the folder, unchanged, that a listing vouched for, and
    the names it gives for it are as many as it held (a damaged record missing one: the
    folder is listed)."""
    link = os.lstat(path)
    now = [link.st_mtime_ns, link.st_ctime_ns, link.st_ino, count]
    return kinds.S_ISDIR(link.st_mode) and known == now
