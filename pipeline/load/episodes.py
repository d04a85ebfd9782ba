"""One episode file (``episodes/*.yaml``) into an :class:`~pipeline.models.Episode`."""

from __future__ import annotations

import math
import re
from datetime import tzinfo
from pathlib import Path
from typing import Any

from pipeline.errors import Problems
from pipeline.load.episode_tags import EPISODE_TAG_KEYS, read_episode_tags
from pipeline.load.fields import (
    FILE_SIZE_MAX,
    PAGE_NAME_EXPECTED,
    Fields,
    bad_page_name,
    check_logins,
    has_control,
    holds_artwork,
    local_file,
    parse_mapping,
    read_text,
)
from pipeline.load.plain import PLAIN_EXPECTED
from pipeline.load.posts import POST_NAME_EXPECTED, bad_post_name
from pipeline.load.tags import image_size
from pipeline.load.yamlfile import LineDict, reread
from pipeline.models import Chapter, Episode, Person, Soundbite
from pipeline.paths import rel
from pipeline.spec.apple import ARTWORK_EXPECTED, EPISODE_TYPES, is_feed_image
from pipeline.spec.podcasting20 import role_expected, role_group
from pipeline.text.clock import TooLong, parse_clock
from pipeline.text.markup import has_markup
from pipeline.text.soundcloud import Unrecognised, parse_link
from pipeline.text.suggest import known_expected
from pipeline.text.urls import URL_OR_FILE, WEB_ADDRESS, is_web_url, url_expected

EPISODE_DIR = "episodes"
# No episode runs 1,000 hours: a longer duration is a typo, and 10**23 seconds went into
# the feed as 99999999999999991611392 (a float's digits), or as infinity past 10**308.
DURATION_MAX = 1_000 * 3600
EPISODE_SUFFIXES = (".yaml", ".yml")

EPISODE_KEYS = frozenset(
    [
        "title",
        "number",
        "season",
        "date",
        "guid",
        "soundcloud",
        "audio",
        "duration",
        "length",
        "type",
        "mime_type",
        "post",
        "explicit",
        "summary",
        "image",
        "guests",
        "chapters",
        "transcript",
        "soundbites",
    ]
) | frozenset(EPISODE_TAG_KEYS)
# Published as written, text and links alike, so checked for a password in an address
# (check_logins), but these: the GUID is an id apps compare, never follow, and changing a
# published one makes the episode new to every app.
_NOT_TEXT = frozenset({"guid"})
TRANSCRIPT_HINT = " (apps read a transcript as UTF-8: save it as UTF-8 in the tool that made it)"
# "Lees ook: Titel", "Read also: Title", "Zie ook: ..." at the start of a line.


