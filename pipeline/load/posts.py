"""One Jekyll-style post (``posts/*.md``) into a :class:`~pipeline.models.Post`."""

from __future__ import annotations

import re
from datetime import tzinfo
from pathlib import Path
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from pipeline.errors import Problems
from pipeline.load.fields import (
    PAGE_NAME_EXPECTED,
    Fields,
    bad_page_name,
    check_logins,
    parse_mapping,
    read_text,
)
from pipeline.load.yamlfile import LineDict, reread
from pipeline.models import Pointer, Post
from pipeline.paths import rel
from pipeline.text.dates import DATE_EXPECTED, YEAR_EXPECTED, DateRangeError, parse_date
from pipeline.text.lines import LineCounter
from pipeline.text.nesting import (
    DEPTH_EXPECTED,
    MAX_DEPTH,
    MAX_NESTING,
    NESTING_EXPECTED,
    nesting,
    too_much_markup,
)
from pipeline.text.soundcloud import Unrecognised, find_links, parse_link
from pipeline.text.urls import NO_CREDENTIALS, addresses_with_login

POST_DIR = "posts"
POST_SUFFIXES = (".md", ".markdown")
PUBLISHED_KEYS = ("title", "author", "tags", "categories")  # front matter the site shows

# A "Lees ook: <title>" line, the one rule of what counts as one (``Post.pointers``, which
# ``link/pointers.py`` resolves; ``pipeline import posts`` lists them). The words may be
# emphasised, the colon inside the emphasis or after it: ``**Lees ook:**``, ``*Lees ook*:``,
# ``__Zie ook__ -``.
# Linear by construction: the leading markers are one possessive run of one class (the old
# ``(?:[*_>]+[ \t]*)*`` nested two quantifiers and took 2^n steps on a line of underscores),
# so is the emphasis closing before the colon, and the text after the colon is the rest of
# the line, trimmed in Python, not by a lazy ``.+?`` racing a trailing ``\s*``.
# The words themselves are shared with the importer, which must not make such a line a
# section heading ("## See also: ..." is no pointer any more).
POINTER_WORDS = ("lees ook", "zie ook", "read also", "see also", "also read")
POINTER = re.compile(
    r"^[ \t*_>]*+(?:" + "|".join(POINTER_WORDS) + ")"
    r"[ \t*_]*+[:\-–]([^\n]*)",  # one line only: never \s, which crosses lines
    re.IGNORECASE | re.MULTILINE,
)
SLUG_EXPECTED = "a file name with a slug after the date, e.g. 2026-03-04-my-post.md, not only dots"
# What an episode's ``post:`` must be to name a post some day (pairing looks it up then).
POST_NAME_EXPECTED = (
    "the file name or slug of a post directly in posts/, e.g. 2026-03-04-my-post"
    " (no /, \\, ?, #, % or control characters, not only dots)"
)
_POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)\Z", re.DOTALL)  # names may hold newlines


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


def post_slug(path: Path) -> str:
    """The slug a post's file name gives: what follows its date, or its whole stem."""
    name = _POST_NAME.match(path.stem)
    return name[2] if name else path.stem


def bad_post_name(name: str) -> bool:
    """True when no post can be called ``name``, by its slug or its file name without the
    extension: :func:`load_post` refuses such a slug, and a post is a file directly in
    posts/ (no "/"). One rule for the posts and for an episode's ``post:`` that names one."""
    return not name.strip(".") or "/" in name or bad_page_name(name)


