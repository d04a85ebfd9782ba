"""The only package that writes to disk; this module writes the site.

A new site is written into a temporary folder next to the target and renamed into place;
an existing one is brought up to date file by file (``update.py``), each file renamed
over the old one, everything put back when anything fails. Either way a failed build
leaves the last good output exactly as it was. Paths are checked to stay inside the
output folder. The show's own files are written by ``user_files.py`` only.
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pipeline.errors import InterruptedAfterWrite, OutputError
from pipeline.paths import Seen, seen
from pipeline.render import KeptPage, read_page
from pipeline.write.ours import MARKER, MARKER_TEXT, check_replaceable
from pipeline.write.stamps import remove_probes, settled
from pipeline.write.update import NotPutBack, Source, conflicts, update_in_place
from pipeline.write.user_files import (
    Busy,
    atomic_path,
    create_file,
    exclusive_lock,
    replace_file,
    write_new_file,
    write_user_files,
)

__all__ = [
    "MARKER",
    "Busy",
    "OutputChanges",
    "WriteResult",
    "atomic_path",
    "create_file",
    "exclusive_lock",
    "output_changes",
    "replace_file",
    "write_new_file",
    "write_output",
    "write_user_files",
    "written",
]


@dataclass(frozen=True)
class WriteResult:
    out: Path
    files: int
    changed: bool
    notices: tuple[str, ...] = ()  # leftovers of killed builds that could not be removed
    # Files written from bytes, found holding them once their clock's tick was over, as
    # they were found (``stamps.py``): what the page memo may vouch for
    written: Mapping[str, Seen] = field(default_factory=dict)


LOCK_WAIT = 600.0  # seconds a build waits for another one writing into the same folder


@contextmanager
def written(out: Path) -> Iterator[None]:
    """Around what follows :func:`write_output` (a build keeping its caches and record): an
    interrupt there leaves the new site in place, which its message must say."""
    try:
        yield
    except InterruptedAfterWrite:
        raise
    except KeyboardInterrupt:
        raise InterruptedAfterWrite(str(out)) from None


def _check_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in name:
        raise OutputError(f"refusing to write outside the output folder: {name!r}")
    return rel


def _unchanged(name: str, data: Source, out: Path) -> bool:
    """True when ``out/name`` already holds exactly these bytes."""
    target = out / name
    try:
        if isinstance(data, KeptPage):  # the page is the file there, if that is unchanged
            read_page(target, data.digest)
            return True
        if isinstance(data, Path):
            return filecmp.cmp(data, target, shallow=False)
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except (OSError, ValueError):
        return False


def _check_kept(
    files: Mapping[str, Source], unchanged: set[str], existing: set[str], out: Path
) -> None:
    """A page this build took from the output as it was (a KeptPage) and found changed
    since: its bytes are not in memory to write, so nothing is written. One the listing of
    ``out`` does not name (below a linked folder) but that still holds the page is written
    from there, as any page that is not the output's own file."""
    lost = sorted(
        n
        for n, data in files.items()
        if isinstance(data, KeptPage)
        and n not in unchanged
        and (n in existing or not _unchanged(n, data, out))
    )
    if lost:
        more = f" and {len(lost) - 1} more" if len(lost) > 1 else ""
        raise OutputError(
            f"{out / lost[0]}{more} changed while this build ran (another build, or a"
            " program writing into the site?); nothing was written: build again"
        )


def _as_read(name: str, same: Mapping[str, Seen] | None, out: Path) -> bool:
    """True when ``out/name`` is the file as this build saw it before reading it."""
    if same is None or (before := same.get(name)) is None:
        return False
    try:
        return seen(os.lstat(out / name)) == before
    except OSError:
        return False


