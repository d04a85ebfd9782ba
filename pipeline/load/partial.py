"""A show loaded as far as it loads, for the commands that report on every item they can
when some files are broken (``pipeline status``, ``pipeline audio --report``): the files
that load on their own are there, the broken ones are problems. Only a broken
``podcast.toml`` leaves nothing to go on.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConfigError, ContentError, Problem, Problems
from pipeline.load import (
    EPISODE_DIR,
    EPISODE_SUFFIXES,
    POST_DIR,
    POST_SUFFIXES,
    load_content,
    load_episode,
    load_post,
)
from pipeline.load.config import load_show
from pipeline.models import Content
from pipeline.paths import rel
from pipeline.text.dates import zone


def load_all(root: Path) -> tuple[Content, tuple[Problem, ...]]:
    """Every episode and post, scheduled ones included, and the problems of loading them.

    Raises the loader's error (every problem in it) when ``podcast.toml`` itself is broken."""
    try:
        return load_content(root), ()
    except ContentError as exc:
        try:
            show = load_show(root)
        except ConfigError:
            raise exc from None
        tz = zone(show.timezone)
        ignored = Problems()  # already in ``exc``, with the show-wide ones
        episodes = tuple(
            e
            for path in _files(root / EPISODE_DIR, EPISODE_SUFFIXES)
            if (e := load_episode(path, root, tz, ignored)) is not None
        )
        posts = tuple(
            p
            for path in _files(root / POST_DIR, POST_SUFFIXES)
            if (p := load_post(path, root, tz, ignored)) is not None
        )
        return Content(root, show, posts, episodes), exc.problems


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in suffixes and not p.name.startswith(".")
    )


def item_files(root: Path) -> dict[str, str]:
    """Every episode and post entry by its path as messages name it -> "episode" or "post":
    a file, or what the loader refuses in its place (a folder, a link to nothing, a pipe),
    so that each has its row or its problem where the loader reports one."""
    found = {rel(p, root): "episode" for p in _files(root / EPISODE_DIR, EPISODE_SUFFIXES)}
    found.update({rel(p, root): "post" for p in _files(root / POST_DIR, POST_SUFFIXES)})
    return found
