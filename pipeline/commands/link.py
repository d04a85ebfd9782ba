"""``pipeline link``: show related links, check "Lees ook" pointers, refresh the blocks."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from pipeline.build import due
from pipeline.commands.common import now_option, resolve_now, root_option
from pipeline.errors import ContentError, Problems
from pipeline.link.block import block_lines, with_block
from pipeline.link.pairing import pair
from pipeline.link.pointers import resolve_pointers
from pipeline.link.related import relate
from pipeline.link.text import BLOCK_BEGIN, BLOCK_END
from pipeline.load import load_content
from pipeline.models import Linked
from pipeline.paths import rel
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
    loaded = load_content(root.resolve())
    show_root = loaded.root
    content, _ = due(loaded, resolve_now(now, loaded.show.timezone))
    pairing = pair(content)
    report = resolve_pointers(content)
    linked = Linked(
        content=content,
        pairs=pairing.pairs,
        related=relate(content, pairing.pairs),
        pointers=report.pointers,
    )
    for notice in report.notices:
        click.echo(f"Notice: {notice}", err=True)
    if not (write or dry_run):
        _list(linked)
        return
    problems = Problems()
    changes: list[tuple[Path, str, str]] = []
    for post in sorted(content.posts, key=lambda p: p.source):
        raw = post.source.read_bytes().decode("utf-8")  # load_content checked it is UTF-8
        where = rel(post.source, show_root)
        begins, ends = raw.count(BLOCK_BEGIN), raw.count(BLOCK_END)
        if (begins or ends) and not (
            begins == ends == 1 and raw.index(BLOCK_BEGIN) < raw.index(BLOCK_END)
        ):
            line = raw.count("\n", 0, raw.find(BLOCK_BEGIN if begins else BLOCK_END)) + 1
            problems.describe(
                where,
                line,
                "lees-ook block",
                f"{begins} begin and {ends} end markers",
                "one begin marker followed by one end marker (or none)",
            )
            continue
        key = f"post:{post.slug}"
        by_hand = {p.target for p in linked.pointers if p.source == key and p.target}
        new = with_block(raw, block_lines(linked.related.get(key, ()), linked, by_hand))
        if new != raw:
            changes.append((post.source, raw, new))
    problems.raise_if_any(ContentError)
    for path, old, new in changes:
        name = rel(path, show_root)
        if dry_run:
            diff = difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
            click.echo("".join(diff), nl=False)
        else:
            replace_file(path, new.encode("utf-8"))
            click.echo(f"Updated {name}")
    state = "would change" if dry_run else "changed"
    click.echo(f"{len(changes)} of {len(content.posts)} posts {state}.")


def _list(linked: Linked) -> None:
    content = linked.content
    for post in sorted(content.posts, key=lambda p: p.source):
        click.echo(rel(post.source, content.root))
        for link in linked.related.get(f"post:{post.slug}", ()):
            click.echo(f"  {link.score:.3f} {link.target}  ({link.reason})")
