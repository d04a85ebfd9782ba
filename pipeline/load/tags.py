"""The feed's optional tags as users write them, in podcast.toml (channel) and in an
episode file (item): license, location, images, txt, value, social_interact.

One reader for both files: TOML tables and YAML mappings are both dicts; a :class:`Where`
knows the file and finds the line of a key (YAML mappings carry their own lines, TOML
keys are looked up by their dotted path). Every problem is reported, none raised, so a
file's problems are all listed at once. The rules come from ``pipeline/spec``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import Problems
from pipeline.feed_models import Image, License, Location, SocialInteract, Txt, Value
from pipeline.feed_models import ValueRecipient as Recipient
from pipeline.load.fields import IN_DIGITS, INT32_MAX, whole_number
from pipeline.load.yamlfile import LineDict, reread
from pipeline.spec.licenses import LICENSE_EXPECTED, license_id
from pipeline.spec.podcasting20_tags import (
    COUNTRY_EXPECTED,
    GEO_EXPECTED,
    LOCATION_RELS,
    OSM_EXPECTED,
    RECIPIENT_TYPES,
    SOCIAL_DISABLED,
    SOCIAL_PROTOCOLS,
    TEXT_LIMIT,
    TXT_LIMIT,
    VALUE_METHODS,
    VALUE_TYPES,
    is_country,
    is_geo_uri,
    is_osm_id,
    recipient_address_expected,
    value_amount,
)
from pipeline.text.suggest import one_of
from pipeline.text.urls import NO_CREDENTIALS, WEB_ADDRESS, has_login, is_web_url, url_expected

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def image_size(root: Path) -> Callable[[str], tuple[int, int] | None]:
    """A measurer of image files in the show folder: (width, height), or None when the
    file is missing, outside the show folder or not a JPEG, PNG or WebP image."""

    import PIL.Image  # imported when a show is loaded, not by a build with nothing new

    def measure(name: str) -> tuple[int, int] | None:
        try:  # a link loop, a NUL or a name too long raise here: no image either way
            path = (root / name).resolve()
            if not path.is_relative_to(root.resolve()) or not path.is_file():
                return None
        except (OSError, ValueError, RuntimeError):
            return None
        try:
            with warnings.catch_warnings():
                # A header claiming a huge image: Pillow warns (over 89 million pixels) or
                # raises DecompressionBombError (over 179 million), which is no OSError.
                warnings.simplefilter("ignore", PIL.Image.DecompressionBombWarning)
                with PIL.Image.open(path) as img:
                    if img.format not in IMAGE_FORMATS:
                        return None
                    return int(img.size[0]), int(img.size[1])
        except (OSError, PIL.UnidentifiedImageError, PIL.Image.DecompressionBombError):
            return None

    return measure


@dataclass
class Where:
    """A file being read: its name as the user knows it and how to find a key's line.

    ``indexed``: list items are named ``podroll[1].url`` (TOML, where a table has no line
    of its own) or ``podroll.url`` (YAML, whose line says which item)."""

    path: str
    problems: Problems
    line_of: Callable[[str], int | None]
    indexed: bool

    def key(self, parent: str, index: int | None, field: str | None = None) -> str:
        name = f"{parent}[{index}]" if self.indexed and index is not None else parent
        return f"{name}.{field}" if field else name

    def bad(self, key: str, value: object, expected: str, node: object = None) -> None:
        field = key.rsplit(".", 1)[-1].split("[")[0]
        line = None
        if isinstance(node, LineDict):
            line = node.lines.get(field, node.line)
        if line is None:
            line = self._line(key)
        self.problems.add(self.path, line, key, value, expected)

    def _line(self, key: str) -> int | None:
        """The line of ``key``, else of the nearest enclosing key that has one."""
        parts = key
        while parts:
            line = self.line_of(parts)
            if line is not None:
                return line
            cut = max(parts.rfind("."), parts.rfind("["))
            parts = parts[:cut] if cut > 0 else ""
        return None


def text(
    node: dict[str, Any],
    field: str,
    key: str,
    where: Where,
    required: bool = False,
    limit: int | None = TEXT_LIMIT,
) -> str | None:
    """An optional (or required) non-empty text, at most ``limit`` characters."""
    value = node.get(field)
    if value is None:
        if required:
            where.bad(key, None, "a non-empty text", node)
        return None
    if (number := reread(value)) is not None:
        where.bad(key, *number, node)
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        where.bad(key, value, "a non-empty text", node)
        return None
    if limit is not None and len(value.strip()) > limit:
        where.bad(key, value, f"at most {limit} characters (aggregators cut longer ones)", node)
        return None
    return value.strip()


def web_url(
    node: dict[str, Any], field: str, key: str, where: Where, required: bool = False
) -> str | None:
    value = text(node, field, key, where, required, limit=None)
    if value is not None and not is_web_url(value):
        where.bad(key, value, url_expected(value, WEB_ADDRESS), node)
        return None
    return value


def whole(
    node: dict[str, Any], field: str, key: str, where: Where, minimum: int, maximum: int = INT32_MAX
) -> int | None:
    """A whole number in range; the default ceiling is what apps store such numbers in (a
    TOML or YAML 10**30 went into the feed as it was), a file size passes ``FILE_SIZE_MAX``.

    Read as an episode's own length and number are (``Fields.integer``): nested, YAML 1.1
    made ``length: 010`` 8 bytes (octal) and ``priority: 1:05`` 65 (base 60), and refused
    ``split: 09`` (text to YAML) that the top level reads as 9."""
    value = node.get(field)
    if value is None:
        return None
    number = whole_number(value)
    if number is None and (shown := reread(value)) is not None:  # 1:05: said as written
        where.bad(key, shown[0], f"{IN_DIGITS}, of at least {minimum}", node)
        return None
    if number is None or number < minimum:
        where.bad(key, value, f"a whole number of at least {minimum}", node)
        return None
    if number > maximum:
        where.bad(key, value, f"a whole number of at most {maximum}", node)
        return None
    return number


def flag(node: dict[str, Any], field: str, key: str, where: Where) -> bool:
    value = node.get(field, False)
    if not isinstance(value, bool):
        where.bad(key, value, "true or false", node)
        return False
    return value


def items(value: object, key: str, where: Where, expected: str) -> list[tuple[int, Any]]:
    """A value that may be one item or a list of them, as (index, item) pairs."""
    if value is None:
        return []
    if isinstance(value, list):
        if not value:
            where.bad(key, value, expected)
        return list(enumerate(value))
    return [(0, value)] if value != "" else []


def unknown(node: dict[str, Any], known: tuple[str, ...], key: str, where: Where) -> None:
    for name in sorted(set(node) - set(known)):
        where.bad(f"{key}.{name}", name, one_of(name, known, sort=False), node)


def read_license(value: object, key: str, where: Where) -> License | None:
    """``license = "CC-BY-4.0"`` or ``license = {name = "...", url = "..."}``."""
    if value is None:
        return None
    node: dict[str, Any] = value if isinstance(value, dict) else {"name": value}
    if isinstance(value, dict):
        unknown(node, ("name", "url"), key, where)
    name = text(node, "name", key + ".name" if isinstance(value, dict) else key, where, True)
    url = web_url(node, "url", f"{key}.url", where)
    if name is None:
        return None
    known = license_id(name)
    if known is None and url is None:
        where.bad(key, name, LICENSE_EXPECTED, node if isinstance(value, dict) else None)
        return None
    return License(known or name, url)


def read_locations(value: object, key: str, where: Where) -> tuple[Location, ...]:
    """``location = "Utrecht"``, a table {name, rel, geo, osm, country}, or a list."""
    found = []
    for i, item in items(value, key, where, "a place name or {name, geo, osm, country}"):
        node: dict[str, Any] = item if isinstance(item, dict) else {"name": item}
        at = where.key(key, i if isinstance(value, list) else None)
        unknown(node, ("name", "rel", "geo", "osm", "country"), at, where)
        name = text(node, "name", f"{at}.name" if isinstance(item, dict) else at, where, True)
        rel = text(node, "rel", f"{at}.rel", where)
        if rel is not None and rel not in LOCATION_RELS:
            where.bad(f"{at}.rel", rel, " or ".join(LOCATION_RELS), node)
            rel = None
        checks = (("geo", is_geo_uri, GEO_EXPECTED), ("osm", is_osm_id, OSM_EXPECTED))
        facts: dict[str, str | None] = {}
        for field, ok, expected in (*checks, ("country", is_country, COUNTRY_EXPECTED)):
            fact = text(node, field, f"{at}.{field}", where)
            if field == "country" and fact is not None:
                fact = fact.upper()
            if fact is not None and not ok(fact):
                where.bad(f"{at}.{field}", fact, expected, node)
                fact = None
            facts[field] = fact
        if name is not None:
            found.append(Location(name, rel, facts["geo"], facts["osm"], facts["country"]))
    return tuple(found)


def read_txts(value: object, key: str, where: Where) -> tuple[Txt, ...]:
    """``txt = "code"``, ``txt = {text = "...", purpose = "verify"}`` or a list of them."""
    found = []
    for i, item in items(value, key, where, "a text or {text, purpose}"):
        node: dict[str, Any] = item if isinstance(item, dict) else {"text": item}
        at = where.key(key, i if isinstance(value, list) else None)
        unknown(node, ("text", "purpose"), at, where)
        body = text(node, "text", f"{at}.text" if isinstance(item, dict) else at, where, True,
                    limit=TXT_LIMIT)  # fmt: skip
        purpose = text(node, "purpose", f"{at}.purpose", where)
        if body is not None:
            found.append(Txt(body, purpose))
    return tuple(found)


def read_images(
    value: object, key: str, where: Where, measure: Callable[[str], tuple[int, int] | None]
) -> tuple[Image, ...]:
    """``images`` as {url or file, width, height, alt, purpose, aspect_ratio}; a local
    file's size is measured (``measure``), a URL needs its width (srcset says NNNw)."""
    found = []
    fields = ("url", "file", "width", "height", "alt", "purpose", "aspect_ratio")
    for i, item in items(value, key, where, "a list of {url, width}"):
        at = where.key(key, i)
        if not isinstance(item, dict):
            where.bad(at, item, "{url: https://..., width: 1400} or {file: ..., alt: ...}")
            continue
        unknown(item, fields, at, where)
        url = web_url(item, "url", f"{at}.url", where)
        file = text(item, "file", f"{at}.file", where, limit=None)
        size = measure(file) if file else None
        if file and size is None:
            where.bad(f"{at}.file", file, "a JPEG, PNG or WebP image in the show folder", item)
            continue
        if (url is None) == (file is None):
            if url is None and file is None and "url" not in item and "file" not in item:
                where.bad(f"{at}.url", None, "an image URL, or file: in the show folder", item)
            elif url is not None:
                where.bad(f"{at}.file", file, "either url or file, not both", item)
            continue
        width = whole(item, "width", f"{at}.width", where, 1)
        height = whole(item, "height", f"{at}.height", where, 1)
        if size is not None:
            width, height = width or size[0], height or size[1]
        if width is None:
            where.bad(f"{at}.width", None, "the image's width in pixels (srcset needs it)", item)
            continue
        ratio = text(item, "aspect_ratio", f"{at}.aspect_ratio", where)
        found.append(
            Image(
                url or file or "",
                width,
                height,
                text(item, "alt", f"{at}.alt", where, limit=None),
                text(item, "purpose", f"{at}.purpose", where),
                ratio,
            )
        )
    return tuple(found)


