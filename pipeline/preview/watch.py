"""What ``pipeline serve`` watches: the show's content folders and the folders of the local
files it names, debounced into batches of changed files (watchfiles' native notifications;
``poll.py`` when those fail or are not wanted)."""

from __future__ import annotations

import os
import platform
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, watch

from pipeline.errors import PipelineError
from pipeline.load import load_content
from pipeline.preview.poll import FileChange, poll

CONTENT_DIRS = ("episodes", "posts", "templates", "static", "audio", "media", "transcripts")
# watchfiles cannot name a file whose name is not UTF-8: the first change to one fails the
# whole watcher with this message, whichever way it watches, and the batch it was gathering
# is lost. Nothing is wrong with the watching itself: it starts again as it was.
_UNDECODABLE = "Unable to decode path"
READY_WAIT = 10.0  # seconds start() waits for the watchers to be up (a huge tree, polled)


def polling_wanted() -> bool:
    """Whether to poll from the start where watchfiles would: WATCHFILES_FORCE_POLLING set
    (to anything but false), or WSL, whose file notifications miss edits made in Windows.
    Its own poller is never used (``poll.py`` says why)."""
    asked = os.environ.get("WATCHFILES_FORCE_POLLING")
    if asked:
        return asked.lower() not in {"false", "disable", "disabled"}
    uname = platform.uname()
    return uname.system.lower() == "linux" and "microsoft-standard" in uname.release.lower()


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


def _short(reason: str, limit: int = 200) -> str:
    """watchfiles' message, which may end in a dump of every path it watched."""
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


class _Asked:
    """The stop event handed to watchfiles (or ``poll``), which asks it on every step from
    the moment its watcher is set up (its first look done): the first question says the
    watcher is up (``ready`` runs then). ``rearm`` also ends the watching, to start it
    again over other folders."""

    def __init__(
        self,
        stop: threading.Event,
        ready: Callable[[], None],
        rearm: threading.Event | None = None,
    ) -> None:
        self._stop = stop
        self._ready: Callable[[], None] | None = ready
        self._rearm = rearm

    def is_set(self) -> bool:
        if self._ready is not None:
            ready, self._ready = self._ready, None
            ready()
        return self._stop.is_set() or (self._rearm is not None and self._rearm.is_set())


@dataclass(frozen=True)
class _GaveUp:
    """No way left to watch: serve stops with ``message``."""

    message: str


