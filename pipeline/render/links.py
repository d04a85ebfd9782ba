"""Links in rendered HTML: relative links between the site's pages, and links to a post's
Markdown file pointed at its page (the site and the posts' Atom feed both use them).

Pages link to each other with relative URLs, so the same build works under the production
base URL (which may carry a path, ``https://x.example/podcast/``) and on the preview server.
Absolute URLs are used only where they must be: canonical, Open Graph, subscribe links.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from pipeline.models import Show

Linker = Callable[[str], str]


def page_dir(path: str) -> str:
    """The folder a page file lives in: ``episodes/x/index.html`` -> ``episodes/x/``."""
    folder = posixpath.dirname(path)
    return folder + "/" if folder else ""


def linker(page_path: str, base_path: str | None = None) -> Linker:
    """A function turning a site path (``posts/x/``) into a link from the page at ``page_path``.

    With ``base_path`` (``/podcast/``) links are absolute paths instead: for the 404 page,
    which the web server shows at any depth.
    """
    if base_path is not None:
        return lambda target: base_path + target.lstrip("/")
    depth = page_dir(page_path).count("/")
    prefix = "../" * depth

    def link(target: str) -> str:
        return prefix + target.lstrip("/") or "./"

    return link


def base_path(show: Show) -> str:
    """The path part of the base URL: ``/`` or ``/podcast/``."""
    path = urlsplit(show.base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def relativize(html: str, show: Show, link: Linker, exists: Callable[[str], bool]) -> str:
    """Point links to our own pages (written absolute in show notes) at relative URLs.

    Only links to files of this build: anything else under the base URL (a hand-made
    page on the production site) stays absolute, as the user wrote it.
    """
    if show.base_url not in html:  # most fragments: nothing to do, no pattern to run
        return html
    base = re.escape(show.base_url)

    def replace(m: re.Match[str]) -> str:
        target = m[3].partition("#")[0].partition("?")[0]
        page = target + "index.html" if target == "" or target.endswith("/") else target
        return f'{m[1]}{link(m[3])}"' if exists(page) else m[0]

    return re.sub(rf'(\s(?:href|src)=")({base})([^"]*)"', replace, html)


def rewrite_source_links(html: str, pages: Mapping[str, str], link: Linker) -> str:
    """Links written to a post's Markdown file (``2026-03-18-x.md``, as on GitHub or in
    Jekyll) point at that post's page instead. ``pages``: file stem or slug -> site path."""

    if ".md" not in html and ".markdown" not in html:  # most posts link to no source file
        return html

    def replace(m: re.Match[str]) -> str:
        target, _, fragment = m[2].partition("#")
        if "://" in target or not target.endswith((".md", ".markdown")):
            return m[0]
        stem = posixpath.splitext(posixpath.basename(target))[0]
        if stem not in pages:
            return m[0]
        return f'{m[1]}{link(pages[stem])}{"#" + fragment if fragment else ""}"'

    return re.sub(r'(\shref=")([^"]*)"', replace, html)
