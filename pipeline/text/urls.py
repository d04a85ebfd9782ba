"""Web addresses users write: checked before anything is fetched or published."""

from __future__ import annotations

import re
from urllib.parse import urlsplit


def is_web_url(text: str) -> bool:
    """An absolute http(s) URL a client can fetch: a host, a valid port, no white space.

    ``http://a b/``, ``https://``, ``http://[::1/`` and ``http://host:99999/`` are not,
    although they start like one (requests refuses them before sending anything).
    """
    if re.search(r"\s", text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
