"""`pipeline audio` on bad input: one clear `Error:` line naming the episode and the file,
exit 1, and no produced or half-written file left behind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import ffmpeg, lavfi
from tests.conftest import ShowMaker, episode

EXPECTED = "expected a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"


def make_clip(folder: Path, name: str) -> Path:
    return lavfi(folder / name, "sine=f=440:d=6", channels=2)


def missing(folder: Path) -> str:
    return "weg.wav"


def empty(folder: Path) -> str:
    (folder / "leeg.wav").write_bytes(b"")
    return "leeg.wav"


def truncated_wav(folder: Path) -> str:
    data = make_clip(folder, "heel.wav").read_bytes()
    (folder / "half.wav").write_bytes(data[: len(data) // 3])
    return "half.wav"


def truncated_mp3(folder: Path) -> str:
    wav = make_clip(folder, "bron.wav")
    ffmpeg("-i", str(wav), "-b:a", "128k", str(folder / "heel.mp3"))
    data = (folder / "heel.mp3").read_bytes()
    (folder / "half.mp3").write_bytes(data[: len(data) // 2])
    return "half.mp3"


def not_audio(folder: Path) -> str:
    (folder / "tekst.mp3").write_text("Dit is geen geluid maar een boodschappenlijst.\n")
    return "tekst.mp3"


def unsupported(folder: Path) -> str:
    lavfi(folder / "oud.au", "sine=d=2", channels=1)
    return "oud.au"


def no_audio_stream(folder: Path) -> str:
    ffmpeg("-f", "lavfi", "-i", "testsrc=d=1:s=64x48", str(folder / "beeld.mp4"))
    return "beeld.mp4"


CASES = {
    "empty": (empty, "'audio/leeg.wav', an empty file (0 bytes)"),
    "truncated-wav": (
        truncated_wav,
        "'audio/half.wav', truncated (header promises 6.0 s, the file holds 2.0 s)",
    ),
    "truncated-mp3": (truncated_mp3, "'audio/half.mp3', truncated (declares 6.0 s, decodes to 3."),
    "not-audio": (not_audio, "'audio/tekst.mp3', not an audio file ("),
    "unsupported": (unsupported, "'audio/oud.au', an unsupported format (Sun AU)"),
    "no-audio-stream": (no_audio_stream, "'audio/beeld.mp4', a file without an audio stream"),
}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audio", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def leftovers(root: Path) -> list[str]:
    cache = root / ".cache" / "audio"
    return sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_bad_audio_file(make_show: ShowMaker, case: str) -> None:
    make, got = CASES[case]
    root = make_show()
    (root / "audio").mkdir()
    name = make(root / "audio")
    (root / "episodes" / "001-a.yaml").write_text(episode(1).replace(
        "audio: https://media.show.example/1.mp3", f"audio: audio/{name}"), "utf-8")  # fmt: skip
    code, _, stderr = run(root)
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert errors[0].startswith(f"Error: episodes/001-a.yaml:5: audio: got {got}"), errors
    assert errors[0].endswith(EXPECTED) or case == "unsupported", errors
    assert errors[-1] == "Error: 1 episode failed; no partial files were left."
    assert "Traceback" not in stderr
    assert leftovers(root) == []


def test_missing_file(make_show: ShowMaker) -> None:
    """The loader already refuses a local audio file that is not there, naming both."""
    root = make_show()
    (root / "episodes" / "001-a.yaml").write_text(episode(1).replace(
        "audio: https://media.show.example/1.mp3", "audio: audio/weg.wav"), "utf-8")  # fmt: skip
    code, _, stderr = run(root)
    assert code == 1
    assert stderr.splitlines()[0] == (
        "Error: episodes/001-a.yaml:5: audio: got 'audio/weg.wav', expected an audio URL or an "
        "existing file in the show folder"
    )
    assert leftovers(root) == []


@pytest.mark.slow
def test_ffmpeg_missing(make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_show()
    make_clip(root / "audio", "goed.wav")
    (root / "episodes" / "001-a.yaml").write_text(episode(1).replace(
        "audio: https://media.show.example/1.mp3", "audio: audio/goed.wav"), "utf-8")  # fmt: skip
    empty_bin = root / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    code, _, stderr = run(root)
    assert code == 1
    assert (
        "Error: episodes/001-a.yaml:5: audio: got 'audio/goed.wav', not processed: ffmpeg not "
        "found (looked for 'ffmpeg' on PATH); install it: `apt-get install ffmpeg` "
        "(Debian/Ubuntu), `brew install ffmpeg` (macOS), or run `make build`, expected ffmpeg "
        "and ffprobe installed"
    ) in stderr
    assert leftovers(root) == []


@pytest.mark.slow  # ffmpeg encodes real audio
def test_failed_encode_leaves_nothing_and_others_still_done(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One episode's ffmpeg fails mid-way (the MP3 encoder dies on the mono episode): no
    file of it remains, and the other episode is produced all the same."""
    root = make_show()
    # The real ffmpeg, except that encoding mono MP3 fails (an impossible [audio] bitrate
    # no longer gets this far: podcast.toml is checked first).
    real = shutil.which("ffmpeg")
    wrapper = root / "bin" / "ffmpeg"
    wrapper.parent.mkdir()
    wrapper.write_text(
        '#!/bin/sh\ncase "$*" in *"-ac 1 "*libmp3lame*) echo "encoder broke" >&2; exit 1;; esac\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    make_clip(root / "audio", "stereo.wav")
    lavfi(root / "audio" / "mono.wav", "sine=f=300:d=4", channels=1)
    for n, name in ((1, "stereo.wav"), (2, "mono.wav")):
        text = episode(n).replace(f"https://media.show.example/{n}.mp3", f"audio/{name}")
        (root / "episodes" / f"00{n}-a.yaml").write_text(text, "utf-8")
    code, stdout, stderr = run(root, "--jobs", "1")
    assert code == 1
    assert (
        "Error: episodes/002-a.yaml:5: audio: got 'audio/mono.wav', ffmpeg could not encode"
        in stderr
    )
    assert (
        stderr.splitlines()[-1]
        == "Error: 1 episode failed; 1 other done; no partial files were left."
    )
    assert "001-a: .cache/audio/" in stdout
    names = leftovers(root)
    assert len(names) == 2 and {Path(n).suffix for n in names} == {".mp3", ".json"}


@pytest.mark.parametrize("answer", ['{"format": {"format_name": "wav"', "[1, 2]", "{" * 5000])
def test_an_ffprobe_answer_that_is_no_json_object_is_bad_audio(tmp_path: Path, answer: str) -> None:
    """An ffprobe cut short, or of another make, answered what json could not read: a
    JSONDecodeError traceback (or an AttributeError on a list) instead of a line."""
    from pipeline.audio.probe import BadAudio, Tools, probe

    tool = tmp_path / "ffprobe"
    (tmp_path / "answer").write_text(answer)
    tool.write_text(f"#!/bin/sh\ncat {tmp_path / 'answer'}\n")
    tool.chmod(0o755)
    clip = make_clip(tmp_path, "clip.wav")
    with pytest.raises(BadAudio, match="not an audio file"):
        probe(clip, Tools(ffmpeg="ffmpeg", ffprobe=str(tool)))
