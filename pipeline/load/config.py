"""Read ``podcast.toml`` into a :class:`~pipeline.models.Show`, reporting every problem at once.

Settings tables (``[soundcloud]``, ``[related]``, ``[audio]``) are read generically from
their dataclass in ``pipeline/settings.py`` (see ``schema.py``). Environment variables
``PIPELINE_SOUNDCLOUD_<FIELD>`` override the SoundCloud hosts for tests, proxies and mirrors.
"""

from __future__ import annotations

import html
import re
import tomllib
from pathlib import Path
from shlex import quote
from typing import Any

import nh3

from pipeline.errors import ConfigError, Problem, Problems
from pipeline.labels import labels_for
from pipeline.load.fields import artwork_expected
from pipeline.load.plain import PLAIN_EXPECTED, markup_in
from pipeline.load.schema import (
    CONFIG_FILE,
    control_characters,
    env_overrides,
    key_lines,
    logins,
    read_section,
    toml_error_line,
)
from pipeline.load.show_tags import SHOW_TAG_KEYS, read_show_tags
from pipeline.load.tags import image_size
from pipeline.models import Category, FundingLink, Person, Show
from pipeline.paths import enclosing_show, outside_show
from pipeline.settings import (
    AudioSettings,
    DirectorySettings,
    RelatedSettings,
    SiteSettings,
    SoundCloudSettings,
)
from pipeline.show_zone import config_text, parse_toml
from pipeline.spec.apple import APPLE_CATEGORIES, SHOW_TYPES
from pipeline.spec.podcasting20 import MEDIA, role_expected, role_group
from pipeline.text.dates import zone
from pipeline.text.language import LANGUAGE_EXPECTED, is_language_tag
from pipeline.text.nesting import DEPTH_EXPECTED, MAX_DEPTH, deepest
from pipeline.text.suggest import known_expected
from pipeline.text.urls import WEB_ADDRESS, is_web_url, url_expected
from pipeline.text.xml import xml_text

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
) | frozenset(SHOW_TAG_KEYS)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def load_show(root: Path) -> Show:
    """Load and validate ``root/podcast.toml``; raises ConfigError listing every problem."""
    path = root / CONFIG_FILE
    name = CONFIG_FILE
    if path.is_symlink() and (why := outside_show(root, path)) is not None:
        raise ConfigError([_problem(name, None, "file", "a link to a file elsewhere", why)])
    if path.exists() and not path.is_file():
        got = "a folder" if path.is_dir() else "a special file"
        raise ConfigError([_problem(name, None, "file", got, "a text file")])
    try:
        text = config_text(path)
    except FileNotFoundError:
        raise ConfigError([_missing(name, "file", _missing_expected(root))]) from None
    except UnicodeDecodeError as exc:
        bad_line = exc.object[: exc.start].count(b"\n") + 1
        got = f"byte 0x{exc.object[exc.start]:02x}"
        raise ConfigError([_problem(name, bad_line, "encoding", got, "UTF-8 text")]) from None
    except OSError as exc:
        raise ConfigError([_missing(name, "file", f"a readable file ({exc.strerror})")]) from None
    try:
        data = parse_toml(text)
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(str(exc))
        raise ConfigError(
            [_problem(name, line, "syntax", str(exc).split(" (at")[0], "valid TOML")]
        ) from None
    return _build(path, text, data)


