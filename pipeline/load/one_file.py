"""One episode or post file loaded, with its problems and, where the build keeps what it
loaded (``.cache/build/posts.bin``), its entry: a post as loaded (``kept.py``), an
episode's YAML as parsed (``kept_yaml.py``)."""

from __future__ import annotations

import functools
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pipeline.errors import Problems
from pipeline.load.episodes import load_episode
from pipeline.load.fields import read_text
from pipeline.load.kept import KeptPosts, load_kept
from pipeline.load.kept_yaml import kept_episode
from pipeline.load.partly import Read
from pipeline.load.posts import load_post
from pipeline.models import Episode
from pipeline.paths import rel


def item_and_problems(
    file: tuple[bool, Path], root: Path, tz: tzinfo, kept: KeptPosts | None
) -> Read:
    """One episode (``file[0]``) or post file, loaded, with its problems; and its entry
    to keep (``kept``: what the last build kept, that of the same text taken)."""
    is_episode, path = file
    found = Problems()
    if kept is None:
        load = load_episode if is_episode else load_post
        return load(path, root, tz, found), found.items, None
    text = read_text(path, root, found)
    if text is None:
        return None, found.items, None
    if is_episode:  # its YAML as parsed is kept (kept_yaml.py)
        return kept_episode(kept, text, functools.partial(_episode, path, root, tz, text))
    again = functools.partial(load_post, path, root, tz, text=text)
    return load_kept(kept, path, rel(path, root), text, again)


def _episode(
    path: Path, root: Path, tz: tzinfo, text: str, problems: Problems, parsed: Any
) -> Episode | None:
    return load_episode(path, root, tz, problems, text, parsed)
