"""An episode file's feed tags beyond the basics: Apple's ``block`` and the Podcasting
2.0 item tags (license, location, images, txt, value, social_interact) and
``alternates``, the other encodings of the episode (podcast:alternateEnclosure).

``alternates`` names files a show already has (or URLs), each with what a listener's app
needs to choose one: its type, bitrate and a short title::

    alternates:
      - audio: audio/001-waarom.opus      # a file in the show folder, or a URL
        title: Opus (kleiner bestand)
        bitrate: 48k                      # or 48000 (bits per second)
      - audio: https://cdn.example/001.m4a
        type: audio/x-m4a
        length: 30311215                  # bytes; measured for a local file

Length and the SRI hash of a local file are measured when the episode is enriched
(``pipeline/enrich/alternates.py``), never trusted from the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pipeline.feed_models import Alternate
from pipeline.load.fields import FILE_SIZE_MAX, Fields
from pipeline.load.plain import PLAIN_EXPECTED
from pipeline.load.tags import (
    Where,
    flag,
    image_size,
    read_images,
    read_license,
    read_locations,
    read_social,
    read_txts,
    read_value,
    text,
    unknown,
    whole,
)
from pipeline.load.yamlfile import LineDict
from pipeline.spec.media import audio_type
from pipeline.spec.podcasting20_tags import ALTERNATE_TITLE_LIMIT
from pipeline.text.markup import has_markup
from pipeline.text.urls import is_web_url, url_expected

EPISODE_TAG_KEYS = (
    "block",
    "license",
    "location",
    "images",
    "txt",
    "value",
    "social_interact",
    "alternates",
)
_ALTERNATE_FIELDS = (
    "audio",
    "type",
    "bitrate",
    "title",
    "length",
    "lang",
    "codecs",
    "height",
    "default",
)
_BITRATE = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKmM]?)(?:bps|b/s)?$")
BITRATE_EXPECTED = "bits per second (48000) or a rate such as 48k or 1.5M"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def read_episode_tags(data: LineDict, f: Fields, root: Path) -> dict[str, Any]:
    """The Episode fields of these tags; every problem goes to ``f.problems``."""
    where = Where(f.where, f.problems, data.lines.get, indexed=False)
    return {
        "block": flag(data, "block", "block", where),
        "license": read_license(data.get("license"), "license", where),
        "locations": read_locations(data.get("location"), "location", where),
        "images": read_images(data.get("images"), "images", where, image_size(root)),
        "txts": read_txts(data.get("txt"), "txt", where),
        "value": read_value(data.get("value"), "value", where),
        "social": read_social(data.get("social_interact"), "social_interact", where),
        "alternates": read_alternates(data.get("alternates"), where, root),
    }


def bitrate(value: object) -> int | None:
    """Bits per second from ``48000``, ``"48k"``, ``"1.5M"``; None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value > 0:
        return value
    m = _BITRATE.match(str(value).strip()) if isinstance(value, str | float) else None
    if not m:
        return None
    rate = float(m[1]) * {"": 1, "k": 1000, "m": 1_000_000}[m[2].lower()]
    return round(rate) if rate > 0 else None


def read_alternates(value: object, where: Where, root: Path) -> tuple[Alternate, ...]:
    if value is None:
        return ()
    key = "alternates"
    if not isinstance(value, list):
        where.bad(key, value, "a list of {audio, type, bitrate, title}")
        return ()
    found = []
    for item in value:
        if not isinstance(item, LineDict):
            where.bad(key, item, "{audio: file or URL, type, bitrate, title}")
            continue
        unknown(item, _ALTERNATE_FIELDS, key, where)
        source = text(item, "audio", f"{key}.audio", where, True, limit=None)
        if source is not None and "://" in source and not is_web_url(source):
            expected = url_expected(source, "an http(s) URL or a file in the show folder")
            where.bad(f"{key}.audio", source, expected, item)
            source = None
        elif source is not None and "://" not in source and not _inside(root, source):
            where.bad(f"{key}.audio", source, "an existing audio file in the show folder", item)
            source = None
        kind = text(item, "type", f"{key}.type", where) or (source and audio_type(source))
        if source is not None and not kind:
            where.bad(f"{key}.type", None, "the media type, e.g. audio/opus or audio/x-m4a", item)
        elif kind and not re.match(r"^(audio|video)/[\w.+-]+$", kind):
            where.bad(f"{key}.type", kind, "an audio or video media type", item)
            kind = None
        rate = None
        if item.get("bitrate") is not None:
            rate = bitrate(item["bitrate"])
            if rate is None:
                where.bad(f"{key}.bitrate", item["bitrate"], BITRATE_EXPECTED, item)
        title = text(item, "title", f"{key}.title", where, limit=ALTERNATE_TITLE_LIMIT)
        if title is not None and has_markup(title):  # shown by apps as the show's names are
            where.bad(f"{key}.title", title, PLAIN_EXPECTED, item)
            title = None
        lang = text(item, "lang", f"{key}.lang", where)
        if lang is not None and not _LANGUAGE.match(lang):
            where.bad(f"{key}.lang", lang, "a language tag such as nl or nl-BE", item)
            lang = None
        length = whole(item, "length", f"{key}.length", where, 1, FILE_SIZE_MAX)
        if source and "://" not in source and length is not None:
            where.bad(f"{key}.length", length, "nothing: a local file's size is measured", item)
        found.append(
            Alternate(
                source=source or "",
                type=kind or None,
                bitrate=rate,
                title=title,
                length=length,
                lang=lang,
                codecs=text(item, "codecs", f"{key}.codecs", where),
                height=whole(item, "height", f"{key}.height", where, 1),
                default=flag(item, "default", f"{key}.default", where),
                line=item.line,
            )
        )
    return tuple(a for a in found if a.source)


def _inside(root: Path, name: str) -> bool:
    try:  # a link loop, a NUL or a name too long raise here: not a file of the show
        path = (root / name).resolve()
        return path.is_relative_to(root.resolve()) and path.is_file()
    except (OSError, ValueError, RuntimeError):
        return False
