"""Load a show folder: ``podcast.toml``, ``episodes/*.yaml`` and ``posts/*.md``.

Every file is read and checked before anything else happens; all problems from all files
are collected and raised together as one ContentError (MkDocs' "gather all data first").
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from pipeline.config import is_feed_image, load_show, show_timezone
from pipeline.errors import ConfigError, ContentError, Problems
from pipeline.models import Chapter, Content, Episode, Person, Pointer, Post, Show, Soundbite
from pipeline.soundcloud_links import Unrecognised, find_links, parse_link
from pipeline.taxonomy import ROLE_EXPECTED, role_group
from pipeline.values import (
    DATE_EXPECTED,
    has_markup,
    is_web_url,
    parse_clock,
    parse_date,
    zone,
)
from pipeline.yamlfile import LineDict, YamlSyntaxError, load_yaml

EPISODE_DIR = "episodes"
POST_DIR = "posts"
EPISODE_SUFFIXES = (".yaml", ".yml")
POST_SUFFIXES = (".md", ".markdown")

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
)
EPISODE_TYPES = ("full", "trailer", "bonus")
# "Lees ook: Titel", "Read also: Title", "Zie ook: ..." at the start of a line.
POINTER = re.compile(
    r"^[ \t]*(?:[*_>]+[ \t]*)*(?:lees ook|zie ook|read also|see also|also read)"
    r"[ \t]*[:\-–][ \t]*(.+?)\s*$",  # one line only: [ \t], never \s, before the text
    re.IGNORECASE | re.MULTILINE,
)
_POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")


def load_content(root: Path) -> Content:
    """Load and validate everything in a show folder; raise once with every problem."""
    problems = Problems()
    show: Show | None = None
    try:
        show = load_show(root)
    except ConfigError as exc:
        # Keep going: the user gets the config's and the content's problems in one list.
        problems.extend(exc.problems)
    tz = zone(show.timezone if show else show_timezone(root))
    episodes = tuple(
        ep
        for path in _files(root / EPISODE_DIR, EPISODE_SUFFIXES, root, problems)
        if (ep := load_episode(path, root, tz, problems)) is not None
    )
    posts = tuple(
        post
        for path in _files(root / POST_DIR, POST_SUFFIXES, root, problems)
        if (post := load_post(path, root, tz, problems)) is not None
    )
    _check_unique(episodes, posts, root, problems)
    problems.raise_if_any(ContentError)
    assert show is not None  # a config problem would have been raised just above
    return Content(root=root, show=show, posts=posts, episodes=episodes)


def _files(folder: Path, suffixes: tuple[str, ...], root: Path, problems: Problems) -> list[Path]:
    """The content files in ``folder``, sorted (every run sees them in the same order).

    A name that says episode or post but is not a readable file (a folder, a broken
    symbolic link, a pipe) is a problem, never silently left out of the feed.
    """
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            problems.describe(rel(folder, root), None, "folder", "a file", "a folder")
        return []
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        problems.add(rel(folder, root), None, "folder", exc.strerror, "a readable folder")
        return []
    found = []
    for path in entries:
        if path.suffix.lower() not in suffixes or path.name.startswith("."):
            continue
        if path.is_file():
            found.append(path)
            continue
        if path.is_dir():
            got = "a folder"
        elif path.is_symlink():
            got = "a link to nothing (" + os.readlink(path) + ")"
        else:
            got = "a special file"
        problems.describe(rel(path, root), None, "file", got, "a text file")
    return found


def rel(path: Path, root: Path) -> str:
    """The path as the user knows it: relative to the show folder, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, root: Path, problems: Problems) -> str | None:
    """Read a file as strict UTF-8, reporting where the first bad byte is."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(rel(path, root), None, "file", exc.strerror or str(exc), "a readable file")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.describe(
            rel(path, root),
            line,
            "encoding",
            f"byte 0x{data[exc.start]:02x}",
            "UTF-8 text (`pipeline import posts` repairs such files)",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


class _Fields:
    """Field access on a LineDict that records problems with the right line."""

    def __init__(self, data: LineDict, where: str, problems: Problems):
        self.data = data
        self.where = where
        self.problems = problems

    def line(self, key: str) -> int:
        return self.data.lines.get(key, self.data.line)

    def bad(self, key: str, value: object, expected: str) -> None:
        self.problems.add(self.where, self.line(key), key, value, expected)

    def text(self, key: str, required: bool = False, plain: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(key, None, "a non-empty text")
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or (required and not value.strip()):
            self.bad(key, value, "a non-empty text")
            return None
        if plain and has_markup(value):
            self.bad(key, value, "plain text without HTML tags")
            return None
        return value.strip()

    def integer(self, key: str, minimum: int = 0) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.bad(key, value, f"a whole number of at least {minimum}")
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.bad(key, value, "true or false")
            return None
        return value

    def date(self, key: str, tz: tzinfo, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(key, None, DATE_EXPECTED)
            return None
        try:
            return parse_date(value, tz)
        except ValueError:
            self.bad(key, value, DATE_EXPECTED)
            return None


def _parse_mapping(text: str, where: str, first_line: int, problems: Problems) -> LineDict | None:
    try:
        data = load_yaml(text, first_line)
    except YamlSyntaxError as exc:
        problems.describe(where, exc.line, "syntax", f"a YAML error ({exc.message})", "valid YAML")
        return None
    if data is None:
        data = LineDict()
        data.line = first_line
    if not isinstance(data, LineDict):
        problems.add(
            where, first_line, "document", type(data).__name__, "a mapping of fields (key: value)"
        )
        return None
    for key, line in data.duplicates:
        problems.describe(where, line, key, "a second value", "each field once")
    return data


def load_episode(
    path: Path, root: Path, tz: tzinfo, problems: Problems, text: str | None = None
) -> Episode | None:
    """Read one episode file; problems go to ``problems`` and ``None`` is returned.

    ``text`` checks a file before it is written (``pipeline new``) instead of reading it.
    """
    where = rel(path, root)
    if text is None:
        text = read_text(path, root, problems)
    if text is None:
        return None
    data = _parse_mapping(text, where, 1, problems)
    if data is None:
        return None
    f = _Fields(data, where, problems)
    for key in sorted(set(data) - EPISODE_KEYS):
        f.bad(key, key, "a known field (" + ", ".join(sorted(EPISODE_KEYS)) + ")")

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
    if audio and "://" not in audio and not (root / audio).is_file():
        f.bad("audio", audio, "an audio URL or an existing file in the show folder")
    elif audio and "://" in audio and not is_web_url(audio):
        f.bad("audio", audio, "an http(s) URL with a host, without spaces, or a file")
    duration = None
    if "duration" in data:
        try:
            duration = round(parse_clock(data["duration"]))
        except ValueError:
            f.bad("duration", data["duration"], "seconds or a time like 29:55 or 1:02:03")
    episode_type = data.get("type", "full")
    if episode_type not in EPISODE_TYPES:
        f.bad("type", episode_type, " or ".join(EPISODE_TYPES))
    guid = f.text("guid")
    if guid is not None and (len(guid) > 256 or re.search(r"\s", guid)):
        f.bad("guid", guid, "a permanent id without spaces")
    transcript = f.text("transcript")
    if transcript and (
        not (root / transcript).is_file() or Path(transcript).suffix.lower() not in (".srt", ".vtt")
    ):
        f.bad("transcript", transcript, "an existing .srt or .vtt file in the show folder")
    post = data.get("post")
    if post is not None and not isinstance(post, str):
        f.bad("post", post, "the slug of a post, e.g. 2026-03-04-my-post")
        post = None

    episode = Episode(
        source=path,
        slug=path.stem,
        title=title or "",
        date=date,
        number=f.integer("number", 0),
        season=f.integer("season", 1),
        guid=guid,
        soundcloud=soundcloud,
        audio=audio,
        duration=duration,
        length=f.integer("length", 1),
        mime_type=f.text("mime_type"),
        post=post,
        explicit=f.boolean("explicit"),
        episode_type=episode_type if episode_type in EPISODE_TYPES else "full",
        summary=f.text("summary"),
        image=_image(f, root),
        guests=_guests(data.get("guests"), f),
        chapters=_chapters(data.get("chapters"), f),
        transcript=transcript,
        soundbites=_soundbites(data.get("soundbites"), f),
        lines=dict(data.lines),
    )
    return episode


def _image(f: _Fields, root: Path) -> str | None:
    image = f.text("image")
    if image is None:
        return None
    if not is_feed_image(image):
        f.bad("image", image, "a .jpg or .png image (Apple accepts no other formats)")
        return None
    if "://" not in image and not (root / image).is_file():
        f.bad("image", image, "an image URL or an existing image file in the show folder")
        return None
    if "://" in image and not is_web_url(image):
        f.bad("image", image, "an http(s) URL with a host, without spaces, or a file")
        return None
    return image


def _guests(value: object, f: _Fields) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        f.bad("guests", value, "a list of names or of {name, role, href}")
        return ()
    people = []
    for item in value:
        if isinstance(item, str) and item.strip():
            people.append(Person(item.strip()))
        elif isinstance(item, LineDict) and isinstance(item.get("name"), str):
            line = item.line
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
                f.problems.add(f.where, where, "guests.role", role, ROLE_EXPECTED)
                role = None
            href = _nested_url(item, "href", f, "guests")
            img = _nested_url(item, "img", f, "guests")
            people.append(Person(item["name"].strip(), role or "guest", href, img))
        else:
            f.bad("guests", item, "a name or {name, role, href}")
    return tuple(people)


def _nested_url(item: LineDict, key: str, f: _Fields, parent: str) -> str | None:
    """An optional http(s) address inside a list item; anything else is reported."""
    expected = "a web address starting with https:// or http://"
    url = _nested_text(item, key, f, parent, expected)
    if url is not None and not is_web_url(url):
        f.problems.add(f.where, item.lines.get(key, item.line), f"{parent}.{key}", url, expected)
        return None
    return url


def _nested_text(item: LineDict, key: str, f: _Fields, parent: str, expected: str) -> str | None:
    """An optional text inside a list item (``guests``, ``chapters``), reported at its line."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        f.problems.add(f.where, item.lines.get(key, item.line), f"{parent}.{key}", value, expected)
        return None
    return value.strip()


