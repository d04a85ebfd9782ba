"""An Atom feed per tag (``tags/<slug>/feed.atom``), for readers who follow one topic.

Each is ``posts.atom`` (``atom.py``, the one home of the Atom format) for that tag's posts:
the newest ones, each linking to its episode page and audio; the feed's page is the tag's.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import Linked, Post
from pipeline.render.atom import AtomShared, atom_feed
from pipeline.render.bodies import Bodies

TagFeed = tuple[str, str, str, Sequence[Post]]  # tag name, feed path, tag page path, posts


def tag_feed(linked: Linked, tag: TagFeed, bodies: Bodies, shared: AtomShared) -> tuple[str, bytes]:
    """One tag's feed, as ``(path, bytes)`` (``shared``: what every Atom feed of the build
    has in common, computed once)."""
    name, path, page, posts = tag
    title = f"{linked.content.show.title}: {name}"
    return path, atom_feed(linked, posts, bodies, path, title, page, shared)
