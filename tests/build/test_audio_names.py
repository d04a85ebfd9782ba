"""Two episodes whose own audio would be published under one name (``a/x.opus`` and
``b/x.opus`` both as ``audio/x.opus``; ``afl.wav`` and ``afl.mp3`` both as ``audio/afl.mp3``
once encoded): one episode would serve the other's audio. The build refuses it, naming
both files, and writes nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import mp3_frames
from tests.conftest import SAMPLE_NOW, ShowMaker
from tests.conftest import episode as episode_file
from tests.security.support import build

OPUS = "audio/001-waarom-kleine-winkels-toch-winnen.opus"
FIRST = "episodes/001-waarom-kleine-winkels-toch-winnen.yaml"
SECOND = "episodes/002-de-etalage-als-stille-verkoper.yaml"


def test_two_episodes_one_audio_name_is_refused(sample_copy: Path) -> None:
    for folder, episode in (("a", FIRST), ("b", SECOND)):
        (sample_copy / "audio" / folder).mkdir()
        shutil.copy(sample_copy / OPUS, sample_copy / "audio" / folder / "x.opus")
        path = sample_copy / episode
        text = re.sub(r"(?m)^audio: .*$", f"audio: audio/{folder}/x.opus", path.read_text())
        path.write_text(text)
    out = sample_copy / "site"
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(sample_copy), "--out", str(out), "--offline",
         "--now", SAMPLE_NOW.isoformat()],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert (
        f"Error: {SECOND}:7: audio: got 'audio/b/x.opus', expected audio published under a"
        f" name of its own ({FIRST}'s 'audio/a/x.opus' is published as audio/x.opus too;"
        " rename one)"
    ) in result.stderr.splitlines()
    assert not out.exists()


def test_a_local_file_named_with_url_characters(make_show: ShowMaker) -> None:
    """A local file is published under its own name, which is its web address as written:
    "afl #1.mp3" went out as the enclosure .../audio/afl%20#1.mp3, whose "#" ends the path
    (apps asked for .../audio/afl%20); "?" and "%" did the same. Its copy has "-" there."""
    audio = 'audio: "audio/afl #1?.mp3"\nimage: static/hoes 100%.png\n'
    text = episode_file(1).replace("audio: https://media.show.example/1.mp3\n", audio)
    files: dict[str, str | bytes] = {
        "audio/afl #1?.mp3": mp3_frames(),
        "static/hoes 100%.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    }
    root = make_show(episodes={"001-a": text}, files=files)
    code, _, stderr = build(root)
    assert code == 0, stderr
    site = root / "site"
    assert (site / "audio" / "afl -1-.mp3").read_bytes() == mp3_frames()
    assert (site / "media" / "hoes 100-.png").is_file()
    feed = (site / "feed.xml").read_text()
    assert 'url="https://show.example/audio/afl%20-1-.mp3"' in feed
    assert 'href="https://show.example/media/hoes%20100-.png"' in feed
