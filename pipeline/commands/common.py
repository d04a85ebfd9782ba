"""Options and helpers shared by several commands."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline.errors import PipelineError, ProblemsError
from pipeline.text.dates import date_expected, parse_date, zone

F = TypeVar("F", bound=Callable[..., Any])


def followable(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """The folder as given, once it is known to lead somewhere: a link looping back on
    itself was a RuntimeError traceback from every command that resolved it."""
    if value is not None:
        try:
            value.resolve()
        except (OSError, RuntimeError):
            raise click.BadParameter(
                f"got {value}, expected a folder, not a link that loops back on itself"
            ) from None
    return value


class NumberRange(click.FloatRange):
    """A range of numbers that refuses nan, which passes a range's every comparison (nan
    and inf were tracebacks in the silence finder; the one range of ``audio`` and
    ``publish``'s number options)."""

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        number = float(super().convert(value, param, ctx))
        if math.isnan(number):
            self.fail(f"got {value!r}, expected a number", param, ctx)
        return number


def root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        callback=followable,
        show_default=True,
        help="The show folder (holding podcast.toml, episodes/ and posts/).",
    )(func)


def out_option(func: F) -> F:
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=followable,
        help="Where the site goes (default: ROOT/site). Replaced whole, only on success.",
    )(func)


def now_option(func: F) -> F:
    return click.option(
        "--now",
        metavar="DATETIME",
        help="Pretend it is this moment (e.g. 2026-05-01T09:00+02:00); default: the clock.",
    )(func)


def resolve_now(value: str | None, timezone: str = "UTC", option: str = "--now") -> datetime:
    """The moment a build runs at: the clock, or ``--now`` (naive values in the show's zone)."""
    if value is None:
        return datetime.now().astimezone()
    try:
        return parse_date(value, zone(timezone))
    except ValueError as exc:
        # A time the show's zone skips is named, not moved an hour without a word.
        expected = date_expected(exc, "a date and time like 2026-05-01T09:00+02:00")
        raise PipelineError(f"{option}: got {value!r}, expected {expected}") from None


def error_lines(exc: PipelineError, outcome: str = "nothing was written") -> list[str]:
    """Our exception as the ``Error:`` lines a user reads: every problem with its file and
    line, then how many and what became of the output. The one place they are worded."""
    if isinstance(exc, ProblemsError):
        return [f"Error: {p}" for p in exc.problems] + [f"Error: {exc.summary(outcome)}"]
    return [f"Error: {exc}"]
