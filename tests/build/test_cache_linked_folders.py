"""A ``.cache`` or ``.cache/build`` that is a symbolic link to a folder inside the show is
neither written through nor read, wherever it leads: ``ln -s ../episodes .cache/build``
had every build write its memos and record among the episodes. The build goes on without
its caches (one notice, for the record) and its output is that of a build without them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.fingerprint import RECORD
from tests.build.test_cache_links import AFRESH, NOW, files

CACHES = list(AFRESH)  # every cache file a build keeps
IGNORED = "where a build neither reads nor writes; ignored, building everything"


def build(root: Path, out: Path) -> list[str]:
    """The notices of a build of ``root`` into ``out``."""
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--now", NOW, "--offline"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.stderr
    assert "Nothing changed" not in result.stdout  # no record kept: every build is whole
    return [line for line in result.stderr.splitlines() if line.startswith("Notice: ")]


@pytest.mark.timeout(180)
@pytest.mark.parametrize(
    ("link", "target", "named"),
    [
        (".cache/build", "../episodes", ".cache/build"),
        (".cache", "posts", ".cache"),
        (".cache/build", "../notes", ".cache/build"),  # a folder of no use to the build
    ],
)
def test_a_cache_folder_linking_inside_the_show_is_not_written_through(
    sample_copy: Path, tmp_path: Path, link: str, target: str, named: str
) -> None:
    cold = tmp_path / "cold"
    build(sample_copy, cold)  # no link: every cache made from nothing
    expected = files(cold)
    notes = sample_copy / "notes"
    notes.mkdir()
    (notes / "lees-mij.txt").write_text("Aantekeningen.\n", "utf-8")
    for name in [*CACHES, RECORD]:
        (sample_copy / name).unlink()
    path = sample_copy / link
    assert not [p for p in path.rglob("*") if p.is_file()]  # the caches, removed above
    shutil.rmtree(path)
    path.symlink_to(target, target_is_directory=True)
    folder = path.resolve()
    before = files(folder)
    for run in ("first", "second"):  # the second: no record was kept to stop it early
        out = tmp_path / run
        assert build(sample_copy, out) == [
            f"Notice: {RECORD.as_posix()}: {named} is a link, {IGNORED}"
        ]
        assert files(out) == expected
        assert files(folder) == before, run  # nothing written there
        assert path.is_symlink()


@pytest.mark.timeout(180)
def test_cache_files_behind_a_linked_folder_are_not_read(sample_copy: Path, tmp_path: Path) -> None:
    """Damaged bytes under the cache files' names, read, were a notice each ("damaged");
    behind a linked ``.cache/build`` they are not opened at all."""
    cold = tmp_path / "cold"
    build(sample_copy, cold)
    expected = files(cold)
    planted = sample_copy / "bewaard"
    planted.mkdir()
    for name in [*CACHES, RECORD]:
        (planted / name.name).write_bytes(b"\x00kapot\xff" * 10)
        (sample_copy / name).unlink()
    (sample_copy / ".cache" / "build").rmdir()
    (sample_copy / ".cache" / "build").symlink_to("../bewaard", target_is_directory=True)
    before = files(planted)
    out = tmp_path / "site"
    assert build(sample_copy, out) == [
        f"Notice: {RECORD.as_posix()}: .cache/build is a link, {IGNORED}"
    ]
    assert files(out) == expected
    assert files(planted) == before
