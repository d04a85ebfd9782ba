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
from tests.conftest import SAMPLE_NOW

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
