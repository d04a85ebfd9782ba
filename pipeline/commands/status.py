"""``pipeline status``: one screen of what is live, scheduled and blocked, and the next run."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import followable, now_option, resolve_now, root_option
from pipeline.errors import ProblemsError
from pipeline.show_zone import show_timezone
from pipeline.status import status


@click.command("status")
@root_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    callback=followable,
    help=(
        "The built site status reads and compares with: the folder `pipeline publish` "
        "writes (default: ROOT/site). What it holds beyond published.json was built "
        "locally and is shown as not published yet. Only read, never written."
    ),
)
@now_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the whole report on stdout, for scripts.",
)
@click.option("--all", "everything", is_flag=True, help="List every live item, not the newest.")
def status_command(
    root: Path, out: Path | None, now: str | None, fmt: str, everything: bool
) -> None:
    """Show every episode and post with its state, and what the next run would publish.

    live (published, with its date), due (goes out on the next run), scheduled (its due time
    in the show's timezone), or blocked, with why: a problem in its file, audio missing or
    of a type Apple refuses, a post or episode it names that is not there in time, a check
    or GUID-guard error. Published is what `pipeline publish` recorded in published.json:
    an item only `pipeline build` put into site/ is marked "built locally, not published
    yet". Reads only and works offline (lookups from the HTTP cache). Exits with status 1,
    listing every problem, when the next run would fail.
    """
    report = status(root, resolve_now(now, show_timezone(root)), out)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for line in report.lines(everything):
            click.echo(line)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if report.problems:
        raise ProblemsError(report.problems)
