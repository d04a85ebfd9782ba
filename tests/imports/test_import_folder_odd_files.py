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


def test_a_link_out_of_an_input_folder_is_skipped(make_show: ShowMaker, tmp_path: Path) -> None:
    """The user named the folder, not what its links point to: a link in it to a file
    elsewhere (another show's posts, ~/.ssh/) had that file read, imported and its text kept
    in imports/. It is skipped, with the reason; a link within the folder is followed."""
    root = make_show()
    folder, elsewhere = tmp_path / "in", tmp_path / "elders"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "a.md").write_text("# Over de kassa\n\nGeplaatst op 3 maart 2026\n\nTekst.\n")
    (folder / "notities").mkdir()
    bel = "# Over de bel\n\nGeplaatst op 5 maart 2026\n\nTekst.\n"
    (folder / "notities" / "b.tekst").write_text(bel)
    (folder / "ook.md").symlink_to(Path("notities", "b.tekst"))
    (elsewhere / "geheim.md").write_text("# Geheim\n\nGeplaatst op 4 maart 2026\n\nTekst.\n")
    (folder / "b.md").symlink_to(elsewhere / "geheim.md")
    (folder / "c.md").symlink_to(Path("..", "elders", "geheim.md"))
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), str(folder)])
    assert result.exit_code == 0, result.output
    outside = f"a link to {elsewhere / 'geheim.md'}, outside the folder {folder}; skipped"
    lines = result.output.splitlines()
    assert f"{folder / 'b.md'}: {outside}" in lines
    assert f"{folder / 'c.md'}: {outside}" in lines
    assert lines[-1] == "Imported 2 posts (0 already there, 2 skipped)."
    posts = sorted(p.name for p in (root / "posts").iterdir())
    assert posts == ["2026-03-03-over-de-kassa.md", "2026-03-05-over-de-bel.md"]
    assert sorted(p.name for p in (root / "imports").iterdir()) == ["a.md", "ook.md"]


def test_a_file_met_twice_is_imported_once(make_show: ShowMaker, tmp_path: Path) -> None:
    """A link in the folder to another input there, a link up into it from a subfolder, or
    a file named beside its folder: the same file read twice clashed with itself ("a title
    no other input has") and nothing was imported. It is read once, under its own name."""
    root = make_show()
    folder = tmp_path / "in"
    (folder / "oud").mkdir(parents=True)
    (folder / "b.md").write_text("# Over de kassa\n\nGeplaatst op 3 maart 2026\n\nTekst.\n")
    (folder / "a-laatste.md").symlink_to("b.md")  # sorted before the file it names
    (folder / "oud" / "kassa.md").symlink_to(Path("..", "b.md"))
    args = ["import", "posts", "--root", str(root), str(folder / "b.md"), str(folder)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    same = f"the same file as {folder / 'b.md'}; skipped"
    assert [line for line in lines if line.endswith("skipped")] == [
        f"{folder / 'a-laatste.md'}: {same}",
        f"{folder / 'b.md'}: {same}",
        f"{folder / 'oud' / 'kassa.md'}: {same}",
    ]
    assert lines[-1] == "Imported 1 post (0 already there, 3 skipped)."
    assert [p.name for p in (root / "posts").iterdir()] == ["2026-03-03-over-de-kassa.md"]
    assert [p.name for p in (root / "imports").iterdir()] == ["b.md"]
