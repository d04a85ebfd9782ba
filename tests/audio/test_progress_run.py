"""Progress within each file from real passes over generated audio: the job reports every
pass from 0 to the file's length, and `pipeline audio` prints it, from worker processes too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.audio.process import Job, run_job
from pipeline.audio.tags import TagSet
from pipeline.cli import main
from pipeline.settings import AudioSettings
from tests.audiogen import lavfi
from tests.conftest import ShowMaker, episode

pytestmark = pytest.mark.slow

NOISE = "anoisesrc=c=pink:a=0.05:d={seconds}:seed=3"
# Bursts with quiet gaps, peaks 16 dB over the loudness: levelling needs the limiter.
BURSTS = "aeval='val(0)*(0.05+0.95*pow(abs(sin(2*PI*1.3*t)),8))'"


def job(tmp_path: Path, source: Path) -> Job:
    tags = TagSet("Afl. 1", "Testshow", "Test Host", 1, None, "2026-03-01", "", "nl",
                  None, "https://show.example/feed.xml", None)  # fmt: skip
    return Job("001-a", source, tmp_path, AudioSettings(), tags)


def passes(source: Path, tmp_path: Path) -> list[tuple[str, list[float]]]:
    """Each pass over the audio, in order: its stage and the seconds it reported."""
    seen: list[tuple[str, list[float]]] = []

    def progress(stage: str, done: float, total: float) -> None:
        assert total == 35.0
        if not seen or seen[-1][0] != stage or done < seen[-1][1][-1]:
            seen.append((stage, []))
        seen[-1][1].append(done)

    result = run_job(job(tmp_path, source), progress)
    assert result.status == "processed"
    return seen


@pytest.mark.parametrize("shape", ["gain", "limiter"])
def test_every_pass_reports_from_zero_to_the_whole_file(tmp_path: Path, shape: str) -> None:
    af = "" if shape == "gain" else BURSTS
    source = lavfi(tmp_path / "in.wav", NOISE.format(seconds=35), af=af)
    seen = passes(source, tmp_path)
    stages = [stage for stage, _ in seen]
    assert stages[:3] == ["measuring", "levelling and encoding", "checking the MP3"], stages
    assert stages[3:] in ([], ["levelling and encoding (attempt 2)", "checking the MP3"])
    for stage, done in seen:
        assert done[0] == 0.0 and done[-1] == pytest.approx(35.0, abs=0.01), (stage, done)
    if shape == "limiter":  # our limiter's pass counts what it has written: 10 s chunks
        assert seen[1][1][:4] == [0.0, 10.0, 20.0, 30.0]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audio", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def with_audio(n: int, name: str) -> str:
    return episode(n).replace(f"https://media.show.example/{n}.mp3", f"audio/{name}")


def test_cli_prints_progress_lines_for_each_file(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": with_audio(1, "een.wav")})
    lavfi(root / "audio" / "een.wav", NOISE.format(seconds=75))
    code, out, err = run(root)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "Processing audio: 1 episode"
    for stage in ("measuring", "levelling and encoding", "checking the MP3"):
        assert f"001-a: {stage} 0:00 of 1:15 (0 %)" in lines
        assert f"001-a: {stage} 1:15 of 1:15 (100 %)" in lines
    assert len(lines) < 40
    assert "001-a: .cache/audio/" in out


def test_progress_arrives_from_worker_processes(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": with_audio(1, "een.wav"), "002-b": with_audio(2, "twee.wav")}
    )
    lavfi(root / "audio" / "een.wav", NOISE.format(seconds=40))
    lavfi(root / "audio" / "twee.wav", NOISE.format(seconds=20), channels=1)
    code, out, err = run(root, "--jobs", "2")
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "Processing audio: 2 episodes"
    assert "001-a: checking the MP3 0:40 of 0:40 (100 %)" in lines
    assert "002-b: checking the MP3 0:20 of 0:20 (100 %)" in lines
    assert "001-a: .cache/audio/" in out and "002-b: .cache/audio/" in out


def test_a_trial_on_an_excerpt_saves_encoding_twice(tmp_path: Path) -> None:
    """Pink noise loses 0.7 LU in the encoder: without the trial, the whole file would be
    encoded, found off target, and encoded again."""
    source = lavfi(tmp_path / "in.wav", "anoisesrc=c=pink:a=0.05:d=130:seed=3")
    stages: list[str] = []

    def progress(stage: str, done: float, total: float) -> None:
        if not stages or stages[-1] != stage:
            stages.append(stage)
        assert total == 130.0

    result = run_job(job(tmp_path, source), progress)
    assert stages == [
        "measuring", "trying an excerpt", "levelling and encoding", "checking the MP3"
    ]  # fmt: skip
    assert abs(result.facts.after_lufs + 16.0) <= 0.3
    assert not [p for p in (tmp_path / ".cache" / "audio").iterdir() if p.is_dir()]
