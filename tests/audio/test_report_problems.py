"""`pipeline audio --report` shows every problem at once: the episode files that do not load,
every EPISODE named wrongly, and each episode's audio that cannot be measured, with the
table of every episode that could; processing lists the same problems before it writes
anything."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import lavfi
from tests.conftest import ShowMaker, episode

EXPECTED = "expected a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"


def with_audio(n: int, audio: str, *extra: str) -> str:
    text = episode(n).replace(f"https://media.show.example/{n}.mp3", audio)
    return text + "".join(f"{line}\n" for line in extra)


@pytest.fixture
def show(make_show: ShowMaker, tmp_path: Path) -> Path:
    """001 and 003 measure (003's file has another problem), 002 and 006 do not, 004 names
    a file that is not there, 005 does not load at all, 007 is hosted elsewhere."""
    clip = lavfi(tmp_path / "clip.wav", "sine=f=440:d=2", channels=2).read_bytes()
    return make_show(
        episodes={
            "001-a": with_audio(1, "audio/een.wav"),
            "002-b": with_audio(2, "audio/leeg.wav"),
            "003-c": with_audio(3, "audio/drie.wav", "explicit: maybe"),
            "004-d": with_audio(4, "audio/weg.wav"),
            "005-e": 'title: "kapot\ndate: [\n',
            "006-f": with_audio(6, "audio/tekst.mp3"),
            "007-g": episode(7),
        },
        files={
            "audio/een.wav": clip,
            "audio/drie.wav": clip,
            "audio/leeg.wav": b"",
            "audio/tekst.mp3": "Geen geluid maar een boodschappenlijst.\n",
        },
    )


def run(root: Path, *args: str) -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(main, ["audio", "--root", str(root), "-j", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    return result.exit_code, result.stdout, errors


def files(root: Path) -> list[Path]:
    return sorted(root.rglob("*"))


LOADING = [
    "Error: episodes/003-c.yaml:8: explicit: got 'maybe', expected true or false",
    "Error: episodes/004-d.yaml:5: audio: got 'audio/weg.wav', expected an audio URL or an "
    "existing file in the show folder",
    "Error: episodes/005-e.yaml:3: syntax: got a YAML error (found unexpected end of stream), "
    "expected valid YAML",
]


@pytest.mark.slow  # ffmpeg measures real audio
def test_a_report_measures_what_it_can_and_lists_every_problem(show: Path) -> None:
    before = files(show)
    code, stdout, errors = run(show, "--report")
    assert code == 1
    assert [line.split()[0] for line in stdout.splitlines()[1:3]] == ["001-a", "003-c"]
    assert stdout.splitlines()[-1].startswith("~ predicted")
    assert errors[:3] == LOADING
    assert errors[3].startswith(
        "Error: episodes/002-b.yaml:5: audio: got 'audio/leeg.wav', an empty file (0 bytes), "
    )
    assert errors[4].startswith("Error: episodes/006-f.yaml:5: audio: got 'audio/tekst.mp3', ")
    assert all(e.endswith(EXPECTED) for e in errors[3:5])
    assert errors[5:] == ["Error: 5 problems found; nothing was written."]
    assert files(show) == before


@pytest.mark.slow  # ffmpeg measures real audio
def test_a_report_names_every_wrong_episode(show: Path) -> None:
    """Each unknown name and each episode without local audio is a problem; a name whose
    file did not load is not one more (the file's own problem says why)."""
    code, stdout, errors = run(show, "--report", "12", "1", "007-g", "kapot", "005-e", "4")
    assert code == 1
    assert [line.split()[0] for line in stdout.splitlines()[1:2]] == ["001-a"]
    assert errors == [
        *LOADING,
        "Error: pipeline audio: EPISODE: got '12', expected an episode number or file name in "
        "episodes/",
        "Error: episodes/007-g.yaml:5: audio: got 'https://media.show.example/7.mp3', expected "
        "a local audio file for `pipeline audio`",
        "Error: pipeline audio: EPISODE: got 'kapot', expected an episode number or file name "
        "in episodes/",
        "Error: 6 problems found; nothing was written.",
    ]


def test_processing_lists_every_problem_before_writing_anything(show: Path) -> None:
    before = files(show)
    code, stdout, errors = run(show, "12", "1", "007-g")
    assert code == 1 and stdout == ""
    assert errors == [
        *LOADING,
        "Error: pipeline audio: EPISODE: got '12', expected an episode number or file name in "
        "episodes/",
        "Error: episodes/007-g.yaml:5: audio: got 'https://media.show.example/7.mp3', expected "
        "a local audio file for `pipeline audio`",
        "Error: 5 problems found; nothing was written.",
    ]
    assert files(show) == before


def test_every_wrong_name_at_once(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    code, _, errors = run(root, "--report", "1", "9", "002-b", "zomaar")
    assert code == 1
    assert errors == [
        "Error: episodes/001-a.yaml:5: audio: got 'https://media.show.example/1.mp3', expected "
        "a local audio file for `pipeline audio`",
        "Error: pipeline audio: EPISODE: got '9', expected an episode number or file name in "
        "episodes/",
        "Error: episodes/002-b.yaml:5: audio: got 'https://media.show.example/2.mp3', expected "
        "a local audio file for `pipeline audio`",
        "Error: pipeline audio: EPISODE: got 'zomaar', expected an episode number or file name "
        "in episodes/",
        "Error: 4 problems found; nothing was written.",
    ]
