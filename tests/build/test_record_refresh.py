"""A build with nothing new keeps, in the record, the text files it had to read because
their stat had moved since the last build, so that the next one reads them no more."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.fingerprint import RECORD
from tests.build.test_incremental import KASSA, _kept, opened_files, run
from tests.build.test_incremental import show as show  # the fixture


def test_files_too_new_to_keep_are_kept_by_the_next_build_with_nothing_new(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A show cloned and built at once: every file changed just before the build, none
    kept. Once they have been quiet, a build with nothing new reads them once more and
    keeps them; after it, none is read."""
    from pipeline import fingerprint

    monkeypatch.setattr(fingerprint, "REFRESH_AFTER", 1)  # a show of a few files
    out = tmp_path / "site"
    monkeypatch.setattr(fingerprint, "RACY_NS", 10**18)  # everything changed just now
    run(show, out)
    assert _kept(show) == {}
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)  # quiet long enough since
    opened = opened_files(monkeypatch)
    before = json.loads((show / RECORD).read_text("utf-8"))
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert str(show / KASSA) in opened
    after = json.loads((show / RECORD).read_text("utf-8"))
    assert KASSA in after["files"] and "podcast.toml" in after["files"]
    # only the files' stat: what the record says of the build and its output is the same
    assert {k: v for k, v in after.items() if k != "files"} == {
        k: v for k, v in before.items() if k != "files"
    }
    opened.clear()
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert opened == []


def test_a_file_touched_with_the_same_bytes_is_read_once(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout that writes a post again with the same bytes moves its times: read
    once to find it the same, then kept with its new stat."""
    from pipeline import fingerprint

    monkeypatch.setattr(fingerprint, "REFRESH_AFTER", 1)
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)
    out = tmp_path / "site"
    run(show, out)
    post = show / KASSA
    was = _kept(show)[KASSA]
    post.write_text(post.read_text("utf-8"), "utf-8")
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns - 10**9))
    opened = opened_files(monkeypatch)
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert opened == [str(post)]
    now = _kept(show)[KASSA]
    assert now != was and now[4] == was[4]  # its new stat, the same digest
    opened.clear()
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err and opened == []


def test_a_few_files_read_again_leave_the_record_as_it_is(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer than REFRESH_AFTER: read again by each build with nothing new, which is
    cheaper than writing the record."""
    from pipeline import fingerprint

    monkeypatch.setattr(fingerprint, "RACY_NS", 0)
    out = tmp_path / "site"
    run(show, out)
    monkeypatch.setattr(fingerprint, "REFRESH_AFTER", 2)
    post = show / KASSA
    post.write_text(post.read_text("utf-8"), "utf-8")  # one file, its stat moved
    before = (show / RECORD).read_bytes()
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert (show / RECORD).read_bytes() == before
