"""The show's own files, as the importers, ``pipeline new``, ``link --write`` and the audio
steps write them: each atomically (a temporary sibling renamed into place), never over a
different file unless replacing is the point, and the locks that keep two runs apart."""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Collection, Iterator, Mapping
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


def replace_file(path: Path, data: bytes) -> None:
    """Replace a file atomically: write a temporary sibling, then rename over it."""
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc}") from None


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary sibling of ``path`` for a tool (ffmpeg, mutagen) to write into.

    Renamed over ``path`` when the block succeeds; removed when it fails, so no reader ever
    sees a half-written file (``pipeline audio``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_user_files(files: Mapping[Path, str], new: Collection[Path] = ()) -> None:
    """Write files in the show folder (importers), each atomically: temp file, then rename.

    Paths in ``new`` must not exist yet; that is checked for all of them before anything is
    written, so a clash leaves every file as it was.
    """
    clashes = [str(path) for path in new if path.exists()]
    if clashes:
        raise OutputError(f"{', '.join(clashes)} already exist; not overwriting them")
    for path, text in files.items():
        replace_file(path, text.encode("utf-8"))


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
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
        Path(tmp).unlink(missing_ok=True)
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
