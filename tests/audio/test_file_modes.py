"""What `pipeline audio` keeps in .cache/audio (the MP3, its facts, the alternates) gets the
mode any new file gets under the umask (0644 under 022), never tempfile's 0600; a file it
replaces (new tags in the same MP3) keeps the mode it had."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import lavfi
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

pytestmark = pytest.mark.slow  # ffmpeg encodes real audio


@pytest.fixture(autouse=True)
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def modes(root: Path) -> dict[str, int]:
    cache = root / ".cache" / "audio"
    return {
        p.relative_to(cache).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in cache.rglob("*")
        if p.is_file()
    }


def run(root: Path) -> str:
    result = CliRunner().invoke(main, ["audio", "--root", str(root), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_produced_files_are_readable_and_keep_their_mode(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    clip = lavfi(tmp_path / "clip.wav", "sine=f=440:d=2", channels=2)
    text = episode(1).replace("https://media.show.example/1.mp3", "audio/clip.wav")
    root = make_show(
        episodes={"001-a": text},
        config=BASIC_CONFIG + '\n[audio]\nalternates = ["opus"]\n',
        files={"audio/clip.wav": clip.read_bytes()},
    )
    run(root)
    made = modes(root)
    assert {Path(name).suffix for name in made} == {".mp3", ".json", ".opus"}  # alternates too
    assert made == dict.fromkeys(made, 0o644)

    (mp3,) = (root / ".cache" / "audio").glob("*.mp3")
    mp3.chmod(0o640)
    path = root / "episodes" / "001-a.yaml"
    path.write_text(path.read_text().replace("Onderwerp 1", "Ander onderwerp"))
    assert "tags updated" in run(root)
    assert modes(root)[mp3.name] == 0o640
