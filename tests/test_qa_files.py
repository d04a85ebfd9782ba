"""QA: an episode or post name that is not a readable file, or a content folder that is a
file, is an `Error:` line; before, such an episode silently dropped out of the feed."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode
from tests.test_qa_content import build_errors


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda p: p.mkdir(),
            "Error: episodes/002-b.yaml: file: got a folder, expected a text file",
        ),
        (
            lambda p: p.symlink_to("../elders/002-b.yaml"),
            "Error: episodes/002-b.yaml: file: got a link to nothing (../elders/002-b.yaml), "
            "expected a text file",
        ),
        (
            lambda p: os.mkfifo(p),
            "Error: episodes/002-b.yaml: file: got a special file, expected a text file",
        ),
    ],
    ids=["folder", "dangling-link", "fifo"],
)
def test_episode_that_is_not_a_file(make_show: ShowMaker, make: object, expected: str) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    make(root / "episodes" / "002-b.yaml")  # type: ignore[operator]
    assert build_errors(root) == [expected, "Error: 1 problem found; nothing was written."]


@pytest.mark.parametrize("folder", ["episodes", "posts"])
def test_content_folder_that_is_a_file(make_show: ShowMaker, folder: str) -> None:
    root = make_show()
    (root / folder).rmdir()
    (root / folder).write_text("oeps")
    assert build_errors(root)[0] == f"Error: {folder}: folder: got a file, expected a folder"


def test_other_files_in_content_folders_are_ignored(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / "episodes" / "README.txt").write_text("notities")
    (root / "episodes" / ".001-a.yaml.swp").write_bytes(b"\xff")
    (root / "posts" / "plaatjes").mkdir()
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output


def test_episode_names_differing_only_in_extension(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / "episodes" / "001-a.yml").write_text(episode(3))
    assert build_errors(root) == [
        "Error: episodes/001-a.yml: file name: got '001-a', expected a name no other episode "
        "has (.yaml or .yml) (also used by episodes/001-a.yaml)",
        "Error: 1 problem found; nothing was written.",
    ]


def test_cache_folder_that_is_a_file(make_show: ShowMaker) -> None:
    # No length: the build would measure the audio, so it opens the HTTP cache.
    root = make_show(episodes={"001-a": episode(1).replace("length: 1234567\n", "")})
    (root / ".cache").write_text("oeps")
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--offline", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot create the HTTP cache folder {root / '.cache' / 'http'}: Not a directory"
    ]
