"""Rules over the rendered feed for the tags beyond the basics, pure (XML in, findings
out): value splits, podroll and publisher items, license, location, trailer,
updateFrequency, images, txt, socialInteract, alternateEnclosure, soundbites inside the
episode, Apple's block/complete/new-feed-url and the statistics prefix. The rules come
from ``pipeline/spec``; each finding names the file, line and field to fix.
"""

from __future__ import annotations

import email.utils
import re
import uuid
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from pipeline.check.findings import Collector, Described
from pipeline.spec.analytics import prefix_problem, unprefixed
from pipeline.spec.apple import ITUNES_NS
from pipeline.spec.licenses import LICENSE_EXPECTED, license_id
from pipeline.spec.podcasting20 import MEDIA
from pipeline.spec.podcasting20_tags import (
    ALTERNATE_TITLE_LIMIT,
    COUNTRY_EXPECTED,
    GEO_EXPECTED,
    INTEGRITY_TYPES,
    LOCATION_RELS,
    OSM_EXPECTED,
    PUBLISHER_MEDIUM,
    SOCIAL_DISABLED,
    SOCIAL_PROTOCOLS,
    SPLIT_TOTAL,
    TEXT_LIMIT,
    TXT_LIMIT,
    is_country,
    is_geo_uri,
    is_osm_id,
    is_sri,
    rrule_problem,
)

_WEB = ("http://", "https://")


class Place:
    """Where findings for one channel or item go: the file and the line of each field."""

    def __init__(self, path: str, lines: Mapping[str, int], out: Collector) -> None:
        self.path, self.lines, self.out = path, lines, out

    def error(self, key: str, field: str, value: object, expected: str) -> None:
        self.out.error(self.path, self.lines.get(key), field, value, expected)

    def warn(self, key: str, field: str, value: object, expected: str) -> None:
        self.out.warn(self.path, self.lines.get(key), field, value, expected)


def check_channel_tags(
    channel: Any, ns: str, place: Place, trailers: Mapping[str, Place] | None = None
) -> None:
    """The channel's tags; ``trailers``: by URL, where a trailer an episode file made (type:
    trailer) is written, so its findings name that file, not podcast.toml."""
    nsmap = {"podcast": ns, "itunes": ITUNES_NS}
    for tag, key in (("block", "block"), ("complete", "complete")):
        for elem in channel.findall(f"itunes:{tag}", nsmap):
            if elem.text != "Yes":
                place.warn(key, key, elem.text, "Yes (Apple ignores any other value)")
    for elem in channel.findall("itunes:new-feed-url", nsmap):
        if not (elem.text or "").startswith(_WEB):
            place.error("new_feed_url", "new_feed_url", elem.text, "an http(s) feed URL")
    check_shared(channel, nsmap, place)
    for trailer in channel.findall("podcast:trailer", nsmap):
        episode = (trailers or {}).get(trailer.get("url") or "")
        _trailer(trailer, place) if episode is None else _trailer(trailer, episode, _EPISODE)
    for freq in channel.findall("podcast:updateFrequency", nsmap):
        _text_limit(freq.text, "update_frequency", place)
        rule = freq.get("rrule")
        if rule is not None and (problem := rrule_problem(rule)):
            place.error("update_frequency", "update_frequency.rrule", rule, problem)
    for i, item in enumerate(channel.findall("podcast:podroll/podcast:remoteItem", nsmap)):
        _remote(item, f"podroll[{i}]", "podroll", place)
    publisher = channel.findall("podcast:publisher/podcast:remoteItem", nsmap)
    if channel.find("podcast:publisher", nsmap) is not None and len(publisher) != 1:
        place.error("publisher", "publisher", len(publisher), "exactly one remoteItem")
    for item in publisher:
        _remote(item, "publisher", "publisher", place)
        if item.get("medium") != PUBLISHER_MEDIUM:
            place.error("publisher", "publisher.medium", item.get("medium"), PUBLISHER_MEDIUM)


