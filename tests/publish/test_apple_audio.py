"""`pipeline publish` runs `check`: a WAV never reaches the feed (the run is refused with the
file, line and `pipeline audio` command, and nothing is written), and the hourly log warns a
week ahead about a scheduled episode whose audio is not ready."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import lavfi
from tests.conftest import ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"
URL = "audio: https://media.show.example/{n}.mp3"


def publish(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW, *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def test_publish_refuses_a_wav_enclosure_and_writes_nothing(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    wav = lavfi(tmp_path / "rec.wav", "sine=f=440:d=1").read_bytes()
    text = episode(1).replace(URL.format(n=1), "audio: audio/afl-1.wav")
    root = make_show(
        episodes={"001-a": text.replace("length: 1234567\n", "")},
        files={"audio/afl-1.wav": wav},
    )
    code, stdout, stderr = publish(root)
    assert code == 1
    assert stderr.splitlines() == [
        "Error: episodes/001-a.yaml:5: enclosure type: got 'audio/wav', expected an MP3 or M4A "
        "file (Apple accepts M4A, MP3, MOV, MP4, M4V and PDF); run `pipeline audio 001-a` to "
        "level and encode it as MP3",
        "Error: 1 problem found; nothing was written.",
    ]
    assert stdout == ""
    assert not (root / "site").exists()
    assert not (root / "published.json").exists()


def test_the_hourly_log_warns_about_next_weeks_episode(make_show: ShowMaker) -> None:
    soon = (
        episode(2)
        .replace("date: 2026-03-02 07:00", "date: 2026-06-04 07:00")
        .replace(URL.format(n=2) + "\n", "")
    )
    root = make_show(episodes={"001-a": episode(1), "002-b": soon})
    code, stdout, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    assert (
        "Warning: episodes/002-b.yaml:1: audio: got nothing, expected an audio file or URL, or a "
        "SoundCloud link (`pipeline new --audio FILE` writes one; add audio: to the file) before "
        "it is due 2026-06-04 07:00 (Europe/Amsterdam), in 2 days"
    ) in stderr.splitlines()
    assert stdout.splitlines()[0].startswith("Published: 001-a")
