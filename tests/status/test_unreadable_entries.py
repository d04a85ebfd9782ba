"""`pipeline status` and an entry named as an episode or post that is no readable file (a
folder, a link to nothing, a link that loops, a pipe): it has a row, blocked with the
problem the build refuses it with, and the rest of the report is there; exit 1, never a
traceback. Such an entry had no row at all: only its `Error:` line said it was there."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.paths import UTF8_NAME_EXPECTED
from tests.cli.test_status import rows, show, status
from tests.status.test_built_locally import notes

__all__ = ["show"]  # the fixture, used below by name


def folder(path: Path) -> None:
    path.mkdir()


def link_to_nothing(path: Path) -> None:
    path.symlink_to("gone.yaml")


def loop(path: Path) -> None:
    path.symlink_to(path.name)


def pipe(path: Path) -> None:
    os.mkfifo(path)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "folder": (folder, "a folder"),
    "link to nothing": (link_to_nothing, "a link to nothing (gone.yaml)"),
    "link that loops": (loop, "a link that loops (006-f.yaml)"),
    "pipe": (pipe, "a special file"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_episode_that_is_no_file_has_a_blocked_row(show: Path, case: str) -> None:
    make, got = CASES[case]
    make(show / "episodes" / "006-f.yaml")
    code, stdout, stderr = status(show)
    assert "Traceback" not in stdout + stderr
    assert code == 1
    assert "blocked ? 006-f" in rows(stdout)  # was: no row
    assert notes(stdout, "006-f") == [f"file: got {got}, expected a text file"]
    assert "live 2026-03-01 07:00 001-a" in rows(stdout)
    assert "due 2026-06-01 09:00 003-c" in rows(stdout)
    assert f"Error: episodes/006-f.yaml: file: got {got}, expected a text file" in stderr

    data = json.loads(status(show, "--format", "json")[1])
    (row,) = [r for r in data["episodes"] if r["path"] == "episodes/006-f.yaml"]
    assert (row["kind"], row["slug"], row["state"], row["date"]) == (
        "episode",
        "006-f",
        "blocked",
        None,
    )
    assert row["reasons"] == [f"file: got {got}, expected a text file"]


def test_a_post_that_is_a_folder_has_a_blocked_row(show: Path) -> None:
    (show / "posts" / "2026-06-10-zes.md").mkdir()
    code, stdout, stderr = status(show)
    assert "Traceback" not in stdout + stderr
    assert code == 1
    assert "blocked ? 2026-06-10-zes" in rows(stdout)
    assert notes(stdout, "2026-06-10-zes") == ["file: got a folder, expected a text file"]
    data = json.loads(status(show, "--format", "json")[1])
    assert [r["slug"] for r in data["posts"] if r["state"] == "blocked"] == ["2026-06-10-zes"]


def test_other_names_in_the_folders_get_no_row(show: Path) -> None:
    """Only names the build reads as an episode or post: a folder of notes, a hidden one."""
    before = rows(status(show)[1])
    (show / "episodes" / "notes").mkdir()
    (show / "episodes" / ".006-f.yaml").mkdir()
    (show / "posts" / "drafts.txt").mkdir()
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    assert rows(stdout) == before


def test_an_episode_whose_name_is_not_utf8_has_one_printable_row(show: Path) -> None:
    """A file named with Latin-1 bytes (``caf\\xe9.yaml``): the report ended in a
    UnicodeEncodeError traceback printing its row."""
    folder = os.fsencode(show / "episodes")
    with open(folder + b"/caf\xe9.yaml", "w", encoding="utf-8") as file:
        file.write("title: Caf\n")
    code, stdout, stderr = status(show)
    assert "Traceback" not in stdout + stderr
    assert code == 1
    assert [row for row in rows(stdout) if "caf" in row] == ["blocked ? caf\\xe9"]
    expected = f"file name: got caf\\xe9.yaml, expected {UTF8_NAME_EXPECTED}"
    assert notes(stdout, "caf\\xe9") == [expected]
    assert f"Error: episodes/caf\\xe9.yaml: {expected}" in stderr
