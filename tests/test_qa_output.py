"""QA: `--out` can never delete the show (or anything else that is not a previous site).

The output folder is replaced whole, so before this check `pipeline build --out .` replaced
the show folder with the site, and `--out episodes` deleted every episode file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, except caches and locks the commands keep in .cache/."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and ".cache" not in p.relative_to(folder).parts
    }


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", ["build", "publish"])
@pytest.mark.parametrize(
    ("out", "what"),
    [
        (".", "a show folder"),
        ("episodes", "not a previous output"),
        ("..", "not a previous output"),
    ],
    ids=["root", "episodes", "parent"],
)
def test_out_never_replaces_the_show(
    make_show: ShowMaker, command: str, out: str, what: str
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root.parent / "other-show-notes.txt").write_text("not ours")
    before = snapshot(root.parent)
    target = (root / out).resolve()
    extra = ["--no-ping", "--offline"] if command == "publish" else []
    code, stderr = invoke(
        command, "--root", str(root), "--out", str(root / out), "-q", *NOW, *extra
    )
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"Error: refusing to replace {target}: it is {what} and would be deleted; "
        "choose an empty or new folder for --out"
    )
    assert snapshot(root.parent) == before


def test_unrelated_folder_is_not_replaced_but_previous_site_is(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me")
    code, stderr = invoke("build", "--root", str(root), "--out", str(documents), "-q", *NOW)
    assert code == 1
    assert "Error: refusing to replace" in stderr
    assert (documents / "letter.txt").read_text() == "keep me"

    # An empty folder, and then the site built into it, are fine to (re)place.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("build", "--root", str(root), "--out", str(empty), "-q", *NOW)[0] == 0
    (root / "episodes" / "002-b.yaml").write_text(episode(2))
    assert invoke("build", "--root", str(root), "--out", str(empty), "-q", *NOW)[0] == 0
    assert (empty / "feed.xml").is_file()
