"""Every save is seen, by file notifications and by polling alike. watchfiles' poller
compares modification times in whole seconds: a second save of a file within the second of
the first, or a file replaced (written beside it, renamed over it) in that second, was never
seen, and the preview showed the first save until something else changed. serve polls
with a poller of its own (``test_poll.py``)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.preview.watch import ShowWatcher
from tests.conftest import ShowMaker, episode
from tests.preview_server import preview

NOW = "2026-06-01T12:00+02:00"
WAIT = 15.0  # seconds: generous; each wait below ends as soon as the change is seen


def post(word: str) -> str:
    return f'---\ntitle: "Artikel"\ndate: 2026-03-01 07:00\n---\n\nTekst van {word}.\n'


@pytest.fixture(params=["polling", "notifications"])
def batches(
    request: pytest.FixtureRequest, make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, Iterator[set[str]]]]:
    """A show and the batches its watcher reports, polling or by file notifications (as
    WATCHFILES_FORCE_POLLING asks); the batches end after WAIT seconds."""
    polling = request.param == "polling"
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1" if polling else "false")
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-artikel": post("Nul")})
    watcher = ShowWatcher(root, (), lambda text: None).start()
    deadline = threading.Timer(WAIT, watcher.stop.set)
    deadline.daemon = True
    deadline.start()
    try:
        yield root, iter(watcher)
    finally:
        deadline.cancel()
        watcher.stop.set()


def _seen(batches: Iterator[set[str]], path: Path) -> None:
    """Returns once a batch names ``path``; fails when the batches end first."""
    for batch in batches:
        if str(path) in batch:
            return
    raise AssertionError(f"no batch named {path} within {WAIT} s")


def _same_second(path: Path, before: os.stat_result) -> None:
    """Give ``path`` the modification time it had ``before``: what a save a few
    milliseconds after the last one, or a file system with times in whole seconds, leaves."""
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_second_save_within_the_same_second_is_seen(
    batches: tuple[Path, Iterator[set[str]]],
) -> None:
    root, changes = batches
    path = root / "posts/2026-03-01-artikel.md"
    path.write_text(post("Een"), "utf-8")
    _seen(changes, path)
    before = path.stat()
    path.write_text(post("Twee"), "utf-8")
    _same_second(path, before)
    _seen(changes, path)


def test_a_file_renamed_over_within_the_same_second_is_seen(
    batches: tuple[Path, Iterator[set[str]]],
) -> None:
    """As editors save: the new text written to a file beside it, then renamed over it."""
    root, changes = batches
    path = root / "posts/2026-03-01-artikel.md"
    path.write_text(post("Een"), "utf-8")
    _seen(changes, path)
    before = path.stat()
    temporary = path.with_name(".2026-03-01-artikel.md.tmp")
    temporary.write_text(post("Nul"), "utf-8")  # the same size as "Een"
    _same_second(temporary, before)
    os.replace(temporary, path)
    _seen(changes, path)


def test_a_save_while_the_batch_before_is_handled_is_a_batch_of_its_own(
    batches: tuple[Path, Iterator[set[str]]],
) -> None:
    """A save made while serve rebuilds for the last one (nobody asks for batches then)
    is held, and is the next batch: it is rebuilt in turn."""
    root, changes = batches
    path = root / "posts/2026-03-01-artikel.md"
    path.write_text(post("Een"), "utf-8")
    _seen(changes, path)
    other = root / "episodes/001-a.yaml"
    other.write_text(episode(1).replace("Onderwerp 1", "Onderwerp 2"), "utf-8")
    _seen(changes, other)


def test_serve_polling_shows_the_second_of_two_quick_saves(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bug as seen: the page showed the first save and kept it."""
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-artikel": post("Nul")})
    path = root / "posts/2026-03-01-artikel.md"
    with preview(root, "--now", NOW) as server:
        path.write_text(post("Eerste"), "utf-8")
        server.wait_for("posts/artikel/", "Tekst van Eerste.", timeout=WAIT)
        before = path.stat()
        path.write_text(post("Tweede"), "utf-8")  # while the full rebuild of the first runs
        _same_second(path, before)
        server.wait_for("posts/artikel/", "Tekst van Tweede.", timeout=WAIT)
