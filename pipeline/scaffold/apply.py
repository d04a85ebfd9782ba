"""Carry out a `pipeline init` plan as one change: the whole show, or nothing of it.

The plan has already refused every clash it can see (an existing file, a file where a
folder belongs). What can still fail is the writing itself: a full disk, a folder that
turns read-only, a name another program takes meanwhile, Ctrl-C. So every step is recorded
as it is made, and a failed run undoes its own steps in reverse: the files and folders it
created are removed, the sample's files it moved aside are put back. Nothing that was there
before the run is ever removed; the sample's files are deleted for good only once
everything else is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.scaffold.plan import FOLDERS, Plan
from pipeline.write import create_file


def apply(plan: Plan) -> None:
    """Write the show the plan describes; on any failure, leave the folder as it was."""
    steps = _Steps()
    try:
        copies = {name: _read(source, plan.root / name) for name, source in plan.copy.items()}
        for name in plan.remove:
            steps.move_aside(plan.root / name, name)
        for folder in plan.folders:
            steps.folder(plan.root / folder)
        for name, data in [*plan.write.items(), *copies.items()]:
            steps.file(plan.root / name, data)
    except OutputError as exc:
        raise OutputError(f"{exc}; {steps.undo()}") from None
    except BaseException:
        steps.undo()  # Ctrl-C, SIGTERM: "nothing was written" must stay true
        raise
    steps.finish()
    _prune_empty(plan.root, {str(Path(n).parent) for n in plan.remove})


def _read(source: Path, target: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise OutputError(f"could not copy {source} to {target}: {exc}") from None


class _Steps:
    """What this run has done so far, to undo it or, at the end, to make it final."""

    def __init__(self) -> None:
        self.files: list[Path] = []  # created by this run
        self.folders: list[Path] = []  # created by this run, parents first
        self.aside: list[tuple[Path, Path]] = []  # sample file -> where it waits

    def move_aside(self, path: Path, name: str) -> None:
        """The sample's file, renamed to a hidden sibling until the show is written."""
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".init", dir=path.parent)
            os.close(fd)
        except OSError as exc:
            raise OutputError(f"could not remove the sample's {name}: {exc}") from None
        try:
            os.replace(path, tmp)
        except FileNotFoundError:
            os.unlink(tmp)
            return
        except OSError as exc:
            os.unlink(tmp)
            raise OutputError(f"could not remove the sample's {name}: {exc}") from None
        self.aside.append((path, Path(tmp)))

    def folder(self, path: Path) -> None:
        """``path`` and the parents it lacks, each created one remembered."""
        missing: list[Path] = []
        probe = path
        while not probe.is_dir() and not (probe.exists() or probe.is_symlink()):
            missing.append(probe)
            if probe.parent == probe:
                break
            probe = probe.parent
        if not missing and not path.is_dir():
            missing.append(path)  # a file or a pipe there: mkdir says which
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:
                if folder.is_dir():
                    continue  # made by another program meanwhile: not ours to remove
                raise OutputError(
                    f"cannot create the folder {path}: a file where a folder belongs"
                ) from None
            except OSError as exc:
                raise OutputError(f"cannot create the folder {path}: {exc}") from None
            self.folders.append(folder)

    def file(self, path: Path, data: bytes) -> None:
        self.folder(path.parent)
        if create_file(path, data):
            self.files.append(path)

    def undo(self) -> str:
        """Remove what this run created and put the sample's files back; says what it did."""
        for path in reversed(self.files):
            with contextlib.suppress(OSError):
                path.unlink()
        stuck = []
        for original, waiting in reversed(self.aside):
            try:
                os.link(waiting, original)  # never over a file that appeared meanwhile
                waiting.unlink()
            except OSError:
                stuck.append(f"{original} is kept as {waiting}")
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):  # not empty: somebody else's files are in it
                folder.rmdir()
        if stuck:
            return "what this run created is removed again, but " + "; ".join(stuck)
        if self.files or self.folders or self.aside:
            return "nothing was written (what this run had written is removed again)"
        return "nothing was written"

    def finish(self) -> None:
        for _, waiting in self.aside:
            with contextlib.suppress(OSError):
                waiting.unlink()


def _prune_empty(root: Path, folders: set[str]) -> None:
    """Folders the sample's removal left empty go too (episodes/ posts/ stay)."""
    for folder in sorted(folders, key=len, reverse=True):
        path = root / folder
        if folder in (".", *FOLDERS) or not path.is_dir():
            continue
        with contextlib.suppress(OSError):  # not empty: the user's files are in it
            path.rmdir()
