"""The command line: a thin click layer over the pipeline.

Every command lives in ``pipeline/commands/<verb>.py`` as a ``<name>_command``; this module
discovers them, wires them into one group and turns our own errors into ``Error: ...``
lines with exit code 1 (never a traceback); click itself uses exit code 2 for usage errors.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

import click

from pipeline import __version__
from pipeline.commands import discover
from pipeline.errors import PipelineError, ProblemsError


class PipelineGroup(click.Group):
    """A click group whose commands report PipelineErrors as ``Error:`` lines."""

    def invoke(self, ctx: click.Context) -> Any:
        previous = _stop_on_sigterm()
        try:
            return super().invoke(ctx)
        except ProblemsError as exc:
            for problem in exc.problems:
                click.echo(f"Error: {problem}", err=True)
            click.echo(f"Error: {exc.summary()}", err=True)
            ctx.exit(1)
        except PipelineError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            ctx.exit(130)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> Any:
    """Let SIGTERM (CI cancelling a job, ``kill``) stop a command like Ctrl-C does: temporary
    files are removed and the previous output stays. Returns the handler to restore."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _interrupt)


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Publish a podcast and its blog from plain files.

    A show folder holds podcast.toml, episodes/*.yaml and posts/*.md. `pipeline build`
    turns it into site/ with feed.xml, show notes and pages. Run `pipeline COMMAND --help`
    for the options of each command.
    """


def _load_commands() -> None:
    for command in discover("pipeline.commands"):
        main.add_command(command)


_load_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
