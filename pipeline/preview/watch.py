"""What ``pipeline serve`` watches: the show's content folders and the folders of the local
files it names, debounced into batches of changed files (watchfiles: native notifications)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from watchfiles import watch

from pipeline.errors import PipelineError
from pipeline.load import load_content

CONTENT_DIRS = ("episodes", "posts", "templates", "static", "audio", "media", "transcripts")


def _ignored(path: Path) -> bool:
    """Editor droppings and hidden files never trigger a rebuild."""
    return path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp"))


def watched_folders(root: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """The show's content folders (recursively watched) that exist; never the whole root,
    which may hold a virtualenv or the site itself."""
    root = root.resolve()
    found = {root / name for name in CONTENT_DIRS if (root / name).is_dir()}
    found.update(
        p.resolve() for p in extra if p.is_dir() and p.resolve() != root and _inside(p, root)
    )
    site = root / "site"
    return sorted(p for p in found if not _inside(p, site))


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


class ShowWatcher:
    """Batches of changed files of the show, from two watchers: the root folder itself
    (``podcast.toml``), not recursively, and the content folders recursively.

    ``start()`` before the first build, so a change made while it runs is not missed.
    """

    def __init__(self, root: Path, extra: Iterable[Path] = ()) -> None:
        self.root = root.resolve()
        self.folders = watched_folders(self.root, extra)
        self.stop = threading.Event()
        self.changes: queue.Queue[set[str]] = queue.Queue()

    def _run(self, paths: list[Path], recursive: bool) -> None:
        for batch in watch(
            *paths,
            recursive=recursive,
            debounce=300,
            stop_event=self.stop,
            raise_interrupt=False,
        ):
            names = {p for _, p in batch if not _ignored(Path(p))}
            if not recursive:
                names = {p for p in names if Path(p).is_file() or not Path(p).exists()}
            if names:
                self.changes.put(names)

    def start(self) -> ShowWatcher:
        jobs = [([self.root], False)]
        if self.folders:
            jobs.append((self.folders, True))
        for paths, recursive in jobs:
            threading.Thread(target=self._run, args=(paths, recursive), daemon=True).start()
        return self

    def __iter__(self) -> Iterator[set[str]]:
        try:
            while not self.stop.is_set():
                try:
                    batch = self.changes.get(timeout=0.2)
                except queue.Empty:
                    continue
                while not self.changes.empty():  # one rebuild for a burst of saves
                    batch |= self.changes.get_nowait()
                yield batch
        finally:
            self.stop.set()


def local_folders(root: Path) -> list[Path]:
    """Folders of local files the show names (audio, transcripts), to watch as well."""
    try:
        content = load_content(root)
    except PipelineError:
        return []
    names = [e.audio for e in content.episodes if e.is_local_audio]
    names += [e.transcript for e in content.episodes if e.transcript]
    return sorted({(root / name).parent for name in names if name})
