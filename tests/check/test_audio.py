"""`pipeline check` and the audio Apple accepts: a WAV (or any type off Apple's list) in the
feed is an error naming the command that fixes it; a scheduled episode due within a week
without usable audio is a warning naming its due time in the show's timezone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.spec.apple import ENCLOSURE_TYPES
from tests.audiogen import lavfi
from tests.conftest import ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"  # episodes 1-9 of conftest are dated 2026-03-0N
URL = "audio: https://media.show.example/{n}.mp3"


def check(root: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), "--now", now, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def labelled(stderr: str, label: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{label}: ")]


def local(n: int, name: str, **extra: object) -> str:
    """Episode n with its audio a file in the show folder (length and type measured)."""
    text = episode(n, **extra).replace(URL.format(n=n), f"audio: audio/{name}")
    return text.replace("length: 1234567\n", "")


def scheduled(n: int, when: str, **extra: object) -> str:
    return episode(n, **extra).replace(f"date: 2026-03-0{n} 07:00", f"date: {when}")


@pytest.fixture
def wav(tmp_path: Path) -> bytes:
    """A real (short) WAV recording, as a podcaster drops it into audio/."""
    return lavfi(tmp_path / "rec.wav", "sine=f=440:d=1").read_bytes()


APPLE = (
    "an MP3 or M4A file (Apple accepts M4A, MP3, MOV, MP4, M4V and PDF); run `pipeline audio "
    "001-a` to level and encode it as MP3"
)


def test_a_local_wav_in_the_feed_is_an_error_naming_pipeline_audio(
    make_show: ShowMaker, wav: bytes
) -> None:
    root = make_show(episodes={"001-a": local(1, "afl-1.wav")}, files={"audio/afl-1.wav": wav})
    code, stdout, stderr = check(root)
    assert code == 1
    assert labelled(stderr, "Error") == [
        f"Error: episodes/001-a.yaml:5: enclosure type: got 'audio/wav', expected {APPLE}"
    ]
    assert stdout.strip() == "Checked 1 episode: 1 error, 0 warnings."


def test_the_json_report_carries_the_same_error(make_show: ShowMaker, wav: bytes) -> None:
    root = make_show(episodes={"001-a": local(1, "afl-1.wav")}, files={"audio/afl-1.wav": wav})
    code, stdout, _ = check(root, "--format", "json")
    assert code == 1
    (finding,) = json.loads(stdout)["findings"]
    assert finding["level"] == "error"
    assert (finding["path"], finding["line"], finding["field"]) == (
        "episodes/001-a.yaml",
        5,
        "enclosure type",
    )
    assert "`pipeline audio 001-a`" in finding["expected"]


def test_a_remote_file_of_another_type_names_the_line_and_the_upload(
    make_show: ShowMaker,
) -> None:
    flac = episode(1).replace("/1.mp3", "/1.flac")
    ogg = episode(2, mime_type="audio/ogg")  # the type written by hand, line 8
    root = make_show(episodes={"001-a": flac, "002-b": ogg})
    code, _, stderr = check(root)
    assert code == 1
    upload = "upload an MP3 or M4A and point audio: at it (or set mime_type: if it is one)"
    expected = "an MP3 or M4A file (Apple accepts M4A, MP3, MOV, MP4, M4V and PDF)"
    assert labelled(stderr, "Error") == [
        f"Error: episodes/001-a.yaml:5: enclosure type: got 'audio/flac', expected {expected}; "
        f"{upload}",
        f"Error: episodes/002-b.yaml:8: enclosure type: got 'audio/ogg', expected {expected}; "
        f"{upload}",
    ]


@pytest.mark.parametrize("kind", sorted(ENCLOSURE_TYPES))
def test_every_type_apple_lists_passes(make_show: ShowMaker, kind: str) -> None:
    root = make_show(episodes={"001-a": episode(1, mime_type=kind)})
    code, _, stderr = check(root)
    assert code == 0, stderr


def test_scheduled_episode_without_audio_warns_a_week_ahead_in_the_shows_timezone(
    make_show: ShowMaker, wav: bytes
) -> None:
    no_audio = scheduled(2, "2026-06-03 07:00").replace(URL.format(n=2) + "\n", "")
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": no_audio,  # in 1 day and 19 hours: no audio at all
            "003-c": local(3, "afl-3.wav").replace("2026-03-03 07:00", "2026-06-08 09:30"),
            "004-d": scheduled(4, "2026-06-08 12:30").replace(URL.format(n=4) + "\n", ""),
        },
        files={"audio/afl-3.wav": wav},
    )
    code, stdout, stderr = check(root)
    assert code == 0, stderr  # a warning: today's feed is fine
    assert labelled(stderr, "Warning") == [
        "Warning: episodes/002-b.yaml:1: audio: got nothing, expected an audio file or URL, or "
        "a SoundCloud link (`pipeline new --audio FILE` writes one; add audio: to the file) "
        "before it is due 2026-06-03 07:00 (Europe/Amsterdam), in 1 day",
        "Warning: episodes/003-c.yaml:5: audio: got 'audio/afl-3.wav' (audio/wav) with no MP3 "
        "made from it, expected run `pipeline audio 003-c` to level and encode it as MP3 before "
        "it is due 2026-06-08 09:30 (Europe/Amsterdam), in 6 days",
    ]  # 004-d is due in 7 days and 30 minutes: next week's check warns about it
    assert stdout.strip() == "Checked 1 episode: 0 errors, 2 warnings."


def test_the_due_time_is_the_shows_not_the_machines(make_show: ShowMaker) -> None:
    config_ny = (
        make_show()
        .joinpath("podcast.toml")
        .read_text()
        .replace('timezone = "Europe/Amsterdam"', 'timezone = "America/New_York"')
    )
    no_audio = scheduled(2, "2026-06-02 23:30 +00:00").replace(URL.format(n=2) + "\n", "")
    root = make_show(config=config_ny, episodes={"001-a": episode(1), "002-b": no_audio})
    _, _, stderr = check(root)
    (warning,) = labelled(stderr, "Warning")
    assert warning.endswith("before it is due 2026-06-02 19:30 (America/New_York), in 1 day")


def test_soundcloud_and_ready_audio_are_not_warned_about(make_show: ShowMaker) -> None:
    on_soundcloud = (
        scheduled(2, "2026-06-02 07:00")
        .replace(URL.format(n=2) + "\n", "")
        .replace("length: 1234567\n", "")
        + "soundcloud: https://soundcloud.com/show/afl-2\n"
    )
    remote_mp3 = scheduled(3, "2026-06-02 07:00")
    root = make_show(episodes={"001-a": episode(1), "002-b": on_soundcloud, "003-c": remote_mp3})
    code, _, stderr = check(root)
    assert code == 0, stderr
    assert labelled(stderr, "Warning") == []


def test_a_scheduled_remote_file_apple_refuses_is_warned_about(make_show: ShowMaker) -> None:
    wav_url = scheduled(2, "2026-06-05 07:00").replace("/2.mp3", "/2.wav")
    root = make_show(episodes={"001-a": episode(1), "002-b": wav_url})
    _, _, stderr = check(root)
    assert labelled(stderr, "Warning") == [
        "Warning: episodes/002-b.yaml:5: audio: got a audio/wav URL, expected upload an MP3 or "
        "M4A and point audio: at it (or set mime_type: if it is one) before it is due "
        "2026-06-05 07:00 (Europe/Amsterdam), in 3 days"
    ]


@pytest.mark.slow
def test_pipeline_audio_is_the_fix_the_error_names(make_show: ShowMaker, tmp_path: Path) -> None:
    recording = lavfi(tmp_path / "rec.wav", "sine=f=440:d=3", af="volume=-20dB")
    soon = local(2, "afl-2.wav").replace("2026-03-02 07:00", "2026-06-04 07:00")
    root = make_show(
        episodes={"001-a": local(1, "afl-1.wav"), "002-b": soon},
        files={
            "audio/afl-1.wav": recording.read_bytes(),
            "audio/afl-2.wav": recording.read_bytes(),
        },
    )
    code, _, stderr = check(root)
    assert code == 1
    assert len(labelled(stderr, "Error")) == 1 and len(labelled(stderr, "Warning")) == 1
    result = CliRunner().invoke(main, ["audio", "--root", str(root), "001-a", "002-b"])
    assert result.exit_code == 0, result.output
    code, stdout, stderr = check(root)
    assert code == 0, stderr
    assert labelled(stderr, "Warning") == []
    assert stdout.strip() == "Checked 1 episode: 0 errors, 0 warnings."
