"""`pipeline audio --suggest-chapters` goes through every chosen episode, as `--report` does
(both write nothing): the chapters of each episode whose audio can be read, then every
problem at once (audio that is empty, not audio or cut short, files that do not load,
names that match nothing), exit 1, and no file written anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.audio.test_report_problems import files
from tests.audio.test_report_problems import run as audio_run
from tests.audiogen import ffmpeg, lavfi
from tests.conftest import ShowMaker, episode

pytestmark = pytest.mark.slow  # ffmpeg decodes real audio

EXPECTED = "expected a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"

POST = """\
---
title: "Drie delen"
date: 2026-03-01
episode: 1
---
Inleiding.

## Welkom
Tekst.

## De etalage
Tekst.

## De kassa
Tekst.
"""


def with_audio(n: int, audio: str) -> str:
    return episode(n).replace(f"https://media.show.example/{n}.mp3", audio)


@pytest.fixture
def show(make_show: ShowMaker, tmp_path: Path) -> Path:
    """001 has three parts between two silences and a post with three headings; 002 is
    empty, 003 is text, 004 is an MP3 cut off half-way (it fails while decoding, after
    the probe took it), 005 is hosted elsewhere."""
    root = make_show(
        episodes={
            "001-a": with_audio(1, "audio/delen.wav"),
            "002-b": with_audio(2, "audio/leeg.wav"),
            "003-c": with_audio(3, "audio/tekst.mp3"),
            "004-d": with_audio(4, "audio/half.mp3"),
            "005-e": episode(5),
        },
        posts={"2026-03-01-drie-delen": POST},
        files={
            "audio/leeg.wav": b"",
            "audio/tekst.mp3": "Geen geluid maar een boodschappenlijst.\n",
        },
    )
    tone = "sine=f=330:d=4"
    lavfi(
        root / "audio" / "delen.wav",
        f"{tone}[a];{tone}[b];{tone}[c];anullsrc=d=2[s1];anullsrc=d=2[s2];"
        "[a][s1][b][s2][c]concat=n=5:v=0:a=1",
        channels=1,
    )
    whole = lavfi(tmp_path / "heel.wav", "sine=f=440:d=6")
    ffmpeg("-i", str(whole), "-b:a", "128k", str(tmp_path / "heel.mp3"))
    data = (tmp_path / "heel.mp3").read_bytes()
    (root / "audio" / "half.mp3").write_bytes(data[: len(data) // 2])
    return root


def run(root: Path, *args: str) -> tuple[int, str, list[str]]:
    """``--report``'s runner (exit code, stdout, Error: lines), suggesting chapters."""
    return audio_run(root, "--suggest-chapters", *args)


AUDIO = [
    "Error: episodes/002-b.yaml:5: audio: got 'audio/leeg.wav', an empty file (0 bytes), ",
    "Error: episodes/003-c.yaml:5: audio: got 'audio/tekst.mp3', not an audio file (",
    "Error: episodes/004-d.yaml:5: audio: got 'audio/half.mp3', truncated (declares 6.0 s, "
    "decodes to 3.",
]


def test_every_episode_is_tried_and_every_failure_listed(show: Path) -> None:
    before = files(show)
    code, out, errors = run(show)
    assert code == 1
    # The episode that worked, in full, titled by its post: the others stopped nothing.
    assert out.startswith("# episodes/001-a.yaml (")
    assert "headings matched to silences" in out
    assert '- start: "0:00"\n    title: "Welkom"' in out
    assert '- start: "0:05"\n    title: "De etalage"' in out
    assert '- start: "0:11"\n    title: "De kassa"' in out
    assert out.count("chapters:") == 1
    assert len(errors) == 4
    for error, start in zip(errors, AUDIO, strict=False):
        assert error.startswith(start) and error.endswith(EXPECTED), error
    assert errors[3] == "Error: 3 problems found; nothing was written."
    assert files(show) == before  # no cache, no partial file, nothing beside the audio


def test_files_that_do_not_load_and_wrong_names_come_with_the_rest(show: Path) -> None:
    """A broken episode file and an unknown name are listed with the audio's problems; the
    episode that can be read is still suggested for, untitled: without every file the
    pairs with posts are not to be trusted (as for `pipeline audio`'s tags)."""
    (show / "episodes" / "006-f.yaml").write_text(with_audio(6, "audio/weg.wav"), "utf-8")
    before = files(show)
    code, out, errors = run(show, "1", "2", "3", "4", "6", "12", "005-e")
    assert code == 1
    assert out.startswith("# episodes/001-a.yaml (")
    assert "titles left empty: posts are paired once the errors are fixed" in out
    assert '- start: "0:05"\n    title: ""' in out
    assert errors[:3] == [
        "Error: episodes/006-f.yaml:5: audio: got 'audio/weg.wav', expected an audio URL or an "
        "existing file in the show folder",
        "Error: pipeline audio: EPISODE: got '12', expected an episode number or file name in "
        "episodes/",
        "Error: episodes/005-e.yaml:5: audio: got 'https://media.show.example/5.mp3', expected "
        "a local audio file for `pipeline audio`",
    ]
    for error, start in zip(errors[3:6], AUDIO, strict=True):
        assert error.startswith(start) and error.endswith(EXPECTED), error
    assert errors[6:] == ["Error: 6 problems found; nothing was written."]
    assert files(show) == before


def test_only_problems_print_no_nothing_to_do(make_show: ShowMaker) -> None:
    """When no episode could be taken on because of problems, stdout stays empty: "nothing
    to do" would hide that the episodes named were wrong."""
    root = make_show(episodes={"001-a": episode(1)})
    code, out, errors = run(root, "9")
    assert code == 1 and out == ""
    assert errors == [
        "Error: pipeline audio: EPISODE: got '9', expected an episode number or file name in "
        "episodes/",
        "Error: 1 problem found; nothing was written.",
    ]


def test_progress_within_each_file_goes_to_stderr(show: Path) -> None:
    """Decoding a long episode takes a while: seconds decoded, then the search for
    silences, per file, on stderr (the suggestions on stdout stay as they were)."""
    result = CliRunner().invoke(main, ["audio", "--root", str(show), "--suggest-chapters", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == "Looking for chapters: 1 episode"
    assert "001-a: decoding 0:16 of 0:16 (100 %)" in lines
    assert lines.index("001-a: decoding 0:16 of 0:16 (100 %)") < lines.index(
        "001-a: finding silences 0:16 of 0:16 (100 %)"
    )
    assert any(line.startswith("001-a: decoding 0:10 of 0:16") for line in lines)  # within
    assert result.stdout.startswith("# episodes/001-a.yaml (") and "decoding" not in result.stdout
