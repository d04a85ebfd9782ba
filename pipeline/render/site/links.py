"""A page never lists the same link twice: the links a fragment of HTML already has, by
page. (Resolved "Lees ook" lines become links in ``pipeline/render/bodies.py``.)"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def page_key(href: str) -> str:
    """A link's page, for comparing links: no fragment, query or ``index.html``."""
    path = urlsplit(href).path if "://" in href else href.split("#", 1)[0].split("?", 1)[0]
    path = path.removesuffix("index.html")
    return path if path.endswith("/") or not path else path + "/"


HREF = re.compile(r'\shref="([^"]*)"')


def linked_pages(html: str) -> set[str]:
    """The pages an HTML fragment links to (see :func:`page_key`): the values of
    :data:`HREF`. Found with ``str.find``: the pattern, which starts with any white space,
    is tried at each of a page's thousands of spaces (12,000 pages a build)."""
    found: set[str] = set()
    at = html.find('href="')
    while at >= 0:
        end = html.find('"', at + 6)
        if end < 0:  # no closing quote here, so none after it either
            break
        if at and html[at - 1].isspace():
            found.add(page_key(html[at + 6 : end]))
            at = html.find('href="', end + 1)
        else:
            at = html.find('href="', at + 1)
    return found
