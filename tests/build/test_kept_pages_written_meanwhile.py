"""A page of the output written by someone else after this build wrote the output but
before it kept its page memo: the memo must not vouch for that file as this build's page
(``render/site/memo.py``), or every later build takes the other bytes as the page."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import pipeline.build as build_module
import pipeline.render as render
import pipeline.render.site.memo as memo
import pipeline.write as write
import pipeline.write.stamps as stamps
from pipeline.fingerprint import RECORD
from pipeline.paths import PAGE_MEMO, Seen, seen
from pipeline.write import write_output
from tests.build.test_page_memo import pages
from tests.build.test_related_cache import CHANGES, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file is old enough to be vouched for by its times (as after a wait of 2 s)."""
    monkeypatch.setattr(memo, "RACY_NS", -(10**18))


def test_a_page_written_after_the_build_wrote_is_not_taken_as_its_page(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_racy_window: None
) -> None:
    out = tmp_path / "site"
    run(show, out)
    CHANGES["post body"](show)
    run(show, out)  # every page now read once, and the memo vouching for them
    page = next(p for p in sorted(pages(out)) if p.startswith("posts/"))
    real = build_module.keep

    def meanwhile(root: Path, name: Path, data: object) -> None:
        if name == PAGE_MEMO:  # another build, or a program, writes into the site now
            (out / page).write_bytes(b"<p>van een ander</p>")
        real(root, name, data)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "keep", meanwhile)
        (show / RECORD).unlink()  # a build, not "nothing changed"
        run(show, out)
    (show / RECORD).unlink()
    run(show, out)
    assert files(out) == cold(show, tmp_path)


def _entry(
    out: Path, read: dict[str, Seen], since: int, written: dict[str, Seen] | None = None
) -> list[object]:
    pages = {"a.html": ("k" * 32, "d" * 32, "")}
    data = b"".join(memo.memo_chunks(pages, out, read, since, written or {}))
    return json.loads(data)["pages"]["a.html"]  # type: ignore[no-any-return]


def test_the_memo_vouches_for_a_file_as_the_build_saw_it(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    later = time.time_ns() + memo.RACY_NS + 1
    assert _entry(tmp_path, {"a.html": found}, later)[3:] == list(found)


def test_the_memo_vouches_for_no_file_changed_since_it_was_seen(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    (tmp_path / "a.html").write_bytes(b"<p>b</p>")
    assert len(_entry(tmp_path, {"a.html": found}, time.time_ns() + memo.RACY_NS + 1)) == 3


def test_the_memo_vouches_for_no_file_changed_just_before_it_was_seen(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    assert len(_entry(tmp_path, {"a.html": found}, time.time_ns())) == 3


def _tick_over() -> None:
    """Past the tick of the file system's clock the last write was stamped in (Linux
    stamps from a clock that moves in ticks of up to 10 ms)."""
    time.sleep(0.05)


@pytest.mark.parametrize("update", [False, True], ids=["new site", "update in place"])
def test_the_memo_vouches_for_a_file_this_build_wrote_as_it_left_it(
    tmp_path: Path, update: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    if update:
        write_output({"a.html": b"<p>oud</p>"}, out)
    real = stamps.settled
    monkeypatch.setattr(write, "settled", lambda *a: (_tick_over(), real(*a))[1])
    written = write_output({"a.html": b"<p>a</p>"}, out).written
    assert written["a.html"] == seen(os.lstat(out / "a.html"))
    assert _entry(out, {}, 0, dict(written))[3:] == list(written["a.html"])


def test_the_memo_vouches_for_no_file_changed_after_this_build_wrote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written again with the same size and its modification time put back: the change
    time tells."""
    out = tmp_path / "site"
    real = stamps.settled
    monkeypatch.setattr(write, "settled", lambda *a: (_tick_over(), real(*a))[1])
    written = write_output({"a.html": b"<p>a</p>"}, out).written
    before = os.lstat(out / "a.html")
    _tick_over()
    (out / "a.html").write_bytes(b"<p>b</p>")
    os.utime(out / "a.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert len(_entry(out, {}, 0, dict(written))) == 3


def test_a_file_written_in_the_tick_the_writing_ended_in_is_not_vouched_for(
    tmp_path: Path,
) -> None:
    """A write later in the same tick could leave its times as they are: only files last
    changed in a tick of the folder's own clock that is over are kept."""
    (tmp_path / "old.html").write_bytes(b"<p>oud</p>")
    old = seen(os.lstat(tmp_path / "old.html"))
    _tick_over()
    now = seen(os.lstat(tmp_path / "old.html"))
    size, _, _, inode = now
    future = 2**62  # stamped "now" or later by the folder's clock
    found = stamps.settled(tmp_path, {"old.html": old, "new.html": (size, future, future, inode)})
    assert found == {"old.html": old}
    assert stamps.settled(tmp_path / "gone", {"old.html": old}) == {}  # no clock: none
    assert [p.name for p in tmp_path.iterdir()] == ["old.html"]  # the clock's file is gone


def test_a_cold_build_s_pages_are_taken_unread_by_the_next_build(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first build after a cold one takes the pages the cold build wrote by their
    times, as later builds do; and its output is a cold build's."""
    out = tmp_path / "site"
    real = stamps.settled
    monkeypatch.setattr(write, "settled", lambda *a: (_tick_over(), real(*a))[1])
    run(show, out)
    reads: list[str] = []
    read_file = render.read_small_file

    def counted(path: Path, *args: object, **kwargs: object) -> bytes:
        reads.append(Path(path).name)
        return read_file(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "read_small_file", counted)
    CHANGES["post body"](show)
    run(show, out)
    assert reads == []
    assert files(out) == cold(show, tmp_path)
