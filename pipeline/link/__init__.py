"""Linking, after everything has loaded: episodes paired with posts, related posts and
episodes, and hand-written "Lees ook" pointers resolved.

:func:`link` is the one recipe; ``build``, ``link`` and ``audio`` all call it, so they
always agree on which post belongs to which episode.
"""

from __future__ import annotations

from pipeline.link.incremental import Snapshot
from pipeline.link.pairing import pair
from pipeline.link.pointers import resolve_pointers
from pipeline.link.related import relate, relate_again
from pipeline.memo import Reuse
from pipeline.models import Content, Linked
from pipeline.paths import rel


def link(content: Content, reuse: Reuse | None = None) -> Linked:
    """Pair, relate and resolve pointers; raises ContentError for dangling or ambiguous
    pairings. Notices (an unpaired episode, a pointer that matches nothing) ride along.

    With ``reuse`` (the build cache), related links are computed again from the last
    build's snapshot, for about the cost of what changed, and the new snapshot is left in
    it: the same links either way (``incremental.py``)."""
    pairing = pair(content)
    if reuse is None:
        related = relate(content, pairing.pairs)
    else:
        previous = reuse.related if isinstance(reuse.related, Snapshot) else None
        related, reuse.related = relate_again(content, pairing.pairs, previous)
    pointers = resolve_pointers(content)
    notices = tuple(
        f"{rel(content.episodes_by_slug[s].source, content.root)}: no post paired with this episode"
        for s in pairing.unpaired_episodes
    )
    return Linked(
        content=content,
        pairs=pairing.pairs,
        related=related,
        pointers=pointers.pointers,
        notices=notices + pointers.notices,
    )


__all__ = ["link"]