def load_post(
    path: Path, root: Path, tz: tzinfo, problems: Problems, text: str | None = None
) -> Post | None:
    """Read one Jekyll-style post; the date may come from the file name. ``text``: the
    file's, read already (``read_text``)."""
    where = rel(path, root)
    if text is None:
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
    depth, depth_line, work, work_line = nesting(body)
    if depth > MAX_DEPTH:  # the sanitiser is quadratic in depth: refuse, never hang
        problems.describe(
            where,
            body_line + depth_line - 1,
            "body",
            f"quotes, lists or HTML elements nested {depth} deep",
            DEPTH_EXPECTED,
        )
        return None
    if work > MAX_NESTING:  # linear, but a million elements: seconds past the 5 s bound
        got = f"{work:,} levels of quotes and lists past the first by this line"
        problems.describe(where, body_line + work_line - 1, "body", got, NESTING_EXPECTED)
        return None
    if (found := too_much_markup(body)) is not None:
        problems.describe(where, body_line + found[0] - 1, "body", found[1], found[2])
        return None
    for line, address in addresses_with_login(body):  # the page and the feed publish them
        if not isinstance(parse_link(address), Unrecognised):  # else "soundcloud" says why
            problems.add(where, body_line + line - 1, "body", address, NO_CREDENTIALS)
    fm_line = front_matter_line(text)
    data = parse_mapping(fm, where, fm_line, problems)
    if data is None:
        return None
    f = Fields(data, where, problems)
    name = _POST_NAME.match(path.stem)
    slug = post_slug(path)
    if bad_post_name(slug):
        # posts/./ and posts/../ are not folders of their own: the page would land on the
        # posts list or the home page (and "..." is trimmed to nothing on Windows).
        expected = PAGE_NAME_EXPECTED if slug.strip(".") else SLUG_EXPECTED
        problems.add(where, None, "slug", slug, expected)
    title = f.text("title", required=True, plain=True)
    date = f.date("date", tz, required=False)
    if date is None and data.get("date") is None:  # none written, or "date:" left empty
        if name:
            try:
                date = parse_date(name[1], tz)
            except ValueError as exc:
                expected = "YYYY-MM-DD-slug.md"
                if isinstance(exc, DateRangeError):
                    expected += f" with {YEAR_EXPECTED}"
                problems.add(where, None, "file name", path.name, expected)
        else:
            f.bad("date", None, DATE_EXPECTED + " (or a file name starting with the date)")
    tags = _tags(data.get("tags", data.get("categories")), f)
    episode = data.get("episode")
    if (number := reread(episode)) is not None:
        written = number[0].number.written
        if written.isdigit():  # episode: 010 is episode 10 (010-....yaml), not YAML's octal 8
            episode = int(written)
        else:
            f.bad("episode", *number)
            episode = None
    elif episode is not None and not isinstance(episode, str | int):
        f.bad("episode", episode, "an episode number or file name")
        episode = None
    author = f.text("author")
    published = data.get("published", True)
    if not isinstance(published, bool):  # "nee", "draft", 0: a typo must not publish
        f.bad("published", published, "true or false (false: a draft, left out)")
        published = False
    aliases = _aliases(data)
    links = _post_links(fm, fm_line, body, body_line, where, problems)
    player = data.get("soundcloud")  # links are found in the text; a value without one is lost
    if isinstance(player, int) and not isinstance(player, bool) and 0 < player < 10**15:
        # Jekyll themes' shorthand: the track id alone
        track = f"https://api.soundcloud.com/tracks/{player}"
        links = (*links, *(found.link for found in find_links(track)))
    elif player is not None and not (isinstance(player, str) and "soundcloud" in player.lower()):
        f.bad("soundcloud", player, "a SoundCloud track or player URL, or a track id")
    line_of = LineCounter(body, body_line)
    pointers = tuple(
        Pointer(text, line_of(m.start()))
        for m in POINTER.finditer(body)
        if (text := m[1].strip().strip(" *_\"'“”"))
    )
    # Published as written (the page, the Atom feeds, a tag's page and feed), as the body
    # is: an address with a password in them is refused by the body's rule. Other keys
    # (Jekyll's layout, permalink) are never published.
    check_logins(data, where, problems, PUBLISHED_KEYS)
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
        published=published,
    )
    return post


# Each tag is a page and a feed, and every tag's feed carries the post with all its tags
# as categories: one post's work grows with the square of its tags (4,000 tags took 9 s,
# 100,000 never ended). No post is about more than this.
MAX_TAGS = 100


def _tags(value: object, f: Fields) -> tuple[str, ...]:
    tags = _tag_list(value, f)
    if len(tags) > MAX_TAGS:
        where, line = f.where, f.line("tags")
        got = f"{len(tags):,} tags"
        f.problems.describe(where, line, "tags", got, f"at most {MAX_TAGS} tags")
        return ()
    return tags


def _tag_list(value: object, f: Fields) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t for t in (s.strip() for s in re.split(r"[,\s]+", value)) if t)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        for number in filter(None, map(reread, value)):
            f.bad("tags", *number)
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
