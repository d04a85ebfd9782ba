"""Linking, after everything has loaded: episodes paired with posts, related posts and
episodes, and hand-written "Lees ook" pointers resolved.

:func:`link` is the one recipe; ``link`` and ``audio`` call it, and ``build`` calls
:func:`linking`, the same recipe in two halves, so they always agree on which post belongs
to which episode.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.link.pairing import Pairing, pair
from pipeline.link.pointers import resolve_pointers
from pipeline.models import Content, Linked
from pipeline.parallel import Gate, Pending, background, forks
from pipeline.paths import rel

if TYPE_CHECKING:
    from pipeline.link.related import Links


def link(content: Content, jobs: int = 1, everything: Content | None = None) -> Linked:
    """Pair, relate and resolve pointers; raises ContentError for dangling or ambiguous
    pairings. Notices (an unpaired episode, a pointer that matches nothing) ride along.
    ``jobs``: processes for the related items of a large show; ``everything``: the show
    with what is not due yet (``pairing.pair``)."""
    pairing = pair(content, everything)
    related = _relate(content, pairing.pairs, jobs, cached=False)
    return replace(_early(content, pairing), related=related.links)


@dataclass(frozen=True)
class Related:
    """The related items, and what the next build can reuse of working them out."""

    links: Links
    kept: bytes | None = None  # ``snapshot_file.py``'s file, for the build to keep
    notice: str | None = None  # the file kept by the last build could not be used


@dataclass(frozen=True)
class Linking:
    """A link in progress: ``early`` has the pairs and pointers, no related items yet;
    ``linked()`` is the whole of it, once the related items are in (``related()``: them,
    with the file to keep for the next build)."""

    early: Linked
    linked: Callable[[], Linked]
    # Processes the block may use now: 1 while the related items take a core of their own.
    jobs: Callable[[], int]
    related: Callable[[], Related]
    # Where the block is ready for the related items to start, if they have not yet.
    start: Callable[[], object]


@contextmanager
def linking(
    content: Content, jobs: int = 1, cached: bool = False, everything: Content | None = None
) -> Iterator[Linking]:
    """:func:`link`, its related items (the slow part) computed in another process while
    the ``with`` block goes on with what needs only the pairs and pointers: show notes'
    facts and post bodies (``jobs`` > 1 and a large show; else when first asked for).
    ``cached``: start from the snapshot the last build kept in the show's ``.cache``, and
    make the one to keep (``snapshot_file.py``); then they take a few seconds, not the
    whole stage, and start only at ``start()``, after the block's first work."""
    pairing = pair(content, everything)
    items = len(content.posts) + len(content.episodes)
    # Their search, late in the work, runs on workers of its own; ``jobs`` tells the block
    # to keep to its own process meanwhile (``build.py`` renders the post bodies on workers
    # first, while the words are counted: both with workers at once took a 10,000-post
    # build's peak from 0.9 to 1.1 GiB). From a snapshot, started beside the bodies, they
    # reached their peak with the bodies' workers at theirs (1.1 GiB again); after them,
    # beside the show notes' facts, the stage is no longer either.
    late = cached and _snapshot_kept(content.root)
    with contextlib.ExitStack() as stack:
        # Started early, their search forks its workers only once the block's first work
        # (the bodies, on workers of their own) is done: ``start()`` says so.
        gate = None if late or not forks(jobs, items) else Gate()
        if gate is not None:
            stack.callback(gate.close)  # never left waiting, whatever happens
        related = functools.partial(_relate, content, pairing.pairs, jobs, cached, gate)
        running: list[Pending[Related]] = []

        def launch() -> Pending[Related]:
            if not running:
                running.append(stack.enter_context(background(related, jobs, items)))
            return running[0]

        def start() -> Pending[Related]:
            if gate is not None:
                gate.open()
            return launch()

        if not late:
            launch()
        early = _early(content, pairing)

        def linked() -> Linked:
            return replace(early, related=start()().links)

        def free() -> int:
            # Started late, they take a few seconds: the block keeps its workers.
            if late or not running or not forks(jobs, items):
                return jobs
            if not running[0].ready():
                return 1
            running[0]()  # done: its answer taken now, its process ends before workers fork
            return jobs

        yield Linking(early, linked, free, lambda: start()(), start)


def _snapshot_kept(root: Path) -> bool:
    """Whether the last build kept a snapshot here (looked at, not read: numpy stays out of
    this process; one that turns out unusable costs a full computation, started late)."""
    from pipeline.paths import RELATED_SNAPSHOT, cache_inside

    try:
        return cache_inside(root, RELATED_SNAPSHOT) and (root / RELATED_SNAPSHOT).is_file()
    except OSError:
        return False


def _relate(
    content: Content, pairs: Mapping[str, str], jobs: int, cached: bool, gate: Gate | None = None
) -> Related:
    """The related items; numpy and scipy (150 ms to import) load here, in the process
    that works them out. ``cached``: counted and searched again only where items changed
    since the snapshot the last build kept, which gives the same links (``incremental.py``).
    ``gate``: their search's workers wait for it (``linking()``)."""
    from pipeline.link.related import relate, relate_again

    if gate is not None:
        gate.enter()

    if not cached:
        return Related(relate(content, pairs, jobs=jobs))
    from pipeline.link.snapshot_file import read_snapshot, snapshot_bytes
    from pipeline.paths import RELATED_SNAPSHOT

    previous, notice = read_snapshot(content.root)
    try:
        links, snapshot = relate_again(content, pairs, previous, jobs=jobs)
    except Exception as exc:  # a snapshot that read well and still did not fit
        if previous is None:
            raise
        notice = f"{RELATED_SNAPSHOT}: does not fit ({exc!r}); related items worked out afresh"
        links, snapshot = relate_again(content, pairs, None, jobs=jobs)
    return Related(links, snapshot_bytes(snapshot), notice)


def _early(content: Content, pairing: Pairing) -> Linked:
    """The content linked but for its related items: pairs, pointers, notices (loading's
    first: the build says those of ``Linked``)."""
    pointers = resolve_pointers(content)
    notices = tuple(_unpaired(content, pairing, s) for s in pairing.unpaired_episodes)
    return Linked(
        content=content,
        pairs=pairing.pairs,
        pointers=pointers.pointers,
        notices=content.notices + notices + pointers.notices,
    )


def _unpaired(content: Content, pairing: Pairing, slug: str) -> str:
    where = rel(content.episodes_by_slug[slug].source, content.root)
    post = pairing.waiting.get(slug)
    if post is None:
        return f"{where}: no post paired with this episode"
    if not post.published:
        return (
            f"{where}: its post {rel(post.source, content.root)} is a draft (published:"
            " false); the episode is published without it until the post is set to true"
        )
    return (
        f"{where}: its post {rel(post.source, content.root)} is due only at"
        f" {post.date.isoformat()}; the episode is published without it until then"
    )


__all__ = ["Linking", "Related", "link", "linking"]
