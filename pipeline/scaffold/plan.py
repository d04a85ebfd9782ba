"""Every file `pipeline init` will write or remove, decided before anything is touched
(``apply.py`` then writes them, all or nothing).

A file that is already there is never overwritten: the plan lists each one and init stops
(the same bytes, as from a run that was interrupted, count as done). The sample show of a
template-made fork is removed only with ``replace_sample``, and only the files that are
still exactly the sample's; a sample file the user changed is theirs and is kept.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import Problem, ProblemsError, show_value
from pipeline.load.schema import CONFIG_FILE
from pipeline.scaffold.answers import Answers, podcast_toml
from pipeline.scaffold.sample import SampleFile, sample_files
from pipeline.scaffold.templates import cron_minute, render, workflow

FOLDERS = ("episodes", "posts", "audio")
WORKFLOW = ".github/workflows/publish.yml"
GITIGNORE = ".gitignore"
# What the show's .gitignore must keep out of git, as lines of an existing one may say it.
IGNORED = (("site/", "site", "/site/", "/site"), (".cache/", ".cache", "/.cache/", "/.cache"))


@dataclass(frozen=True)
class Plan:
    root: Path
    write: dict[str, bytes]  # relative path -> content, none of them existing
    copy: dict[str, Path]  # relative path -> file to copy there (the artwork)
    folders: tuple[str, ...]
    remove: tuple[str, ...]  # the sample show's unchanged files (with replace_sample)
    kept: tuple[str, ...]  # existing files that already do the job (identical, .gitignore)
    theirs: tuple[str, ...]  # sample files the user changed: left alone


def docs_url(spec: str) -> str:
    """The pipeline's home page, from a ``name @ git+https://host/o/r@ref`` requirement."""
    if spec == ".":
        return "pipeline/"
    if "git+" in spec:
        url = spec.split("git+", 1)[1].rsplit("@", 1)[0]
        return url.removesuffix(".git")
    return "https://pypi.org/project/podcast-pipeline/"


def preflight(root: Path, replace_sample: bool) -> None:
    """Before any question is asked: the sample show, or a show already here, stops init."""
    samples = sample_files(root)
    if samples and not replace_sample:
        raise ProblemsError([_sample_problem(root, samples)])
    if not samples and (root / CONFIG_FILE).exists():
        raise ProblemsError([_clash(CONFIG_FILE, False)])


def plan_init(
    root: Path,
    answers: Answers,
    artwork: str,
    artwork_source: Path | None,
    spec: str,
    replace_sample: bool,
) -> Plan:
    """The files for the show in ``root``; raises ProblemsError naming every clash."""
    base = answers.base_url.rstrip("/") + "/"
    texts = {
        CONFIG_FILE: podcast_toml(answers, artwork),
        "README.md": render(
            "README.md",
            title=answers.title,
            description=answers.description,
            feed_url=base + "feed.xml",
            artwork=artwork if "://" not in artwork else CONFIG_FILE + " (artwork)",
            minute=cron_minute(base),
            spec=spec,
            docs_url=docs_url(spec),
        ),
        GITIGNORE: render("gitignore"),
        WORKFLOW: workflow(answers.title, base, spec),
    }
    write = {name: text.encode("utf-8") for name, text in texts.items()}
    copy = {artwork: artwork_source} if artwork_source is not None else {}
    samples = sample_files(root)
    if samples and not replace_sample:
        raise ProblemsError([_sample_problem(root, samples)])
    in_place = artwork if artwork_source is None else None  # the user chose a file already here
    remove = tuple(s.path for s in samples if not s.changed and s.path != in_place)
    theirs = tuple(s.path for s in samples if s.changed)
    clashes: list[Problem] = []
    kept: list[str] = []
    for name in [*write, *copy]:
        path = root / name
        if name in remove or not (path.exists() or path.is_symlink()):
            continue
        enough = _ignores_enough(path) if name == GITIGNORE else False
        if enough or (path.is_file() and _same(path, write.get(name), copy.get(name))):
            kept.append(name)
        else:
            clashes.append(_clash(name, name in theirs))
    clashes += _not_folders(root, [*FOLDERS, *(p for n in [*write, *copy] for p in _parents(n))])
    if clashes:
        raise ProblemsError(clashes)
    for name in kept:
        write.pop(name, None)
        copy.pop(name, None)
    return Plan(root, write, copy, FOLDERS, remove, tuple(kept), theirs)


def _parents(name: str) -> list[str]:
    """``.github/workflows/publish.yml`` -> ``.github``, ``.github/workflows``."""
    return [p.as_posix() for p in reversed(Path(name).parents[:-1])]


def _not_folders(root: Path, folders: list[str]) -> list[Problem]:
    """Each folder the show needs that is something else (``.github`` a file): checked
    here, before anything is written, not found out halfway through writing."""
    problems: list[Problem] = []
    for folder in dict.fromkeys(folders):
        path = root / folder
        if path.is_symlink() and path.is_dir() and not _inside(root, path):
            # Written through, the artwork and publish.yml went elsewhere, and the show
            # init made did not build: a build refuses a folder linking out of the show.
            link = f"a link to {show_value(os.readlink(path), 120)}"
            expected = "a folder inside the show folder (or nothing)"
            problems.append(Problem(folder, None, "folder", link, expected))
            continue
        if path.is_dir() or not (path.exists() or path.is_symlink()):
            continue
        got = "a file" if path.is_file() else "a link to nothing" if path.is_symlink() else None
        problems.append(
            Problem(folder, None, "folder", got or "not a folder", "a folder (or nothing)")
        )
    return problems


def _inside(root: Path, path: Path) -> bool:
    """Whether the folder ``path`` resolves to is inside the show folder ``root``."""
    try:
        target, base = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop (Python 3.11)
        return False
    return target.is_relative_to(base) and target != base


def _same(path: Path, data: bytes | None, source: Path | None) -> bool:
    try:
        current = path.read_bytes()
        return current == (data if data is not None else source.read_bytes() if source else None)
    except OSError:
        return False


def _ignores_enough(path: Path) -> bool:
    try:
        lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    except (OSError, UnicodeDecodeError):
        return False
    return all(lines & set(forms) for forms in IGNORED)


def _clash(name: str, changed_sample: bool) -> Problem:
    why = "the sample's, changed since: yours now" if changed_sample else "an existing file"
    return Problem(
        name,
        None,
        "file",
        why,
        "no file there (pipeline init never overwrites; move it away and run init again)",
    )


def _sample_problem(root: Path, samples: list[SampleFile]) -> Problem:
    names = [s.path for s in samples]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return Problem(
        str(root),
        None,
        "folder",
        f"the sample show ({shown})",
        "a folder without it: pass --replace-sample to remove the sample's files "
        "(only those still exactly as shipped) and start your own show",
    )
