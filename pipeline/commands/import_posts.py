"""``pipeline import posts``: pasted, scraped or Jekyll articles into clean posts."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from pipeline.commands.common import root_option
from pipeline.errors import PipelineError
from pipeline.imports.encoding import HALF_QUOTE, STYLED, Fix
from pipeline.imports.explain import render
from pipeline.imports.loadable import where_of
from pipeline.imports.posts import PostImport, plan_imports, write_plan
from pipeline.load.config import load_show
from pipeline.text.dates import date_expected, parse_date, zone
from pipeline.text.plural import counted


@click.command("posts")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@root_option
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
@click.option(
    "--keep-original/--no-keep-original",
    default=True,
    show_default=True,
    help="Keep a copy of each input in imports/ (named in the post's `source:`).",
)
@click.option("--date", metavar="DATE", help="Date for inputs whose text and name have none.")
@click.option("--show-text", is_flag=True, help="With --dry-run: print each post in full.")
@click.option(
    "--explain",
    is_flag=True,
    help="Show each repair, removal and rewrite per file: the text before and after, side "
    "by side (writes nothing, like --dry-run).",
)
def posts_command(
    inputs: tuple[Path, ...],
    root: Path,
    dry_run: bool,
    keep_original: bool,
    date: str | None,
    show_text: bool,
    explain: bool,
) -> None:
    """Turn text, HTML or Markdown files into clean posts/YYYY-MM-DD-slug.md files.

    FILE_OR_DIR is one or more files, or folders of them (a link in a folder to a file
    outside it is skipped; a file met twice is read once).

    Repairs encoding damage (also styled letters and quotes a tool left half repaired),
    removes boilerplate and site chrome (every removed text is listed with its line),
    finds title, author, date and tags (also in an HTML page's metadata), marks the
    section headings of pasted text, resolves on.soundcloud.com share links, and turns a
    SoundCloud player into a `soundcloud:` field and an episode stub (or pairs it with the
    episode of that track). Importing the same file again changes nothing.
    """
    show = load_show(root)
    tz = zone(show.timezone)
    when = None
    if date is not None:
        try:
            when = parse_date(date, tz)
        except ValueError as exc:
            expected = date_expected(exc, "a date like 2023-07-01")
            raise PipelineError(f"--date: got {date!r}, expected {expected}") from None
    plan = plan_imports(
        root, list(inputs), tz, when, keep_original, show.soundcloud, progress=_progress
    )
    if explain:
        width = shutil.get_terminal_size((100, 24)).columns
        for item in plan.items:
            if item.skipped:
                click.echo(f"{where_of(item.source)}: {item.skipped}; skipped")
                continue
            click.echo("\n".join(render(item, width)))
            click.echo("")
        click.echo(f"Explained {counted(len(plan.items), 'file')}; nothing was written.")
        return
    for item in plan.items:
        _report(item, dry_run and show_text)
    if dry_run:
        looked = counted(len(plan.items), "file")
        click.echo(f"Dry run: {looked} looked at; nothing was written.")
        return
    written = write_plan(plan)
    for name in written:
        click.echo(f"Wrote {name}")
    new = sum(1 for item in plan.items if not item.skipped)
    unread = sum(1 for item in plan.items if item.skipped and not item.sha256)
    there = f"{len(plan.items) - new - unread} already there" + (
        f", {unread} skipped" if unread else ""
    )
    click.echo(f"Imported {counted(new, 'post')} ({there}).")


def _progress(path: Path) -> None:
    """Which file is being read, on a terminal only (reports stay clean in logs and CI)."""
    if sys.stderr.isatty():
        click.echo(f"Reading {path} ...", err=True)


def _label(fix: Fix) -> str:
    if fix.how == STYLED:
        return "styled letters"
    if fix.how == HALF_QUOTE:
        return "quote"
    return "encoding"


def _report(item: PostImport, show_text: bool) -> None:
    if item.skipped:
        click.echo(f"{where_of(item.source)}: {item.skipped}; skipped")
        return
    click.echo(f"{where_of(item.source)} -> {item.target}")
    for line in item.found:
        click.echo(f"  found: {line}")
    for pointer in item.pointers:
        click.echo(f"  kept: cross-link pointer 'Lees ook: {pointer}'")
    for fix in item.fixes:
        click.echo(f"  {_label(fix)}: line {fix.line}: {fix.before!r} -> {fix.after!r} ({fix.how})")
    for change in item.rewritten:
        click.echo(f"  {change.kind}: line {change.line}: {change.before!r} -> {change.after!r}")
    for gone in item.removed:
        click.echo(f"  removed: line {gone.line}: {gone.kind}: {gone.text!r}")
    if item.original:
        click.echo(f"  original kept as {item.original}")
    if show_text:
        click.echo(item.text)
