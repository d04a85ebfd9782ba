"""``pipeline new`` and ``pipeline init`` where their folders are not what they seem: an
``episodes/`` linking out of the show (new wrote the episode there), a file or a pipe where
the show's folder belongs (init gave a NotADirectoryError traceback). Each is an Error
line, exit 1, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.security.support import move_out

INIT = ["--title", "T", "--description", "D", "--author", "A", "--owner-email", "a@b.example",
        "--language", "nl", "--base-url", "https://x.example/", "--category", "Technology",
        "--no-input", "--pipeline-spec", "podcast-pipeline==1",
        "--artwork", "https://x.example/a.png"]  # fmt: skip


def test_new_refuses_an_episodes_folder_linking_out(sample_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    before = move_out(sample_copy / "episodes", outside)
    result = CliRunner().invoke(main, ["new", "Een titel", "--root", str(sample_copy)])
    assert result.exit_code == 1, result.output
    assert "links outside the show folder" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == before


@pytest.mark.parametrize("kind", ["file", "pipe"])
def test_init_where_a_file_or_pipe_is(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "show"
    if kind == "file":
        target.write_text("not a folder")
        where = target / "sub"
    else:
        os.mkfifo(target)
        where = target
    result = CliRunner().invoke(main, ["init", str(where), *INIT])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot create the folder"), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--root", "{loop}"],
        ["build", "--root", "{show}", "--out", "{loop}"],
        ["check", "--root", "{loop}"],
        ["status", "--root", "{show}", "--out", "{loop}"],
        ["init", "{loop}", *INIT],
    ],
)
def test_a_folder_that_is_a_link_loop_is_named(
    sample_copy: Path, tmp_path: Path, args: list[str]
) -> None:
    """A link leading back to itself, given as a folder, was a RuntimeError traceback from
    every command that resolved it."""
    loop = tmp_path / "loop"
    loop.symlink_to(tmp_path / "back")
    (tmp_path / "back").symlink_to(loop)
    given = [a.format(loop=loop, show=sample_copy) for a in args]
    result = CliRunner().invoke(main, given)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "not a link that loops back on itself" in result.stderr
