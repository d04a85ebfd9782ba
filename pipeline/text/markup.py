"""Markup where plain text belongs."""

from __future__ import annotations

import re

_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>?")


def has_markup(text: str) -> bool:
    """True when a plain-text field (a title) contains something that looks like an HTML tag."""
    return bool(_HTML_TAG.search(text))
