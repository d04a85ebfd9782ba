"""serve's own poller, for when file notifications fail or are not wanted: a file changed
is one whose identity (device, inode), size, modification or status change time (to the
nanosecond) differ, or, while those times are too recent to tell a later save from the
last, whose content differs."""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline.preview import poll as poll_module
from pipeline.preview.poll import poll
from pipeline.preview.watch import _Asked

WAIT = 15.0  # seconds: generous; each wait ends as soon as the change is seen


@contextmanager
def _polled(folder: Path, recursive: bool = True) -> Iterator[queue.Queue[set[str]]]:
    """The names in each batch the poller reports for ``folder``, from its first look."""
    stop, up = threading.Event(), threading.Event()
    found: queue.Queue[set[str]] = queue.Queue()

    def run() -> None:
        for batch in poll(folder, recursive=recursive, stop_event=_Asked(stop, up.set)):
            found.put({name for _, name in batch})

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        assert up.wait(WAIT)
        yield found
    finally:
        stop.set()
        thread.join(WAIT)


def test_new_content_with_the_same_size_and_times_is_seen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A file system whose times stand still (a coarse clock makes every save within one
    tick look so, ctime included): only the content tells the saves apart."""
    monkeypatch.setattr(poll_module, "_times", lambda info: (0, 0))
    monkeypatch.setattr(poll_module, "RACY_NS", 10**30)  # so 0 is always too recent
    path = tmp_path / "a.md"
    path.write_text("Een", "utf-8")
    with _polled(tmp_path) as found:
        path.write_text("Twe", "utf-8")
        assert str(path) in found.get(timeout=WAIT)
        path.write_text("Dri", "utf-8")
        assert str(path) in found.get(timeout=WAIT)


def test_files_and_folders_added_and_deleted_are_seen(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    with _polled(tmp_path) as found:
        (tmp_path / "posts/a.md").write_text("a", "utf-8")
        assert str(tmp_path / "posts/a.md") in found.get(timeout=WAIT)
        (tmp_path / "posts/b").mkdir()
        assert str(tmp_path / "posts/b") in found.get(timeout=WAIT)
        (tmp_path / "posts/b/c.md").write_text("c", "utf-8")  # in the folder made since
        assert str(tmp_path / "posts/b/c.md") in found.get(timeout=WAIT)
        shutil.rmtree(tmp_path / "posts")
        names: set[str] = set()
        while str(tmp_path / "posts/b/c.md") not in names:
            names |= found.get(timeout=WAIT)
        assert {str(tmp_path / n) for n in ("posts", "posts/a.md", "posts/b")} <= names


def test_not_recursive_looks_at_the_folder_itself_only(tmp_path: Path) -> None:
    (tmp_path / "episodes").mkdir()
    with _polled(tmp_path, recursive=False) as found:
        (tmp_path / "episodes/001.yaml").write_text("x", "utf-8")
        (tmp_path / "podcast.toml").write_text("y", "utf-8")
        assert found.get(timeout=WAIT) == {str(tmp_path / "podcast.toml")}


def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    """Reading a named pipe for its content would wait for a writer forever."""
    os.mkfifo(tmp_path / "pipe")
    with _polled(tmp_path) as found:
        (tmp_path / "a.md").write_text("a", "utf-8")
        assert str(tmp_path / "a.md") in found.get(timeout=WAIT)
