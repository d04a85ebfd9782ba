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


def linked_pages(html: str) -> set[str]:
    """The pages an HTML fragment links to (see :func:`page_key`)."""
    return {page_key(href) for href in re.findall(r'\shref="([^"]*)"', html)}
