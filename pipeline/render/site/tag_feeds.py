"""An Atom feed per tag (``tags/<slug>/feed.atom``), for readers who follow one topic.

Each is ``posts.atom`` (``atom.py``, the one home of the Atom format) for that tag's posts:
the newest ones, each linking to its episode page and audio; the feed's page is the tag's.
A feed whose posts, their text and episodes and the show are as at the last build is read
from its output, as pages are (``memo.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from pipeline.models import Linked, Post
from pipeline.render import Output
from pipeline.render.atom import AtomShared, atom_feed, atom_shared, newest
from pipeline.render.bodies import Bodies
from pipeline.render.site.context import TAG_FEED, Site
from pipeline.render.site.digests import Unknown

TagFeed = tuple[str, str, str, Sequence[Post]]  # tag name, feed path, tag page path, posts


def tag_feed(linked: Linked, tag: TagFeed, bodies: Bodies, shared: AtomShared) -> tuple[str, bytes]:
    """One tag's feed, as ``(path, bytes)`` (``shared``: what every Atom feed of the build
    has in common, computed once)."""
    name, path, page, posts = tag
    title = f"{linked.content.show.title}: {name}"
    return path, atom_feed(linked, posts, bodies, path, title, page, shared)


def render_tag_feeds(site: Site, bodies: Bodies) -> Output:
    """Every tag's feed; read from the last output where its key is the same."""
    linked = site.linked
    shared = atom_shared(linked)
    reuse = site.reuse
    # What every feed shares, digested once (the map of posts' pages is 20,000 entries at
    # 10,000 posts); not ``shared.entries``, which fills as feeds are made.
    common = (shared.show, shared.pages, shared.listen)
    together: bytes | None = None
    if reuse.active:
        with contextlib.suppress(Unknown, RecursionError):
            together = reuse.fingerprints.of(common)
    out: Output = {}
    for tag in site.tags:
        path = tag.path + TAG_FEED
        ordered = newest(tag.posts)
        values = {
            "common": together,
            "name": tag.name,
            "page": tag.path,
            "posts": ordered,
            "bodies": [bodies[p.slug] for p in ordered],
            "episodes": [linked.episode_for(p) for p in ordered],
        }
        key = reuse.key("tag feed", path, values) if together is not None else None
        data = reuse.previous(path, key)
        if data is None:
            data = tag_feed(linked, (tag.name, path, tag.path, tag.posts), bodies, shared)[1]
            reuse.note(path, key, data)
        out[path] = data
    return out
