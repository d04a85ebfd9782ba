"""Read ``podcast.toml`` into a :class:`~pipeline.models.Show`, reporting every problem at once.

Settings tables (``[soundcloud]``, ``[related]``, ``[audio]``) are read generically from
their dataclass: adding a field there is all it takes to add a setting, and unknown keys are
rejected by name (a typo should never be silently ignored). Environment variables
``PIPELINE_SOUNDCLOUD_<FIELD>`` override the SoundCloud hosts for tests, proxies and mirrors.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, Problem, Problems
from pipeline.models import (
    AudioSettings,
    Category,
    DirectorySettings,
    FundingLink,
    Person,
    RelatedSettings,
    Show,
    SiteSettings,
    SoundCloudSettings,
)
from pipeline.taxonomy import ROLE_EXPECTED, role_group
from pipeline.values import is_web_url, zone

CONFIG_FILE = "podcast.toml"

# Apple Podcasts categories and subcategories (podcasters.apple.com category list).
APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

_REQUIRED = ("title", "description", "author", "language", "base_url", "artwork")
_TOP_LEVEL = frozenset(
    {
        *_REQUIRED,
        "owner",
        "categories",
        "explicit",
        "type",
        "copyright",
        "timezone",
        "feed_file",
        "hosts",
        "funding",
        "locked",
        "medium",
        "guid",
        "websub_hub",
        "soundcloud",
        "related",
        "audio",
        "directories",
        "site",
    }
)
_MEDIA = ("podcast", "music", "video", "film", "audiobook", "newsletter", "blog")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def load_show(root: Path) -> Show:
    """Load and validate ``root/podcast.toml``; raises ConfigError listing every problem."""
    path = root / CONFIG_FILE
    name = CONFIG_FILE
    try:
        text = _config_text(path)
    except FileNotFoundError:
        raise ConfigError(
            [_missing(name, "file", "a podcast.toml in the show folder (see README)")]
        ) from None
    except UnicodeDecodeError as exc:
        bad_line = exc.object[: exc.start].count(b"\n") + 1
        got = f"byte 0x{exc.object[exc.start]:02x}"
        raise ConfigError([_problem(name, bad_line, "encoding", got, "UTF-8 text")]) from None
    except OSError as exc:
        raise ConfigError([_missing(name, "file", f"a readable file ({exc.strerror})")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(
            [_problem(name, line, "syntax", str(exc).split(" (at")[0], "valid TOML")]
        ) from None
    return _build(path, text, data)


def _build(path: Path, text: str, data: dict[str, Any]) -> Show:
    name = CONFIG_FILE
    problems = Problems()
    lines = _key_lines(text)

    def line(key: str) -> int | None:
        return lines.get(key)

    def add(key: str, value: object, expected: str) -> None:
        problems.add(name, line(key), key, value, expected)

    for key in sorted(set(data) - _TOP_LEVEL):
        add(key, key, "a known setting (" + ", ".join(sorted(_TOP_LEVEL)) + ")")

    strings: dict[str, str] = {}
    for key in _REQUIRED:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            add(key, value, "a non-empty text")
        else:
            strings[key] = value.strip()

    base_url = strings.get("base_url", "https://example.invalid/")
    if "base_url" in strings and (not is_web_url(base_url) or re.search(r"[?#]", base_url)):
        add("base_url", base_url, "an absolute http(s) URL such as https://example.nl/podcast/")
    base_url = base_url.rstrip("/") + "/"

    artwork = strings.get("artwork", "")
    if artwork and not is_feed_image(artwork):
        add("artwork", artwork, "a .jpg or .png image (Apple accepts no other formats)")
    elif artwork and "://" not in artwork and not (path.parent / artwork).is_file():
        add("artwork", artwork, "an image URL or an existing image file in the show folder")

    language = strings.get("language", "en")
    if "language" in strings and not _LANGUAGE.match(language):
        add("language", language, "a language code such as nl, en or nl-BE")

    owner = data.get("owner", {})
    owner_name = owner_email = ""
    if not isinstance(owner, dict):
        add("owner", owner, "a [owner] table with name and email")
    else:
        for key in sorted(set(owner) - {"name", "email"}):
            add(f"owner.{key}", key, "name or email")
        owner_name = str(owner.get("name") or "")
        owner_email = str(owner.get("email") or "")
        if not owner_name:
            problems.add(
                name,
                line("owner.name") or line("owner"),
                "owner.name",
                owner.get("name"),
                "the owner's name (Apple requires it)",
            )
        if not owner_email or not _EMAIL.match(owner_email):
            problems.add(
                name,
                line("owner.email") or line("owner"),
                "owner.email",
                owner.get("email") or None,
                "an e-mail address (Apple requires it)",
            )

    categories = _categories(data.get("categories"), lambda v, e: add("categories", v, e))

    explicit = data.get("explicit", False)
    if not isinstance(explicit, bool):
        add("explicit", explicit, "true or false")
        explicit = False
    show_type = data.get("type", "episodic")
    if show_type not in ("episodic", "serial"):
        add("type", show_type, "episodic or serial")
    timezone = data.get("timezone", "UTC")
    try:
        zone(str(timezone))
    except ValueError:
        add("timezone", timezone, "an IANA time zone such as Europe/Amsterdam")
        timezone = "UTC"
    medium = data.get("medium", "podcast")
    if medium not in _MEDIA:
        add("medium", medium, "one of " + ", ".join(_MEDIA))
    for key in ("copyright", "guid", "websub_hub"):
        if key in data and not isinstance(data[key], str):
            add(key, data[key], "a text")
    hub = data.get("websub_hub")
    if isinstance(hub, str) and not is_web_url(hub):
        add("websub_hub", hub, "the hub's http(s) URL, e.g. https://pubsubhubbub.appspot.com/")
    feed_file = data.get("feed_file", "feed.xml")
    if not isinstance(feed_file, str) or not re.match(r"^[A-Za-z0-9_.-]+\.xml$", feed_file):
        add("feed_file", feed_file, "a file name ending in .xml")
        feed_file = "feed.xml"
    locked = data.get("locked", False)
    if not isinstance(locked, bool):
        add("locked", locked, "true or false")
        locked = False

    hosts = _people(data.get("hosts", []), "hosts", "host", lambda k, v, e: add(k, v, e))
    funding = _funding(data.get("funding", []), lambda k, v, e: add(k, v, e))

    sections: dict[str, Any] = {}
    for key, cls in (
        ("soundcloud", SoundCloudSettings),
        ("related", RelatedSettings),
        ("audio", AudioSettings),
        ("directories", DirectorySettings),
        ("site", SiteSettings),
    ):
        table = data.get(key, {})
        env = _env_overrides(cls) if key == "soundcloud" else {}
        sections[key] = _section(cls, key, table, env, lines, problems)

    problems.raise_if_any(ConfigError)
    return Show(
        source=path,
        title=strings["title"],
        description=strings["description"],
        author=strings["author"],
        owner_name=owner_name,
        owner_email=owner_email,
        language=language,
        base_url=base_url,
        artwork=strings["artwork"],
        categories=categories,
        explicit=explicit,
        type=show_type,
        copyright=data.get("copyright"),
        timezone=str(timezone),
        feed_file=feed_file,
        hosts=hosts,
        funding=funding,
        locked=locked,
        medium=medium,
        guid=data.get("guid"),
        websub_hub=data.get("websub_hub"),
        soundcloud=sections["soundcloud"],
        related=sections["related"],
        audio=sections["audio"],
        directories=sections["directories"],
        site=sections["site"],
        lines=lines,
    )


def show_timezone(root: Path) -> str:
    """The show's time zone if podcast.toml names a valid one, else UTC; never raises.

    Used to read ``--now`` and to keep loading content when the config itself is broken.
    """
    try:
        data = tomllib.loads(_config_text(root / CONFIG_FILE))
        name = str(data.get("timezone", "UTC"))
        zone(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return "UTC"
    return name


def _config_text(path: Path) -> str:
    """podcast.toml as text; a byte-order mark (Windows editors add one) is not TOML's."""
    return path.read_text(encoding="utf-8").removeprefix("\ufeff")


