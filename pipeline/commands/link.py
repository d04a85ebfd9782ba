"""``pipeline link``: show related links, check "Lees ook" pointers, refresh the blocks."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from pipeline.build import link_show
from pipeline.commands.common import now_option, resolve_now, root_option
from pipeline.link.block import BlockChange, plan_blocks
from pipeline.models import Linked
from pipeline.paths import rel
from pipeline.show_zone import show_timezone
from pipeline.text.plural import counted
from pipeline.write import replace_file


@click.command("link")
@root_option
@now_option
@click.option(
    "--write",
    is_flag=True,
    help="Insert or refresh the marked 'Lees ook' block in each post (nothing else changes).",
)
@click.option(
    "--dry-run", is_flag=True, help="Print the changes --write would make; write nothing."
)
def link_command(root: Path, now: str | None, write: bool, dry_run: bool) -> None:
    """List each post's related posts and episodes and check hand-written pointers.

    Posts and episodes dated after --now (default: now) are left out, as in a build.
    Without --write no file is touched. With --write, each post gets a block between
    the markers

    \b
        <!-- pipeline:lees-ook begin -->
        <!-- pipeline:lees-ook end -->

    holding its related links; running it again changes nothing.
    """
    linked = link_show(root, resolve_now(now, show_timezone(root)))
    for notice in linked.notices:
        click.echo(f"Notice: {notice}", err=True)
    if not (write or dry_run):
        _list(linked)
        return
    changes = plan_blocks(linked)
    if dry_run:
        for change in changes:
            diff = difflib.unified_diff(
                change.old.splitlines(keepends=True),
                change.new.splitlines(keepends=True),
                fromfile=f"a/{change.name}",
                tofile=f"b/{change.name}",
            )
            click.echo("".join(diff), nl=False)
    else:
        _write(changes)
    state = "would change" if dry_run else "changed"
    click.echo(f"{len(changes)} of {counted(len(linked.content.posts), 'post')} {state}.")


def _write(changes: list[BlockChange]) -> None:
    """Each post replaced whole, one after another. Ctrl-C between two said "Interrupted;
    nothing was written" while the posts before it had their new block: it says how many
    did, and that a second run finishes the rest."""
    done = 0
    try:
        for change in changes:
            replace_file(change.path, change.new.encode("utf-8"), through_link=True)
            done += 1
            click.echo(f"Updated {change.name}")
    except KeyboardInterrupt:
        if not done:
            raise
        click.echo(
            f"Interrupted after updating {counted(done, 'post')} (listed above, each whole); "
            "run `pipeline link --write` again to update the rest.",
            err=True,
        )
        click.get_current_context().exit(130)


def _list(linked: Linked) -> None:
    content = linked.content
    for post in sorted(content.posts, key=lambda p: p.source):
        click.echo(rel(post.source, content.root))
        for link in linked.related.get(f"post:{post.slug}", ()):
            click.echo(f"  {link.score:.3f} {link.target}  ({link.reason})")
