"""``pipeline ping``: tell the show's WebSub hub that the feed changed (after a deploy)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import root_option
from pipeline.enrich.http import make_session
from pipeline.load.config import load_show
from pipeline.publish.ping import notify_hub


@click.command("ping")
@root_option
def ping_command(root: Path) -> None:
    """Notify the WebSub hub named by websub_hub in podcast.toml (if any).

    `pipeline publish` does this itself when it writes the live site; a CI job that deploys
    after publishing runs `pipeline publish --no-ping`, deploys, then `pipeline ping`, so the
    hub fetches the new feed and not the old one.
    """
    show = load_show(root)
    if not show.websub_hub:
        click.echo("No websub_hub in podcast.toml; nothing to notify.")
        return
    notify_hub(show.websub_hub, show.feed_url, make_session(None))
    click.echo(f"Notified WebSub hub {show.websub_hub}.")