def read_value(value: object, key: str, where: Where) -> Value | None:
    """``value = {type, method, suggested, recipients = [{name, type, address, split}]}``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        where.bad(key, value, "a table with type, method and recipients")
        return None
    unknown(value, ("type", "method", "suggested", "recipients"), key, where)
    kind = text(value, "type", f"{key}.type", where, True)
    if kind is not None and kind not in VALUE_TYPES:
        where.bad(f"{key}.type", kind, " or ".join(VALUE_TYPES), value)
    method = text(value, "method", f"{key}.method", where, True)
    if method is not None and method not in VALUE_METHODS:
        where.bad(f"{key}.method", method, "one of " + ", ".join(VALUE_METHODS), value)
    suggested = value.get("suggested")
    shown = None if suggested is None else value_amount(suggested)
    if suggested is not None and shown is None:
        where.bad(f"{key}.suggested", suggested, 'an amount such as "0.00000005000"', value)
    recipients = _recipients(value.get("recipients"), f"{key}.recipients", where)
    if kind not in VALUE_TYPES or method not in VALUE_METHODS or not recipients:
        return None
    return Value(kind or "", method or "", recipients, shown)


def _recipients(value: object, key: str, where: Where) -> tuple[Recipient, ...]:
    if not isinstance(value, list) or not value:
        where.bad(key, value, "a list of {name, type, address, split}")
        return ()
    found = []
    fields = ("name", "type", "address", "split", "fee", "custom_key", "custom_value")
    for i, item in enumerate(value):
        at = where.key(key, i)
        if not isinstance(item, dict):
            where.bad(at, item, "{name, type, address, split}")
            continue
        unknown(item, fields, at, where)
        name = text(item, "name", f"{at}.name", where, True)
        kind = text(item, "type", f"{at}.type", where, True)
        if kind is not None and kind not in RECIPIENT_TYPES:
            where.bad(f"{at}.type", kind, " or ".join(RECIPIENT_TYPES), item)
            kind = None
        address = text(item, "address", f"{at}.address", where, True, limit=None)
        wrong = recipient_address_expected(kind or "", address or "")
        if address is not None and wrong:
            where.bad(f"{at}.address", address, wrong, item)
            address = None
        split = whole(item, "split", f"{at}.split", where, 1)
        if "split" not in item:
            where.bad(f"{at}.split", None, "this recipient's share, a whole number", item)
        custom = [text(item, k, f"{at}.{k}", where, limit=None) for k in fields[-2:]]
        fee = flag(item, "fee", f"{at}.fee", where)
        if name and kind and address and split:
            found.append(Recipient(name, kind, address, split, fee, custom[0], custom[1]))
    return tuple(found) if len(found) == len(value) else ()


def read_social(value: object, key: str, where: Where) -> tuple[SocialInteract, ...]:
    """``social_interact``: {protocol, uri, account_id, account_url, priority}, or a list;
    ``"disabled"`` (or {protocol = "disabled"}) asks apps to show no comments."""
    found = []
    fields = ("protocol", "uri", "account_id", "account_url", "priority")
    for i, item in items(value, key, where, "a list of {protocol, uri}"):
        node: dict[str, Any] = item if isinstance(item, dict) else {"protocol": item}
        at = where.key(key, i if isinstance(value, list) else None)
        unknown(node, fields, at, where)
        protocol = text(node, "protocol", f"{at}.protocol", where, True)
        if protocol == SOCIAL_DISABLED:
            found.append(SocialInteract(protocol))
            continue
        if protocol is not None and protocol not in SOCIAL_PROTOCOLS:
            choices = ", ".join((*SOCIAL_PROTOCOLS, SOCIAL_DISABLED))
            where.bad(f"{at}.protocol", protocol, "one of " + choices, node)
            protocol = None
        uri = text(node, "uri", f"{at}.uri", where, True, limit=None)
        if uri is not None and "://" not in uri and not uri.startswith("at:"):
            where.bad(f"{at}.uri", uri, "the URI of the post where comments live", node)
            uri = None
        elif uri is not None and has_login(uri):  # published in the feed as written
            where.bad(f"{at}.uri", uri, NO_CREDENTIALS, node)
            uri = None
        account_url = web_url(node, "account_url", f"{at}.account_url", where)
        priority = whole(node, "priority", f"{at}.priority", where, 0)
        account = text(node, "account_id", f"{at}.account_id", where)
        if protocol and uri:
            found.append(SocialInteract(protocol, uri, account, account_url, priority))
    return tuple(found)
