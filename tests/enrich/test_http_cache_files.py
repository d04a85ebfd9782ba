"""The show's HTTP cache (.cache/http/responses.sqlite) when it cannot be used: damaged, a
FIFO beside it, behind a link leading outside the show. The run says so in one line and
keeps its answers in memory; it never hangs, never shows sqlite's traceback, never reads or
writes outside the show folder, and never deletes the file."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich.http import CLEAR, NotCachedError, default_cache_dir, make_session
from pipeline.errors import FetchError
from tests.conftest import REPO, ShowMaker, episode
from tests.fake_soundcloud import FakeSoundCloud

CACHE = ".cache/http/responses.sqlite"
MEMORY = "not used, this run keeps its answers in memory"
DAMAGED = f"{CACHE}: damaged (file is not a database); {MEMORY}; {CLEAR}"
OUTSIDE = f"{CACHE}: outside the show folder (a link leads there); {MEMORY}"
NOW = "2026-06-01T12:00+02:00"


@pytest.fixture
def fake() -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud() as server:
        server.add(1, "afl-1", "Afl. 1", datetime(2026, 3, 4, 7, 0, tzinfo=UTC))
        yield server


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "show").mkdir()
    return tmp_path / "show"


def media(fake: FakeSoundCloud) -> str:
    return f"{fake.url}/media/1.mp3"


def filled_cache(folder: Path, fake: FakeSoundCloud) -> None:
    """A good cache in ``folder`` holding the answer to ``media(fake)``."""
    session = make_session(folder)
    assert session.get(media(fake)).status_code == 200
    session.close()


def test_a_damaged_cache_is_a_notice_and_the_run_goes_on(root: Path, fake: FakeSoundCloud) -> None:
    (root / CACHE).parent.mkdir(parents=True)
    (root / CACHE).write_bytes(b"garbage\n")
    notices: list[str] = []
    session = make_session(default_cache_dir(root), root=root, notice=notices.append)
    assert notices == [DAMAGED]
    assert session.get(media(fake)).status_code == 200
    assert session.get(media(fake)).from_cache  # kept in memory for this run
    assert fake.requests_to("/media") == 1
    assert (root / CACHE).read_bytes() == b"garbage\n"  # the user's to delete, not ours


def test_a_damaged_cache_without_a_notice_is_an_error(root: Path) -> None:
    (root / CACHE).parent.mkdir(parents=True)
    (root / CACHE).write_bytes(b"garbage\n")
    with pytest.raises(FetchError) as raised:
        make_session(default_cache_dir(root), root=root)
    assert str(raised.value) == DAMAGED
    assert not isinstance(raised.value, sqlite3.Error)


def test_offline_a_damaged_cache_is_named_instead_of_build_once_online(root: Path) -> None:
    (root / CACHE).parent.mkdir(parents=True)
    (root / CACHE).write_bytes(b"garbage\n")
    session = make_session(default_cache_dir(root), True, root=root, notice=lambda _: None)
    with pytest.raises(FetchError) as raised:
        session.get("http://127.0.0.1:9/media/1.mp3")
    assert not isinstance(raised.value, NotCachedError)
    assert str(raised.value) == (
        "http://127.0.0.1:9/media/1.mp3: not answered: "
        f"{CACHE}: damaged (file is not a database), and --offline asks no server"
    )


def test_damage_past_the_first_page_is_a_fetch_error(tmp_path: Path, fake: FakeSoundCloud) -> None:
    """The first page opens fine; the answers' pages are read only when a request asks."""
    filled_cache(tmp_path, fake)
    path = tmp_path / "responses.sqlite"
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xff" * (len(data) - 4096))
    session = make_session(tmp_path, offline=True)
    with pytest.raises(FetchError, match=r"the HTTP cache .* failed \(database disk image"):
        session.get(media(fake))


# In a child process: SQLite retries a read that a signal interrupts, so a hang inside it
# is beyond pytest-timeout's signal; the child is killed instead.
OPEN_AND_GET = """\
import sys
from pathlib import Path
from pipeline.enrich.http import default_cache_dir, make_session
root = Path(sys.argv[1])
session = make_session(default_cache_dir(root), root=root, notice=print)
print(session.get(sys.argv[2]).status_code)
"""


@pytest.mark.parametrize("side", ["", "-journal", "-wal", "-shm"])
def test_a_fifo_in_the_cache_is_a_notice_not_a_hang(
    root: Path, fake: FakeSoundCloud, side: str
) -> None:
    filled_cache(root / ".cache/http", fake)
    (root / f"{CACHE}{side}").unlink(missing_ok=True)
    os.mkfifo(root / f"{CACHE}{side}")  # nobody writes into it: SQLite would wait forever
    try:
        found = subprocess.run(
            [sys.executable, "-c", OPEN_AND_GET, str(root), media(fake)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("opening the cache hung")
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == [
        f"{CACHE}{side}: not a regular file; {MEMORY}; {CLEAR}",
        "200",
    ]


@pytest.mark.parametrize("link", [".cache", ".cache/http"])
@pytest.mark.parametrize("offline", [False, True])
def test_a_cache_linking_outside_the_show_is_neither_read_nor_written(
    root: Path, tmp_path: Path, fake: FakeSoundCloud, link: str, offline: bool
) -> None:
    elsewhere = tmp_path / "elsewhere"
    filled_cache(elsewhere / "http" if link == ".cache" else elsewhere, fake)
    before = {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()}
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(elsewhere, target_is_directory=True)
    notices: list[str] = []
    session = make_session(default_cache_dir(root), offline, root=root, notice=notices.append)
    assert notices == [OUTSIDE]
    if offline:  # the answer kept there is not read
        with pytest.raises(FetchError, match=re.escape(f"not answered: {OUTSIDE.split(';')[0]}")):
            session.get(media(fake))
    else:
        assert not session.get(media(fake)).from_cache
        assert fake.requests_to("/media") == 2  # once to fill the planted cache, once now
    assert {p: p.read_bytes() for p in elsewhere.rglob("*") if p.is_file()} == before


def build(root: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(root / "site"), "--now", NOW, *options]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def test_a_build_with_a_damaged_cache_says_so_and_measures_online(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    # No length: the build measures the audio, so it opens the HTTP cache.
    unmeasured = episode(1, audio=media(fake)).replace(
        "audio: https://media.show.example/1.mp3\n", ""
    )
    show = make_show(
        episodes={"001-a": unmeasured.replace("length: 1234567\n", "")},
        files={CACHE: b"garbage\n"},
    )
    code, err = build(show)
    assert code == 0, err
    assert f"Notice: {DAMAGED}" in err.splitlines()
    assert (show / CACHE).read_bytes() == b"garbage\n"
    code, err = build(show, "--offline")  # the answer was kept in memory only
    assert code == 1
    assert f"not answered: {CACHE}: damaged (file is not a database)" in err
    assert "Traceback" not in err
