"""check finds the site's own files behind the feed's percent-encoded URLs: a local audio
file, chapters or a transcript whose name has a space or a letter outside ASCII."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.build import BuildOptions, prepare
from pipeline.check import check_prepared
from tests.check.test_check import mp3 as mp3  # the fixture
from tests.conftest import ShowMaker, episode

CHAPTERS = """chapters:
  - start: "0:00"
    title: Welkom
  - start: "0:00.5"
    title: Het gesprek
"""
VTT = "WEBVTT\n\n00:00.000 --> 00:00.900\nHallo en welkom.\n"


@pytest.mark.parametrize("name", ["afl 1.mp3", "afl-één.mp3", "afl%1.mp3"])
def test_local_audio_with_any_file_name_is_found(
    make_show: ShowMaker, mp3: bytes, name: str
) -> None:
    text = episode(1).replace("audio: https://media.show.example/1.mp3", f'audio: "audio/{name}"')
    root = make_show(episodes={"001 café": text + CHAPTERS}, files={f"audio/{name}": mp3})
    (root / "transcripts").mkdir()
    (root / "transcripts/één keer.vtt").write_text(VTT, "utf-8")
    episode_file = root / "episodes/001 café.yaml"
    episode_file.write_text(
        episode_file.read_text("utf-8") + 'transcript: "transcripts/één keer.vtt"\n', "utf-8"
    )
    options = BuildOptions(root, root / "site", datetime(2026, 6, 1, tzinfo=UTC), offline=True)
    report = check_prepared(prepare(options))
    assert [str(f) for f in report.errors] == []


def test_a_file_the_site_lacks_is_still_an_error(make_show: ShowMaker, mp3: bytes) -> None:
    text = episode(1).replace("audio: https://media.show.example/1.mp3", 'audio: "audio/afl 1.mp3"')
    root = make_show(episodes={"001-a": text}, files={"audio/afl 1.mp3": mp3})
    options = BuildOptions(root, root / "site", datetime(2026, 6, 1, tzinfo=UTC), offline=True)
    prepared = prepare(options)
    files = {k: v for k, v in prepared.files.items() if not k.startswith("audio/")}
    report = check_prepared(type(prepared)(**{**prepared.__dict__, "files": files}))
    assert any("the audio file, in the site" in str(f) for f in report.errors)
