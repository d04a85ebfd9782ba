"""podcast.toml's feed tags beyond the basics: Apple's block, complete and new-feed-url,
and the Podcasting 2.0 channel tags (license, location, images, update_frequency,
podroll, publisher, txt, value, social_interact, trailers), the ``[analytics]`` prefix
and ``[podping]``. ``config.py`` calls :func:`read_show_tags` and passes the result on
to :class:`~pipeline.models.Show`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import Any

from pipeline.errors import Problems
from pipeline.feed_models import RemoteItem, Trailer, UpdateFrequency
from pipeline.load.fields import FILE_SIZE_MAX
from pipeline.load.schema import CONFIG_FILE, read_section
from pipeline.load.tags import (
    Where,
    flag,
    items,
    read_images,
    read_license,
    read_locations,
    read_social,
    read_txts,
    read_value,
    text,
    unknown,
    web_url,
    whole,
)
from pipeline.settings import PodpingSettings
from pipeline.spec.analytics import PREFIX_EXPECTED
from pipeline.spec.apple import ENCLOSURE_TYPES
from pipeline.spec.media import audio_type
from pipeline.spec.podcasting20 import MEDIA
from pipeline.spec.podcasting20_tags import PUBLISHER_MEDIUM, rrule_problem
from pipeline.text.dates import date_expected, parse_date
from pipeline.text.urls import is_web_url, url_expected

SHOW_TAG_KEYS = (
    "block",
    "complete",
    "new_feed_url",
    "license",
    "location",
    "images",
    "update_frequency",
    "podroll",
    "publisher",
    "txt",
    "value",
    "social_interact",
    "trailers",
    "analytics",
    "podping",
)


def read_show_tags(
    data: Mapping[str, Any],
    lines: Mapping[str, int],
    problems: Problems,
    tz: tzinfo,
    measure: Callable[[str], tuple[int, int] | None],
) -> dict[str, Any]:
    """The Show fields of these tags; every problem goes to ``problems``."""
    where = Where(CONFIG_FILE, problems, lines.get, indexed=True)
    node = dict(data)
    fields: dict[str, Any] = {
        "block": flag(node, "block", "block", where),
        "complete": flag(node, "complete", "complete", where),
        "new_feed_url": web_url(node, "new_feed_url", "new_feed_url", where),
        "license": read_license(data.get("license"), "license", where),
        "locations": read_locations(data.get("location"), "location", where),
        "images": read_images(data.get("images"), "images", where, measure),
        "update_frequency": _frequency(data.get("update_frequency"), where, tz),
        "podroll": _podroll(data.get("podroll"), where),
        "publisher": _publisher(data.get("publisher"), where),
        "txts": read_txts(data.get("txt"), "txt", where),
        "value": read_value(data.get("value"), "value", where),
        "social": read_social(data.get("social_interact"), "social_interact", where),
        "trailers": _trailers(data.get("trailers"), where, tz),
        "analytics_prefixes": _analytics(data.get("analytics"), where),
    }
    if "podping" in data:
        fields["podping"] = read_section(
            PodpingSettings, "podping", data["podping"], {}, lines, problems
        )
        if not is_web_url(fields["podping"].url):
            where.bad(
                "podping.url", fields["podping"].url, url_expected(fields["podping"].url, URL_HINT)
            )
    return fields


URL_HINT = "podping.cloud's address, https://podping.cloud/"


def _frequency(value: object, where: Where, tz: tzinfo) -> UpdateFrequency | None:
    """``update_frequency = "Elke twee weken"`` or {text, rrule, dtstart, complete}."""
    if value is None:
        return None
    key = "update_frequency"
    node: dict[str, Any] = value if isinstance(value, dict) else {"text": value}
    unknown(node, ("text", "rrule", "dtstart", "complete"), key, where)
    label = text(node, "text", f"{key}.text" if isinstance(value, dict) else key, where, True)
    rule = text(node, "rrule", f"{key}.rrule", where, limit=None)
    if rule is not None and (problem := rrule_problem(rule)):
        where.bad(f"{key}.rrule", rule, problem, node)
        rule = None
    start = None
    if node.get("dtstart") is not None:
        try:
            start = parse_date(node["dtstart"], tz)
        except ValueError as exc:
            where.bad(f"{key}.dtstart", node["dtstart"], date_expected(exc), node)
    if rule and "COUNT=" in rule.upper() and start is None:
        where.bad(f"{key}.dtstart", None, "a start date (a rule with COUNT needs dtstart)")
    complete = flag(node, "complete", f"{key}.complete", where)
    return UpdateFrequency(label, rule, start, complete) if label else None


def _guid(node: dict[str, Any], key: str, where: Where) -> str | None:
    guid = text(node, "guid", key, where)
    if guid is not None:
        try:
            uuid.UUID(guid)
        except ValueError:
            where.bad(key, guid, "the show's podcast:guid, a UUID such as 917393e3-1b1e-...")
            return None
    return guid


def _remote(item: object, at: str, where: Where) -> RemoteItem | None:
    if not isinstance(item, dict):
        where.bad(at, item, "a table with the show's guid (podcast:guid) and/or feed url")
        return None
    unknown(item, ("guid", "url", "title", "medium", "item_guid"), at, where)
    guid = _guid(item, f"{at}.guid", where)
    url = web_url(item, "url", f"{at}.url", where)
    medium = text(item, "medium", f"{at}.medium", where)
    if medium is not None and medium not in MEDIA:
        where.bad(f"{at}.medium", medium, "a podcast:medium such as podcast or music", item)
        medium = None
    if guid is None and url is None:
        if "guid" not in item and "url" not in item:
            where.bad(at, item, "a feed GUID (guid) or a feed URL (url)")
        return None
    title = text(item, "title", f"{at}.title", where)
    return RemoteItem(guid, url, text(item, "item_guid", f"{at}.item_guid", where), medium, title)


def _podroll(value: object, where: Where) -> tuple[RemoteItem, ...]:
    """``[[podroll]]`` tables: shows the podcasters recommend."""
    if value is None:
        return ()
    if not isinstance(value, list):
        where.bad("podroll", value, "[[podroll]] tables with guid and/or url")
        return ()
    found = [_remote(item, where.key("podroll", i), where) for i, item in enumerate(value)]
    return tuple(item for item in found if item is not None)


def _publisher(value: object, where: Where) -> RemoteItem | None:
    """``[publisher]``: the publisher feed this show belongs to (medium "publisher")."""
    if value is None:
        return None
    item = _remote(value, "publisher", where)
    if item is None:
        return None
    if item.medium not in (None, PUBLISHER_MEDIUM):
        where.bad("publisher.medium", item.medium, PUBLISHER_MEDIUM)
    return RemoteItem(item.feed_guid, item.feed_url, None, PUBLISHER_MEDIUM, item.title)


def _trailers(value: object, where: Where, tz: tzinfo) -> tuple[Trailer, ...]:
    """``[[trailers]]``: title, url, date, length, type, season (podcast:trailer)."""
    found = []
    fields = ("title", "url", "date", "length", "type", "season")
    for i, item in items(value, "trailers", where, "[[trailers]] tables"):
        at = where.key("trailers", i)
        if not isinstance(item, dict):
            where.bad(at, item, "a table with title, url and date")
            continue
        unknown(item, fields, at, where)
        title = text(item, "title", f"{at}.title", where, True)
        url = web_url(item, "url", f"{at}.url", where, True)
        date = None
        try:
            date = parse_date(item.get("date"), tz)
        except ValueError as exc:
            where.bad(f"{at}.date", item.get("date"), date_expected(exc))
        kind = text(item, "type", f"{at}.type", where) or (url and audio_type(url))
        if kind is not None and kind not in ENCLOSURE_TYPES and not kind.startswith("audio/"):
            where.bad(f"{at}.type", kind, "an audio or video media type such as audio/mpeg")
            kind = None
        length = whole(item, "length", f"{at}.length", where, 1, FILE_SIZE_MAX)
        season = whole(item, "season", f"{at}.season", where, 1)
        if title and url and date:
            found.append(Trailer(title, url, date, length, kind, season))
    return tuple(found)


def _analytics(value: object, where: Where) -> tuple[str, ...]:
    """``[analytics] prefix = "https://op3.dev/e/"`` (or a list, the outermost first)."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        where.bad("analytics", value, "an [analytics] table with prefix")
        return ()
    unknown(value, ("prefix",), "analytics", where)
    raw = value.get("prefix")
    prefixes = raw if isinstance(raw, list) else [raw]
    found = []
    for prefix in prefixes:
        if not isinstance(prefix, str) or not is_web_url(prefix) or not prefix.endswith("/"):
            where.bad("analytics.prefix", prefix, url_expected(prefix, PREFIX_EXPECTED))
            continue
        found.append(prefix)
    return tuple(found)