def load_episode(
    path: Path,
    root: Path,
    tz: tzinfo,
    problems: Problems,
    text: str | None = None,
    parsed: tuple[Any] | None = None,
) -> Episode | None:
    """Read one episode file; problems go to ``problems`` and ``None`` is returned.

    ``text`` checks a file before it is written (``pipeline new``) instead of reading it,
    or is the file as read; ``parsed``: its YAML as the last build kept it (``kept_yaml``).
    """
    where = rel(path, root)
    if text is None:
        text = read_text(path, root, problems)
    if text is None:
        return None
    data = parse_mapping(text, where, 1, problems, parsed)
    if data is None:
        return None
    f = Fields(data, where, problems)
    if bad_page_name(path.stem):
        problems.add(where, None, "file name", path.stem, PAGE_NAME_EXPECTED)
    for key in sorted(set(data) - EPISODE_KEYS):
        f.bad(key, key, known_expected(key, EPISODE_KEYS, "a known field"))

    # A SoundCloud episode may leave its title to SoundCloud (enrichment fetches it).
    title = f.text("title", required="soundcloud" not in data, plain=True)
    date = f.date("date", tz, required=True)
    soundcloud = None
    if (raw := f.text("soundcloud")) is not None:
        link = parse_link(raw)
        if link is None or isinstance(link, Unrecognised) or link.kind != "track":
            reason = link.reason if isinstance(link, Unrecognised) else "not a track"
            f.bad("soundcloud", raw, f"a SoundCloud track link ({reason})")
        else:
            soundcloud = link
    audio = f.text("audio")
    if audio and "://" not in audio:
        local_file(f, root, "audio", audio, "an audio URL or an existing file in the show folder")
    elif audio and not is_web_url(audio):
        f.bad("audio", audio, url_expected(audio, URL_OR_FILE))
    duration = None
    if "duration" in data:
        try:
            seconds = parse_clock(data["duration"])
        except TooLong:
            seconds = math.inf  # well formed: too long, as below
        except ValueError:
            f.bad("duration", data["duration"], "seconds or a time like 29:55 or 1:02:03")
            seconds = None
        if seconds is not None and seconds <= DURATION_MAX:
            duration = round(seconds)
        elif seconds is not None:
            f.bad("duration", data["duration"], f"at most 1,000 hours ({DURATION_MAX} seconds)")
    episode_type = data.get("type", "full")
    if episode_type not in EPISODE_TYPES:
        f.bad("type", episode_type, " or ".join(EPISODE_TYPES))
    guid = f.text("guid")
    if guid is not None and (len(guid) > 256 or re.search(r"\s", guid)):
        f.bad("guid", guid, "a permanent id of at most 256 characters, without spaces")
    transcript = f.text("transcript")
    expected = "an existing .srt or .vtt file in the show folder"
    if transcript and Path(transcript).suffix.lower() not in (".srt", ".vtt"):
        f.bad("transcript", transcript, expected)
    elif transcript and local_file(f, root, "transcript", transcript, expected):
        # Published as it is and shown on the episode page: a file a Windows tool saved
        # as Windows-1252 or UTF-16 would reach both as U+FFFD, so its bad byte is named.
        read_text(root / transcript, root, problems, TRANSCRIPT_HINT)
    post = data.get("post")
    # Refused now, not only once the episode is due and pairing finds no such post: no post
    # is ever called "../../x" ("pipeline new --post" wrote it with a notice only).
    if post is not None and (not isinstance(post, str) or bad_post_name(post)):
        if not (isinstance(post, str) and has_control(post)):  # parse_mapping said so
            f.bad("post", post, POST_NAME_EXPECTED)
        post = None

    episode = Episode(
        source=path,
        slug=path.stem,
        title=title or "",
        date=date,
        # An episode 0 (a pilot, "Afl. 0") is podcast:episode 0; Apple's itunes:episode counts
        # from 1, so it has none (the build says so). Seasons count from 1 everywhere.
        number=f.integer("number", 0),
        season=f.integer("season", 1, why=" (Apple's itunes:season counts from 1)"),
        guid=guid,
        soundcloud=soundcloud,
        audio=audio,
        duration=duration,
        length=f.integer("length", 1, FILE_SIZE_MAX),
        mime_type=f.text("mime_type"),
        post=post,
        explicit=f.boolean("explicit"),
        episode_type=episode_type if episode_type in EPISODE_TYPES else "full",
        summary=f.text("summary"),
        image=_image(f, root),
        guests=_guests(data.get("guests"), f),
        chapters=_chapters(data.get("chapters"), f, root),
        transcript=transcript,
        soundbites=_soundbites(data.get("soundbites"), f),
        lines=dict(data.lines),
        # The feed's optional Apple and Podcasting 2.0 item tags (load/episode_tags.py).
        **read_episode_tags(data, f, root),
    )
    # Last: an address its field refused already is not said again.
    check_logins(data, where, problems, sorted(EPISODE_KEYS - _NOT_TEXT))
    return episode


def _image(f: Fields, root: Path) -> str | None:
    image = f.text("image")
    if image is None:
        return None
    if not is_feed_image(image):
        f.bad("image", image, "a .jpg or .png image (Apple accepts no other formats)")
        return None
    if "://" not in image:
        missing = "an image URL or an existing image file in the show folder"
        if not local_file(f, root, "image", image, missing):
            return None
        if not holds_artwork(root / image):
            f.bad("image", image, ARTWORK_EXPECTED)
            return None
        return image
    if "://" in image and not is_web_url(image):
        f.bad("image", image, url_expected(image, URL_OR_FILE))
        return None
    return image


def _guests(value: object, f: Fields) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        f.bad("guests", value, "a list of names or of {name, role, href}")
        return ()
    people = []
    for item in value:
        if isinstance(item, str) and item.strip():
            if has_markup(item):  # podcast:person's text, shown by apps as the show's names
                f.bad("guests", item, PLAIN_EXPECTED)
                continue
            people.append(Person(item.strip()))
        elif isinstance(item, LineDict) and isinstance(item.get("name"), str):
            line = item.line
            if has_markup(item["name"]):
                where = item.lines.get("name", line)
                f.problems.add(f.where, where, "guests.name", item["name"], PLAIN_EXPECTED)
                continue
            if not item["name"].strip():
                # podcast:person's text is the name apps show: an empty one is a blank person
                where = item.lines.get("name", line)
                f.problems.add(f.where, where, "guests.name", item["name"], "a non-empty name")
                continue
            for key in sorted(set(item) - {"name", "role", "href", "img"}):
                f.problems.add(
                    f.where,
                    item.lines.get(key, line),
                    f"guests.{key}",
                    key,
                    "name, role, href or img",
                )
            role = _nested_text(item, "role", f, "guests", "a role such as guest or host")
            if role is not None and role_group(role) is None:
                where = item.lines.get("role", line)
                f.problems.add(f.where, where, "guests.role", role, role_expected(role))
                role = None
            href = _nested_url(item, "href", f, "guests")
            img = _nested_url(item, "img", f, "guests")
            people.append(Person(item["name"].strip(), role or "guest", href, img))
        else:
            f.bad("guests", item, "a name or {name, role, href}")
    return tuple(people)