def is_feed_image(name: str) -> bool:
    """Apple (and feedgen) take only JPEG and PNG artwork, recognised by the file name."""
    return name.split("?")[0].lower().endswith((".jpg", ".jpeg", ".png"))


def _categories(value: object, add: Any) -> tuple[Category, ...]:
    """Categories as ``"Business > Entrepreneurship"`` strings, checked against Apple's list."""
    if value is None:
        add(None, 'at least one Apple category, e.g. categories = ["Business > Marketing"]')
        return ()
    if not isinstance(value, list) or not value:
        add(value, 'a list of Apple categories, e.g. ["Business > Marketing"]')
        return ()
    result: list[Category] = []
    for item in value:
        if not isinstance(item, str):
            add(item, 'a text like "Business > Marketing"')
            continue
        name, _, sub = (part.strip() for part in item.partition(">"))
        if name not in APPLE_CATEGORIES:
            add(
                item,
                "an Apple Podcasts category such as "
                + ", ".join(list(APPLE_CATEGORIES)[:5])
                + ", ...",
            )
        elif sub and sub not in APPLE_CATEGORIES[name]:
            add(item, f"a subcategory of {name}: " + ", ".join(APPLE_CATEGORIES[name]))
        else:
            result.append(Category(name, sub or None))
    return tuple(result)


