"""``pipeline serve``: preview the site with drafts, rebuilt whenever a file changes."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import error_lines, now_option, resolve_now, root_option
from pipeline.preview import Event, Failed, Notice, Rebuilt, Shown, Started, serve
from pipeline.show_zone import show_timezone
from pipeline.text.plural import counted


def _print(event: Event) -> None:
    if isinstance(event, Started):
        click.echo(f"Serving {event.url}")
        click.echo(
            f"Built {counted(event.episodes, 'episode')} and {counted(event.posts, 'post')}; "
            "drafts are marked. "
            "Watching for changes (Ctrl+C stops).",
            err=True,
        )
    elif isinstance(event, Failed):
        for line in error_lines(event.error, "keeping the last good preview"):
            click.echo(line, err=True)
    elif isinstance(event, Shown):
        click.echo(f"Showing the edit of {', '.join(event.changed)}; rebuilding...", err=True)
    elif isinstance(event, Rebuilt):
        click.echo(f"Rebuilt after changes to {', '.join(event.changed)}.", err=True)
    elif isinstance(event, Notice):
        click.echo(f"Notice: {event.text}", err=True)


@click.command("serve")
@root_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@now_option
@click.option("--offline", is_flag=True, help="Make no network requests; use cached data only.")
def serve_command(root: Path, port: int, now: str | None, offline: bool) -> None:
    """Preview the site on http://127.0.0.1:PORT/ and rebuild it when a file changes.

    Episodes and posts dated in the future are included and marked as drafts (a normal
    build leaves them out). The preview is built in a temporary folder; ROOT/site is not
    touched. Open pages reload when a rebuild finishes. A rebuild with problems lists them
    (here and over the open pages) and keeps the last good preview.
    """
    zone = show_timezone(root)
    resolve_now(now, zone)  # a bad --now is an Error line before anything starts
    serve(root, port, lambda: resolve_now(now, zone), _print, offline=offline)
    click.echo("Stopped.", err=True)