def _chapters(value: object, f: _Fields) -> tuple[Chapter, ...]:
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
        title = _nested_text(item, "title", f, "chapters", "a non-empty text")
        url = _nested_url(item, "url", f, "chapters")
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
        chapters.append(Chapter(start, title, url))
    starts = [c.start for c in chapters]
    if starts != sorted(starts):
        f.bad("chapters", starts, "chapters in order of start time")
    return tuple(chapters)


def _soundbites(value: object, f: _Fields) -> tuple[Soundbite, ...]:
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
        title = _nested_text(item, "title", f, "soundbites", "a text")
        bites.append(Soundbite(times[0], times[1], title))
    return tuple(bites)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter YAML or None, body, line the body starts on)."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return None, text, 1
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None, text, 1
    body_start = len(text) - len(body)
    return fm, body, text.count("\n", 0, body_start) + 1


def front_matter_line(text: str) -> int:
    """The line the front matter text starts on: that of the opening ``---``'s line end.

    The splitter's front matter begins with the rest of the ``---`` line (a newline), or
    later when blank lines follow it; counting from the boundary keeps every key's line
    right.
    """
    match = YAMLHandler.FM_BOUNDARY.search(text)
    return text.count("\n", 0, match.end()) + 1 if match else 1


def load_post(path: Path, root: Path, tz: tzinfo, problems: Problems) -> Post | None:
    """Read one Jekyll-style post; the date may come from the file name."""
    where = rel(path, root)
    text = read_text(path, root, problems)
    if text is None:
        return None
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        problems.add(
            where,
            1,
            "front matter",
            text[:40],
            "a YAML block between --- lines with at least a title",
        )
        return None
    fm_line = front_matter_line(text)
    data = _parse_mapping(fm, where, fm_line, problems)
    if data is None:
        return None
    f = _Fields(data, where, problems)
    name = _POST_NAME.match(path.stem)
    slug = name[2] if name else path.stem
    title = f.text("title", required=True, plain=True)
    date = f.date("date", tz, required=False)
    if date is None and "date" not in data:
        if name:
            try:
                date = parse_date(name[1], tz)
            except ValueError:
                problems.add(where, None, "file name", path.name, "YYYY-MM-DD-slug.md")
        else:
            f.bad("date", None, DATE_EXPECTED + " (or a file name starting with the date)")
    tags = _tags(data.get("tags", data.get("categories")), f)
    episode = data.get("episode")
    if episode is not None and not isinstance(episode, str | int):
        f.bad("episode", episode, "an episode number or file name")
        episode = None
    author = f.text("author")
    aliases = _aliases(data)
    links = _post_links(fm, fm_line, body, body_line, where, problems)
    pointers = tuple(
        Pointer(m[1].strip(" *_\"'“”"), body_line + body.count("\n", 0, m.start()))
        for m in POINTER.finditer(body)
    )
    post = Post(
        source=path,
        slug=slug,
        title=title or "",
        date=date,
        body=body,
        body_line=body_line,
        author=author,
        tags=tags,
        episode=str(episode) if episode is not None else None,
        soundcloud=links,
        pointers=pointers,
        aliases=aliases,
        lines=dict(data.lines),
    )
    return post


