"""The build's record (.cache/build/last.json) when it is no plain file of the show: a
FIFO, a file too large to be one, a .cache linking outside the show. Each is a one-line
notice and a full build, never a hang, a memory blow-up or a file read or written outside
the show folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.fingerprint as fingerprint
from pipeline.cli import main
from pipeline.fingerprint import RECORD
from tests.conftest import REPO, ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"
UNCHANGED = "Nothing changed since the last build"
NOTICE = f"Notice: {RECORD.as_posix()}:"


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    return make_show(episodes={"001-a": episode(1), "002-b": episode(2)})


def run(root: Path, out: Path) -> str:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--now", NOW, "--offline"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.stderr
    return result.stderr


def record_notices(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(NOTICE)]


@pytest.mark.timeout(30)
def test_a_fifo_as_record_is_a_notice_not_a_hang(show: Path, tmp_path: Path) -> None:
    (show / RECORD).parent.mkdir(parents=True)
    os.mkfifo(show / RECORD)  # nobody writes into it: reading it would wait forever
    out = tmp_path / "site"
    err = run(show, out)
    assert record_notices(err) == [
        f"{NOTICE} unreadable (not a regular file); ignored, building everything"
    ]
    assert (out / "feed.xml").is_file()
    assert (show / RECORD).is_file()  # the build's own record took its place
    assert UNCHANGED in run(show, out)


def test_a_record_nested_too_deeply_is_a_notice(show: Path, tmp_path: Path) -> None:
    """json.loads reads arrays by recursion: a damaged record of 100,000 [ was a
    RecursionError traceback, where a damaged record is to be ignored with a notice."""
    out = tmp_path / "site"
    run(show, out)
    (show / RECORD).write_text("[" * 100_000 + "]" * 100_000)
    [notice] = record_notices(run(show, out))
    assert notice.startswith(f"{NOTICE} unreadable (maximum recursion depth exceeded")
    assert notice.endswith("; ignored, building everything")
    assert UNCHANGED in run(show, out)


def test_a_record_larger_than_the_limit_is_not_read(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit lowered, so that without it the test reads kilobytes, not gigabytes."""
    monkeypatch.setattr(fingerprint, "RECORD_LIMIT", 1024)
    out = tmp_path / "site"
    run(show, out)
    with open(show / RECORD, "r+b") as file:
        file.truncate(4096)  # its JSON followed by zeros: were it read, "unreadable (...)"
    assert record_notices(run(show, out)) == [
        f"{NOTICE} unreadable (4,096 bytes, more than the 1,024 a record may have); "
        "ignored, building everything"
    ]


def test_a_sparse_2_gib_record_is_refused_unread(tmp_path: Path) -> None:
    """A child process with 1 GiB of address space reads the record: were the 2 GiB file
    read, it would fail with MemoryError rather than take a shared machine's memory."""
    record = tmp_path / RECORD
    record.parent.mkdir(parents=True)
    with open(record, "wb") as file:
        file.truncate(2 << 30)  # sparse: no disk space taken
    script = textwrap.dedent(
        """\
        import resource, sys
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from pipeline.fingerprint import read_record
        print(read_record(Path(sys.argv[1]))[1])
        """
    )
    found = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout == (
        f"{RECORD.as_posix()}: unreadable (2,147,483,648 bytes, more than the 268,435,456 "
        "a record may have); ignored, building everything\n"
    )


@pytest.mark.parametrize("link", [".cache", ".cache/build"])
def test_a_record_outside_the_show_is_neither_written_nor_read(
    show: Path, tmp_path: Path, link: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (show / link).parent.mkdir(parents=True, exist_ok=True)
    (show / link).symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "site"
    outside = (
        f"{NOTICE} outside the show folder (a link leads there), where a build neither reads "
        "nor writes; ignored, building everything"
    )
    assert record_notices(run(show, out)) == [outside]
    assert not any(elsewhere.rglob(RECORD.name))  # nothing written there
    # A record planted there, made by a build of the same show, is not taken up either.
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("podcast.toml", "episodes", "posts"):
        os.rename(show / name, copy / name)
    run(copy, out)
    for name in ("podcast.toml", "episodes", "posts"):
        os.rename(copy / name, show / name)
    target = (show / RECORD).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(copy / RECORD, target)
    err = run(show, out)
    assert UNCHANGED not in err
    assert record_notices(err) == [outside]


def test_a_folder_as_record_is_named_plainly(show: Path, tmp_path: Path) -> None:
    """The notice said 'unreadable ([Errno 21] Is a directory: 3)': the descriptor's
    number, not the file's name, and the error's code."""
    (show / RECORD).mkdir(parents=True)
    assert record_notices(run(show, tmp_path / "site")) == [
        f"{NOTICE} unreadable (Is a directory); ignored, building everything"
    ]
