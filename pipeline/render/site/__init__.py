"""The static site: every page, the files the pages use, and the files around them.

Pages (``pages.py``) are Jinja2 templates, overridable from the show's ``templates/``;
static files come from the package's ``render/static/`` and the show's ``static/`` folder,
the show's files winning by name. Around the pages: small copies of the artwork
(``images.py``), WebVTT captions, the feed's stylesheet for people who open it in a
browser (``feed.xsl``), an Atom feed per tag, ``sitemap.xml`` and ``robots.txt``, and the
site's own search index (``search.py``), all returned as bytes for ``pipeline/write/``.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from pipeline.models import Episode, Linked, Post
from pipeline.parallel import background, fork_map
from pipeline.paths import Seen, episode_path, post_path
from pipeline.render import Output
from pipeline.render.bodies import Bodies
from pipeline.render.feed import FEED_STYLESHEET
from pipeline.render.links import linker
from pipeline.render.shownotes import RenderedNotes
from pipeline.render.site.context import (
    POSTS_FEED,
    SEARCH_PAGE,
    SUBSCRIBE_PAGE,
    Site,
    static_files,
)
from pipeline.render.site.images import thumbnails
from pipeline.render.site.inputs import episode_inputs, post_inputs
from pipeline.render.site.memo import Entries, Entry, PageMemo
from pipeline.render.site.pages import (
    Page,
    archive_page,
    episode_page,
    home,
    not_found_page,
    post_page,
    search_page,
    subscribe_page,
    tag_page,
)
from pipeline.render.site.player import captions_path
from pipeline.render.site.search import searchable_pages
from pipeline.render.site.search_memo import counted_index
from pipeline.render.site.sitemap import render_robots, render_sitemap
from pipeline.render.site.tag_feeds import render_tag_feeds
from pipeline.render.site.transcript import webvtt

STATIC = Path(__file__).resolve().parent.parent / "static"

__all__ = [
    "FEED_STYLESHEET",
    "POSTS_FEED",
    "STATIC",
    "SiteFiles",
    "render_post_pages",
    "render_site",
    "static_files",
]


def render_site(
    linked: Linked,
    episodes: Sequence[Episode],
    posts: Sequence[Post],
    notes: RenderedNotes,
    bodies: Bodies,
    *,
    drafts_after: datetime | None = None,
    outputs: Collection[str] = (),
    jobs: int = 1,
    memo: PageMemo | None = None,
    caches: bool = False,
) -> SiteFiles:
    """Every page and file of the site.

    ``drafts_after``: items dated later are marked as drafts (the preview). ``outputs``:
    the files already rendered, so pages link ``posts.atom`` and chapters only when they
    exist. ``jobs``: processes for the post pages of a large site (``pipeline/parallel.py``).
    ``memo``: the last build's pages, read where their keys are the same (``memo.py``);
    ``caches``: count the search words of pages again only where they changed, and return
    them to keep (``search_memo.py``).
    """
    root = linked.content.root
    show = linked.content.show
    files: Output = {}
    files.update(static_files(root, STATIC))
    images = [show.artwork, *(e.image for e in episodes if e.image)]
    files.update(thumbnails(root, images))
    files.update(_captions(root, episodes))
    site = Site(
        linked, episodes, posts, notes, bodies, drafts_after, {*outputs, *files}, jobs, memo, caches
    )

    pages: dict[str, Page] = {"index.html": home(site)}
    # Episode and post pages are most of a large site: rendered on every core when asked
    # to. Tag pages and feeds render here: each worker keeps what it renders until its
    # share is done, and a tag's page and feed list hundreds of posts (in the pool, with
    # the search index counted there too, they took a 10,000-post build's peak memory
    # from 0.9 to 1.25 GiB).
    items = fork_map(functools.partial(_item_page, site), [*site.episodes, *site.posts], jobs)
    for path, data, entry, read in items:
        pages[path] = data
        if entry is not None:
            site.reuse.kept[path] = entry
        if read is not None:
            site.reuse.read[path] = read
    # The search index reads the episode and post pages alone: one more process counts
    # their words while this one renders the tag pages and feeds.
    searched = searchable_pages(pages.items()) if site.search else {}
    digests = {path: entry[1] for path, entry in site.reuse.kept.items() if path in searched}
    count = functools.partial(
        counted_index, searched, show.language, digests, root if caches else None
    )
    search: tuple[Output, bytes | None, str | None] = ({}, None, None)
    with background(count, jobs, len(searched)) as index:
        pages.update(tag_page(site, tag) for tag in site.tags)
        feeds = render_tag_feeds(site, bodies)
        pages["archive/index.html"] = archive_page(site)
        pages[SUBSCRIBE_PAGE + "index.html"] = subscribe_page(site)
        if site.search:
            pages[SEARCH_PAGE + "index.html"] = search_page(site)
        pages["404.html"] = not_found_page(site)
        files.update(pages)

        files[FEED_STYLESHEET] = site.env.get_template("feed.xsl").render(
            show=show, labels=site.labels, lang=show.language, link=linker(FEED_STYLESHEET),
            apps=site.apps, subscribe_page=SUBSCRIBE_PAGE,
        ).encode("utf-8")  # fmt: skip
        files.update(feeds)
        files["sitemap.xml"] = render_sitemap(site)
        files["robots.txt"] = render_robots(show)
        if site.search:
            search = index()
            files.update(search[0])
    return SiteFiles(files, dict(site.reuse.kept), dict(site.reuse.read), *search[1:])


@dataclass(frozen=True)
class SiteFiles:
    files: Output
    memo: Entries  # each page's key and digest, for the next build (``memo.py``)
    # pages and feeds read from the last build's output, with the file as it was then
    read: Mapping[str, Seen] = field(default_factory=dict)
    search: bytes | None = None  # the pages' search words, to keep (``search_memo.py``)
    notice: str | None = None  # kept search words that were damaged


def _item_page(site: Site, item: Episode | Post) -> tuple[str, Page, Entry | None, Seen | None]:
    """The page and, from the worker that made it, its memo entry and, when it was read
    from the last output, the file as it was. A page made from the same inputs as at the
    last build is taken from the output without making it (``inputs.py``)."""
    if isinstance(item, Episode):
        path = episode_path(item) + "index.html"
        inputs = episode_inputs(site, site.inputs("episode.html"), item, linker(path))
    else:
        path = post_path(item) + "index.html"
        inputs = post_inputs(site, site.inputs("post.html"), item, linker(path))
    found = site.reuse.unchanged(path, inputs)
    if found is None or CHECK_INPUTS:
        site.reuse.kept.pop(path, None)  # as if not found: made, its key compared
        site.reuse.read.pop(path, None)
        path, data = (
            episode_page(site, item) if isinstance(item, Episode) else post_page(site, item)
        )
        _checked(site, path, found)
        site.reuse.with_inputs(path, inputs)
    else:
        data = found
    return path, data, site.reuse.kept.get(path), site.reuse.read.get(path)


# Tests set this: an episode's or a post's page found unchanged by its inputs is made all the
# same, and its key must be the last build's (else ``inputs.py`` misses what the page shows).
CHECK_INPUTS = False


def _checked(site: Site, path: str, found: Page | None) -> None:
    if found is not None and site.reuse.memo is not None:
        entry, now = site.reuse.memo.pages[path], site.reuse.kept.get(path)
        if now is None or now[0] != entry[0]:
            raise AssertionError(f"{path}: the same inputs as at the last build, another page")


def render_post_pages(
    linked: Linked,
    episodes: Sequence[Episode],
    posts: Sequence[Post],
    notes: RenderedNotes,
    bodies: Bodies,
    only: Sequence[Post],
    *,
    drafts_after: datetime | None = None,
    outputs: Collection[str] = (),
) -> Output:
    """The pages of ``only`` alone, as :func:`render_site` renders them (``outputs``: every
    file of that build): the preview shows an edited post before its full rebuild."""
    site = Site(linked, episodes, posts, notes, bodies, drafts_after, outputs)
    return dict(post_page(site, post) for post in only)


def _captions(root: Path, episodes: Sequence[Episode]) -> Output:
    """WebVTT captions for each transcript (a WebVTT transcript is also the feed's file:
    ``render/chapters.py`` copies it; an SRT one is converted here)."""
    out: Output = {}
    for episode in episodes:
        path = captions_path(episode)
        if path is None or not episode.transcript:
            continue
        if PurePosixPath(episode.transcript).suffix.lower() == ".srt":
            try:
                text = (root / episode.transcript).read_text("utf-8", errors="replace")
            except OSError:
                continue
            out[path] = webvtt(text).encode("utf-8")
    return out
