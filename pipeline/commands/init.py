"""``pipeline init``: a show folder of your own, ready to publish itself from GitHub."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.common import followable
from pipeline.errors import ProblemsError
from pipeline.scaffold.answers import (
    BY_NAME,
    FIELDS,
    Answers,
    category_help,
    machine_language,
    machine_timezone,
    split_categories,
)
from pipeline.scaffold.create import Review, create_show, review
from pipeline.scaffold.plan import Plan, preflight
from pipeline.scaffold.source import OPTION, default_spec

_EPILOG = "\b\nApple's categories (--category, repeat it for more):\n" + category_help()


@click.command("init", epilog=_EPILOG)
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), callback=followable
)
@click.option("--title", help="The show's title.")
@click.option("--description", help="A few sentences about the show, for podcast apps.")
@click.option("--author", help="The author as podcast apps show it.")
@click.option("--owner-name", help="The owner's name, for Apple (default: the author).")
@click.option("--owner-email", help="The owner's e-mail address, for Apple.")
@click.option("--language", help="The show's language code: nl, en, nl-BE...")
@click.option("--base-url", help="Where the site will be, e.g. https://NAME.github.io/SHOW/.")
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="CATEGORY",
    help='An Apple category, e.g. "Business > Marketing" (repeatable).',
)
@click.option(
    "--artwork",
    metavar="FILE_OR_URL",
    help="Square JPEG or PNG, 1400-3000 px; a file is copied into static/.",
)
@click.option("--timezone", help="Time zone of the dates you write (default: this machine's).")
@click.option("--explicit", is_flag=True, help="The show has explicit content.")
@click.option(
    OPTION,
    "spec",
    envvar="PIPELINE_SPEC",
    metavar="REQUIREMENT",
    help="Where the GitHub workflow installs the pipeline from (default: $PIPELINE_SPEC, "
    "else where this pipeline came from, pinned to its tag or commit).",
)
@click.option(
    "--replace-sample",
    is_flag=True,
    help="In a copy of the pipeline's repository: remove the sample show's files "
    "(only those still exactly as shipped) and put yours in their place.",
)
@click.option(
    "-y",
    "--yes",
    "--no-input",
    "no_input",
    is_flag=True,
    help="Ask nothing: every answer comes from the options (for scripts).",
)
def init_command(
    folder: Path,
    title: str | None,
    description: str | None,
    author: str | None,
    owner_name: str | None,
    owner_email: str | None,
    language: str | None,
    base_url: str | None,
    categories: tuple[str, ...],
    artwork: str | None,
    timezone: str | None,
    explicit: bool,
    spec: str | None,
    replace_sample: bool,
    no_input: bool,
) -> None:
    """Start a show in FOLDER (default: here): podcast.toml with your answers, episodes/,
    posts/ and audio/, a .gitignore, a README for the show and the GitHub workflow that
    publishes it every hour.

    Asks for what the options leave out (unless --no-input). Every answer is checked the
    way `pipeline build` and `pipeline check` will check it before any file is written, and
    no existing file is ever overwritten; if a write still fails, what was written is
    removed again.
    """
    answers = Answers(
        title=(title or "").strip(),
        description=(description or "").strip(),
        author=(author or "").strip(),
        owner_name=(owner_name or author or "").strip(),
        owner_email=(owner_email or "").strip(),
        language=(language or "").strip(),
        base_url=(base_url or "").strip(),
        categories=tuple(c for text in categories for c in split_categories(text)),
        artwork=(artwork or "").strip(),
        timezone=(timezone or machine_timezone()).strip(),
        explicit=explicit,
    )
    why = ""
    if spec is None:
        spec, why = default_spec(folder)  # none found: a problem listed with the others
    if not no_input:
        preflight(folder, replace_sample)  # before the questions, not after them
        answers = _ask(answers, [f.name for f in answers.missing()])
        if spec is None:
            spec = click.prompt("Where GitHub installs the pipeline from (a pip requirement)")
    checked = review(answers, folder, spec, why)
    while checked.problems and not no_input:
        checked = _ask_again(checked, folder, spec or "")
    plan = create_show(folder, checked, spec or "", replace_sample)
    _report(plan, checked, spec or "")


def _ask(answers: Answers, names: list[str]) -> Answers:
    """Prompt for each named field, offering the current or a sensible default."""
    for name in names:
        field = BY_NAME[name]
        current = getattr(answers, name)
        default: str | None = None
        if name == "categories":
            default = "; ".join(current) or None
        elif current:
            default = current
        elif name == "owner_name":
            default = answers.author or None
        elif name == "language":
            default = machine_language()
        value = str(click.prompt(field.question, default=default)).strip()
        answers = answers.answered(name, value)
    return answers


def _ask_again(checked: Review, folder: Path, spec: str) -> Review:
    for problem in checked.problems:
        click.echo(f"Error: {problem}", err=True)
    options = {p.field for p in checked.problems}
    names = [f.name for f in FIELDS if f.option in options]
    if not names:  # not fixable by an answer (e.g. the pipeline spec): report and stop
        raise ProblemsError(checked.problems)
    return review(_ask(checked.answers, names), folder, spec)


def _report(plan: Plan, checked: Review, spec: str) -> None:
    for warning in checked.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for name in plan.remove:
        click.echo(f"Removed {name} (the sample show's)")
    for name in plan.theirs:
        click.echo(f"Kept {name} (the sample's, but changed since: remove it if it is not yours)")
    for folder in plan.folders:
        click.echo(f"Folder  {folder}/")
    for name in [*plan.write, *plan.copy]:
        click.echo(f"Created {name}")
    for name in plan.kept:
        click.echo(f"Kept    {name} (already there and good as it is)")
    root = plan.root
    where = "" if root == Path(".") else f" --root {root}"
    source = "the pipeline from this repository" if spec == "." else spec
    click.echo(
        f"\nThe show is ready; its workflow installs {source}.\n"
        # A server's zone (UTC) taken silently put a Dutch show's episodes an hour off
        f"Dates are in {checked.answers.timezone} (podcast.toml's timezone: change it before"
        " pipeline new writes dates with its offset).\n"
        "Next: put a recording in audio/ and\n"
        f'  pipeline new "Episode 1: Title"{where} --audio audio/FILE.wav\n'
        f"  pipeline audio{where} && pipeline check{where} && pipeline serve{where}\n"
        "then push the folder to GitHub; README.md says how it publishes itself."
    )