def _build(path: Path, text: str, data: dict[str, Any]) -> Show:
    name = CONFIG_FILE
    problems = Problems()
    lines = key_lines(text)

    def line(key: str) -> int | None:  # a key in an inline table: its table's line
        return lines.get(key, lines.get(re.sub(r"[.\[].*", "", key)))

    def add(key: str, value: object, expected: str) -> None:
        problems.add(name, line(key), key, value, expected)

    for key in sorted(set(data) - _TOP_LEVEL):
        add(key, key, known_expected(key, _TOP_LEVEL, "a known setting"))
    control_characters(data, lines, problems)

    strings: dict[str, str] = {}
    for key in _REQUIRED:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            add(key, value, "a non-empty text")
        else:
            strings[key] = value.strip()

    base_url = strings.get("base_url", "https://example.invalid/")
    if "base_url" in strings and (not is_web_url(base_url) or re.search(r"[?#]", base_url)):
        expected = "an absolute http(s) URL such as https://example.nl/podcast/"
        add("base_url", base_url, url_expected(base_url, expected))
    base_url = base_url.rstrip("/") + "/"

    artwork = strings.get("artwork", "")
    if artwork and (why := artwork_expected(path.parent, artwork)) is not None:
        add("artwork", artwork, why)

    description = strings.get("description", "x")
    if (depth := deepest(description)[0]) > MAX_DEPTH:  # the sanitiser is quadratic in it
        got = f"quotes, lists or HTML elements nested {depth} deep"
        problems.describe(name, line("description"), "description", got, DEPTH_EXPECTED)
    elif not visible_text(description):
        # The feeds clean it (HTML, control characters): left empty, feedgen wrote no feed.
        add("description", description, "a non-empty text (none is left once cleaned)")

    language = strings.get("language", "en")
    if "language" in strings and not is_language_tag(language):
        add("language", language, LANGUAGE_EXPECTED)
    _check_plain(data, add)

    owner = data.get("owner", {})
    owner_name = owner_email = ""
    if not isinstance(owner, dict):
        add("owner", owner, "a [owner] table with name and email")
    else:
        for key in sorted(set(owner) - {"name", "email"}):
            add(f"owner.{key}", key, "name or email")
        # Text only: str() of a list or table went into itunes:owner as "['Fenna', 'Joost']".
        owner_name, owner_email = (
            v.strip() if isinstance(v := owner.get(k), str) else "" for k in ("name", "email")
        )
        if not owner_name:
            problems.add(
                name,
                line("owner.name") or line("owner"),
                "owner.name",
                owner.get("name"),
                "the owner's name (Apple requires it)",
            )
        if not _EMAIL.match(owner_email):
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
    if show_type not in SHOW_TYPES:
        add("type", show_type, " or ".join(SHOW_TYPES))
    timezone = data.get("timezone", "UTC")
    try:
        zone(str(timezone))
    except (ValueError, OSError):  # a folder of tzdata ("Europe"), a name too long for a file
        add("timezone", timezone, "an IANA time zone such as Europe/Amsterdam")
        timezone = "UTC"
    medium = data.get("medium", "podcast")
    if medium not in MEDIA:
        add("medium", medium, "one of " + ", ".join(MEDIA))
    for key in ("copyright", "guid", "websub_hub"):
        if key in data and not isinstance(data[key], str):
            add(key, data[key], "a text")
    guid = data.get("guid")
    if isinstance(guid, str) and (not guid.strip() or re.search(r"\s", guid)):
        add("guid", guid, "the show's podcast:guid (a UUID, without spaces), or no guid line")
    hub = data.get("websub_hub")
    if isinstance(hub, str) and not is_web_url(hub):
        expected = "the hub's http(s) URL, e.g. https://pubsubhubbub.appspot.com/"
        add("websub_hub", hub, url_expected(hub, expected))
    feed_file = data.get("feed_file", "feed.xml")
    if not isinstance(feed_file, str) or not re.match(r"^[A-Za-z0-9_.-]+\.xml$", feed_file):
        add("feed_file", feed_file, "a file name ending in .xml")
        feed_file = "feed.xml"
    locked = data.get("locked", False)
    if not isinstance(locked, bool):
        add("locked", locked, "true or false")
        locked = False

    hosts = _people(data.get("hosts", []), "hosts", "host", lambda k, v, e: add(k, v, e))
    funding = _funding(
        data.get("funding", []), labels_for(language).funding, lambda k, v, e: add(k, v, e)
    )

    sections: dict[str, Any] = {}
    for key, cls in (
        ("soundcloud", SoundCloudSettings),
        ("related", RelatedSettings),
        ("audio", AudioSettings),
        ("directories", DirectorySettings),
        ("site", SiteSettings),
    ):
        table = data.get(key, {})
        env = env_overrides(cls, key) if key == "soundcloud" else {}
        sections[key] = read_section(cls, key, table, env, lines, problems)
    _check_hosts(sections["soundcloud"], lambda k, v, e: add(k, v, e))

    # The feed's optional Apple and Podcasting 2.0 tags (load/show_tags.py).
    tz = zone(str(timezone))
    tags = read_show_tags(data, lines, problems, tz, image_size(path.parent))
    logins(data, lines, problems)  # last: an address a field refused already is not said again
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
        **tags,
    )


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
        if not item["name"].strip():
            # podcast:person's text is the name apps show: an empty one is a blank person
            add(f"{key}[{i}].name", item["name"], "a non-empty name")
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
                add(f"{key}[{i}].{k}", value, url_expected(value, WEB_ADDRESS))
                texts[k] = None
            elif not isinstance(value, str) or not value.strip():
                add(f"{key}[{i}].{k}", value, "a role such as host or guest")
                texts[k] = None
            elif k == "role" and role_group(value) is None:
                add(f"{key}[{i}].{k}", value, role_expected(value))
                texts[k] = None
        people.append(Person(item["name"], texts["role"] or role, texts["href"], texts["img"]))
    return tuple(people)


def _funding(value: object, default: str, add: Any) -> tuple[FundingLink, ...]:
    """``[[funding]]`` tables; a link without a text gets ``default`` (the show language's
    "Support the show"): apps show the text as the link, and an empty ``podcast:funding``
    was a blank button or no link at all."""
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
        if not is_web_url(item["url"]):
            # A feed's funding link is opened by every app: javascript: or a bare host
            # ("steun.example") would be run or resolved as a path.
            add(f"funding[{i}].url", item["url"], url_expected(item["url"], WEB_ADDRESS))
            continue
        links.append(FundingLink(item["url"], text.strip() or default))
    return tuple(links)


def _check_plain(data: dict[str, Any], add: Any) -> None:
    """Names and titles are plain text (``load/plain.py``): some apps render HTML in them."""
    for key, value in markup_in(data):
        add(key, value, PLAIN_EXPECTED)


def visible_text(text: str) -> str:
    """What a reader sees of a text that may hold HTML: tags, comments, scripts, styles and
    what XML cannot hold removed, entities read, outer whitespace trimmed."""
    if "<" in text or "&" in text:
        text = html.unescape(nh3.clean(text, tags=set()))
    return xml_text(text).strip()


def _check_hosts(settings: SoundCloudSettings, add: Any) -> None:
    """The SoundCloud hosts are fetched from and written into the feed: web addresses only."""
    for key in ("site", "oembed", "feeds", "api", "share"):  # share: `import posts` asks it
        value = getattr(settings, key)
        if not is_web_url(value):
            add(f"soundcloud.{key}", value, url_expected(value, WEB_ADDRESS))


def _problem(path: str, line: int | None, field: str, got: str, expected: str) -> Problem:
    return Problem(path, line, field, got, expected)


def _missing_expected(root: Path) -> str:
    expected, show = "a podcast.toml in the show folder (see README)", enclosing_show(root)
    if show is None:  # else a command run from the show's posts/, say
        return expected
    where = quote(str(show))  # as a shell reads it: a folder with a space pastes as it is
    return f"{expected}; this folder is inside the show {show}: run it there or --root {where}"


def _missing(path: str, field: str, expected: str) -> Problem:
    return Problem(path, None, field, "nothing", expected)
