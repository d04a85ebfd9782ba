"""The Podcasting 2.0 namespace's rules, in one place: its namespace URIs, the podcast:guid
recipe, the person taxonomy, media kinds, transcript and chapter types.

``podcast:person`` takes a ``role`` and a ``group`` from the Podcast Taxonomy Project's list
(``taxonomy.json`` in the podcast-namespace repository), compared without regard to case.
A missing ``group`` means "cast", so a person in any other group (a producer, an editor)
needs the group written out, or apps file them under the wrong heading.

The namespace is declared with the URI of the specification document on GitHub. The
specification (``docs/1.0.md``) names ``https://podcastindex.org/namespace/1.0`` and requires
clients to treat both as the same namespace, but some widely used readers (gPodder's
podcastparser) only know the GitHub form, so that is the one every client understands.
"""

from __future__ import annotations

import difflib
import math
import uuid
from collections.abc import Mapping
from decimal import Decimal

PODCAST_NS = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
# Both URIs name the same namespace (the specification says so); readers accept either.
PODCAST_NAMESPACES = (PODCAST_NS, "https://podcastindex.org/namespace/1.0")
# The namespace of podcast:guid values (UUIDv5), fixed by the specification.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

# podcast:medium (tags/medium.md): each medium has a list variant ("podcastL": a feed of
# podcast:remoteItem pointers), plus "mixed"; Podping's medium list is the same one.
BASE_MEDIA = (
    "podcast",
    "music",
    "video",
    "film",
    "audiobook",
    "newsletter",
    "blog",
    "publisher",
    "course",
)
MEDIA = (*BASE_MEDIA, *(f"{m}L" for m in BASE_MEDIA), "mixed")

CHAPTERS_TYPE = "application/json+chapters"
# The transcript files we publish, by suffix; SRT and WebVTT carry timings (captions).
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}
# What podcast:transcript may declare (the namespace lists these formats).
TRANSCRIPT_FORMATS = frozenset(
    {*TRANSCRIPT_TYPES.values(), "text/plain", "text/html", "application/json"}
)


def show_guid(guid: str | None, feed_url: str) -> str:
    """The ``podcast:guid`` a show goes out with: its own (``guid =`` in podcast.toml), else
    the one made from its feed URL. The namespace says it never changes, even when the feed
    moves; ``pipeline publish`` holds it to what was published (``publish/guard.py``)."""
    return guid or podcast_guid(feed_url)


def podcast_guid(feed_url: str) -> str:
    """The show's ``podcast:guid``: UUIDv5 of the feed URL without scheme and trailing slashes.

    >>> podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")
    '917393e3-1b1e-5cef-ace4-edaa54e1f810'
    """
    name = feed_url.strip()
    if "://" in name:
        name = name.split("://", 1)[1]
    return str(uuid.uuid5(GUID_NAMESPACE, name.rstrip("/")))


def decimal_text(value: int | float) -> str:
    """A number as the namespace's attributes write it (soundbite ``startTime`` and
    ``duration``, value ``suggested``): plain decimal digits, exact, never an exponent.

    The shortest text that reads back as ``value`` (Python's ``repr``), written out:
    ``73.0`` is ``73``, ``0.0001`` stays ``0.0001`` (rounding to milliseconds made it
    ``0``) and ``1e-07`` is ``0.0000001`` (apps read these with a plain decimal parser).
    Raises ValueError for ``inf`` and ``nan``, which have no digits.
    """
    if isinstance(value, int):  # every digit of it: a float of 10**30 would round it
        return str(value)
    if not math.isfinite(value):
        raise ValueError(value)
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def transcript_type(path: str) -> str | None:
    """The MIME type ``podcast:transcript`` declares for a transcript file, by its suffix."""
    suffix = path[path.rfind(".") :].lower() if "." in path else ""
    return TRANSCRIPT_TYPES.get(suffix)


_GROUPS: Mapping[str, tuple[str, ...]] = {
    "creative direction": (
        "director",
        "assistant director",
        "executive producer",
        "senior producer",
        "producer",
        "associate producer",
        "development producer",
        "creative director",
    ),
    "cast": (
        "host",
        "co-host",
        "guest host",
        "guest",
        "voice actor",
        "narrator",
        "announcer",
        "reporter",
    ),
    "writing": (
        "author",
        "editorial director",
        "co-writer",
        "writer",
        "songwriter",
        "guest writer",
        "story editor",
        "managing editor",
        "script editor",
        "script coordinator",
        "researcher",
        "editor",
        "fact checker",
        "translator",
        "translater",  # the list's own spelling
        "transcriber",
        "logger",
    ),
    "audio production": (
        "studio coordinator",
        "technical director",
        "technical manager",
        "audio engineer",
        "remote recording engineer",
        "post production engineer",
    ),
    "audio post-production": (
        "audio editor",
        "sound designer",
        "foley artist",
        "composer",
        "theme music",
        "music production",
        "music contributor",
    ),
    "administration": (
        "production coordinator",
        "booking coordinator",
        "production assistant",
        "content manager",
        "marketing manager",
        "sales representative",
        "sales manager",
    ),
    "visuals": ("graphic designer", "cover art designer"),
    "community": ("social media manager",),
    "misc.": ("consultant", "intern"),
    "video production": (
        "camera operator",
        "lighting designer",
        "camera grip",
        "assistant camera",
    ),
    # "editor" is listed under writing too; for a podcast that is the one meant.
    "video post-production": ("assistant editor",),
}

DEFAULT_GROUP = "cast"
# role -> group, roles in lower case
PERSON_ROLES: Mapping[str, str] = {
    role: group for group, roles in _GROUPS.items() for role in roles
}
ROLE_EXPECTED = (
    "a Podcasting 2.0 role: host, co-host, guest, guest host, narrator, producer, editor, "
    "audio engineer, ... (see the podcast taxonomy)"
)


def normal_role(role: str) -> str:
    """The role as the feed writes it: lower case, single spaces."""
    return " ".join(role.split()).lower()


def role_group(role: str) -> str | None:
    """The taxonomy group of ``role`` (any case), or None when the taxonomy lacks it."""
    return PERSON_ROLES.get(normal_role(role))


def role_expected(role: str) -> str:
    """What to say of an unknown role: the nearest roles of the taxonomy, if any is close."""
    near = difflib.get_close_matches(normal_role(role), PERSON_ROLES, n=2, cutoff=0.75)
    if near:
        return "a Podcasting 2.0 role such as " + " or ".join(repr(r) for r in near)
    return ROLE_EXPECTED
