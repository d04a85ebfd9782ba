"""Slugs: the ASCII names of pages and folders made from titles and tags."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def slugify(text: str, max_length: int = 80) -> str:
    """ASCII, lower case, hyphen-separated: ``Één koffie, graag!`` -> ``een-koffie-graag``."""
    normal = unicodedata.normalize("NFKD", text)
    ascii_text = normal.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:max_length].rstrip("-")


def tag_slug(name: str) -> str:
    """A tag's folder name: its slug, or for a tag without Latin letters or digits (``עברית``,
    ``🎉``), a stable short hash of it, so it still gets a page and a working link."""
    slug = slugify(name)
    if slug or not name.strip():
        return slug
    digest = hashlib.sha256(" ".join(name.casefold().split()).encode("utf-8")).hexdigest()
    return f"tag-{digest[:8]}"
