"""The only module that writes to disk.

Build output is written to a temporary folder next to the target and swapped in whole,
so a failed build leaves the last good output exactly as it was. Paths are checked to
stay inside the output folder. User files are only written through :func:`write_new_file`
and :func:`replace_file`, which write a temporary file and rename it.
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import shutil
import tempfile
import time
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.errors import OutputError


@dataclass(frozen=True)
class WriteResult:
    out: Path
    files: int
    changed: bool


def _check_relative(name: str) -> PurePosixPath:
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or "\\" in name:
        raise OutputError(f"refusing to write outside the output folder: {name!r}")
    return rel


def _unchanged(name: str, data: bytes | Path, out: Path) -> bool:
    """True when ``out/name`` already holds exactly these bytes."""
    target = out / name
    try:
        if isinstance(data, Path):
            return filecmp.cmp(data, target, shallow=False)
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _existing_files(out: Path) -> set[str]:
    if not out.is_dir():
        return set()
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


@dataclass(frozen=True)
class OutputChanges:
    """What :func:`write_output` would change in ``out``, found by reading only (dry runs)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def output_changes(files: Mapping[str, bytes | Path], out: Path) -> OutputChanges:
    """The files :func:`write_output` would add, rewrite and drop; writes nothing.

    Raises what ``write_output`` would raise for a path outside ``out`` or an ``out`` that
    is not a previous output, so a dry run refuses what the real run would."""
    for name in files:
        _check_relative(name)
    out = out.resolve()
    _check_replaceable(out, files)
    existing = _existing_files(out)
    return OutputChanges(
        added=tuple(sorted(set(files) - existing)),
        changed=tuple(sorted(n for n in set(files) & existing if not _unchanged(n, files[n], out))),
        removed=tuple(sorted(existing - set(files))),
    )


def write_output(files: Mapping[str, bytes | Path], out: Path) -> WriteResult:
    """Write ``files`` (relative path -> bytes, or a source file to copy) as folder ``out``.

    Nothing changes when the output is already identical (a scheduled run with nothing
    new touches no byte). Otherwise everything is written into a sibling temporary folder
    which then replaces ``out`` in two renames. Files whose bytes did not change are
    hard-linked from the previous output rather than written again: writing data is what
    costs time (a rebuild of a 10,000-post site after one edit writes a handful of files).
    """
    for name in files:
        _check_relative(name)
    out = out.resolve()
    _check_replaceable(out, files)
    existing = _existing_files(out)
    unchanged = {
        name for name, data in files.items() if name in existing and _unchanged(name, data, out)
    }
    if existing == set(files) == unchanged:
        return WriteResult(out, len(files), changed=False)
    _remove_stale_temporaries(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise OutputError(f"cannot create the output folder next to {out}: {exc}") from None
    try:
        # Folders first, once each (not once per file: 16,000 files at 10,000 posts).
        for parent in sorted({os.path.dirname(name) for name in files}):
            os.makedirs(tmp / parent, exist_ok=True)
        for name, data in sorted(files.items()):
            target = os.path.join(tmp, name)
            if name in unchanged and _link(out / name, target):
                continue
            if isinstance(data, Path):
                shutil.copyfile(data, target)
            else:
                with open(target, "wb") as handle:
                    handle.write(data)
        _swap(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"could not write {out}: {exc}") from None
    except BaseException:  # Ctrl-C, SIGTERM: no half-written folder left beside the site
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return WriteResult(out, len(files), changed=True)


def _check_replaceable(out: Path, files: Collection[str]) -> None:
    """Refuse to replace a folder that is not a previous output.

    ``out`` is replaced whole, so a slip in ``--out`` (``.``, ``episodes``, ``..``, a home
    folder) would otherwise delete the show itself. An existing, non-empty folder is taken
    for a previous output only when it holds no ``podcast.toml`` and shares a top-level
    name with the new output (``feed.xml``, ``index.html``...).
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file; expected a folder for the site (choose another --out)")
    try:
        names = {entry.name for entry in os.scandir(out)} if out.is_dir() else set()
    except OSError as exc:
        raise OutputError(f"cannot read the output folder {out}: {exc.strerror}") from None
    if not names:
        return
    tops = {PurePosixPath(name).parts[0] for name in files}
    if "podcast.toml" in names or not names & tops:
        what = "a show folder" if "podcast.toml" in names else "not a previous output"
        raise OutputError(
            f"refusing to replace {out}: it is {what} and would be deleted; "
            "choose an empty or new folder for --out"
        )


def _link(source: Path, target: str) -> bool:
    """Hard-link an unchanged file from the previous output; False where links fail."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


# A build that was killed outright (SIGKILL, power loss) leaves its temporary folder
# behind. One this old belongs to no running build, so the next build removes it.
STALE_AFTER = 6 * 3600  # seconds


def _remove_stale_temporaries(out: Path, now: float | None = None) -> None:
    if not out.parent.is_dir():
        return
    limit = (time.time() if now is None else now) - STALE_AFTER
    for pattern in (f".{out.name}.new-*", f".{out.name}.old-*"):
        for leftover in out.parent.glob(pattern):
            try:
                if leftover.is_dir() and leftover.stat().st_mtime < limit:
                    shutil.rmtree(leftover, ignore_errors=True)
            except OSError:
                continue


def _swap(new: Path, out: Path) -> None:
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
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
