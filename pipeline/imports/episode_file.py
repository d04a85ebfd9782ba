"""The text of a new episode file, shared by `pipeline new` and the importers.

Written as plain YAML lines (not ``yaml.dump``) so key order is the documented one and the
GUID line carries its warning comment.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime

import yaml

from pipeline.models import Episode, SoundCloudLink, soundcloud_guid

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9:/._\-+%?=&,#]*")

# The order keys appear in a generated file.
KEY_ORDER = (
    "title", "number", "season", "date", "guid", "soundcloud", "audio", "length", "duration",
    "mime_type", "post", "explicit", "type", "summary", "image", "guests", "chapters",
    "transcript",
)  # fmt: skip


def new_guid(link: SoundCloudLink | None = None) -> str:
    """SoundCloud's own GUID form when the track id is known, else a random UUID URN."""
    if link is not None and link.track_id is not None:
        return soundcloud_guid(link.track_id)
    return f"urn:uuid:{uuid.uuid4()}"


def next_number(episodes: Iterable[Episode], season: int) -> int:
    return max((e.number or 0 for e in episodes if (e.season or 1) == season), default=0) + 1


def format_date(moment: datetime) -> str:
    """``2026-03-04 07:00+01:00``: readable, and exact about the offset."""
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%d %H:%M") + f"{offset[:3]}:{offset[3:]}"


def episode_yaml(fields: Mapping[str, object]) -> str:
    """YAML text for an episode file; values are quoted safely (JSON strings are YAML)."""
    lines = []
    for key in sorted(fields, key=lambda k: KEY_ORDER.index(k) if k in KEY_ORDER else 99):
        value = fields[key]
        if value is None:
            continue
        lines.append(
            f"{key}: {_scalar(value)}"
            + ("  # permanent: never change it once published" if key == "guid" else "")
        )
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        return format_date(value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    # Plain when YAML reads it back as the same string (URLs, GUIDs, slugs); else quoted.
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)
