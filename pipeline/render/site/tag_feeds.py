"""An Atom feed per tag (``tags/<slug>/feed.atom``), for readers who follow one topic.

Each is ``posts.atom`` (``atom.py``, the one home of the Atom format) for that tag's posts:
the newest ones, each linking to its episode page and audio; the feed's page is the tag's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.models import Linked, Post
from pipeline.render import Output
from pipeline.render.atom import atom_feed, atom_shared
from pipeline.render.bodies import Bodies

TagFeed = tuple[str, str, str, Sequence[Post]]  # tag name, feed path, tag page path, posts


def render_tag_feeds(linked: Linked, tags: Iterable[TagFeed], bodies: Bodies) -> Output:
    """One Atom feed per tag: ``(name, feed path, page path, posts)``."""
    title = linked.content.show.title
    shared = atom_shared(linked)
    return {
        path: atom_feed(linked, posts, bodies, path, f"{title}: {name}", page, shared)
        for name, path, page, posts in tags
    }