def _nested_url(item: LineDict, key: str, f: Fields, parent: str) -> str | None:
    """An optional http(s) address inside a list item; anything else is reported."""
    url = _nested_text(item, key, f, parent, WEB_ADDRESS)
    if url is not None and not is_web_url(url):
        line = item.lines.get(key, item.line)
        f.problems.add(f.where, line, f"{parent}.{key}", url, url_expected(url, WEB_ADDRESS))
        return None
    return url


def _nested_text(
    item: LineDict, key: str, f: Fields, parent: str, expected: str, plain: bool = False
) -> str | None:
    """An optional text inside a list item (``guests``, ``chapters``), reported at its line;
    ``plain``: a name or title apps show as text, without HTML tags."""
    value = item.get(key)
    if value is None:
        return None
    if (number := reread(value)) is not None:
        f.problems.add(f.where, item.lines.get(key, item.line), f"{parent}.{key}", *number)
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        f.problems.add(f.where, item.lines.get(key, item.line), f"{parent}.{key}", value, expected)
        return None
    if plain and has_markup(value):
        where = item.lines.get(key, item.line)
        f.problems.add(f.where, where, f"{parent}.{key}", value, PLAIN_EXPECTED)
        return None
    return value.strip()


def _chapters(value: object, f: Fields, root: Path) -> tuple[Chapter, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        f.bad("chapters", value, "a list of {start, title}")
        return ()
    chapters = []
    for item in value:
        line = item.line if isinstance(item, LineDict) else f.line("chapters")
        if not isinstance(item, LineDict) or "start" not in item or "title" not in item:
            f.problems.add(f.where, line, "chapters", item, "{start: '12:30', title: ...}")
            continue
        try:
            start = parse_clock(item["start"])
        except ValueError:
            f.problems.add(
                f.where,
                item.lines.get("start", line),
                "chapters.start",
                item["start"],
                "a time like 12:30 or 1:02:03",
            )
            continue
        title = _nested_text(item, "title", f, "chapters", "a non-empty text", plain=True)
        url = _nested_url(item, "url", f, "chapters")
        img, toc = _chapter_art(item, f, root)
        if title is None:
            if item["title"] is None:
                f.problems.add(
                    f.where,
                    item.lines.get("title", line),
                    "chapters.title",
                    None,
                    "a non-empty text",
                )
            continue
        chapters.append(Chapter(start, title, url, img, toc))
    starts = [c.start for c in chapters]
    if starts != sorted(starts):
        f.bad("chapters", starts, "chapters in order of start time")
    return tuple(chapters)


def _chapter_art(item: LineDict, f: Fields, root: Path) -> tuple[str | None, bool]:
    """A chapter's ``img`` (URL or image file in the show folder) and ``toc: false``."""
    img = _nested_text(item, "img", f, "chapters", "an image URL or file")
    if img is not None and "://" in img and not is_web_url(img):
        expected = url_expected(img, "an http(s) image URL or an image file in the show folder")
        f.problems.add(f.where, item.lines.get("img", item.line), "chapters.img", img, expected)
        img = None
    elif img is not None and "://" not in img and image_size(root)(img) is None:
        f.problems.add(f.where, item.lines.get("img", item.line), "chapters.img", img,
                       "a JPEG, PNG or WebP image in the show folder")  # fmt: skip
        img = None
    toc = item.get("toc", True)
    if not isinstance(toc, bool):
        f.problems.add(f.where, item.lines.get("toc", item.line), "chapters.toc", toc,
                       "true or false (false hides the chapter from the list)")  # fmt: skip
        toc = True
    return img, toc


def _soundbites(value: object, f: Fields) -> tuple[Soundbite, ...]:
    """``soundbites: [{start: "12:30", duration: 45, title: ...}]`` -> podcast:soundbite."""
    if value is None:
        return ()
    expected = "{start: '12:30', duration: 45, title: ...}"
    if not isinstance(value, list):
        f.bad("soundbites", value, "a list of " + expected)
        return ()
    bites = []
    for item in value:
        line = item.line if isinstance(item, LineDict) else f.line("soundbites")
        if not isinstance(item, LineDict) or "start" not in item or "duration" not in item:
            f.problems.add(f.where, line, "soundbites", item, expected)
            continue
        times = []
        for key in ("start", "duration"):
            try:
                times.append(parse_clock(item[key]))
            except ValueError:
                f.problems.add(
                    f.where,
                    item.lines.get(key, line),
                    f"soundbites.{key}",
                    item[key],
                    "seconds or a time like 12:30",
                )
        if len(times) != 2:
            continue
        if times[1] <= 0:
            f.problems.add(
                f.where,
                item.lines.get("duration", line),
                "soundbites.duration",
                item["duration"],
                "a duration above 0 seconds",
            )
            continue
        title = _nested_text(item, "title", f, "soundbites", "a text", plain=True)
        bites.append(Soundbite(times[0], times[1], title))
    return tuple(bites)
