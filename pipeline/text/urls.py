"""Web addresses users write: checked before anything is fetched or published."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# What a refused address with a user name or password was expected to be. The feed and
# the site publish every address they carry as written: ``https://user:pw@cdn/1.mp3``
# would hand the password to every app and reader.
NO_CREDENTIALS = "a web address without a user name or password (it would be published)"
URL_OR_FILE = "an http(s) URL with a host, without spaces, or a file"
WEB_ADDRESS = "a web address starting with https:// or http://"


def is_web_url(text: str) -> bool:
    """An absolute http(s) URL a client can fetch and we may publish: a host, a valid port,
    no white space, no user name or password.

    ``http://a b/``, ``https://``, ``http://[::1/`` and ``http://host:99999/`` are not,
    although they start like one (requests refuses them before sending anything); nor is
    ``https://user:pw@host/``, whose password the feed would publish.
    """
    if re.search(r"\s", text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not has_login(text)
    )


def has_login(text: str) -> bool:
    """True for an address with a user name or password (``scheme://user:pw@host``): the
    ``@`` of its authority, which ``https://@host/`` has too."""
    try:
        return "@" in urlsplit(text.strip()).netloc
    except ValueError:
        return False


def url_expected(value: object, expected: str) -> str:
    """What a refused address was expected to be: ``expected``, or for one with a user name
    or password, the rule it broke (it may otherwise be a good http(s) address, and
    "expected an http(s) URL" would leave its writer guessing)."""
    return NO_CREDENTIALS if isinstance(value, str) and has_login(value) else expected
