"""Every file `pipeline init` will write or remove, decided before anything is touched.

A file that is already there is never overwritten: the plan lists each one and init stops
(the same bytes, as from a run that was interrupted, count as done). The sample show of a
template-made fork is removed only with ``replace_sample``, and only the files that are
still exactly the sample's; a sample file the user changed is theirs and is kept.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import OutputError, Problem, ProblemsError
from pipeline.load.schema import CONFIG_FILE
from pipeline.scaffold.answers import Answers, podcast_toml
from pipeline.scaffold.sample import SampleFile, sample_files
from pipeline.scaffold.templates import cron_minute, render, workflow
from pipeline.write import create_file

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
    for folder in FOLDERS:
        if (root / folder).exists() and not (root / folder).is_dir():
            clashes.append(Problem(folder, None, "folder", "a file", "a folder (or nothing)"))
    if clashes:
        raise ProblemsError(clashes)
    for name in kept:
        write.pop(name, None)
        copy.pop(name, None)
    return Plan(root, write, copy, FOLDERS, remove, tuple(kept), theirs)


def apply(plan: Plan) -> None:
    """Remove the sample's files, then create every planned file (each refusing a clash)."""
    for name in plan.remove:
        try:
            (plan.root / name).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(f"could not remove the sample's {name}: {exc}") from None
    for folder in plan.folders:
        try:  # a file or a pipe where the show's folder belongs, a read-only folder
            (plan.root / folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = "a file where a folder belongs" if isinstance(exc, FileExistsError) else exc
            raise OutputError(f"cannot create the folder {plan.root / folder}: {why}") from None
    for name, data in plan.write.items():
        create_file(plan.root / name, data)
    for name, source in plan.copy.items():
        target = plan.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            create_file(target, source.read_bytes())
        except OSError as exc:
            raise OutputError(f"could not copy {source} to {target}: {exc}") from None
    _prune_empty(plan.root, {str(Path(n).parent) for n in plan.remove})


def _prune_empty(root: Path, folders: set[str]) -> None:
    """Folders the sample's removal left empty go too (episodes/ posts/ stay)."""
    for folder in sorted(folders, key=len, reverse=True):
        path = root / folder
        if folder in (".", *FOLDERS) or not path.is_dir():
            continue
        with contextlib.suppress(OSError):  # not empty: the user's files are in it
            path.rmdir()


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
