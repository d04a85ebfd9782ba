"""An Atom feed per tag (``tags/<slug>/feed.atom``), for readers who follow one topic.

Each is ``posts.atom`` (``atom.py``, the one home of the Atom format) for that tag's posts:
the newest ones, each linking to its episode page and audio; the feed's page is the tag's.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.memo import Key, Reuse
from pipeline.models import Linked, Post
from pipeline.render.atom import AtomShared, atom_feed, newest
from pipeline.render.bodies import Bodies

TagFeed = tuple[str, str, str, Sequence[Post]]  # tag name, feed path, tag page path, posts


def tag_feed(
    linked: Linked,
    tag: TagFeed,
    bodies: Bodies,
    shared: AtomShared,
    reuse: Reuse | None = None,
    shared_key: Key = b"",
) -> tuple[str, bytes]:
    """One tag's feed, as ``(path, bytes)`` (``shared``: what every Atom feed of the build
    has in common, computed once; ``reuse``: the build cache, with ``shared_key`` the
    digest of ``shared``)."""
    name, path, page, posts = tag
    title = f"{linked.content.show.title}: {name}"
    if reuse is not None:
        # Everything the feed shows: its entries' posts, their episodes and HTML.
        entries = [
            (reuse.lean(p), reuse.lean(linked.episode_for(p)), bodies[p.slug])
            for p in newest(posts)
        ]
        kept = reuse.page(path, reuse.key(shared_key, path, title, page, entries))
        if kept is not None:
            return path, kept
    return path, atom_feed(linked, posts, bodies, path, title, page, shared)


def shared_key(reuse: Reuse, shared: AtomShared) -> Key:
    """The digest of what every feed shares (before any feed has filled its entries)."""
    return reuse.key(shared.show, shared.pages, shared.listen)
