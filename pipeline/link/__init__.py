"""Linking, after everything has loaded: episodes paired with posts, related posts and
episodes, and hand-written "Lees ook" pointers resolved.

:func:`link` is the one recipe; ``build``, ``link`` and ``audio`` all call it, so they
always agree on which post belongs to which episode.
"""

from __future__ import annotations

from pipeline.link.pairing import pair
from pipeline.link.pointers import resolve_pointers
from pipeline.link.related import relate
from pipeline.models import Content, Linked
from pipeline.paths import rel


def link(content: Content, jobs: int = 1) -> Linked:
    """Pair, relate and resolve pointers; raises ContentError for dangling or ambiguous
    pairings. Notices (an unpaired episode, a pointer that matches nothing) ride along.
    ``jobs``: processes for the related items of a large show."""
    pairing = pair(content)
    related = relate(content, pairing.pairs, jobs=jobs)
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
