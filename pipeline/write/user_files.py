"""The show's own files, as the importers, ``pipeline new``, ``link --write`` and the audio
steps write them: each atomically (a temporary sibling renamed into place), never over a
different file unless replacing is the point, and the locks that keep two runs apart."""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import OutputError


def write_new_file(path: Path, text: str) -> None:
    """Create a user file that must not exist yet (``pipeline new``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. episodes/ is a file
        why = "a file where a folder belongs" if isinstance(exc, FileExistsError) else exc.strerror
        raise OutputError(f"cannot create the folder {path.parent}: {why}") from None
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise OutputError(f"{path} already exists; not overwriting it") from None
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc}") from None


def replace_file(path: Path, data: bytes | Iterable[bytes], through_link: bool = False) -> None:
    """Replace a file atomically: write a temporary sibling, then rename over it (``data``
    in chunks: a large cache is written as it is made, never whole in memory).

    ``through_link``: a user's file (a post, an episode file), which may be a symbolic link
    to a file elsewhere in the show: that file gets the new bytes and the link stays, as an
    editor saves it. Renamed over, the link became a copy and the file it named stayed as it
    was (``link --write`` on ``posts/x.md`` linked to ``archief/x.md``). Only for files the
    show loaded: a post or episode file linking outside the show is refused there, never
    written here. Our own files (the site, caches, state) never write through a link."""
    if through_link:
        path = _linked_file(path)
    try:
        with atomic_path(path) as tmp:
            if isinstance(data, bytes):
                tmp.write_bytes(data)
            else:
                with open(tmp, "wb") as file:
                    file.writelines(data)
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc}") from None


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling of ``path`` for a tool (ffmpeg, mutagen) to write into.

    Renamed over ``path`` when the block succeeds; removed when it fails, so no reader ever
    sees a half-written file (``pipeline audio``). The file gets the mode an editor would
    give it: a new one that of any new file under the umask (0644 under 022), one that
    replaces another the mode of the file it replaces.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _sibling(path, f".{path.stem}.", path.suffix)
    os.close(fd)
    try:
        yield tmp
        _keep_mode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _linked_file(path: Path) -> Path:
    """The file a symbolic link at ``path`` leads to (not a link, or a link to nothing, a
    folder or itself: ``path``, replaced as any other)."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    try:
        return target if stat.S_ISREG(os.stat(target).st_mode) else path
    except OSError:
        return path


def _sibling(path: Path, prefix: str, suffix: str) -> tuple[int, Path]:
    """A new, empty file beside ``path``, open for writing, with a name no other file has,
    created as any new file is, with the mode the umask leaves of 0666 (tempfile.mkstemp
    makes 0600: the show's files, its state and its produced audio ended up unreadable to
    its group and to a web server running as another user)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = path.parent / f"{prefix}{secrets.token_hex(6)}{suffix}"
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:  # taken meanwhile: another name
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _keep_mode(path: Path, tmp: Path) -> None:
    """Give ``tmp`` the permissions of the file ``path`` it is about to replace, if any."""
    try:
        found = os.stat(path)
    except OSError:  # nothing there yet (or nothing readable): the new file's own mode
        return
    if stat.S_ISREG(found.st_mode):
        os.chmod(tmp, stat.S_IMODE(found.st_mode) & 0o777)


def write_user_files(files: Mapping[Path, str], new: Collection[Path] = ()) -> None:
    """Write files in the show folder (importers), each atomically: temp file, then rename.

    Paths in ``new`` must not exist yet; that is checked for all of them before anything is
    written, so a clash leaves every file as it was.
    """
    clashes = [str(path) for path in new if path.exists()]
    if clashes:
        raise OutputError(f"{', '.join(clashes)} already exist; not overwriting them")
    for path, text in files.items():
        replace_file(path, text.encode("utf-8"), through_link=True)


def create_file(path: Path, data: bytes) -> bool:
    """Create a user file atomically, refusing to replace a different one (importers).

    Returns False when the file is already there with exactly these bytes (the same import
    run again), True when it was written. The bytes go to a temporary sibling that is then
    hard-linked into place, which fails rather than overwrites if the name got taken.
    """
    if path.exists():
        if path.is_file() and path.read_bytes() == data:
            return False
        raise OutputError(f"{path} already exists with other content; not overwriting it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _sibling(path, f".{path.name}.", ".tmp")
    except OSError as exc:  # e.g. posts/ is a file
        why = "a file where a folder belongs" if isinstance(exc, FileExistsError) else exc.strerror
        raise OutputError(f"cannot write {path}: {why}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"{path} appeared while importing; not overwriting it") from None
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return True


class Busy(OutputError):
    """Another process holds the lock (:func:`exclusive_lock`)."""


@contextmanager
def exclusive_lock(path: Path, busy: str) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (an empty file, created if missing) for the block.

    Raises :class:`Busy` with the message ``busy`` at once when another process holds it:
    two publishes must not interleave reading the state file and swapping the site in.
    The lock goes with the process (``flock``), so a crashed run leaves nothing to clean up.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise OutputError(f"could not create the lock {path}: {exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(busy) from None
        yield
    finally:
        os.close(fd)
