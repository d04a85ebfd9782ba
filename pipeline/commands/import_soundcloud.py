"""``pipeline import soundcloud URL``: move a SoundCloud podcast feed into episode files."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import root_option
from pipeline.enrich.http import make_session
from pipeline.imports.soundcloud import import_feed
from pipeline.paths import rel
from pipeline.text.plural import counted


@click.command("soundcloud")
@click.argument("url")
@root_option
@click.option(
    "--skip-failed",
    is_flag=True,
    help="Import the readable items and list the broken ones (default: import nothing).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
def soundcloud_command(url: str, root: Path, skip_failed: bool, dry_run: bool) -> None:
    """Import the SoundCloud podcast feed at URL into episodes/.

    URL is the feed, e.g. https://feeds.soundcloud.com/users/soundcloud:users:ID/sounds.rss;
    every page (atom:link rel="next") is read. Each item becomes episodes/NNN-slug.yaml with
    its GUID, enclosure, length, duration, date, artwork and description, paired with a
    post when one matches. Running it again changes only what changed and never duplicates
    an episode; what you wrote in a file (title, description, date, GUID) is kept.
    """
    # Read fresh every time; nothing to keep between runs.
    report = import_feed(root, url, make_session(None), skip_failed, dry_run)
    root, planned, broken = report.root, report.planned, report.broken
    verb = {"create": "Created", "update": "Updated", "unchanged": "Skipped"}
    for p in planned:
        detail = ""
        if p.action == "update":
            detail = f" ({', '.join(p.changed)})"
        elif p.action == "unchanged":
            detail = " (unchanged)"
        click.echo(f"{verb[p.action]}: {rel(p.path, root)}{detail}")
        for note in p.notes:
            click.echo(f"Notice: {rel(p.path, root)}: {note}", err=True)
    for item in broken:
        click.echo(f"Skipped: {item.label}: broken item: {item.describe()}")
    counts = {a: sum(1 for p in planned if p.action == a) for a in verb}
    prefix = "Would import" if dry_run else "Imported"
    click.echo(
        f"{prefix} {counted(report.items, 'item')}: {counts['create']} created, "
        f"{counts['update']} updated, {counts['unchanged']} unchanged, {len(broken)} broken."
    )
