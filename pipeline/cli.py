"""The command line: a thin click layer over the pipeline.

Every command lives in ``pipeline/commands/<verb>.py`` as a ``<name>_command``; this module
discovers them, wires them into one group and turns our own errors into ``Error: ...``
lines with exit code 1 (never a traceback); click itself uses exit code 2 for usage errors.
"""

from __future__ import annotations

import importlib
import signal
import sys
import threading
from typing import Any

import click

from pipeline import __version__
from pipeline.commands import command_modules
from pipeline.commands.common import error_lines
from pipeline.errors import InterruptedAfterWrite, PipelineError


class PipelineGroup(click.Group):
    """A click group whose commands report PipelineErrors as ``Error:`` lines, each command
    imported on first use (its module's imports are its own cost, not every command's)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(command_modules()))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None:
            return found
        module = command_modules().get(cmd_name)
        if module is None:
            return None
        commands = [
            value
            for name, value in sorted(vars(importlib.import_module(module)).items())
            if name.endswith("_command") and isinstance(value, click.Command)
        ]
        for command in commands:
            self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        previous = _stop_on_sigterm()
        try:
            return super().invoke(ctx)
        except PipelineError as exc:
            for line in error_lines(exc):
                click.echo(line, err=True)
            ctx.exit(1)
        except InterruptedAfterWrite as exc:
            click.echo(
                f"Interrupted after the new site was written to {exc.out} in full; run the "
                "command again to finish (a folder it left beside the site is removed then).",
                err=True,
            )
            ctx.exit(130)
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
