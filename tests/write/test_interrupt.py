"""QA: Ctrl-C and SIGTERM never leave a traceback, a half-written folder or a missing site.

Before: Ctrl-C in a terminal reached every rendering worker (one KeyboardInterrupt traceback
each), SIGTERM (a cancelled CI job) left `.site.new-*` folders behind, and an interrupt
between the writer's two renames could leave no site at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import write
from pipeline.cli import main
from pipeline.errors import InterruptedAfterWrite
from pipeline.parallel import MIN_PARALLEL, fork_map
from pipeline.write import write_output
from tests.conftest import REPO, ShowMaker, episode


def _ignores_ctrl_c(_: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_rendering_workers_ignore_ctrl_c() -> None:
    results = fork_map(_ignores_ctrl_c, list(range(MIN_PARALLEL + 10)), jobs=2)
    assert all(results)
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the parent still stops


def test_interrupt_while_writing_leaves_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    write_output({"index.html": b"old", "feed.xml": b"old"}, out)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write.shutil, "copyfile", interrupted)
    source = tmp_path / "a.mp3"
    source.write_bytes(b"ID3")
    with pytest.raises(KeyboardInterrupt):
        write_output({"index.html": b"new", "feed.xml": b"new", "a.mp3": source}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp3", "site"]


def test_interrupt_between_the_renames_puts_the_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that must become a folder: the site is swapped whole, in two renames."""
    out = tmp_path / "site"
    write_output({"index.html": b"old", "tags": b"a file"}, out)
    real_rename = os.rename
    calls: list[str] = []

    def rename(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 2:  # the new folder moving into place
            raise KeyboardInterrupt
        real_rename(src, dst)

    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        write_output({"index.html": b"new", "tags/index.html": b"now a folder"}, out)
    assert (out / "index.html").read_bytes() == b"old"
    assert (out / "tags").read_bytes() == b"a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    ("call", "at"), [("replace", 1), ("replace", 2), ("replace", 3), ("rename", 1)]
)  # each new or changed file renamed into place; then b/index.html moved out
def test_interrupt_during_an_update_puts_every_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, at: int
) -> None:
    out = tmp_path / "site"
    before = {"index.html": b"old", "a/index.html": b"a", "b/index.html": b"b", "c.txt": b"c"}
    write_output(before, out)
    snapshot = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }
    real = getattr(os, call)
    calls: list[str] = []

    def interrupted(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == at:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(write.os, call, interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_output(
            {"index.html": b"new", "a/index.html": b"a2", "d/e/index.html": b"d", "c.txt": b"c"},
            out,
        )
    monkeypatch.setattr(write.os, call, real)
    assert {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    } == snapshot
    assert not (out / "d").exists()  # folders the update made are gone again
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


SIGTERM_DURING_BUILD = """
import os, signal, sys, time
import pipeline.build as build

real = build.render_all

def render_then_terminated(*args, **kwargs):
    files = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)  # as `kill` or a cancelled CI job does
    time.sleep(5)
    return files

build.render_all = render_then_terminated
from pipeline.cli import main
sys.exit(main(["build", "--root", sys.argv[1], "-q", "--now", "2026-06-01T12:00+02:00"]))
"""


def test_sigterm_stops_like_ctrl_c(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_DURING_BUILD, str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr.splitlines()[-1] == "Interrupted; nothing was written."
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in root.iterdir()) == ["episodes", "podcast.toml", "posts"]


CTRL_C_DURING_IMPORT = """
import builtins, sys
real_import = builtins.__import__

def slow_import(name, *args, **kwargs):
    if name == "pipeline.cli":
        raise KeyboardInterrupt  # Ctrl-C while numpy, scipy and lxml load
    return real_import(name, *args, **kwargs)

builtins.__import__ = slow_import
from pipeline.__main__ import run
run()
"""


def test_ctrl_c_while_starting_up() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CTRL_C_DURING_IMPORT, "build"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 130
    assert result.stderr == "Interrupted; nothing was written.\n"
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'pipeline = "pipeline.__main__:run"' in pyproject  # the installed script uses it


def _interrupt_removing_old(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the writer removes what the new site replaced (the last step)."""
    real = write.shutil.rmtree

    def rmtree(path: str | Path, *args: object, **kwargs: object) -> None:
        if ".site.old-" in str(path):
            raise KeyboardInterrupt
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(write.shutil, "rmtree", rmtree)


@pytest.mark.parametrize(
    "before",
    [{"index.html": b"old", "tags/index.html": b"t"}, {"index.html": b"old", "tags": b"file"}],
    ids=["updated in place", "swapped whole"],
)
def test_interrupt_after_the_new_site_is_in_place_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: dict[str, bytes]
) -> None:
    """Before: the site was the new one, yet the interrupt read "nothing was written"."""
    out = tmp_path / "site"
    write_output(before, out)
    _interrupt_removing_old(monkeypatch)
    with pytest.raises(InterruptedAfterWrite) as raised:
        write_output({"index.html": b"new", "tags/index.html": b"new tags"}, out)
    assert raised.value.out == str(out)
    assert (out / "index.html").read_bytes() == b"new"
    assert (out / "tags" / "index.html").read_bytes() == b"new tags"
    monkeypatch.undo()
    write_output({"index.html": b"new", "tags/index.html": b"new tags"}, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the next run tidies


def test_cli_reports_an_interrupt_after_the_write(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    now = ["--now", "2026-06-01T12:00+02:00"]
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-q", *now]).exit_code == 0
    (root / "episodes" / "002-b.yaml").write_text(episode(2), encoding="utf-8")
    _interrupt_removing_old(monkeypatch)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *now])
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (
        f"Interrupted after the new site was written to {root / 'site'} in full; run the"
        " command again to finish (a folder it left beside the site is removed then)."
    )
    assert "Afl. 2" in (root / "site" / "feed.xml").read_text(encoding="utf-8")


def test_an_interrupt_while_the_build_keeps_its_caches_says_the_site_is_new(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the writer is done, the build keeps its caches and record: Ctrl-C then said
    "nothing was written" of a site that was new, in full."""
    import pipeline.build

    root = make_show(episodes={"001-a": episode(1)})
    now = ["--now", "2026-06-01T12:00+02:00"]
    assert CliRunner().invoke(main, ["build", "--root", str(root), "-q", *now]).exit_code == 0
    (root / "episodes" / "002-b.yaml").write_text(episode(2), encoding="utf-8")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.build, "keep", interrupted)
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *now])
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1].startswith(
        f"Interrupted after the new site was written to {root / 'site'} in full"
    )
    assert "Afl. 2" in (root / "site" / "feed.xml").read_text(encoding="utf-8")
    monkeypatch.undo()
    again = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *now])
    assert again.exit_code == 0, again.output
