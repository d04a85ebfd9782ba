"""The job logic behind `pipeline audio`, without the command: problems come back as values,
become one AudioProblems error (worded at the CLI edge), and nothing is printed on the way."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.audio.jobs import AudioRun, process_show
from pipeline.audio.progress import Step
from pipeline.audio.report import run_lines
from pipeline.cli import main
from pipeline.errors import AudioProblems, Problem
from tests.conftest import ShowMaker, episode


class Recorder:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self, label: str, count: int) -> None:
        self.calls.append(f"start {label} {count}")

    def __call__(self, step: Step) -> None:
        self.calls.append(f"step {step.slug}")

    def finish(self, slug: str) -> None:
        self.calls.append(f"finish {slug}")

    def close(self) -> None:
        self.calls.append("close")


def with_audio(n: int, name: str) -> str:
    return episode(n).replace(f"https://media.show.example/{n}.mp3", f"audio/{name}")


def test_a_failed_episode_is_a_problem_not_an_exception(
    make_show: ShowMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_show(episodes={"001-a": with_audio(1, "leeg.wav")}, files={"audio/leeg.wav": b""})
    watcher = Recorder()
    run = process_show(root, [], report_only=False, jobs=1, watcher=watcher)
    assert run.results == () and run.chosen == 1
    assert [str(p) for p in run.problems] == [
        "episodes/001-a.yaml:5: audio: got 'audio/leeg.wav', an empty file (0 bytes), expected "
        "a complete audio file (WAV, MP3, M4A, FLAC, Ogg, AIFF or AAC)"
    ]
    assert watcher.calls == ["start Processing audio 1", "finish 001-a", "close"]
    assert capsys.readouterr() == ("", "")  # the job logic prints nothing itself
    with pytest.raises(AudioProblems) as caught:
        run.raise_problems()
    assert caught.value.problems == run.problems
    assert caught.value.summary() == "1 episode failed; no partial files were left."


def test_audio_problems_survive_a_process_boundary() -> None:
    error = AudioProblems([Problem("episodes/1.yaml", 5, "audio", "'a.wav', x", "y")], done=2)
    copy = pickle.loads(pickle.dumps(error))
    assert copy.problems == error.problems
    assert copy.summary() == "1 episode failed; 2 others done; no partial files were left."


def test_nothing_to_do_without_local_audio(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    run = process_show(root, [], report_only=False, jobs=None, watcher=Recorder())
    assert run == AudioRun(Path(root).resolve(), report_only=False)
    assert run_lines(run) == ["No episode has a local audio file; nothing to do."]
    result = CliRunner().invoke(main, ["audio", "--root", str(root)])
    assert result.exit_code == 0
    assert result.stdout == "No episode has a local audio file; nothing to do.\n"
    assert result.stderr == ""