def _existing_files(out: Path, linked: set[str] | None = None) -> set[str]:
    """Every file below ``out``, by relative name: links to files too, not linked folders
    (named in ``linked``, when given), nor what cannot be read. The listing says what each
    entry is: no ``stat`` per file (at 20,000 files, ``os.walk`` and ``isfile`` took
    0.37 s, pathlib's ``rglob`` 0.5)."""
    found: set[str] = set()
    folders = [(str(out), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    kind = _kind(entry)
                    if kind == "folder":
                        folders.append((entry.path, prefix + entry.name + "/"))
                    elif kind == "file":
                        found.add(prefix + entry.name)
                    elif kind == "linked folder" and linked is not None:
                        linked.add(prefix + entry.name)
        except OSError:  # gone, not a folder, or unreadable: as os.walk passed it over
            continue
    return found


def _kind(entry: os.DirEntry[str]) -> str | None:
    """``folder`` (walked into), ``file`` (a file, or a link to one), ``linked folder``
    (not walked into) or None (a link to nothing, what cannot be looked at)."""
    try:
        if entry.is_dir():
            return "linked folder" if entry.is_symlink() else "folder"
        return "file" if entry.is_file() else None
    except OSError:
        return None


@dataclass(frozen=True)
class OutputChanges:
    """What :func:`write_output` would change in ``out``, found by reading only (dry runs)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def output_changes(files: Mapping[str, Source], out: Path) -> OutputChanges:
    """The files :func:`write_output` would add, rewrite and drop; writes nothing.

    Raises what ``write_output`` would raise for a path outside ``out`` or an ``out`` that
    is not a previous output, so a dry run refuses what the real run would."""
    for name in files:
        _check_relative(name)
    out = out.resolve()
    check_replaceable(out)
    files = {**files, MARKER: MARKER_TEXT}  # as write_output adds it: never a change
    existing = _existing_files(out)
    return OutputChanges(
        added=tuple(sorted(set(files) - existing)),
        changed=tuple(sorted(n for n in set(files) & existing if not _unchanged(n, files[n], out))),
        removed=tuple(sorted(existing - set(files))),
    )


def write_output(
    files: Mapping[str, Source], out: Path, same: Mapping[str, Seen] | None = None
) -> WriteResult:
    """Write ``files`` (relative path -> bytes, or a source file to copy) as folder ``out``;
    ``same``: files whose bytes this build read from ``out`` (pages the last build wrote,
    checked by their digest), with each file as it was before it was read: one still so
    (not written meanwhile, not replaced: another build may have written ``out`` before
    this one took the lock) is not read again to compare (20,000 files at 10,000 posts).

    Nothing changes when the output is already identical (a scheduled run with nothing
    new touches no byte). A previous output is updated in place, only its new, changed and
    removed files (``update.py``: a rebuild of a 10,000-post site after one edit touches a
    handful of its 20,000 files). A new one (or one where a file must become a folder) is
    written into a sibling temporary folder which then replaces ``out`` in two renames,
    files whose bytes did not change hard-linked from the previous output; so is one
    holding a link to a folder (an update would write through it, outside ``out``).

    One writer at a time per output folder: a second build waits (up to
    :data:`LOCK_WAIT` seconds) until the first has swapped its site in, then writes its own
    complete site; two sites are never mixed. Folders are made 0755 and files 0644 under the
    usual umask, so a web server running as another user can read them.
    """
    for name in files:
        _check_relative(name)
    files = {**files, MARKER: MARKER_TEXT}
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder next to {out}: {exc}") from None
    with _output_lock(out):
        check_replaceable(out)
        notices = _remove_leftovers(out)
        linked: set[str] = set()
        existing = _existing_files(out, linked)
        unchanged = {
            name
            for name, data in files.items()
            if name in existing and (_as_read(name, same, out) or _unchanged(name, data, out))
        }
        _check_kept(files, unchanged, existing, out)
        if existing == set(files) == unchanged:
            return WriteResult(out, len(files) - 1, changed=False, notices=notices)
        # An update writes into the folders there are: through a linked one, outside
        # ``out``. A new site has none.
        if existing and not linked and not conflicts(out, files, existing):
            try:
                update_in_place(out, files, unchanged, existing)
            except NotPutBack as exc:
                raise OutputError(
                    f"could not write {out}, and it is part old, part new: {exc}. The files"
                    f" it replaced are in {exc.kept}; building again puts every file right"
                ) from None
            except OSError as exc:
                raise OutputError(f"could not write {out} (it is as it was): {exc}") from None
            return WriteResult(out, len(files) - 1, True, notices, _settled(out, files, unchanged))
        try:
            tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
            os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700: a web server got 403
        except OSError as exc:
            raise OutputError(f"cannot create the output folder next to {out}: {exc}") from None
        try:
            _fill(tmp, files, unchanged, out)
            notices += tuple(_swap(tmp, out))
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise OutputError(f"could not write {out}: {exc}") from None
        except InterruptedAfterWrite:  # the new site is in place (``tmp`` is gone)
            raise
        except BaseException:  # Ctrl-C, SIGTERM: no half-written folder left beside the site
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return WriteResult(out, len(files) - 1, True, notices, _settled(out, files, unchanged))


def _settled(out: Path, files: Mapping[str, Source], unchanged: set[str]) -> dict[str, Seen]:
    """The files written from bytes that the page memo may vouch for (``stamps.py``),
    under the output's lock, the site in place: an interrupt now must say so."""
    try:
        written = ((n, d) for n, d in files.items() if n not in unchanged and type(d) is bytes)
        return settled(out, written)
    except KeyboardInterrupt:
        raise InterruptedAfterWrite(str(out)) from None


def _fill(tmp: Path, files: Mapping[str, Source], unchanged: set[str], out: Path) -> None:
    # Folders first, once each and parents before children (a sorted list of every folder
    # and its ancestors), with plain strings: at 10,000 posts, 12,700 folders and 20,000
    # files, makedirs and Path objects took three seconds.
    folders: set[str] = set()
    for name in files:
        parent = os.path.dirname(name)
        while parent and parent not in folders:
            folders.add(parent)
            parent = os.path.dirname(parent)
    base, previous = str(tmp), str(out)
    for folder in sorted(folders):
        os.mkdir(os.path.join(base, folder))
    for name, data in sorted(files.items()):
        target = os.path.join(base, name)
        if name in unchanged and _link(os.path.join(previous, name), target):
            continue
        if isinstance(data, KeptPage):  # holds the page (``_check_kept``): not linked here
            shutil.copyfile(data.path, target)
        elif isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            with open(target, "wb") as handle:
                handle.write(data)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def _output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of ``out``'s parent folder (``flock`` on the folder itself: no lock file
    to leave behind, and it goes with the process, so a killed build holds nothing)."""
    try:
        fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(f"cannot open {out.parent} to lock it: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OutputError(
                        f"another build has been writing into {out.parent} for over "
                        f"{LOCK_WAIT:.0f}s; nothing was written (is a build stuck?)"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def _link(source: str, target: str) -> bool:
    """Hard-link an unchanged file from the previous output; False where links fail."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _remove_leftovers(out: Path) -> tuple[str, ...]:
    """Remove the temporary and old folders of builds that were killed (SIGKILL, power loss).

    Called under the output lock, so no running build owns any of them. Whatever cannot be
    removed is named in the returned notices (and tried again next time)."""
    notices = []
    for pattern in (f".{out.name}.new-*", f".{out.name}.old-*"):
        for leftover in sorted(out.parent.glob(pattern)):
            if leftover.is_dir() and not leftover.is_symlink():
                notices.extend(_rmtree(leftover))
    remove_probes(out)
    return tuple(notices)


def _rmtree(folder: Path) -> list[str]:
    failed: list[str] = []

    def note(function: object, path: str, info: tuple[type, BaseException, object]) -> None:
        failed.append(f"{path}: {getattr(info[1], 'strerror', None) or info[1]}")

    shutil.rmtree(folder, onerror=note)  # onexc from Python 3.12 on; onerror still works
    if not failed:
        return []
    return [
        f"could not remove {folder} left by an earlier build ({failed[0]}"
        + (f", and {len(failed) - 1} more" if len(failed) > 1 else "")
        + "); remove it by hand"
    ]


def _swap(new: Path, out: Path) -> list[str]:
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:  # also an interrupt between the two renames
        if old is not None and not out.exists():
            os.rename(old, out)  # put the last good output back
        raise
    if old is None:
        return []
    try:  # the new site is in place: an interrupt now leaves only the old one to remove
        return _rmtree(old)
    except KeyboardInterrupt:
        raise InterruptedAfterWrite(str(out)) from None
