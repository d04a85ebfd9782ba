"""The Podcasting 2.0 person taxonomy: which roles a ``podcast:person`` may have, and the
group each belongs to.

``podcast:person`` takes a ``role`` and a ``group`` from the Podcast Taxonomy Project's list
(``taxonomy.json`` in the podcast-namespace repository), compared without regard to case.
A missing ``group`` means "cast", so a person in any other group (a producer, an editor)
needs the group written out, or apps file them under the wrong heading.
"""

from __future__ import annotations

from collections.abc import Mapping

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
