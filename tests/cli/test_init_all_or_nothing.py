"""`pipeline init` writes the whole show or nothing of it: every problem (the options' and
the folder's) is found before the first byte is written, and a write that still fails
(another program taking a name meanwhile, a full disk) takes back what the run had
created, and only that."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.commands.init
from pipeline.cli import main
from tests.cli.test_init import artwork, options

__all__ = ["artwork"]  # the fixture, used by name


def init(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["init", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, [line for line in result.stderr.splitlines() if "Error:" in line]


def tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``root``."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(root.rglob("*"))
    }


def test_a_file_where_a_folder_belongs_is_refused_before_writing(
    tmp_path: Path, artwork: Path
) -> None:
    """`.github` a plain file: publish.yml cannot be written, and the files before it were."""
    root = tmp_path / "show"
    root.mkdir()
    (root / ".github").write_text("mine\n")
    (root / "static").symlink_to(tmp_path / "gone")
    code, errors = init(root, *options(artwork))
    assert code == 1
    assert errors == [
        "Error: .github: folder: got a file, expected a folder (or nothing)",
        "Error: static: folder: got a link to nothing, expected a folder (or nothing)",
        "Error: 2 problems found; nothing was written.",
    ]
    assert tree(root) == {".github": b"mine\n", "static": None}


def test_a_folder_linking_out_of_the_show_is_refused_before_writing(
    tmp_path: Path, artwork: Path
) -> None:
    """`static`, `.github` and `audio` links to folders elsewhere: init copied the artwork
    and wrote publish.yml out there, through the links, and the show it made did not build
    (a build refuses a folder linking out). A link to a folder inside the show is a folder."""
    root = tmp_path / "show"
    elsewhere = tmp_path / "elders"
    (root / "plaatjes").mkdir(parents=True)
    for name in ("static", "github", "opnames"):
        (elsewhere / name).mkdir(parents=True)
    (root / "static").symlink_to(Path("..", "elders", "static"))
    (root / ".github").symlink_to(Path("..", "elders", "github"))
    (root / "audio").symlink_to(Path("..", "elders", "opnames"))
    (root / "posts").symlink_to("plaatjes")  # a folder inside the show: fine
    code, errors = init(root, *options(artwork))
    assert code == 1
    expected = "expected a folder inside the show folder (or nothing)"
    assert errors == [
        f"Error: audio: folder: got a link to '../elders/opnames', {expected}",
        f"Error: .github: folder: got a link to '../elders/github', {expected}",
        f"Error: static: folder: got a link to '../elders/static', {expected}",
        "Error: 3 problems found; nothing was written.",
    ]
    assert tree(elsewhere) == {"github": None, "opnames": None, "static": None}


def test_every_option_problem_at_once_with_the_folders(
    tmp_path: Path, artwork: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Missing answers, bad ones, a bad artwork path, no pipeline to pin and a file in the way
    come in one run; each used to wait until the one before it was fixed."""
    root = tmp_path / "show"
    root.mkdir()
    (root / "README.md").write_text("mine\n")
    args = options(artwork, **{"--owner-email": "kees-at-koffie", "--artwork": "cover.gif"})
    for option in ("--title", "--pipeline-spec"):
        del args[args.index(option) : args.index(option) + 2]
    # installed from no repository GitHub could install from (a clone without origin)
    why = "this pipeline was not installed from a git repository or a clone"
    monkeypatch.setattr(pipeline.commands.init, "default_spec", lambda _: (None, why))
    monkeypatch.delenv("PIPELINE_SPEC", raising=False)
    code, errors = init(root, *args)
    assert code == 1
    assert [line.split(", expected")[0] for line in errors] == [
        "Error: pipeline init: --title: got nothing",
        "Error: pipeline init: --pipeline-spec: got nothing",
        "Error: pipeline init: --artwork: got 'cover.gif'",
        "Error: pipeline init: --owner-email: got 'kees-at-koffie'",
        "Error: README.md: file: got an existing file",
        "Error: 5 problems found; nothing was written.",
    ]
    assert errors[1].endswith(f"; none can be found here ({why})")
    assert tree(root) == {"README.md": b"mine\n"}


def fail_at(name: str, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Make the write of ``name`` fail where the system would: another program writes the
    file first (``taken``), or the disk is full (``full``). A file is put in place with
    os.link (its bytes are written to a temporary sibling first)."""
    real = os.link

    def link(src: str | Path, dst: str | Path) -> None:
        if Path(dst).as_posix().endswith(name):
            if how == "full":
                raise OSError(errno.ENOSPC, "No space left on device")
            Path(dst).write_text("# theirs\n")
        real(src, dst)

    monkeypatch.setattr(os, "link", link)


def test_a_late_failure_removes_what_the_run_created_and_only_that(
    tmp_path: Path, artwork: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "show"
    (root / ".github").mkdir(parents=True)
    (root / "notities.txt").write_text("mijn aantekeningen\n")
    fail_at(".github/workflows/publish.yml", monkeypatch, "taken")
    code, errors = init(root, *options(artwork))
    assert code == 1
    # podcast.toml, README.md, .gitignore, episodes/, posts/, audio/ gone; what was there
    # before stays, and so does the file the other program wrote (and the folder holding it)
    assert tree(root) == {
        ".github": None,
        ".github/workflows": None,
        ".github/workflows/publish.yml": b"# theirs\n",
        "notities.txt": b"mijn aantekeningen\n",
    }
    workflow = root / ".github" / "workflows" / "publish.yml"
    assert errors == [
        f"Error: {workflow} appeared while importing; not overwriting it; nothing was written "
        "(what this run had written is removed again)"
    ]


def test_a_full_disk_at_the_last_file_leaves_no_show_folder(
    tmp_path: Path, artwork: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "nieuw" / "show"
    fail_at("static/artwork.jpg", monkeypatch, "full")
    code, errors = init(root, *options(artwork))
    assert code == 1
    assert not (tmp_path / "nieuw").exists()  # the folders it made, parents included
    assert errors == [
        f"Error: could not write {root / 'static' / 'artwork.jpg'}: [Errno 28] No space left "
        "on device; nothing was written (what this run had written is removed again)"
    ]


def test_replace_sample_failing_late_puts_the_sample_back(
    sample_copy: Path, artwork: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(sample_copy)
    fail_at("static/artwork.jpg", monkeypatch, "full")
    code, errors = init(sample_copy, *options(artwork), "--replace-sample")
    assert code == 1
    assert tree(sample_copy) == before  # every sample file back, byte for byte
    assert errors[0].endswith("what this run had written is removed again)")

    monkeypatch.undo()
    code, errors = init(sample_copy, *options(artwork), "--replace-sample")
    assert code == 0, errors
    assert not list(sample_copy.rglob(".*.init"))  # the moved-aside sample files are gone
    assert not list((sample_copy / "episodes").iterdir())
