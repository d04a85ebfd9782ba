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
import pipeline.render.site.memo as memo
from pipeline.fingerprint import RECORD
from pipeline.paths import PAGE_MEMO, Seen, seen
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


def _entry(out: Path, read: dict[str, Seen], since: int) -> list[object]:
    data = b"".join(memo.memo_chunks({"a.html": ("k" * 32, "d" * 32, "")}, out, read, since))
    return json.loads(data)["pages"]["a.html"]  # type: ignore[no-any-return]


def test_the_memo_vouches_for_a_file_as_the_build_saw_it(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    later = time.time_ns() + memo.RACY_NS + 1
    assert _entry(tmp_path, {"a.html": found}, later)[3:] == list(found)


def test_the_memo_vouches_for_no_file_this_build_wrote(tmp_path: Path) -> None:
    """A page rendered and written, not seen before: its times may not tell a write in the
    same tick after it; it is read the next time."""
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    assert len(_entry(tmp_path, {}, time.time_ns() + memo.RACY_NS + 1)) == 3


def test_the_memo_vouches_for_no_file_changed_since_it_was_seen(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    (tmp_path / "a.html").write_bytes(b"<p>b</p>")
    assert len(_entry(tmp_path, {"a.html": found}, time.time_ns() + memo.RACY_NS + 1)) == 3


def test_the_memo_vouches_for_no_file_changed_just_before_it_was_seen(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(b"<p>a</p>")
    found = seen(os.lstat(tmp_path / "a.html"))
    assert len(_entry(tmp_path, {"a.html": found}, time.time_ns())) == 3
