"""What loading hands on when files have problems: the problems, and the items that
loaded without one, so that the stages after loading can check them too and every
problem is reported in one run (``link/pairing.py``: a dangling ``post:`` no longer waits
for a broken file beside it to be mended)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import PartlyLoaded, Problem, Problems
from pipeline.load.kept import Entry
from pipeline.load.posts import post_slug
from pipeline.models import Content, Episode, Post, Show

Read = tuple[Episode | Post | None, list[Problem], Entry | None]


def partly(
    problems: Problems,
    root: Path,
    show: Show,
    episodes: Sequence[Read],
    post_files: Sequence[tuple[bool, Path]],
    posts: Sequence[Read],
) -> PartlyLoaded:
    """Loading's problems, with the items that loaded without one (an item with a problem
    may lack a date or a number) for the later stages' checks, and the rest named."""

    def clean(read: Sequence[Read], kind: type) -> tuple[Any, ...]:
        return tuple(got for got, found, _ in read if isinstance(got, kind) and not found)

    unread = {
        name
        for (_, path), (got, found, _) in zip(post_files, posts, strict=True)
        if got is None or found
        for name in (path.stem, post_slug(path))
    }
    missing = any(got is None or found for got, found, _ in episodes)
    content = Content(root, show, posts=clean(posts, Post), episodes=clean(episodes, Episode))
    return PartlyLoaded(problems.sorted(), content, frozenset(unread), missing)
