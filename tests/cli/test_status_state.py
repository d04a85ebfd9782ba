"""`pipeline status` and a ``published.json`` that `pipeline publish` refuses (a pipe, a folder,
a link out of the show or to nothing, too large, not JSON): the same `Error:` line publish
prints, exit 1, the rest of the report still shown, and never a hang or a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.cli.test_status import rows, run, show, status

__all__ = ["show"]  # the fixture, used below by name


def pipe(root: Path, elsewhere: Path) -> None:
    os.mkfifo(root / "published.json")


def folder(root: Path, elsewhere: Path) -> None:
    (root / "published.json").mkdir()


def link_out(root: Path, elsewhere: Path) -> None:
    (elsewhere / "published.json").write_bytes(b'{"version": 1, "episodes": []}\n')
    (root / "published.json").symlink_to(elsewhere / "published.json")


def link_to_nothing(root: Path, elsewhere: Path) -> None:
    (root / "published.json").symlink_to(root / "gone.json")


def too_large(root: Path, elsewhere: Path) -> None:
    with open(root / "published.json", "wb") as file:  # sparse: nothing is really written
        file.truncate((64 << 20) + 1)


def not_json(root: Path, elsewhere: Path) -> None:
    (root / "published.json").write_text('{"version": 1,\n  "episodes": [\n')


CASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "pipe": (pipe, "got a special file"),
    "folder": (folder, "got a folder"),
    "link-out": (link_out, "got a link to a file elsewhere"),
    "link-to-nothing": (link_to_nothing, "got a link to nothing"),
    "too-large": (too_large, "got 67,108,865 bytes, more than the 67,108,864"),
    "not-json": (not_json, "got invalid JSON"),
}


def state_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: published.json")]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", list(CASES))
def test_a_state_file_publish_refuses_is_a_problem(show: Path, tmp_path: Path, case: str) -> None:
    make, got = CASES[case]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (show / "published.json").unlink()
    make(show, elsewhere)
    code, _, refused = run(show, "publish", "--dry-run", "--no-ping")
    assert code == 1 and "Traceback" not in refused
    (line,) = state_errors(refused)
    assert line.startswith("Error: published.json") and f": state: {got}" in line, line

    code, stdout, stderr = status(show)
    assert code == 1 and "Traceback" not in stdout + stderr
    assert state_errors(stderr) == [line]  # worded as publish words it
    assert stderr.splitlines()[-1] == "Error: 1 problem found; nothing was written."
    assert "due 2026-06-01 09:00 003-c" in rows(stdout)  # the rest of the report still shows
    assert stdout.splitlines()[-1].endswith(": refused by 1 problem; held back: 003-c.")

    code, stdout, _ = status(show, "--format", "json")
    assert code == 1
    data = json.loads(stdout)
    assert data["ok"] is False and data["next_run"]["refused"] is True
    assert data["problems"] == [line.removeprefix("Error: ")]


@pytest.mark.timeout(60)
def test_a_pipe_as_the_workflow_is_not_waited_on(show: Path) -> None:
    workflow = show / ".github" / "workflows" / "publish.yml"
    workflow.unlink()
    os.mkfifo(workflow)
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    assert stdout.splitlines()[-1].startswith("A publish now (")


def test_help_says_out_is_the_site_it_reads() -> None:
    result = CliRunner().invoke(main, ["status", "--help"], terminal_width=200)
    assert result.exit_code == 0
    (line,) = [s for s in result.stdout.splitlines() if s.strip().startswith("--out")]
    assert "Replaced" not in line and "goes" not in line
    assert "The built site status reads and compares with" in line, line
