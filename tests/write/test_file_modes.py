"""The show's own files get the mode any editor would give them: a new file that of the
umask (0644 under 022, never tempfile's 0600), a file replaced the mode it had. The state
file `pipeline publish` writes is checked here; the produced audio in
tests/audio/test_file_modes.py, `pipeline init`'s files in tests/cli/test_init_modes.py."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.write import atomic_path, create_file, replace_file
from tests.publish.test_publish import publish, published

__all__ = ["published"]  # the fixture, used below by name
LATE = "2026-07-02T12:00+02:00"  # episode 3 due: the state file changes


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    """The usual umask, whatever the machine running the tests has."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def written(folder: Path) -> dict[str, int]:
    """Each file's mode, by its name."""

    def by_tool(path: Path) -> None:
        with atomic_path(path) as tmp:
            tmp.write_bytes(b"audio")

    replace_file(folder / "replaced.json", b"{}")
    create_file(folder / "created.md", b"# post")
    by_tool(folder / "tool.mp3")
    return {p.name: mode(p) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)], ids=oct
)
def test_a_new_file_gets_the_umask_mode(tmp_path: Path, mask: int, expected: int) -> None:
    os.umask(mask)
    assert written(tmp_path) == {"created.md": expected, "replaced.json": expected,
                                 "tool.mp3": expected}  # fmt: skip


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664, 0o755], ids=oct)
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, kept: int) -> None:
    for name in ("replaced.json", "tool.mp3"):
        (tmp_path / name).write_bytes(b"old")
        (tmp_path / name).chmod(kept)
    modes = written(tmp_path)
    assert (modes["replaced.json"], modes["tool.mp3"]) == (kept, kept)
    assert (tmp_path / "tool.mp3").read_bytes() == b"audio"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["created.md", "replaced.json",
                                                          "tool.mp3"]  # fmt: skip


def test_the_state_file_publish_writes(published: Path) -> None:
    state = published / "published.json"
    assert mode(state) == 0o644
    state.chmod(0o640)  # the user's choice: kept when publish replaces the file
    before = state.read_bytes()
    code, _, stderr = publish(published, now=LATE)
    assert code == 0, stderr
    assert state.read_bytes() != before
    assert mode(state) == 0o640
