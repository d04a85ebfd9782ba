"""Progress within each file, shown without ffmpeg: what the printer writes for a stream of
steps on a terminal and in a log, and how a worker's steps are thinned before they travel."""

from __future__ import annotations

import io

from pipeline.audio.progress import ProgressPrinter, Step, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def steps(slug: str, stage: str, total: float, count: int) -> list[Step]:
    return [Step(slug, stage, total * i / count, total) for i in range(count + 1)]


def test_step_reads_as_seconds_of_total_and_percent() -> None:
    assert str(Step("001-a", "measuring", 754.9, 3600.0)) == "measuring 12:34 of 1:00:00 (20 %)"
    assert str(Step("001-a", "measuring", 3600.1, 3600.0)).endswith("1:00:00 of 1:00:00 (100 %)")
    assert Step("001-a", "measuring", 0.0, 0.0).percent == 100


def test_log_gets_a_line_every_tenth_not_thousands() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, tty=False, now=Clock())
    printer.start("Processing audio", 1)
    for stage in ("measuring", "levelling and encoding", "checking the MP3"):
        for step in steps("001-lang", stage, 3600.0, 10_000):
            printer(step)
    printer.finish("001-lang")
    printer.close()
    lines = out.getvalue().splitlines()
    assert lines[0] == "Processing audio: 1 episode"
    assert len(lines) == 1 + 3 * 11
    assert lines[1] == "001-lang: measuring 0:00 of 1:00:00 (0 %)"
    assert lines[2] == "001-lang: measuring 6:00 of 1:00:00 (10 %)"
    assert lines[11] == "001-lang: measuring 1:00:00 of 1:00:00 (100 %)"
    assert lines[12] == "001-lang: levelling and encoding 0:00 of 1:00:00 (0 %)"
    assert lines[-1] == "001-lang: checking the MP3 1:00:00 of 1:00:00 (100 %)"
    assert "\r" not in out.getvalue()


def test_log_speaks_up_every_30_seconds_when_a_pass_is_slow() -> None:
    out = io.StringIO()
    clock = Clock()
    printer = ProgressPrinter(out, tty=False, now=clock)
    for second in range(0, 301):  # 1 % every 10 s: a tenth takes 100 s
        clock.now = float(second)
        printer(Step("001-lang", "measuring", 36.0 * second / 10, 3600.0))
    lines = out.getvalue().splitlines()
    # 0 s, then every 30 s (3 %, 6 %, ...), never silent for longer.
    assert [line.split("(")[1] for line in lines[:4]] == ["0 %)", "3 %)", "6 %)", "9 %)"]
    assert len(lines) == 11


def test_terminal_rewrites_one_line_with_every_file_under_way() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, tty=True, now=Clock(), width=lambda: 200)
    printer.start("Processing audio", 2)
    printer(Step("001-a", "measuring", 30.0, 600.0))
    printer(Step("002-b", "levelling and encoding", 60.0, 120.0))
    text = out.getvalue()
    assert text.startswith("Processing audio: 2 episodes\n")
    assert text.count("\n") == 1  # updates stay on one line
    last = text.rsplit("\r", 1)[1]
    assert last == (
        "001-a: measuring 0:30 of 10:00 (5 %) | "
        "002-b: levelling and encoding 1:00 of 2:00 (50 %)\x1b[K"
    )
    printer.finish("001-a")
    assert out.getvalue().rsplit("\r", 1)[1].startswith("002-b: levelling")
    printer(Step("001-a", "checking the MP3", 600.0, 600.0))  # late, from a worker's queue
    assert "001-a" not in out.getvalue().rsplit("\r", 1)[1]
    printer.finish("002-b")
    printer.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_terminal_line_fits_the_width() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, tty=True, now=Clock(), width=lambda: 40)
    printer(Step("001-een-heel-lange-naam", "levelling and encoding", 30.0, 600.0))
    assert len(out.getvalue().rsplit("\r", 1)[1].removesuffix("\x1b[K")) == 39


def test_throttle_sends_first_last_and_a_few_a_second() -> None:
    clock = Clock()
    sent: list[Step] = []
    throttle = Throttle(sent.append, interval=0.25, now=clock)
    for i, step in enumerate(steps("001-a", "measuring", 600.0, 1000)):
        clock.now = i * 0.001  # a thousand steps in one second
        throttle(step)
    for step in steps("001-a", "checking the MP3", 600.0, 2):
        throttle(step)
    assert [s.done for s in sent if s.stage == "measuring"] == [0.0, 150.0, 300.0, 450.0, 600.0]
    assert [s.done for s in sent if s.stage == "checking the MP3"] == [0.0, 600.0]
