"""``sitemap.xml`` and ``robots.txt``: what search engines should find, and where the list is.

The sitemap (sitemaps.org protocol 0.9) lists the pages worth finding, with absolute URLs and
the date each episode or post appeared as ``lastmod``; the 404 and search pages are not
among them, nor drafts (which only the preview builds). Crawlers read ``robots.txt`` only at
the root of a host: a site under a path (``https://x.example/podcast/``) still gets one,
which names its sitemap, for the host's own ``robots.txt`` to copy from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from pipeline.models import Episode, Post, Show
from pipeline.paths import absolute, feed_uri

if TYPE_CHECKING:
    from pipeline.render.site.context import Site

SITEMAP = "sitemap.xml"


def render_sitemap(site: Site) -> bytes:
    """Every listed page of the build, home first, then episodes, posts, tags."""
    show = site.show
    things: list[Episode | Post] = [*site.episodes, *site.posts]
    newest = max((thing.date for thing in things), default=None)
    entries: list[tuple[str, str | None]] = [
        ("", newest.date().isoformat() if newest else None),
        ("archive/", None),
        ("subscribe/", None),
    ]
    for thing in things:
        item = site.item(thing)
        if not item.draft:
            entries.append((item.path, item.date.date().isoformat()))
    for tag in site.tags:
        if any(not site.draft(p.date, p.published) for p in tag.posts):
            entries.append((tag.path, max(p.date for p in tag.posts).date().isoformat()))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    for path, lastmod in entries:
        lines.append(f"<url><loc>{escape(feed_uri(absolute(show, path)))}</loc>")
        if lastmod:
            lines[-1] += f"<lastmod>{lastmod}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_robots(show: Show) -> bytes:
    """Everything may be crawled (draft pages carry ``noindex``), and where the sitemap is."""
    sitemap = feed_uri(absolute(show, SITEMAP))
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n".encode()