def check_item_tags(
    item: Any, ns: str, place: Place, prefixes: Sequence[str], duration: float | None
) -> None:
    nsmap = {"podcast": ns, "itunes": ITUNES_NS}
    for elem in item.findall("itunes:block", nsmap):
        if elem.text != "Yes":
            place.warn("block", "block", elem.text, "Yes (Apple ignores any other value)")
    check_shared(item, nsmap, place)
    for alternate in item.findall("podcast:alternateEnclosure", nsmap):
        _alternate(alternate, nsmap, place, prefixes)
    enclosure = item.find("enclosure")
    url = enclosure.get("url") if enclosure is not None else None
    if url and prefixes and (problem := _prefix_problem(url, prefixes)):
        place.error("audio", "enclosure url", url, problem)
    if duration is None:
        return
    for bite in item.findall("podcast:soundbite", nsmap):
        try:
            end = float(bite.get("startTime") or "") + float(bite.get("duration") or "")
        except ValueError:
            continue  # check_item reports unreadable times
        if end > duration:
            got = Described(f"a soundbite ending at {end:g} s")
            place.error(
                "soundbites", "soundbite", got, f"an end within the episode ({duration:g} s)"
            )


def check_chapter_times(starts: Sequence[float], place: Place, duration: float | None) -> None:
    """Chapters an app can play: none starting where another does (a chapter of no length
    in every player's list) or at or after the episode's end (one no listener reaches)."""
    for previous, start in pairwise(starts):
        if start == previous:
            got = Described(f"two chapters starting at {start:g} s")
            place.warn("chapters", "chapters", got, "each chapter starting after the one before")
    if duration is not None and starts and starts[-1] >= duration:
        got = Described(f"a chapter starting at {starts[-1]:g} s")
        place.warn("chapters", "chapters", got, f"a start within the episode ({duration:g} s)")


def _prefix_problem(url: str, prefixes: Sequence[str]) -> str | None:
    target = unprefixed(url, prefixes)
    for prefix in prefixes:
        if problem := prefix_problem(prefix, target):
            return problem
    return None


def check_shared(parent: Any, nsmap: Mapping[str, str], place: Place) -> None:
    """The tags a channel and an item share."""
    for lic in parent.findall("podcast:license", nsmap):
        name = (lic.text or "").strip()
        if not name or (license_id(name) is None and not (lic.get("url") or "").startswith(_WEB)):
            place.error("license", "license", name, LICENSE_EXPECTED)
        _text_limit(name, "license", place)
    for loc in parent.findall("podcast:location", nsmap):
        _location(loc, place)
    for images in parent.findall("podcast:images", nsmap):
        for part in (images.get("srcset") or "").split(","):
            bits = part.split()
            if len(bits) != 2 or not bits[0].startswith(_WEB) or not re.fullmatch(r"\d+w", bits[1]):
                place.error("images", "images", part.strip(), "an absolute image URL and its width")
    for txt in parent.findall("podcast:txt", nsmap):
        if not (txt.text or "").strip() or len(txt.text or "") > TXT_LIMIT:
            place.error("txt", "txt", txt.text, f"a text of 1 to {TXT_LIMIT} characters")
        _text_limit(txt.get("purpose"), "txt", place, "txt.purpose")
    for value in parent.findall("podcast:value", nsmap):
        _value(value, nsmap, place)
    for social in parent.findall("podcast:socialInteract", nsmap):
        protocol = social.get("protocol")
        if protocol == SOCIAL_DISABLED:
            continue
        if protocol not in SOCIAL_PROTOCOLS:
            place.error(
                "social_interact",
                "social_interact.protocol",
                protocol,
                "one of " + ", ".join((*SOCIAL_PROTOCOLS, SOCIAL_DISABLED)),
            )
        if not social.get("uri"):
            place.error("social_interact", "social_interact.uri", None, "the comment thread's URI")


def _text_limit(text: str | None, key: str, place: Place, field: str | None = None) -> None:
    if text is not None and len(text.strip()) > TEXT_LIMIT:
        got = Described(f"{len(text.strip())} characters")
        place.warn(key, field or key, got, f"at most {TEXT_LIMIT} (aggregators cut the rest)")


def _location(loc: Any, place: Place) -> None:
    name = (loc.text or "").strip()
    if not name:
        place.error("location", "location", None, "a place name (podcast:location needs one)")
    _text_limit(name, "location", place)
    rel = loc.get("rel")
    if rel is not None and rel not in LOCATION_RELS:
        place.error("location", "location.rel", rel, " or ".join(LOCATION_RELS))
    for attr, ok, expected in (
        ("geo", is_geo_uri, GEO_EXPECTED),
        ("osm", is_osm_id, OSM_EXPECTED),
        ("country", is_country, COUNTRY_EXPECTED),
    ):
        fact = loc.get(attr)
        if fact is not None and not ok(fact):
            place.error("location", f"location.{attr}", fact, expected)