def _tags(value: object, f: _Fields) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t for t in (s.strip() for s in re.split(r"[,\s]+", value)) if t)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return tuple(str(v).strip() for v in value if str(v).strip())
    f.bad("tags", value, "a list of tags")
    return ()


def _aliases(data: LineDict) -> tuple[str, ...]:
    found: list[str] = []
    for key in ("permalink", "redirect_from", "aliases"):
        value = data.get(key)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found.extend(str(v) for v in value)
    return tuple(found)


def _post_links(
    fm: str, fm_line: int, body: str, body_line: int, where: str, problems: Problems
) -> tuple[Any, ...]:
    links = []
    sources: list[tuple[str, int]] = [(fm, fm_line), (body, body_line)]
    for text, first in sources:
        if "soundcloud" not in text.lower():  # every shape we know names SoundCloud
            continue
        for found in find_links(text):
            if isinstance(found.link, Unrecognised):
                problems.add(
                    where,
                    first + found.line - 1,
                    "soundcloud",
                    found.link.raw,
                    f"a SoundCloud link we understand ({found.link.reason})",
                )
            else:
                links.append(found.link)
    return tuple(links)


def _check_unique(
    episodes: tuple[Episode, ...], posts: tuple[Post, ...], root: Path, problems: Problems
) -> None:
    def dupes(items: Any, key: Callable[[Any], Any], field: str, expected: str) -> None:
        seen: dict[Any, Any] = {}
        for item in items:
            value = key(item)
            if value is None:
                continue
            if value in seen:
                shown = value[-1] if isinstance(value, tuple) else value
                problems.add(
                    rel(item.source, root),
                    item.lines.get(field),
                    field,
                    shown,
                    f"{expected} (also used by {rel(seen[value].source, root)})",
                )
            else:
                seen[value] = item

    dupes(
        episodes,
        lambda e: (e.season or 1, e.number) if e.number is not None else None,
        "number",
        "a number no other episode of the season has",
    )
    dupes(episodes, lambda e: e.feed_guid, "guid", "a GUID no other episode has")
    # 001-a.yaml and 001-a.yml would share every page and notes file: one would vanish.
    dupes(episodes, lambda e: e.slug, "file name", "a name no other episode has (.yaml or .yml)")
    dupes(posts, lambda p: p.slug, "slug", "a file name whose slug no other post has")


def show_tz(show: Show) -> tzinfo:
    return zone(show.timezone)