def _people(value: object, key: str, role: str, add: Any) -> tuple[Person, ...]:
    if not isinstance(value, list):
        add(key, value, f"a list of [[{key}]] tables with a name")
        return ()
    people = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            add(f"{key}[{i}]", item, "a table with at least a name")
            continue
        unknown = set(item) - {"name", "role", "href", "img"}
        for k in sorted(unknown):
            add(f"{key}[{i}].{k}", k, "name, role, href or img")
        texts: dict[str, str | None] = {}
        for k in ("role", "href", "img"):
            value = texts[k] = item.get(k)
            if value is None:
                continue
            if k != "role" and not (isinstance(value, str) and is_web_url(value)):
                add(f"{key}[{i}].{k}", value, "a web address starting with https:// or http://")
                texts[k] = None
            elif not isinstance(value, str) or not value.strip():
                add(f"{key}[{i}].{k}", value, "a role such as host or guest")
                texts[k] = None
            elif k == "role" and role_group(value) is None:
                add(f"{key}[{i}].{k}", value, ROLE_EXPECTED)
                texts[k] = None
        people.append(Person(item["name"], texts["role"] or role, texts["href"], texts["img"]))
    return tuple(people)


def _funding(value: object, add: Any) -> tuple[FundingLink, ...]:
    if not isinstance(value, list):
        add("funding", value, "a list of [[funding]] tables with url and text")
        return ()
    links = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            add(f"funding[{i}]", item, "a table with url and text")
            continue
        for k in sorted(set(item) - {"url", "text"}):
            add(f"funding[{i}].{k}", k, "url or text")
        text = item.get("text", "")
        if not isinstance(text, str):
            add(f"funding[{i}].text", text, "a text")
            text = ""
        links.append(FundingLink(item["url"], text))
    return tuple(links)


def _section(
    cls: type[Any],
    key: str,
    table: object,
    env: Mapping[str, str],
    lines: Mapping[str, int],
    problems: Problems,
) -> Any:
    """Build a settings dataclass from a TOML table, checking each value's declared type."""
    if not isinstance(table, dict):
        problems.add(CONFIG_FILE, lines.get(key), key, table, f"a [{key}] table")
        return cls()
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for name, raw in {**table, **env}.items():
        where = lines.get(f"{key}.{name}", lines.get(key))
        if name not in fields:
            problems.add(
                CONFIG_FILE, where, f"{key}.{name}", name, "one of " + ", ".join(sorted(fields))
            )
            continue
        ok, value = _coerce(raw, hints[name])
        if not ok:
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, _type_name(hints[name]))
            continue
        limits = fields[name].metadata
        if "range" in limits and not limits["range"][0] <= value <= limits["range"][1]:
            low, high = limits["range"]
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, f"a number from {low} to {high}")
            continue
        if "choices" in limits and value not in limits["choices"]:
            choices = ", ".join(limits["choices"])
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, f"one of {choices}")
            continue
        if "url" in limits and value is not None and not is_web_url(value):
            problems.add(CONFIG_FILE, where, f"{key}.{name}", raw, "an http(s) URL")
            continue
        values[name] = value
    return cls(**values)


def _coerce(value: Any, hint: Any) -> tuple[bool, Any]:
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if value is None and type(None) in args:
            return True, None
        for arg in args:
            if arg is not type(None):
                ok, coerced = _coerce(value, arg)
                if ok:
                    return True, coerced
        return False, value
    if hint is bool:
        return isinstance(value, bool), value
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, float(value) if ok else value
    if hint is str:
        return isinstance(value, str), value
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, list):
            return False, value
        return all(isinstance(v, str) for v in value), tuple(value)
    return False, value


def _type_name(hint: Any) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "a text"}
    if hint in names:
        return names[hint]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return " or ".join(names.get(a, str(a)) for a in args) or str(hint)


def _env_overrides(cls: type[Any]) -> dict[str, str]:
    """``PIPELINE_SOUNDCLOUD_OEMBED=http://127.0.0.1:8000/oembed`` and friends."""
    out = {}
    for f in dataclasses.fields(cls):
        value = os.environ.get(f"PIPELINE_SOUNDCLOUD_{f.name.upper()}")
        if value:
            out[f.name] = value
    return out


def _key_lines(text: str) -> dict[str, int]:
    """Line of each ``key = ...`` (as ``table.key``) in a TOML text, for messages.

    tomllib does not report positions, so this scans the text; a key it cannot place
    simply has no line in the message.
    """
    lines: dict[str, int] = {}
    table = item = ""
    counts: dict[str, int] = {}  # [[hosts]] tables seen so far: keys as hosts[0].href too
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        header = re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?", stripped)
        if header:
            table = header[1]
            lines.setdefault(table, number)
            item = ""
            if stripped.startswith("[["):
                counts[table] = counts.get(table, -1) + 1
                item = f"{table}[{counts[table]}]"
                lines.setdefault(item, number)
            continue
        key = re.match(r"^([A-Za-z0-9_-]+)\s*=", stripped)
        if key:
            full = f"{table}.{key[1]}" if table else key[1]
            lines.setdefault(full, number)
            if item:
                lines.setdefault(f"{item}.{key[1]}", number)
    return lines


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m[1]) if m else None


def _problem(path: str, line: int | None, field: str, got: str, expected: str) -> Problem:
    return Problem(path, line, field, got, expected)


def _missing(path: str, field: str, expected: str) -> Problem:
    return Problem(path, None, field, "nothing", expected)
