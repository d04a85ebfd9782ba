"""Markup where plain text belongs."""

from __future__ import annotations

import re

# What an HTML parser reads as the start of a tag, a comment or a declaration: "<" right
# before a letter, "/", "!" or "?". Not "a < b" nor "1<2" nor "<3": text to a browser,
# and common in titles ("Omzet < kosten"), which the old pattern (any space after "<")
# refused. A tag left open ("a<b") counts: an app rendering the title drops what follows.
_HTML_TAG = re.compile(r"<(?:/?[a-zA-Z]|[!?/])")


def has_markup(text: str) -> bool:
    """True when a plain-text field (a title) holds what an HTML parser would take for a
    tag, a comment or a declaration."""
    return _HTML_TAG.search(text) is not None
