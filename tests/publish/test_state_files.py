"""The files publish reads and writes beside the site: a pipe, a link out of the show,
JSON nested past the decoder's depth, or a ``.cache`` linking elsewhere is an Error line
(or, for pending pings, nothing pending), never a hang, a traceback or a file written
outside the show."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.publish.ping import read_pending
from tests.publish.test_publish import errors, publish, published, snapshot
from tests.security.support import move_out

__all__ = ["published"]  # the fixture, used below by name
LATE = "2026-07-02T12:00+02:00"  # episode 3 due: publishing would change the site


@pytest.mark.timeout(60)
def test_a_pipe_as_state_file_is_refused_not_waited_on(published: Path) -> None:
    (published / "published.json").unlink()
    os.mkfifo(published / "published.json")
    for args in (["--dry-run"], []):
        code, _, stderr = publish(published, *args, now=LATE)
        assert code == 1 and "Traceback" not in stderr
        assert any("published.json: state: got a special file" in e for e in errors(stderr))


def test_state_nested_past_the_decoder_is_refused(published: Path) -> None:
    (published / "published.json").write_text("[" * 100_000)
    site = snapshot(published)
    for args in (["--dry-run"], []):
        code, _, stderr = publish(published, *args, now=LATE)
        assert code == 1 and "Traceback" not in stderr
        assert any("got JSON nested too deeply" in e for e in errors(stderr)), stderr
    assert snapshot(published) == site


def test_a_state_file_linking_out_of_the_show_is_refused(published: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes((published / "published.json").read_bytes())
    (published / "published.json").unlink()
    (published / "published.json").symlink_to(elsewhere)
    code, _, stderr = publish(published, "--dry-run", now=LATE)
    assert code == 1
    assert any("published.json: state: got a link to a file elsewhere" in e for e in errors(stderr))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("pending", ["pipe", "nested", "huge"])
def test_odd_pending_pings_count_as_none(tmp_path: Path, pending: str) -> None:
    path = tmp_path / "ping.json"
    if pending == "pipe":
        os.mkfifo(path)
    elif pending == "nested":
        path.write_text("[" * 100_000)
    else:  # sparse: nothing is really written, and nothing may be read
        with open(path, "wb") as file:
            file.truncate(4 << 30)
    assert read_pending(path) == []


def test_a_cache_linking_out_of_the_show_gets_no_lock(published: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    before = move_out(published / ".cache", outside)
    site = snapshot(published)
    code, _, stderr = publish(published, now=LATE)
    assert code == 1 and "links outside the show folder" in stderr
    assert sorted(p.name for p in outside.iterdir()) == before
    assert snapshot(published) == site
