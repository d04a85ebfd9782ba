"""``pipeline check``: validate the show and the feed it builds, for people and for CI."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.check import check_show
from pipeline.commands.common import now_option, resolve_now, root_option
from pipeline.show_zone import show_timezone
from pipeline.text.plural import counted


@click.command("check")
@root_option
@now_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one machine-readable report on stdout (for CI).",
)
@click.option(
    "--online",
    is_flag=True,
    help="Also ask the audio host: reachable, same length, byte-range requests.",
)
def check_command(root: Path, now: str | None, fmt: str, online: bool) -> None:
    """Check the show and its feed against Apple's and Podcasting 2.0's requirements.

    Builds in memory what `pipeline build` would publish at --now (nothing is written) and
    lists every error and warning. Exits with status 1 when there is any error.
    """
    report = check_show(root, resolve_now(now, show_timezone(root)), online=online)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for finding in report.findings:
            label = "Error" if finding.level == "error" else "Warning"
            click.echo(f"{label}: {finding}", err=True)
        click.echo(
            f"Checked {counted(report.episodes, 'episode')}: "
            f"{counted(len(report.errors), 'error')}, "
            f"{counted(len(report.warnings), 'warning')}."
        )
    if not report.ok:
        click.get_current_context().exit(1)
