"""Progress within each file: how many seconds of it a pass has processed, of how many.

Workers report :class:`Step` values (plain data: they cross a process boundary through a
queue); :class:`Throttle` keeps a worker from sending more than a few a second; the
:class:`ProgressPrinter` shows them. In a terminal that is one line, rewritten in place,
with every file being worked on; elsewhere (a CI log) it is a line per file and pass at
every tenth of the way, or every 30 seconds when a pass is slow, so a long episode never
looks frozen and a log never fills with thousands of lines.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from pipeline.text.clock import format_clock

LOG_STEP = 10  # percent between two log lines of one pass
LOG_SECONDS = 30.0  # ... or seconds, whichever comes first
SEND_SECONDS = 0.25  # at most this often from a worker, except a pass's first and last step


@dataclass(frozen=True)
class Step:
    """How far one file's current pass is."""

    slug: str
    stage: str  # "measuring", "levelling and encoding", "checking the MP3", ...
    done: float  # seconds of audio processed
    total: float  # seconds of audio in the file

    @property
    def percent(self) -> int:
        return int(100 * min(self.done, self.total) / self.total) if self.total > 0 else 100

    def __str__(self) -> str:
        done = min(self.done, self.total)
        return f"{self.stage} {format_clock(done)} of {format_clock(self.total)} ({self.percent} %)"


class Watcher(Protocol):
    """What runs the jobs tells whoever shows their progress."""

    def start(self, label: str, count: int) -> None: ...

    def __call__(self, step: Step) -> None: ...

    def finish(self, slug: str) -> None: ...

    def close(self) -> None: ...


class Throttle:
    """Passes steps on to ``send`` at most every ``interval`` seconds per pass, but always a
    pass's first step and the step that completes it."""

    def __init__(
        self,
        send: Callable[[Step], None],
        interval: float = SEND_SECONDS,
        now: Callable[[], float] = time.monotonic,
    ):
        self.send = send
        self.interval = interval
        self.now = now
        self._last: tuple[str, float] | None = None  # (stage, when sent)

    def __call__(self, step: Step) -> None:
        when = self.now()
        last = self._last
        if (
            last is None
            or last[0] != step.stage  # a pass's first step
            or step.done >= step.total
            or when - last[1] >= self.interval
        ):
            self._last = (step.stage, when)
            self.send(step)


@dataclass
class _Shown:
    stage: str
    percent: int
    when: float


class ProgressPrinter:
    """Shows steps on ``stream``: a line rewritten in place on a terminal, else log lines."""

    def __init__(
        self,
        stream: TextIO,
        tty: bool,
        now: Callable[[], float] = time.monotonic,
        width: Callable[[], int] = lambda: shutil.get_terminal_size().columns,
    ):
        self.stream = stream
        self.tty = tty
        self.now = now
        self.width = width
        self._current: dict[str, Step] = {}  # the passes under way, per file
        self._shown: dict[str, _Shown] = {}  # what the log last said, per file
        self._finished: set[str] = set()
        self._line = False  # a progress line is on screen (terminal)

    @classmethod
    def on(cls, stream: TextIO) -> ProgressPrinter:
        isatty = getattr(stream, "isatty", None)
        return cls(stream, tty=bool(isatty and isatty()))

    def start(self, label: str, count: int) -> None:
        self._write_line(f"{label}: {count} episode{'s' if count != 1 else ''}")

    def __call__(self, step: Step) -> None:
        if step.slug in self._finished:
            return  # a late step from a worker's queue
        self._current[step.slug] = step
        if self.tty:
            self._redraw()
            return
        shown = self._shown.get(step.slug)
        when = self.now()
        if (
            shown is None
            or shown.stage != step.stage
            or step.percent >= shown.percent + LOG_STEP
            or (step.percent == 100 and shown.percent < 100)
            or (when - shown.when >= LOG_SECONDS and step.percent > shown.percent)
        ):
            self._shown[step.slug] = _Shown(step.stage, step.percent, when)
            self._write_line(f"{step.slug}: {step}")

    def finish(self, slug: str) -> None:
        """``slug`` is done (or failed): it leaves the progress line."""
        self._finished.add(slug)
        self._current.pop(slug, None)
        if self.tty:
            self._redraw()

    def close(self) -> None:
        if self.tty and self._line:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._line = False

    def _redraw(self) -> None:
        text = " | ".join(f"{s.slug}: {s}" for s in self._current.values())
        self.stream.write("\r" + text[: max(10, self.width() - 1)] + "\x1b[K")
        self.stream.flush()
        self._line = bool(text)

    def _write_line(self, text: str) -> None:
        if self.tty and self._line:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()
        if self.tty and self._current:
            self._redraw()
