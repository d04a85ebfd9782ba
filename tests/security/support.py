"""Helpers for the attack tests: a build with a time limit, and a show with a post."""

from __future__ import annotations

import multiprocessing
import textwrap
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main

NOW = "2026-06-01T12:00+02:00"


def _invoke(args: list[str], conn: object) -> None:
    result = CliRunner().invoke(main, args)
    error = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error = repr(result.exception)
    conn.send((result.exit_code, result.stdout, result.stderr, error))  # type: ignore[attr-defined]


def run(args: list[str], seconds: float = 20.0) -> tuple[int, str, str]:
    """Run a CLI command in a forked process: (exit code, stdout, stderr).

    Fails the test if the command raised (a traceback) or ran past ``seconds`` (a hang is
    a failure here, not a stuck test run)."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_invoke, args=(args, child))
    proc.start()
    child.close()
    if not parent.poll(seconds):
        proc.kill()
        proc.join()
        raise AssertionError(f"pipeline {' '.join(args[:1])} ran past {seconds:g}s (a hang)")
    code, stdout, stderr, error = parent.recv()
    proc.join()
    assert error is None, error
    return code, stdout, stderr


def build(root: Path, *args: str, seconds: float = 20.0) -> tuple[int, str, str]:
    return run(["build", "--root", str(root), "-q", "--now", NOW, *args], seconds)


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def post(body: str, **front: str) -> str:
    """A post file: front matter (title and date by default), then ``body`` as is."""
    fields = {"title": '"Een post"', "date": "2026-03-01", **front}
    head = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return f"---\n{head}---\n" + body


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def move_out(folder: Path, outside: Path) -> list[str]:
    """Move ``folder``'s files to ``outside`` and leave a link to it in its place (a show
    folder linking out of the show); returns the names moved, to compare with after."""
    outside.mkdir()
    for item in folder.iterdir():
        item.rename(outside / item.name)
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    return sorted(p.name for p in outside.iterdir())


def dedent(text: str) -> str:
    return textwrap.dedent(text)
