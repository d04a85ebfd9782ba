"""What a build may take over from the last one instead of computing it again.

A step is taken over only when everything it reads is the same: its result is kept under a
digest of all of it (the pickled inputs, salted with the pipeline's own code and the show's
templates), so an edit to one post finds every other post's HTML, show notes and page
already made, and a changed template, setting or line of code finds nothing. Pages are not
kept here but in the output folder itself: a page whose digest is what the last build
recorded, and whose file there is untouched, is read back instead of rendered.

Stages see a :class:`Reuse`; ``cache.py`` (part of the build) reads and writes it. It is an
optimisation only: without it, or with an empty one, every byte of output is the same.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from pipeline.models import Episode, Post
from pipeline.parallel import fork_map

Key = bytes
T = TypeVar("T")
R = TypeVar("R")


def digest(*parts: object) -> Key:
    """A digest of ``parts`` by value (dataclasses, strings, tuples, dates...).

    Pickled without a memo, every value written out in full wherever it occurs, so the
    bytes depend on values alone, never on which objects happen to be shared (the values
    are trees, never cycles). A value that pickles differently from run to run (a set of
    strings follows the hash seed) only costs a miss, never a wrong result."""
    file = io.BytesIO()
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(parts)
    return hashlib.blake2b(file.getbuffer(), digest_size=20).digest()


@dataclass
class Memo:
    """Results of one kind of step by the digest of its inputs: the last build's
    (``before``) and this build's (``now``, which is what the next build gets)."""

    before: Mapping[Key, Any] = field(default_factory=dict)
    now: dict[Key, Any] = field(default_factory=dict)
    hits: int = 0

    def get(self, key: Key) -> Any | None:
        """The kept result (kept again for the next build), or None."""
        found = self.now.get(key)
        if found is None:
            found = self.before.get(key)
            if found is not None:
                self.now[key] = found
                self.hits += 1
        return found

    def put(self, key: Key, value: Any) -> None:
        """Keep ``value`` for the next build (one taken over in a worker process, which
        looked it up in its own copy, counts as taken here)."""
        if key not in self.now and key in self.before and self.before[key] == value:
            self.hits += 1
        self.now[key] = value


@dataclass
class Reuse:
    """One build's view of the build cache (see the module docstring)."""

    salt: Key = b""  # the pipeline's code, the show's templates and folder
    memos: dict[str, Memo] = field(default_factory=dict)
    related: Any = None  # the related links' snapshot (``link/incremental.py``)
    # Pages (and tag feeds) of the last build still intact in ``out``: site path -> digest
    # of its inputs.
    pages: Mapping[str, Key] = field(default_factory=dict)
    out: Path | None = None
    page_keys: dict[str, Key] = field(default_factory=dict)  # this build's pages
    known: dict[int, tuple[object, Key]] = field(default_factory=dict, repr=False)

    def summary(self) -> str:
        """What was taken over, for the build's log."""
        pages = sum(1 for path, key in self.page_keys.items() if self.pages.get(path) == key)
        kept = ", ".join(f"{memo.hits} {name}" for name, memo in sorted(self.memos.items()))
        return f"Taken from the last build: {pages} pages and feeds, {kept or 'nothing else'}"

    def memo(self, name: str) -> Memo:
        return self.memos.setdefault(name, Memo())

    def key(self, *parts: object) -> Key:
        """The digest under which a result made of ``parts`` is kept."""
        return digest(self.salt, *parts)

    def lean(self, value: object) -> object:
        """``value`` with every post and episode in it, down through lists, tuples and
        dicts, standing in as the digest of its fields (made once per build): pages list
        the same posts many times over."""
        if isinstance(value, Post | Episode):
            found = self.known.get(id(value))
            if found is None:  # kept beside its digest, so the object's id stays its own
                found = self.known[id(value)] = (value, digest(value))
            return found[1]
        if isinstance(value, list):
            return [self.lean(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.lean(v) for v in value)
        if isinstance(value, dict):
            return {k: self.lean(v) for k, v in value.items()}
        return value

    def page(self, path: str, key: Key) -> bytes | None:
        """The last build's page at ``path`` when it was made from the same inputs."""
        self.page_keys[path] = key
        if self.out is None or self.pages.get(path) != key:
            return None
        try:
            data = (self.out / path).read_bytes()
        except OSError:
            return None
        return data


def cached_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    memo: Memo | None,
    key: Callable[[T], Key | None],
) -> list[R]:
    """``[func(item) for item in items]`` (on ``jobs`` cores, see ``parallel.py``), taking
    the result kept under ``key(item)`` where there is one and keeping the others (an item
    whose key is None is computed and not kept)."""
    if memo is None:
        return fork_map(func, items, jobs)
    keys = [key(item) for item in items]
    found: list[R | None] = [memo.get(k) if k is not None else None for k in keys]
    todo = [k for k, value in enumerate(found) if value is None]
    made = fork_map(lambda k: func(items[k]), todo, jobs)
    for k, value in zip(todo, made, strict=True):
        found[k] = value
        if (kept := keys[k]) is not None:
            memo.put(kept, value)
    return cast(list[R], found)
