"""The command ends without taking its objects apart one by one, and loses nothing by it:
output flushed, exit handlers run, the status as ``sys.exit`` gives it, other threads
awaited."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

RUN = """
import atexit, sys, threading, time
from pathlib import Path

flag = Path(sys.argv[1])


class Freed:
    def __del__(self, path=flag.with_suffix(".freed")):
        path.write_text("taken apart")


kept = Freed()  # a normal exit takes it apart with the module; the shortcut leaves it
atexit.register(lambda: flag.with_suffix(".atexit").write_text("ran"))
if sys.argv[2] == "thread":
    def later():
        time.sleep(0.5)
        flag.with_suffix(".thread").write_text("finished")
    threading.Thread(target=later).start()
sys.argv = ["pipeline", *sys.argv[3:]]
from pipeline.__main__ import run
run()
"""


def _run(tmp_path: Path, thread: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN, str(tmp_path / "flag"), thread, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_a_build_exits_with_its_output_flushed_and_exit_handlers_run(tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ("build", "--root", str(REPO), "--out", str(out), "--offline", "--now", "2026-12-01")
    done = _run(tmp_path, "no", *args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"Feed: {out / 'feed.xml'}"
    assert (tmp_path / "flag.atexit").read_text() == "ran"
    assert (out / "feed.xml").is_file()
    assert not (tmp_path / "flag.freed").exists(), "the objects were not taken apart"


def test_errors_keep_their_status_and_message(tmp_path: Path) -> None:
    done = _run(tmp_path, "no", "build", "--root", str(tmp_path / "nothing-here"))
    assert done.returncode in (1, 2) and "Error" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "flag.atexit").read_text() == "ran"
    usage = _run(tmp_path, "no", "build", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_a_thread_still_running_is_awaited(tmp_path: Path) -> None:
    done = _run(tmp_path, "thread", "--version")
    assert done.returncode == 0 and "pipeline" in done.stdout
    assert (tmp_path / "flag.thread").read_text() == "finished"
    assert (tmp_path / "flag.freed").read_text() == "taken apart"  # a normal exit
