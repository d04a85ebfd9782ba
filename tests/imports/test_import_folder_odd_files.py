"""A folder given to ``pipeline import posts``: a pipe or a broken link named like an
input is reported (as when named directly), never skipped in silence or read (a pipe
would block the read for ever)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker


@pytest.mark.timeout(60)
def test_odd_files_in_an_input_folder_are_reported(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# Over de kassa\n\nGeplaatst op 3 maart 2026\n\nTekst.\n")
    os.mkfifo(folder / "b.md")
    (folder / "c.md").symlink_to("nergens.md")
    (folder / "notes.png").symlink_to("nergens.png")  # not named like an input: not ours
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), str(folder)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert any(e.startswith(f"Error: {folder / 'b.md'}: file: got a special file") for e in errors)
    assert any(e.startswith(f"Error: {folder / 'c.md'}: file: ") for e in errors), errors
    assert not any("notes.png" in e for e in errors)
    assert not list((root / "posts").iterdir())  # nothing imported while anything is wrong
