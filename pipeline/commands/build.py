"""``pipeline build``: the whole show into a site folder."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.build import BuildOptions, build, report_summary
from pipeline.commands.common import now_option, out_option, resolve_now, root_option
from pipeline.errors import PipelineError
from pipeline.fingerprint import Recall
from pipeline.parallel import default_jobs
from pipeline.text.plural import counted
from pipeline.unchanged import notice_lines, result_lines


@click.command("build")
@root_option
@out_option
@now_option
@click.option("--offline", is_flag=True, help="Make no network requests; use cached data only.")
@click.option(
    "--skip-failed",
    is_flag=True,
    help="Leave out episodes whose SoundCloud or audio lookups fail (default: fail the build).",
)
@click.option("--strict", is_flag=True, help="Treat notices (unpaired episodes...) as errors.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the result.")
@click.pass_obj
def build_command(
    obj: object,
    root: Path,
    out: Path | None,
    now: str | None,
    offline: bool,
    skip_failed: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Build the feed, show notes and site from the show folder.

    Episodes and posts dated after --now (default: now) are left out until their time.
    On any problem nothing is written and the previous site stays as it was.
    """
    options = BuildOptions(
        root=root,
        out=out if out is not None else root / "site",
        now=resolve_now(now, _timezone(root) if now is not None else "UTC"),
        offline=offline,
        skip_failed=skip_failed,
        jobs=default_jobs(),
    )
    log = (lambda _: None) if quiet else (lambda msg: click.echo(msg, err=True))
    # What __main__ found before the command line loaded, when the show has changed
    earlier = obj if isinstance(obj, Recall) else None
    report = build(options, log=log, earlier=earlier)
    said = report_summary(report)
    for line in notice_lines(said):
        click.echo(line, err=True)
    if strict and report.notices:
        raise PipelineError(f"{counted(len(report.notices), 'notice')} with --strict")
    scheduled, printed = result_lines(said, report.out, report.changed)
    for line in scheduled:
        click.echo(line, err=True)
    for line in printed:
        click.echo(line)


def _timezone(root: Path) -> str:
    """The show's zone, to read a ``--now`` without offset; imported only then, as loading
    pulls in the content checks a build with nothing new never runs."""
    from pipeline.show_zone import show_timezone

    return show_timezone(root)