class ShowWatcher:
    """Batches of changed files of the show, from two watchers: the root folder itself
    (``podcast.toml``), not recursively, and the content folders recursively.

    ``start()`` before the first build, so a change made while it runs is not missed. A
    watcher that fails is started again (polling, when file notifications failed), and the
    show is rebuilt once it watches: the changes it held are lost. ``notice`` hears of the
    switch to polling; when polling fails too, iterating raises PipelineError.

    A content folder made while serve runs (a show without ``templates/`` until now, an
    ``episodes/`` deleted and made again) is seen by the root folder's watcher, which has
    the content folders' watcher start again over the folders there are now; once that
    watches, the show is rebuilt, so files put in the new folder meanwhile count too.
    """

    def __init__(self, root: Path, extra: Iterable[Path], notice: Callable[[str], None]) -> None:
        self.root = root.resolve()
        self.extra = [p.resolve() for p in extra]
        self.notice = notice
        self.stop = threading.Event()
        # Changed files, a notice for the user, or the end of all watching.
        self.changes: queue.Queue[set[str] | str | _GaveUp] = queue.Queue()
        self._rearm = threading.Event()  # a content folder appeared: watch the folders anew
        self._appeared: queue.Queue[str] = queue.Queue()  # those folders, to rebuild for
        self._armed: dict[Path, tuple[int, int]] = {}  # the folders watched, by identity

    def _wanted(self, folder: Path) -> bool:
        """Whether a folder in the show folder is, or holds, one serve watches (a watcher
        may name the show folder itself as changed: that is no new folder)."""
        wanted = [self.root / name for name in CONTENT_DIRS] + self.extra
        return folder != self.root and any(w.is_relative_to(folder) for w in wanted)

    def _folders(self) -> dict[Path, tuple[int, int]]:
        """The folders to watch now, each with its device and inode: a folder deleted and
        made again is another folder, which its old watch does not see into."""
        found: dict[Path, tuple[int, int]] = {}
        for folder in watched_folders(self.root, self.extra):
            try:
                info = folder.stat()
            except OSError:  # gone again meanwhile
                continue
            found[folder] = (info.st_dev, info.st_ino)
        return found

    def _run(self, recursive: bool, up: threading.Event) -> None:
        polling = polling_wanted()
        natively = not polling  # file notifications were tried
        paths = [self.root]
        # Reported once watching again: the folders of a failed watcher (the changes it
        # held are lost) and folders that appeared; a folder means a full rebuild.
        pending: set[str] = set()

        def ready() -> None:
            if pending:
                self.changes.put(set(pending))
                pending.clear()
            up.set()

        while not self.stop.is_set():
            if recursive:
                # Cleared before the folders are listed: one made after this is seen again.
                self._rearm.clear()
                while not self._appeared.empty():
                    pending.add(self._appeared.get_nowait())
                # A content folder deleted meanwhile cannot be watched, nor block the others.
                self._armed = self._folders()
                paths = list(self._armed)
                if not paths:  # none yet: wait for one to appear
                    ready()
                    self._rearm.wait(0.2)
                    continue
            # The thread's edge: whatever ends its watching must reach the command (a
            # notice, an Error line), never end this thread with a traceback and leave
            # serve running deaf.
            try:
                rearm = self._rearm if recursive else None
                self._watch(paths, recursive, polling, _Asked(self.stop, ready, rearm))
                if not recursive or self.stop.is_set():
                    return  # stopped
            except Exception as exc:
                reason = _short(str(exc).strip() or type(exc).__name__)
                if up.is_set():  # before that, the first build is still to come
                    pending.update(str(p) for p in paths)
                if _UNDECODABLE in reason:
                    continue  # the build reports the name, if it is a file the show uses
                where = self._where(paths)
                if polling:
                    how = "by file notifications or by polling" if natively else "by polling"
                    self.changes.put(_GaveUp(f"cannot watch {where} for changes ({how}): {reason}"))
                    up.set()
                    return
                polling = True
                then = "checking for changes by polling from now on"
                self.changes.put(f"file notifications failed for {where} ({reason}); {then}")

    def _watch(self, paths: list[Path], recursive: bool, polling: bool, stop: _Asked) -> None:
        batches: Iterator[set[FileChange]]
        if polling:
            batches = poll(*paths, recursive=recursive, stop_event=stop)
        else:
            # False, not None: where watchfiles would poll, polling_wanted() chose poll().
            batches = watch(
                *paths,
                recursive=recursive,
                debounce=300,
                stop_event=stop,
                raise_interrupt=False,
                force_polling=False,
            )
        for batch in batches:
            names = {p for _, p in batch if not _ignored(Path(p))}
            if not recursive:
                # A folder's own change (a file added in it, to some watchers) is no
                # reason to watch again; a folder made (again: its inode may be the old
                # one's), or one not watched yet, is.
                made = {p for p in names if Path(p).is_dir() and self._wanted(Path(p))}
                added = {p for change, p in batch if change == Change.added}
                if made & added or (made and self._folders() != self._armed):
                    for folder in made:
                        self._appeared.put(folder)
                    self._rearm.set()
                names = {p for p in names if Path(p).is_file() or not Path(p).exists()}
            if names:
                self.changes.put(names)

    def _where(self, paths: list[Path]) -> str:
        names = [f"{p.relative_to(self.root)}/" for p in paths if p != self.root]
        return ", ".join(names) if len(names) == len(paths) else "the show folder"

    def start(self) -> ShowWatcher:
        """Start watching; back once every watcher is up (or could not be started at all:
        then PipelineError, and nothing is watched)."""
        ups = []
        for recursive in (False, True):
            ups.append(threading.Event())
            args = (recursive, ups[-1])
            threading.Thread(target=self._run, args=args, daemon=True).start()
        for up in ups:
            up.wait(READY_WAIT)
        for item in list(self.changes.queue):
            if isinstance(item, _GaveUp):
                self.stop.set()
                raise PipelineError(f"{item.message}; nothing is served")
        return self

    def __iter__(self) -> Iterator[set[str]]:
        try:
            while not self.stop.is_set():
                try:
                    items = [self.changes.get(timeout=0.2)]
                except queue.Empty:
                    continue
                while not self.changes.empty():  # one rebuild for a burst of saves
                    items.append(self.changes.get_nowait())
                batch: set[str] = set()
                for item in items:
                    if isinstance(item, _GaveUp):
                        raise PipelineError(f"{item.message}; the preview stopped")
                    if isinstance(item, str):
                        self.notice(item)
                    else:
                        batch |= item
                if batch:
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
