"""What ``pipeline import posts`` is about to write, read first by the build's own loader.

A post or an episode stub the next ``pipeline build`` would refuse (a title with a control
character, a link with a password in it, a slug another post has, a file that is there
already) is refused here instead, named by the input it came from, and the import writes
nothing, as for an input it cannot read. The rules are load's own (:func:`load_post`,
:func:`load_episode` and its uniqueness check), never a copy: a rule added there holds
here too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import Problem, Problems
from pipeline.load import POST_DIR, POST_SUFFIXES, check_unique, load_episode, load_post
from pipeline.load.posts import post_slug
from pipeline.models import Episode, Post
from pipeline.paths import not_utf8

if TYPE_CHECKING:
    from pipeline.imports.article import PostImport

# A post that exists only for the uniqueness check, which compares file names alone.
_NO_DATE = datetime(2000, 1, 1, tzinfo=UTC)
TAKEN_EXPECTED = "a name no file has yet (the import never replaces a file)"


def where_of(path: Path) -> str:
    """An input's path as its problems name it (bytes that are not UTF-8 as ``\\xe9``)."""
    return not_utf8(str(path)) or str(path)


def post_problems(
    where: str,
    target: str,
    text: str,
    root: Path,
    tz: tzinfo,
    fm_lines: Mapping[str, int],
    body_origin: Sequence[int],
    body_start: int,
) -> list[Problem]:
    """The problems a build would find in ``text`` written as ``target``, said of the
    input ``where``: a body line as the input line it came from (``body_origin``, one per
    line of the post's body, which starts on line ``body_start``), a front matter field
    as the input's own front matter line (``fm_lines``), else no line."""
    found = Problems()
    load_post(root / target, root, tz, found, text=text)
    moved = []
    for p in found.items:
        line = None
        if p.line is not None and 0 <= p.line - body_start < len(body_origin):
            line = body_origin[p.line - body_start]
        elif p.line is not None and p.line < body_start:
            line = fm_lines.get(p.field)
        moved.append(Problem(where, line, p.field, p.got, p.expected))
    return moved


def stub_problems(where: str, name: str, text: str, root: Path, tz: tzinfo) -> list[Problem]:
    """The problems a build would find in the new episode stub ``name``, said of the
    input ``where`` whose SoundCloud player it is made for."""
    found = Problems()
    load_episode(root / name, root, tz, found, text=text)
    return [
        Problem(where, None, p.field, p.got, f"{p.expected} (in the new episode stub {name})")
        for p in found.items
    ]


def clash_problems(
    root: Path, tz: tzinfo, items: Sequence[PostImport], episodes: Sequence[Episode]
) -> list[Problem]:
    """What the planned posts and stubs (``items``, none skipped) would clash with: a
    file there already (never replaced), or a post slug, episode number, GUID or episode
    name the show's other files (``episodes``: those that load) or other inputs have."""
    problems: list[Problem] = []
    owner: dict[str, PostImport] = {}  # a planned post's or stub's name -> its input
    for item in items:
        files = [(item.target, item.text), *([item.episode] if item.episode else [])]
        for name, text in files:
            if _replaces(root / name, text):
                got = f"{name!r}, which is there already"
                problems.append(Problem(where_of(item.source), None, "file", got, TAKEN_EXPECTED))
            else:
                owner[name] = item
    stubs = []
    for name, item in owner.items():
        if item.episode and item.episode[0] == name:
            stub = load_episode(root / name, root, tz, Problems(), text=item.episode[1])
            stubs.extend([stub] if stub is not None else [])
    planned = [_stand_in(root / name) for name in owner if name.startswith(f"{POST_DIR}/")]
    others = [_stand_in(p) for p in post_files(root) if f"{POST_DIR}/{p.name}" not in owner]
    found = Problems()
    # The show's files first: a clash is then reported on the planned file, never on a
    # file the user has (and a clash among the show's own files is the build's to report).
    check_unique((*episodes, *stubs), (*others, *planned), root, found)
    for p in found.items:
        if (clashing := owner.get(p.path)) is None:
            continue
        if p.path == clashing.target:
            got = f"{p.got} (the slug of {p.path}, made from the title)"
        else:
            got = f"{p.got} (in the new episode stub {p.path})"
        problems.append(Problem(where_of(clashing.source), None, p.field, got, p.expected))
    return problems


def _replaces(path: Path, text: str) -> bool:
    """True when writing ``text`` to ``path`` would replace something (not when the very
    same bytes are there: writing them again changes nothing)."""
    if not (path.exists() or path.is_symlink()):
        return False
    try:  # is_file() first: reading a pipe under that name would block for ever
        return not (path.is_file() and path.read_bytes() == text.encode("utf-8"))
    except OSError:  # there, but unreadable: not the same file, for all we know
        return True


def post_files(root: Path) -> list[Path]:
    """The files in posts/ the build reads as posts (it refuses the unreadable ones)."""
    folder = root / POST_DIR
    try:
        with os.scandir(folder) as scan:
            names = sorted(e.name for e in scan)
    except OSError:  # no posts/ yet, or not a folder: the build says so
        return []
    return [
        folder / name
        for name in names
        if Path(name).suffix.lower() in POST_SUFFIXES and not name.startswith(".")
    ]


def _stand_in(path: Path) -> Post:
    """A post as the uniqueness check sees it: its file and the slug its name gives."""
    return Post(source=path, slug=post_slug(path), title="", date=_NO_DATE, body="", body_line=1)
