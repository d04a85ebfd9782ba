"""``pipeline ping``: tell the WebSub hub and Podping that the feed changed (after a deploy)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline.commands.common import root_option
from pipeline.enrich.http import make_session
from pipeline.load.config import load_show
from pipeline.publish.ping import notify, pings_for


@click.command("ping")
@root_option
def ping_command(root: Path) -> None:
    """Notify the websub_hub and Podping ([podping] in podcast.toml) that the feed changed.

    `pipeline publish` does this itself when it writes the live site; a CI job that deploys
    after publishing runs `pipeline publish --no-ping`, deploys, then `pipeline ping`, so
    the services fetch the new feed and not the old one. Podping's token is read from the
    environment (PODPING_TOKEN unless [podping] token_env names another variable). A ping
    that fails is a warning, remembered in .cache/ping.json and sent again next time.
    """
    show = load_show(root)
    if not pings_for(show):
        click.echo("No websub_hub or [podping] in podcast.toml; nothing to notify.")
        return
    report = notify(root, show, make_session(None), os.environ, changed=True)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for ping in report.sent:
        click.echo(f"Notified {ping.describe()}.")