def _value(value: Any, nsmap: Mapping[str, str], place: Place) -> None:
    recipients = value.findall("podcast:valueRecipient", nsmap)
    if not value.get("type") or not value.get("method"):
        place.error("value", "value", None, "a podcast:value with type and method")
    if not recipients:
        place.error("value", "value.recipients", None, "at least one recipient")
        return
    splits = []
    for who in recipients:
        if not who.get("type") or not who.get("address"):
            place.error("value", "value.recipients", who.get("name"), "a type and an address")
        split = who.get("split") or ""
        if not split.isdigit() or int(split) <= 0:
            place.error("value", "value.recipients.split", split, "a positive whole number")
        else:
            splits.append(int(split))
    if len(splits) == len(recipients) and sum(splits) != SPLIT_TOTAL:
        got = Described(f"splits adding up to {sum(splits)} ({' + '.join(map(str, splits))})")
        place.error(
            "value",
            "value.recipients.split",
            got,
            f"splits adding up to {SPLIT_TOTAL} (shares in percent)",
        )


def _remote(item: Any, name: str, key: str, place: Place) -> None:
    guid, url = item.get("feedGuid"), item.get("feedUrl")
    if not guid and not url:
        place.error(key, name, None, "a feed GUID or a feed URL (podcast:remoteItem)")
        return
    if url is not None and not url.startswith(_WEB):
        place.error(key, f"{name}.url", url, "an http(s) feed URL")
    if guid is None:
        place.warn(
            key,
            f"{name}.guid",
            None,
            "the show's podcast:guid too (the namespace requires feedGuid; apps that "
            "look shows up by GUID skip this one)",
        )
        return
    try:
        uuid.UUID(guid)
    except ValueError:
        place.error(key, f"{name}.guid", guid, "a podcast:guid (a UUID)")
    medium = item.get("medium")
    if medium is not None and medium not in MEDIA:
        place.error(key, f"{name}.medium", medium, "a podcast:medium")


# A trailer's fields in podcast.toml's [[trailers]] (its line), and in an episode file.
_TOML = {name: ("trailers", f"trailers.{name}") for name in ("title", "url", "date", "length")}
_EPISODE = {"title": ("title", "title"), "url": ("audio", "audio"), "date": ("date", "date"),
            "length": ("length", "length")}  # fmt: skip


def _trailer(trailer: Any, place: Place, keys: Mapping[str, tuple[str, str]] = _TOML) -> None:
    if not (trailer.text or "").strip():
        place.error(*keys["title"], None, "a title")
    key, field = keys["title"]
    _text_limit(trailer.text, key, place, field)
    if not (trailer.get("url") or "").startswith(_WEB):
        place.error(*keys["url"], trailer.get("url"), "an http(s) URL")
    if email.utils.parsedate_tz(trailer.get("pubdate") or "") is None:
        place.error(*keys["date"], trailer.get("pubdate"), "an RFC 2822 date")
    length = trailer.get("length")
    if length is not None and not (length.isdigit() and int(length) > 0):
        place.error(*keys["length"], length, "the size in bytes")


def _alternate(elem: Any, nsmap: Mapping[str, str], place: Place, prefixes: Sequence[str]) -> None:
    kind, length = elem.get("type") or "", elem.get("length") or ""
    if not re.match(r"^(audio|video)/[\w.+-]+$", kind):
        place.error(
            "alternates", "alternates.type", kind or None, "a media type such as audio/opus"
        )
    if not length.isdigit() or int(length) <= 0:
        place.error("alternates", "alternates.length", length or None, "the size in bytes")
    sources = [s.get("uri") or "" for s in elem.findall("podcast:source", nsmap)]
    if not sources or not all(sources):
        place.error("alternates", "alternates.audio", None, "a podcast:source with a uri")
    for uri in sources:
        if uri.startswith(_WEB) and prefixes and (problem := _prefix_problem(uri, prefixes)):
            place.error("alternates", "alternates.audio", uri, problem)
    title = elem.get("title")
    if title is not None and len(title) > ALTERNATE_TITLE_LIMIT:
        place.warn(
            "alternates",
            "alternates.title",
            title,
            f"at most {ALTERNATE_TITLE_LIMIT} characters (shown in a menu)",
        )
    for integrity in elem.findall("podcast:integrity", nsmap):
        kind, value = integrity.get("type"), integrity.get("value") or ""
        if kind not in INTEGRITY_TYPES:
            place.error("alternates", "alternates.integrity", kind, " or ".join(INTEGRITY_TYPES))
        elif kind == "sri" and not is_sri(value):
            place.error("alternates", "alternates.integrity", value, "sha384-<base64> (SRI)")
