"""``pipeline publish``: the safe, scheduled way to put the site out."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import (
    NumberRange,
    now_option,
    out_option,
    resolve_now,
    root_option,
)
from pipeline.enrich.transport import DEADLINE
from pipeline.errors import PublishRefused
from pipeline.publish import STATE_FILE, PublishOptions, PublishPlan, PublishReport, publish
from pipeline.show_zone import show_timezone
from pipeline.text.plural import counted


@click.command("publish")
@root_option
@out_option
@now_option
@click.option(
    "--allow-change",
    "allow",
    multiple=True,
    metavar="EPISODE",
    help="Accept a changed GUID, audio URL or date of this published episode (its file "
    "name without .yaml), or its removal. Repeat for more episodes.",
)
@click.option(
    "--previous",
    type=click.Choice(["state", "live"]),
    default="state",
    show_default=True,
    help=f"Compare with {STATE_FILE} in the show folder, or with the feed live at its URL.",
)
@click.option("--feed-url", metavar="URL", help="The live feed's URL (default: the show's).")
@click.option(
    "--live-timeout",
    type=NumberRange(min=0, min_open=True, max=3600),
    default=DEADLINE,
    show_default=True,
    metavar="SECONDS",
    help="With --previous live: how long reading the live feed may take in all, retries "
    "and the waits between them included; past it nothing is published.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Make no network requests: lookups from the cache only; pings are remembered "
    "and sent by the next run.",
)
@click.option(
    "--no-ping",
    is_flag=True,
    help="Do not notify the WebSub hub or Podping (run `pipeline ping` after deploying).",
)
@click.option(
    "--first-publication",
    is_flag=True,
    help=f"This is the show's first publication: there is no {STATE_FILE} yet. Without it "
    f"a missing {STATE_FILE} stops the run (a deleted file must never let changed "
    "episodes through).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would go out, change or be refused; write nothing (no site, no "
    f"{STATE_FILE}, no ping, no lock). Exits 1 when the run would be refused.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the result.")
def publish_command(
    root: Path,
    out: Path | None,
    now: str | None,
    allow: tuple[str, ...],
    previous: str,
    feed_url: str | None,
    live_timeout: float,
    offline: bool,
    first_publication: bool,
    no_ping: bool,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Build what is due now, check it, and publish it unless subscribers would suffer.

    Episodes and posts dated after --now (default: the clock) stay out until a later run.
    Refuses, naming each episode, when an already published episode's GUID, audio URL or
    date would change or the episode would disappear (unless --allow-change EPISODE).
    Writes the site atomically and records what it published in published.json; a run with
    nothing due changes no byte, so it is safe to run every hour.
    """
    if offline and previous == "live":
        raise click.UsageError(
            "--previous live reads the feed online; it cannot be used with --offline"
        )
    # Read only with --previous live: ignored in silence, a run compared with published.json
    # while its user took it for compared with the feed at the URL given.
    ctx = click.get_current_context()
    given = [
        f"--{name.replace('_', '-')}"
        for name in ("feed_url", "live_timeout")
        if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    ]
    if given and previous != "live":
        verb = "is" if len(given) == 1 else "are"
        raise click.UsageError(
            f"{' and '.join(given)} {verb} read only with --previous live (this run compares "
            f"with {STATE_FILE})"
        )
    options = PublishOptions(
        root=root,
        out=out if out is not None else root / "site",
        now=resolve_now(now, show_timezone(root)),
        allow=frozenset(allow),
        previous=previous,
        feed_url=feed_url,
        live_timeout=live_timeout,
        offline=offline,
        ping=not no_ping,
        first_publication=first_publication,
        dry_run=dry_run,
    )
    log = (lambda _: None) if quiet else (lambda msg: click.echo(msg, err=True))
    report = publish(options, log=log)
    if report.plan is not None:
        show_plan(report, report.plan)
        return
    for notice in report.notices:
        click.echo(f"Notice: {notice}", err=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for change in report.allowed:
        click.echo(f"Allowed change: {change}")
    for episode in report.new:
        click.echo(f"Published: {episode.slug} ({episode.title}, {episode.date})")
    for slug, when in report.scheduled:
        click.echo(f"Scheduled: {slug} (due {when.isoformat()})")
    if not report.changed and not report.state_changed:
        click.echo(f"Nothing new to publish; {report.out} unchanged.")
    else:
        episodes = counted(len(report.episodes), "episode")
        click.echo(f"Site {report.out} updated: {episodes} in the feed.")
    for service in report.pinged:
        click.echo(f"Notified {service}.")


def show_plan(report: PublishReport, plan: PublishPlan) -> None:
    """A dry run's report; a run that would be refused ends in its ``Error:`` lines."""
    for notice in report.notices:
        click.echo(f"Notice: {notice}", err=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for change in report.allowed:
        click.echo(f"Would allow change: {change}")
    for episode in report.new:
        click.echo(f"Would publish: {episode.slug} ({episode.title}, {episode.date})")
    for post in plan.posts:
        click.echo(f"Would publish post: {post.slug} ({post.title}, {post.date.isoformat()})")
    for slug, when in report.scheduled:
        click.echo(f"Scheduled: {slug} (due {when.isoformat()})")
    feed = plan.feed
    for label, names in zip(
        ("added", "changed", "removed"), (feed.added, feed.changed, feed.removed), strict=True
    ):
        if names:
            click.echo(f"Feed items {label}: {', '.join(names)}")
    if feed.channel:
        click.echo("Feed channel changed (show-level tags).")
    files = plan.files
    if files:
        count = len(files.added) + len(files.changed) + len(files.removed)
        click.echo(
            f"Would change {counted(count, 'file')} of {report.out}: "
            f"{len(files.added)} new, {len(files.changed)} changed, {len(files.removed)} removed."
        )
    else:
        click.echo(f"Would change no file of {report.out}.")
    click.echo(f"{STATE_FILE}: {'would be updated' if plan.state_changed else 'unchanged'}.")
    if plan.problems:
        click.echo("Would be refused; nothing would be written:")
        raise PublishRefused(plan.problems)
    click.echo("Dry run: nothing was written.")
