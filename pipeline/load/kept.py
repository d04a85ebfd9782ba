"""The posts as loaded, kept for the next build (``.cache/build/posts.bin``).

Loading a post (its YAML front matter, the nesting and markup checks, its SoundCloud
links and "Lees ook" lines) was 3.7 s of CPU at 10,000 posts on every build, and an edit
changes one file. A post follows from its file's text, its name in the show, the show's
time zone (its dates: the zone's rules included) and the code, and from nothing else: so
each is kept by the digest of those (``kept_texts.py``, the file's format), as JSON of its
fields but the body. The body is the end of the file's text, which is read anyway: the
entry says where it starts.

Only a post that loaded without a problem is kept; a file with a problem is loaded again
on every build, so its problem is always reported. It is an optimisation only: deleting
it changes no output byte; a damaged one is named in a notice and every post is loaded;
one of other code is passed over quietly; an entry that does not read back as a post is
loaded again. The episode files' YAML as parsed is kept in the same file (``kept_yaml.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from pipeline.errors import Problem, Problems
from pipeline.kept_texts import exactly, key_of, optional_text, read_texts
from pipeline.load.fields import has_control
from pipeline.load.posts import post_slug
from pipeline.machine import zone_signature
from pipeline.models import Pointer, Post, SoundCloudLink
from pipeline.paths import POST_MEMO
from pipeline.text.dates import FIRST_YEAR, LAST_YEAR

KIND = "posts"
MEMO_LIMIT = 256 << 20  # bytes: 10,000 posts keep about 4 MB
Entry = tuple[bytes, str]  # a post's key and its JSON
Load = Callable[[Problems], Post | None]  # loads the post afresh, adding its problems
# An escaped lone surrogate: no text read from a file holds one, and the pages cannot
# encode it (a backslash before "ud800" in a post matches too: that post is loaded again)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class KeptPosts:
    """What the last build kept, and what this one's keys follow from besides the text."""

    entries: Mapping[bytes, str]
    tz: tzinfo
    zone: str  # the zone's name and the signature of its rules

    def key(self, where: str, text: str) -> bytes:
        return key_of(where, self.zone, text)


def kept_posts(root: Path, tz: tzinfo) -> tuple[KeptPosts, str | None]:
    """The posts the last build kept in the show ``root``, and a notice naming the file
    when it was damaged."""
    found, notice = read_texts(root, POST_MEMO, KIND, None, MEMO_LIMIT, "every post loaded afresh")
    name = str(tz)
    return KeptPosts(found, tz, repr((name, zone_signature(name)))), notice


def load_kept(
    kept: KeptPosts, path: Path, where: str, text: str, load: Load
) -> tuple[Post | None, list[Problem], Entry | None]:
    """The post of ``text`` (the file ``path``, named ``where`` in the show): the kept one
    when there is one, else ``load``'s; its problems; and its entry for the next build
    (None: not kept, as a post with a problem)."""
    key = kept.key(where, text)
    entry = kept.entries.get(key)
    if entry is not None and (post := _post(entry, path, text, kept.tz)) is not None:
        return post, [], (key, entry)
    problems = Problems()
    post = load(problems)
    if post is None or problems.items or (written := _entry(post, text, kept.tz)) is None:
        return post, list(problems.items), None
    return post, [], (key, written)


def _entry(post: Post, text: str, tz: tzinfo) -> str | None:
    """The post as JSON, but its body: where it starts in ``text``. None when the post
    does not have the form this can restore (a date in another zone)."""
    start = len(text) - len(post.body)
    when = _when(post.date, tz)
    if when is None or text[start:] != post.body:
        return None
    return json.dumps(
        [
            post.title,
            *when,
            start,
            post.body_line,
            post.author,
            list(post.tags),
            post.episode,
            [[s.kind, s.raw, s.track_id, s.user, s.slug, s.secret_token] for s in post.soundcloud],
            [[p.text, p.line] for p in post.pointers],
            list(post.aliases),
            dict(post.lines),
            post.published,
        ],
        ensure_ascii=False,
    )


def _post(entry: str, path: Path, text: str, tz: tzinfo) -> Post | None:
    """The post ``_entry`` wrote; None for anything else (then the file is loaded). What
    the loader refuses is refused here too (a forged entry stays a post the loader could
    have made): control characters in front matter text, years out of range; the slug is
    the file name's, as the loader takes it."""
    if _SURROGATE.search(entry):
        return None
    try:
        (title, when, fold, local, start, body_line, author, tags, episode, links, pointers,
         aliases, lines, published) = json.loads(entry)  # fmt: skip
        if not 0 <= exactly(int, start) <= len(text):
            raise ValueError(start)
        date = _date(when, fold, local, tz)
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise ValueError(when)
        return Post(
            source=path,
            slug=post_slug(path),
            title=_plain(title),
            date=date,
            body=text[start:],
            body_line=exactly(int, body_line),
            author=None if author is None else _plain(author),
            tags=tuple(_plain(t) for t in exactly(list, tags)),
            episode=None if episode is None else _plain(episode),
            soundcloud=tuple(_link(*exactly(list, link)) for link in exactly(list, links)),
            pointers=tuple(_pointer(*exactly(list, p)) for p in exactly(list, pointers)),
            aliases=tuple(_plain(a) for a in exactly(list, aliases)),
            lines={_plain(k): exactly(int, n) for k, n in exactly(dict, lines).items()},
            published=exactly(bool, published),
        )
    except (ValueError, TypeError, RecursionError):
        return None


def _plain(value: object) -> str:
    """Front matter text as the loader lets it through: without control characters."""
    text = exactly(str, value)
    if has_control(text):
        raise ValueError(text)
    return text


def _pointer(text: object, line: object) -> Pointer:
    return Pointer(exactly(str, text), exactly(int, line))


def _when(date: datetime, tz: tzinfo) -> tuple[str, int, bool] | None:
    """How ``_date`` gives ``date`` back: a time in the show's zone as its local time (the
    zone's own object, so its name is kept), one with an offset written as ISO 8601; None
    when that would not give the same object back."""
    if not isinstance(date, datetime):
        return None
    local = date.tzinfo is tz
    when = (date.replace(tzinfo=None) if local else date).isoformat(), date.fold, local
    try:
        again = _date(*when, tz)
    except ValueError:
        return None
    same = repr(again) == repr(date) and again.tzinfo == date.tzinfo
    return when if same and type(again.tzinfo) is type(date.tzinfo) else None


def _date(when: object, fold: object, local: object, tz: tzinfo) -> datetime:
    date = datetime.fromisoformat(exactly(str, when))
    second = exactly(int, fold)
    if second not in (0, 1) or (date.tzinfo is None) is not exactly(bool, local):
        raise ValueError(when)  # a local time has no offset, any other one has
    return date.replace(tzinfo=tz, fold=second) if local else date.replace(fold=second)


def _link(
    kind: object, raw: object, track: object, user: object, slug: object, token: object
) -> SoundCloudLink:
    if track is not None:
        exactly(int, track)
    return SoundCloudLink(
        exactly(str, kind),
        exactly(str, raw),
        track,  # type: ignore[arg-type]  # checked just above
        optional_text(user),
        optional_text(slug),
        optional_text(token),
    )
