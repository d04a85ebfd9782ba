"""``pipeline build``: the whole show into a site folder."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.build import BuildOptions, build
from pipeline.commands.common import now_option, out_option, resolve_now, root_option
from pipeline.errors import PipelineError
from pipeline.parallel import default_jobs


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
def build_command(
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
    report = build(options, log=log)
    for notice in report.notices:
        click.echo(f"Notice: {notice}", err=True)
    if strict and report.notices:
        raise PipelineError(f"{len(report.notices)} notices with --strict")
    for slug, when in report.scheduled:
        click.echo(f"Scheduled: {slug} (due {when.isoformat()})", err=True)
    state = "written" if report.changed else "unchanged"
    click.echo(
        f"Built {len(report.episodes)} episodes and {report.posts} posts into {report.out} "
        f"({report.files} files, {state})."
    )
    click.echo(f"Feed: {report.feed}")


def _timezone(root: Path) -> str:
    """The show's zone, to read a ``--now`` without offset; imported only then, as loading
    pulls in the content checks a build with nothing new never runs."""
    from pipeline.show_zone import show_timezone

    return show_timezone(root)
