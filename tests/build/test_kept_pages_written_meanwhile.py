"""A page of the output written by someone else after this build wrote the output but
before it kept its page memo: the memo must not vouch for that file as this build's page
(``render/site/memo.py``), or every later build takes the other bytes as the page."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

import pytest

import pipeline.build as build_module
import pipeline.render.site.memo as memo
import pipeline.write as write
import pipeline.write.stamps as stamps
import pipeline.write.update as update
from pipeline.errors import InterruptedAfterWrite
from pipeline.fingerprint import RECORD
from pipeline.paths import PAGE_MEMO, Seen, seen
from pipeline.write import write_output
from tests.build.test_kept_pages import page_reads as page_reads  # the fixture
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


@pytest.fixture
def settled_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer looks at what it wrote once the tick of its last write is over."""
    real = stamps.settled
    monkeypatch.setattr(write, "settled", lambda *a: (_tick_over(), real(*a))[1])


@pytest.mark.parametrize("update", [False, True], ids=["new site", "update in place"])
def test_the_memo_vouches_for_a_file_this_build_wrote_as_it_left_it(
    tmp_path: Path, update: bool, settled_later: None
) -> None:
    out = tmp_path / "site"
    if update:
        write_output({"a.html": b"<p>oud</p>"}, out)
    written = write_output({"a.html": b"<p>a</p>"}, out).written
    assert written["a.html"] == seen(os.lstat(out / "a.html"))
    assert _entry(out, {}, 0, dict(written))[3:] == list(written["a.html"])


def test_the_memo_vouches_for_no_file_changed_after_this_build_wrote_it(
    tmp_path: Path, settled_later: None
) -> None:
    """Written again with the same size and its modification time put back: the change
    time tells."""
    out = tmp_path / "site"
    written = write_output({"a.html": b"<p>a</p>"}, out).written
    before = os.lstat(out / "a.html")
    _tick_over()
    (out / "a.html").write_bytes(b"<p>b</p>")
    os.utime(out / "a.html", ns=(before.st_atime_ns, before.st_mtime_ns))
    assert len(_entry(out, {}, 0, dict(written))) == 3


def test_a_file_another_program_wrote_over_before_it_was_looked_at_is_not_vouched_for(
    tmp_path: Path,
) -> None:
    """Its times could be as the writer's own write left them (the same tick): its bytes
    tell."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.html").write_bytes(b"<p>EVIL</p>")  # the same size
    _tick_over()
    assert stamps.settled(tmp_path / "site", [("a.html", b"<p>ours</p>")]) == {}
    assert stamps.settled(tmp_path / "site", [("a.html", b"<p>EVIL</p>")]) != {}


def test_a_file_changed_in_the_tick_of_the_probe_or_after_is_not_vouched_for(
    tmp_path: Path,
) -> None:
    """A write later in the same tick could leave its times as they are: only a file last
    changed in a tick of its file system's clock that is over is vouched for."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "a.html").write_bytes(b"<p>a</p>")
    _tick_over()
    assert list(stamps.settled(out, [("a.html", b"<p>a</p>")])) == ["a.html"]
    future = 2**62  # stamped "now" or later by the clock
    os.utime(out / "a.html", ns=(future, future))
    assert stamps.settled(out, [("a.html", b"<p>a</p>")]) == {}
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # the probe is gone


def test_a_file_on_another_file_system_than_the_probe_is_not_vouched_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder mounted inside the output has a clock of its own (whole seconds, say)."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "a.html").write_bytes(b"<p>a</p>")
    _tick_over()
    assert list(stamps.settled(out, [("a.html", b"<p>a</p>")])) == ["a.html"]
    real = stamps.clock
    monkeypatch.setattr(stamps, "clock", lambda out: (real(out)[0] + 1, real(out)[1]))  # type: ignore[index]
    assert stamps.settled(out, [("a.html", b"<p>a</p>")]) == {}


def test_no_probe_no_file_vouched_for_and_a_killed_build_s_probe_is_removed(
    tmp_path: Path, settled_later: None
) -> None:
    assert stamps.settled(tmp_path / "gone" / "site", [("a.html", b"<p>a</p>")]) == {}
    out = tmp_path / "site"
    (tmp_path / ".site.clock-left").write_bytes(b"")  # a build killed while it looked
    assert write_output({"a.html": b"<p>a</p>"}, out).written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_page_written_over_right_after_its_rename_is_not_kept_as_the_page(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled_later: None
) -> None:
    """Another program rewrites a page (the same size) just after the update put it in
    place: the next builds write the page again, as a cold build has it."""
    out = tmp_path / "site"
    run(show, out)
    real = os.replace
    tampered: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        real(source, target)
        if not tampered and str(target).endswith(".html") and "/posts/" in str(target):
            tampered.append(str(Path(target).relative_to(out)))
            with open(target, "r+b") as handle:
                data = handle.read()
                handle.seek(0)
                handle.write(data.replace(b"<", b"{", 1))

    with monkeypatch.context() as patch:
        patch.setattr(update.os, "replace", replace)
        CHANGES["post body"](show)
        run(show, out)
    assert (out / tampered[0]).read_bytes().startswith(b"{")
    CHANGES["post title"](show)
    run(show, out)
    assert files(out) == cold(show, tmp_path)


def test_a_cold_build_s_pages_are_taken_unread_by_the_next_build(
    show: Path, tmp_path: Path, page_reads: list[str], settled_later: None
) -> None:
    """The first build after a cold one takes the pages the cold build wrote by their
    times, as later builds do; and its output is a cold build's. (A cold build saw no
    page: only what it wrote can be vouched for, whatever the racy window.)"""
    out = tmp_path / "site"
    run(show, out)
    page_reads.clear()
    CHANGES["post body"](show)
    run(show, out)
    assert page_reads == []
    assert files(out) == cold(show, tmp_path)


def test_the_writer_looks_at_what_it_wrote_under_the_output_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The probe beside the output must not meet another build's listing or swap."""
    out = tmp_path / "site"
    held: list[bool] = []
    real = stamps.settled

    def looked(folder: Path, written: object) -> object:
        fd = os.open(folder.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(False)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(fd)
        return real(folder, written)  # type: ignore[arg-type]

    monkeypatch.setattr(write, "settled", looked)
    write_output({"a.html": b"<p>a</p>"}, out)  # a new site
    write_output({"a.html": b"<p>b</p>"}, out)  # an update in place
    assert held == [True, True]


def test_an_interrupt_while_the_writer_looks_says_the_site_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"

    def interrupted(folder: Path, written: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "settled", interrupted)
    with pytest.raises(InterruptedAfterWrite):
        write_output({"a.html": b"<p>a</p>"}, out)
    assert (out / "a.html").read_bytes() == b"<p>a</p>"
