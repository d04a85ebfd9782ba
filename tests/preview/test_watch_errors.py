"""`pipeline serve` keeps watching whatever its file watcher meets. watchfiles cannot name a
file whose name is not UTF-8 and fails as a whole on the first change to one; serve watches
again and rebuilds, and the build reports the name as ``pipeline build`` does. When the
system's file notifications fail (the limit of watches reached), the show is watched by
polling from then on, with a notice; when polling fails too, serve stops with an Error."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import watchfiles
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.preview.watch import ShowWatcher
from tests.conftest import ShowMaker, episode
from tests.preview_server import preview

LIMIT = 'OS file watch limit reached. about ["/x"] (Error { kind: MaxFilesWatch })'


def post(title: str, day: str = "2026-03-01") -> str:
    return f'---\ntitle: "{title}"\ndate: {day} 07:00\n---\n\nTekst van {title}.\n'


def _edit_is_seen(root: Path, batches: Iterator[set[str]]) -> None:
    """A new post is written; returns once a batch of the watcher names it."""
    path = root / "posts/2026-03-01-nieuw.md"
    path.write_text(post("Nieuw"), "utf-8")
    seen: set[str] = set()
    while str(path) not in seen:
        seen |= next(batches)


def test_a_file_name_not_in_utf8_is_reported_and_serve_keeps_watching(
    make_show: ShowMaker,
) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-artikel": post("Artikel")})
    posts = os.fsencode(root / "posts")
    bad = posts + b"/2025-12-06-caf\xe9.md"
    with preview(root, "--now", "2026-06-01T12:00+02:00") as server:
        with open(bad, "wb") as handle:  # as a program writing Latin-1 names makes it
            handle.write(post("Café", "2025-12-06").encode())
        server.wait_for_stderr(
            "Error: posts/2025-12-06-caf\\xe9.md: file name: got 2025-12-06-caf\\xe9.md, "
            "expected a file name in UTF-8 (rename the file)"
        )
        server.wait_for_stderr("keeping the last good preview")
        os.rename(bad, posts + b"/2025-12-06-cafe.md")
        server.wait_for("posts/cafe/", "Tekst van Café.")
        # A name the build never reads (no post's suffix) is no problem, yet a change to
        # it fails the watcher all the same: later edits are still seen.
        with open(posts + b"/notities-caf\xe9.txt", "wb") as handle:
            handle.write(b"kladblok")
        (root / "posts/2026-03-01-artikel.md").write_text(post("Artikel 2"), "utf-8")
        server.wait_for("posts/artikel/", "Tekst van Artikel 2.")
        assert server.process.poll() is None
        assert not any("Traceback" in line for line in server.stderr), server.stderr


def _fails(reason: BaseException) -> Any:  # the signature of watchfiles.watch and poll
    """watchfiles.watch (file notifications) or serve's poll, failing with ``reason``: the
    limit of watches reached, without reaching it on the test machine."""

    def watch(*paths: Path, **kwargs: Any) -> Iterator[Any]:
        raise reason
        yield  # a generator, as the real ones

    return watch


def _natively_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """File notifications are tried first, as on most machines (not under WSL, nor with
    WATCHFILES_FORCE_POLLING set)."""
    monkeypatch.setattr("pipeline.preview.watch.polling_wanted", lambda: False)


def _deadline(watcher: ShowWatcher) -> threading.Timer:
    """Never a hung test: iterating the watcher ends after 20 seconds."""
    timer = threading.Timer(20, watcher.stop.set)
    timer.daemon = True
    timer.start()
    return timer


def test_failing_notifications_are_a_notice_and_polling_takes_over(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    _natively_first(monkeypatch)
    monkeypatch.setattr("pipeline.preview.watch.watch", _fails(OSError(LIMIT)))
    notices: list[str] = []
    watcher = ShowWatcher(root, (), notices.append).start()
    deadline = _deadline(watcher)
    try:
        batches = iter(watcher)
        _edit_is_seen(root, batches)
    finally:
        deadline.cancel()
        watcher.stop.set()
    assert len(notices) == 2  # the show folder's watcher and its content folders'
    assert all("OS file watch limit reached" in n for n in notices)
    assert all("checking for changes by polling from now on" in n for n in notices)


def test_a_watcher_failing_while_it_runs_falls_back_to_polling(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change the failed watcher held is lost with it: the show is rebuilt once it
    watches again (a batch naming the watched folders)."""
    root = make_show(episodes={"001-a": episode(1)})
    real = watchfiles.watch
    failed = threading.Event()

    def watch(*paths: Path, **kwargs: Any) -> Iterator[Any]:
        for _ in real(*paths, **kwargs):
            failed.set()  # what watchfiles raises when inotify cannot watch a new folder
            raise RuntimeError("error in underlying watcher: OS file watch limit reached")

    _natively_first(monkeypatch)
    monkeypatch.setattr("pipeline.preview.watch.watch", watch)
    notices: list[str] = []
    watcher = ShowWatcher(root, (), notices.append).start()
    deadline = _deadline(watcher)
    try:
        batches = iter(watcher)
        (root / "posts/nieuw").mkdir()
        assert next(batches) >= {str(root / "episodes"), str(root / "posts")}
        assert failed.is_set()
        _edit_is_seen(root, batches)
    finally:
        deadline.cancel()
        watcher.stop.set()
    assert notices == [
        "file notifications failed for episodes/, posts/ (error in underlying watcher: OS "
        "file watch limit reached); checking for changes by polling from now on"
    ]


@pytest.mark.timeout(60)  # a serve that kept running deaf would never return
def test_no_way_to_watch_is_an_error_before_serving(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    _natively_first(monkeypatch)
    monkeypatch.setattr("pipeline.preview.watch.watch", _fails(OSError(LIMIT)))
    monkeypatch.setattr("pipeline.preview.watch.poll", _fails(OSError(LIMIT)))
    result = CliRunner().invoke(main, ["serve", "--root", str(root), "--port", "0", "--offline"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Serving" not in result.output
    assert "Error: cannot watch " in result.output
    assert "for changes (by file notifications or by polling)" in result.output
    assert "nothing is served" in result.output
    assert "OS file watch limit reached" in result.output


def test_polling_asked_for_that_fails_is_an_error_naming_polling_only(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under WSL or WATCHFILES_FORCE_POLLING, file notifications were never tried."""
    root = make_show(episodes={"001-a": episode(1)})
    monkeypatch.setattr("pipeline.preview.watch.polling_wanted", lambda: True)
    monkeypatch.setattr("pipeline.preview.watch.poll", _fails(OSError(LIMIT)))
    with pytest.raises(PipelineError) as failed:
        ShowWatcher(root, (), lambda text: None).start()
    assert "for changes (by polling): OS file watch limit reached" in str(failed.value)
    assert str(failed.value).endswith("; nothing is served")
