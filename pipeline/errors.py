"""Our own exception types. Free of click: ``cli.py`` turns them into ``Error: ...`` lines.

Every problem a user can fix is a :class:`Problem` carrying the file, line, field, the
value we got and what we expected, so that a whole build's worth of problems can be
collected and reported at once before aborting (MkDocs style).
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.models import Content


class _Short(reprlib.Repr):
    """reprlib that shortens YAML's mappings (``LineDict``) and huge numbers too."""

    def repr_LineDict(self, value: dict[object, object], level: int) -> str:
        return self.repr_dict(value, level)

    def repr_int(self, value: int, level: int) -> str:
        if value.bit_length() > 512:  # str() of a 5,000-digit number raises ValueError
            return f"a number of about {int(value.bit_length() * 0.30103)} digits"
        return super().repr_int(value, level)


_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SHORT = _Short()
_SHORT.maxlevel = 3
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 80
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = 6


def show_value(value: object, limit: int = 60) -> str:
    """Render a user value for a message: quoted, shortened, one line.

    Shortened *before* it becomes text: a huge value (a long line, a list of a million
    items) costs no more to report than a small one.
    """
    if value is None:
        return "nothing"
    if isinstance(value, str):
        text = repr(value[: limit + 1])
    elif isinstance(value, date | time):  # TOML's dates, as written, not datetime.date(...)
        text = value.isoformat()
    elif isinstance(value, list | tuple | dict | set | frozenset):
        # reprlib's short forms, with the brackets and quotes str() would give.
        text = _SHORT.repr(value)
    else:
        text = str(value) if isinstance(value, bool | float) else _SHORT.repr(value)
    text = text.replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, in ``path:line: field: got X, expected Y`` form."""

    path: str
    line: int | None
    field: str
    got: str
    expected: str

    def __str__(self) -> str:
        # A file name may hold a newline or another control character: shown escaped
        # (as repr() would), so that every problem stays one line.
        path = _CONTROL.sub(lambda m: repr(m[0])[1:-1], self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.field}: got {self.got}, expected {self.expected}"

    @classmethod
    def of(cls, path: str, line: int | None, field: str, value: object, expected: str) -> Problem:
        """Build a problem from the raw value the user wrote."""
        return cls(path, line, field, show_value(value), expected)


class PipelineError(Exception):
    """Base of every error the pipeline raises on purpose."""


class ProblemsError(PipelineError):
    """Carries every problem found in one stage, so they can all be reported at once."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ProblemsError], tuple[tuple[Problem, ...]]]:
        # Rebuilt from the problems, not the message, when it crosses a process boundary
        # (pages rendered in worker processes).
        return (type(self), (self.problems,))

    def summary(self, outcome: str = "nothing was written") -> str:
        """The last ``Error:`` line, after one line per problem."""
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found; {outcome}."


class ConfigError(ProblemsError):
    """``podcast.toml`` is missing or wrong."""


class ContentError(ProblemsError):
    """Posts or episode files are wrong."""


class PartlyLoaded(ContentError):
    """Loading found problems (``problems``); ``content``: the items that loaded, for the
    checks of the stages after it, so that every problem is reported at once; ``unread``:
    the names (file stems and slugs) of the posts that did not load; ``episodes_unread``:
    whether an episode did not (a reference to one of them is no problem of its own)."""

    def __init__(
        self,
        problems: Iterable[Problem],
        content: Content | None = None,
        unread: frozenset[str] = frozenset(),
        episodes_unread: bool = False,
    ) -> None:
        super().__init__(problems)
        self.content = content
        self.unread = unread
        self.episodes_unread = episodes_unread


class FetchError(PipelineError):
    """A network lookup failed (SoundCloud, audio host)."""


class AudioError(PipelineError):
    """An audio file could not be measured or processed."""


class AudioProblems(ProblemsError):
    """Some episodes' audio could not be processed; the others were, and are kept."""

    def __init__(self, problems: Iterable[Problem], done: int = 0):
        super().__init__(problems)
        self.done = done

    def __reduce__(self) -> tuple[type[AudioProblems], tuple[tuple[Problem, ...], int]]:  # type: ignore[override]
        return (type(self), (self.problems, self.done))

    def summary(self, outcome: str = "") -> str:
        """How many episodes failed and how many were done: the other episodes' files are
        kept, so "nothing was written" would not be true."""
        failed, done = len(self.problems), self.done
        return (
            f"{failed} episode{'s' if failed != 1 else ''} failed"
            + (f"; {done} other{'s' if done != 1 else ''} done" if done else "")
            + "; no partial files were left."
        )


class OutputError(PipelineError):
    """The output folder could not be written."""


class InterruptedAfterWrite(KeyboardInterrupt):
    """Ctrl-C (or SIGTERM) came after the new output was in place, while the writer tidied
    up: the site is the new one, in full, so "nothing was written" would be false."""

    def __init__(self, out: str) -> None:
        super().__init__(out)
        self.out = out


class PublishError(PipelineError):
    """Publishing was refused to protect subscribers."""


class PublishRefused(ProblemsError, PublishError):
    """Publishing would break subscribers (or the feed fails ``check``); nothing was written."""


class Problems:
    """A collector: stages append problems, then :meth:`raise_if_any` aborts once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int | None, field: str, value: object, expected: str) -> None:
        self.items.append(Problem.of(path, line, field, value, expected))

    def describe(self, path: str, line: int | None, field: str, got: str, expected: str) -> None:
        """Like :meth:`add`, with ``got`` already a description (not quoted)."""
        self.items.append(Problem(path, line, field, got, expected))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, kind: type[ProblemsError] = ContentError) -> None:
        if self.items:
            raise kind(self.sorted())

    def sorted(self) -> list[Problem]:
        """By file, line and field: the order they are reported in."""
        return sorted(self.items, key=_order)


def _order(p: Problem) -> tuple[str, int, str]:
    return (p.path, p.line or 0, p.field)
