"""Turn pasted text, scraped HTML or Jekyll Markdown into ``posts/YYYY-MM-DD-slug.md``.

Planning reads every input and decides everything (post text, episode stub or pairing,
what was removed and changed) without touching the disk (:mod:`article` plans one file);
:func:`write_plan` then writes through ``pipeline/write/``. Problems from all files are collected
and raised together.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import cache
from pathlib import Path

import requests

from pipeline.enrich.http import default_cache_dir, make_session
from pipeline.errors import ContentError, Problems
from pipeline.imports.article import Context, PostImport, plan_one
from pipeline.imports.loadable import clash_problems, where_of
from pipeline.imports.share import cached_redirects
from pipeline.imports.stubs import show_episodes, show_pairs, unreadable_problems
from pipeline.load import EPISODE_DIR, POST_DIR
from pipeline.paths import outside_show
from pipeline.settings import SoundCloudSettings
from pipeline.write import create_file

__all__ = ["IMPORT_DIR", "Plan", "PostImport", "input_files", "plan_imports", "write_plan"]

IMPORT_DIR = "imports"
SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")
_HASH = re.compile(r"^source_sha256:\s*\"?([0-9a-f]{64})", re.MULTILINE)


@dataclass
class Plan:
    root: Path
    items: list[PostImport] = field(default_factory=list)


def input_files(paths: list[Path]) -> list[tuple[Path, Path | None]]:
    """Each input file with the folder named that holds it (None for a file named itself)."""
    files: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir():
            # Everything named like an input but a folder: a pipe or a broken link among
            # them is reported when it is read (as when named directly), not skipped.
            files.extend(
                (p, path)
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and not p.is_dir()
            )
        else:
            files.append((path, None))
    return files


def _unread(files: list[tuple[Path, Path | None]]) -> dict[int, str]:
    """Why an input of ``files`` is skipped unread, by its place: a link out of the folder
    named, or a file met already under another name (a link to it in its folder, a file
    named beside its folder).

    The user named the folder, not what its links point to: a link to another show's posts
    or to ~/.ssh/ had that file imported and kept in imports/. Read twice, a file clashed
    with itself as "a title no other input has" and nothing was imported; it is read once,
    under its own name if met so."""
    why: dict[int, str] = {}
    met: dict[Path, list[int]] = {}  # each file by its real path: where it was met
    bases: dict[Path, Path] = {}  # each folder named, resolved once
    for place, (path, folder) in enumerate(files):
        try:
            real = path.resolve()
            if folder is not None and folder not in bases:
                bases[folder] = folder.resolve()
        except (OSError, RuntimeError):  # a link loop (RuntimeError on Python 3.11)
            continue  # reported when it is read, as when named directly
        if folder is not None and not real.is_relative_to(bases[folder]):
            why[place] = f"a link to {where_of(real)}, outside the folder {where_of(folder)}"
        elif real.is_file():  # a pipe or a broken link is reported each time it is met
            met.setdefault(real, []).append(place)
    for places in met.values():
        kept = next((p for p in places if not files[p][0].is_symlink()), places[0])
        for place in places:
            if place != kept:
                why[place] = f"the same file as {where_of(files[kept][0])}"
    return why


def plan_imports(
    root: Path,
    paths: list[Path],
    tz: tzinfo,
    date_option: datetime | None,
    keep: bool,
    soundcloud: SoundCloudSettings | None = None,
    session: Callable[[], requests.Session] | None = None,
    progress: Callable[[Path], None] | None = None,
) -> Plan:
    """Decide what every input becomes; raise ContentError listing every problem.

    All or nothing: an input that cannot be read, or whose post or stub the build would
    refuse (a load rule, a clash with a file there or another input), fails the import
    and nothing is written, so that a fixed input is imported with the others by the
    same command run again.

    ``session`` makes the HTTP session share links are resolved with (asked for only when
    an input has one); by default the show's cached session.
    """

    @cache
    def show_session() -> requests.Session:
        made = make_session(default_cache_dir(root))
        cached_redirects(made)
        return made

    problems = Problems()
    plan = Plan(root)
    kept: dict[str, str] = {}  # the originals this run keeps: name -> hash
    episodes, unreadable = show_episodes(root, tz)

    @cache
    def pairs() -> dict[str, tuple[str, str]]:
        return show_pairs(root, tz, episodes)

    ctx = Context(
        root=root,
        tz=tz,
        date_option=date_option,
        keep=keep,
        # The show's, to which this run's stubs are added (``episodes`` stays as it was).
        episodes=list(episodes),
        imported=_imported_hashes(root),
        soundcloud=soundcloud or SoundCloudSettings(),
        session=session or show_session,
        pairs=pairs,
    )
    files = input_files(paths)
    unread = _unread(files)
    for place, (path, _folder) in enumerate(files):
        if (why := unread.get(place)) is not None:
            plan.items.append(PostImport(path, "", "", "", (), (), (), (), None, skipped=why))
            continue
        if progress is not None:
            progress(path)
        item = plan_one(
            path, ctx, problems, lambda name, sha: _original_name(root, name, sha, kept)
        )
        if item is not None:
            plan.items.append(item)
    new = [item for item in plan.items if not item.skipped]
    problems.extend(clash_problems(root, tz, new, episodes))
    stubs = [(where_of(item.source), item.episode[0]) for item in new if item.episode]
    problems.extend(unreadable_problems(unreadable, stubs))
    _folders_inside(root, new, problems)
    problems.raise_if_any(ContentError)
    return plan


def _folders_inside(root: Path, new: list[PostImport], problems: Problems) -> None:
    """A problem for each folder this run would write into that is a link out of the show:
    posts/ or episodes/ linking elsewhere had the posts and stubs written there (which the
    next build refuses), and imports/ the kept originals, outside the show folder."""
    folders = {POST_DIR} if new else set()
    folders |= {IMPORT_DIR for item in new if item.original}
    folders |= {EPISODE_DIR for item in new if item.episode}
    for name in sorted(folders):
        if (why := outside_show(root, name)) is not None:
            try:
                got = f"a link to {os.readlink(root / name)[:200]!r}"
            except OSError:  # a link further up, or gone meanwhile
                got = "a folder elsewhere"
            # outside_show's expectation is said of a file
            problems.describe(name, None, "folder", got, why.replace("a file", "a folder", 1))


def _imported_hashes(root: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    folder = root / POST_DIR
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if not path.is_file():  # a FIFO would block the read; the build reports it
            continue
        with path.open("rb") as file:
            head = file.read(16000).decode("utf-8", errors="replace")[:4000]
        for m in _HASH.finditer(head):
            found[m[1]] = f"{POST_DIR}/{path.name}"
    return found


def write_plan(plan: Plan) -> list[str]:
    """Write every planned post, stub and kept original; returns what was written.

    All or nothing, as the planning is: a write that fails (a full disk, a name taken
    meanwhile) or Ctrl-C removes the files this run made before it. They were left, and the
    command said "nothing was written"."""
    written: list[str] = []
    try:
        for item in plan.items:
            if item.skipped:
                continue
            original = item.original
            if original and create_file(plan.root / original, item.source.read_bytes()):
                written.append(original)
            if item.episode and create_file(plan.root / item.episode[0], item.episode[1].encode()):
                written.append(item.episode[0])
            if create_file(plan.root / item.target, item.text.encode("utf-8")):
                written.append(item.target)
    except BaseException:
        for name in reversed(written):  # each one made by this run: create_file never replaces
            (plan.root / name).unlink(missing_ok=True)
        raise
    return written


def _original_name(root: Path, name: str, sha: str, kept: dict[str, str]) -> str:
    """imports/NAME, or imports/NAME-<hash> when another file of that name is there or
    kept by this run (two folders' index.html: the second replaced the first half-way
    through the writing). ``kept`` gets the name chosen."""
    path = root / IMPORT_DIR / name
    other = kept.get(name)
    if other is None and path.exists():
        other = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    if other not in (None, sha):
        # shortened to leave room for the hash: a name may have 255 bytes, no more
        stem = path.stem.encode("utf-8", "surrogateescape")[: 240 - len(path.suffix.encode())]
        name = f"{stem.decode('utf-8', 'ignore')}-{sha[:8]}{path.suffix}"
    kept[name] = sha
    return f"{IMPORT_DIR}/{name}"
