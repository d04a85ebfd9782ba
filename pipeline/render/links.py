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
        return lambda target: escaped(base_path + target.lstrip("/"))
    depth = page_dir(page_path).count("/")
    prefix = "../" * depth

    def link(target: str) -> str:
        return escaped(prefix + target.lstrip("/")) or "./"

    return link


# What a browser percent-encodes in a URL's path (the URL Standard's path percent-encode
# set; "#" and "?" aside, which end a path where a link has them): a post file named
# "mijn eerste post.md" has a page whose links held spaces, which no valid URL has. The
# same rule for a site path and for a link taken from a page's HTML, so nothing is
# encoded twice.
_UNSAFE = re.compile(r'[\x00-\x20"<>`{}\x7f]')


def escaped(url: str) -> str:
    """``url`` with what a browser would percent-encode in its path encoded."""
    if _UNSAFE.search(url) is None:  # nearly every link
        return url
    return _UNSAFE.sub(lambda found: f"%{ord(found[0]):02X}", url)


def base_path(show: Show) -> str:
    """The path part of the base URL: ``/`` or ``/podcast/``."""
    path = urlsplit(show.base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def relativize(html: str, show: Show, link: Linker, exists: Callable[[str], bool]) -> str:
    """Point links to our own pages (written absolute in show notes) at relative URLs.

    Only links to files of this build: anything else under the base URL (a hand-made
    page on the production site) stays absolute, as the user wrote it.
    """
    base = show.base_url
    if base not in html:  # most fragments: nothing to do
        return html

    def relative(value: str) -> str:
        rest = value[len(base) :]
        target = rest.partition("#")[0].partition("?")[0]
        page = target + "index.html" if target == "" or target.endswith("/") else target
        return link(rest) if exists(page) else value

    return attribute_values(html, relative, prefix=base)


def rewrite_source_links(html: str, pages: Mapping[str, str], link: Linker) -> str:
    """Links written to a post's Markdown file (``2026-03-18-x.md``, as on GitHub or in
    Jekyll) point at that post's page instead. ``pages``: file stem or slug -> site path."""

    if ".md" not in html and ".markdown" not in html:  # most posts link to no source file
        return html

    def page(value: str) -> str:
        target, _, fragment = value.partition("#")
        if "://" in target or not target.endswith((".md", ".markdown")):
            return value
        stem = posixpath.splitext(posixpath.basename(target))[0]
        if stem not in pages:
            return value
        return f"{link(pages[stem])}{'#' + fragment if fragment else ''}"

    return attribute_values(html, page, names=("href",))


def attribute_values(
    html: str,
    change: Callable[[str], str],
    names: tuple[str, ...] = ("href", "src"),
    prefix: str = "",
) -> str:
    """``html`` with ``change(value)`` for the value of each attribute in ``names`` that has
    white space before it, double quotes around it and starts with ``prefix``: what a
    substitution of ``\\s(href|src)="(prefix[^"]*)"`` does, by ``str.find`` from one ``="``
    to the next. (The pattern, tried at every space of a page, cost more than the rest of
    the link handling: half of a post's Atom entry.)"""
    out: list[str] = []
    done = 0  # html[:done] is in out; a match starts at or after it
    at = 0
    while (equals := html.find('="', at)) >= 0:
        at = equals + 1
        if not any(_named(html, name, equals, done) for name in names):
            continue
        start = equals + 2
        if not html.startswith(prefix, start):
            continue  # not a match here; the pattern goes on looking from the next place
        close = html.find('"', start + len(prefix))
        if close < 0:  # no value is closed from here on
            break
        out.append(html[done:start])
        out.append(change(html[start:close]))
        done = at = close
    out.append(html[done:])
    return "".join(out)


def _named(html: str, name: str, equals: int, done: int) -> bool:
    """Whether ``name`` with white space before it ends at ``equals``, after ``done``."""
    space = equals - len(name) - 1
    return space >= done and html.endswith(name, 0, equals) and html[space].isspace()
