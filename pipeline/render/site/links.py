"""Hand-written cross-links on the site: "Lees ook:" lines that resolve become links, and a
page never lists the same link twice.

The linker (``link/pointers.py``) has matched every "Lees ook: <title>" line and every
Markdown link to another post (by slug, old URL...) to the post it means. Here, before the
post's Markdown is rendered for its page, a resolved line's text becomes a link to that
post, and a resolved link gets the post's current address (an old ``/2026/02/11/x.html``
would be a dead link on this site). Nothing else in the text changes, and the post file is
never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from pipeline.models import Post, ResolvedPointer

_MD_LINK = re.compile(r"(\[[^\]\n]*\]\(\s*<?)([^)\s>]+)(>?(?:\s+\"[^\"]*\")?\s*\))")


def _md_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def link_pointers(
    post: Post, pointers: Iterable[ResolvedPointer], url_of: Callable[[str], str | None]
) -> str:
    """``post.body`` with its resolved pointers as links to the posts they mean.

    ``url_of``: ``"post:<slug>"`` -> that post's absolute URL, or None when the post is not in
    this build (a draft left out): then the line stays as written.
    """
    lines = post.body.split("\n")
    source = f"post:{post.slug}"
    for pointer in pointers:
        if pointer.source != source or pointer.target is None:
            continue
        url = url_of(pointer.target)
        index = pointer.line - post.body_line
        if url is None or not 0 <= index < len(lines):
            continue
        lines[index] = _linked_line(lines[index], pointer.text, url)
    return "\n".join(lines)


def _linked_line(line: str, text: str, url: str) -> str:
    """``line`` with the pointer ``text`` linking to ``url``.

    ``text`` is a link's address (a Markdown link to another post), a "Lees ook" line's own
    Markdown link, or a "Lees ook" line's plain title.
    """
    inner = _MD_LINK.search(text)
    wanted = inner[2] if inner else text
    for found in _MD_LINK.finditer(line):
        if found[2] == wanted:
            return line[: found.start(2)] + url + line[found.end(2) :]
    if inner is None and text and text in line and "](" not in line:
        at = line.rindex(text)
        return line[:at] + f"[{_md_text(text)}]({url})" + line[at + len(text) :]
    return line


def page_key(href: str) -> str:
    """A link's page, for comparing links: no fragment, query or ``index.html``."""
    path = urlsplit(href).path if "://" in href else href.split("#", 1)[0].split("?", 1)[0]
    path = path.removesuffix("index.html")
    return path if path.endswith("/") or not path else path + "/"


def linked_pages(html: str) -> set[str]:
    """The pages an HTML fragment links to (see :func:`page_key`)."""
    return {page_key(href) for href in re.findall(r'\shref="([^"]*)"', html)}
