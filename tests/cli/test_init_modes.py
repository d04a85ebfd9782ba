"""`pipeline init` writes the show's files with the mode any new file gets under the umask
(0644 under 022, as an editor writes them), never tempfile's 0600: a show folder shared
with a group, or served by a web server running as another user, must be readable."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.cli.test_init import artwork, options

__all__ = ["artwork"]  # the fixture, used below by name


@pytest.fixture
def umask() -> Iterator[int]:
    previous = os.umask(0o022)
    yield 0o022
    os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o027], ids=oct)
def test_every_file_gets_the_umask_mode(
    tmp_path: Path, artwork: Path, umask: int, mask: int
) -> None:
    os.umask(mask)
    root = tmp_path / "koffie"
    result = CliRunner().invoke(main, ["init", str(root), *options(artwork)])
    assert result.exit_code == 0, result.output
    modes = {
        p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in root.rglob("*")
        if p.is_file()
    }
    assert {"podcast.toml", ".gitignore", "README.md", ".github/workflows/publish.yml",
            "static/artwork.jpg"} <= set(modes)  # fmt: skip
    assert modes == dict.fromkeys(modes, 0o666 & ~mask)
