"""Pair each episode with the post that belongs to it.

Rules, in order (the first that decides wins):
1. an explicit reference: ``post:`` in the episode file or ``episode:`` in the post;
2. the same SoundCloud track (by id, or by user and track permalink);
3. the same calendar day and a closely matching title.
A reference to nothing, or a match with several candidates, is an error naming them; what
stays unpaired is reported as a notice, since many posts are not about an episode.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.errors import ContentError, PartlyLoaded, Problems
from pipeline.models import Content, Episode, Post
from pipeline.paths import rel
from pipeline.text.titles import without_number

TITLE_MATCH = 85.0  # rapidfuzz token_set_ratio, 0-100


@dataclass(frozen=True)
class Pairing:
    pairs: dict[str, str]  # episode slug -> post slug
    how: dict[str, str]  # episode slug -> rule that paired it
    unpaired_episodes: tuple[str, ...]
    unpaired_posts: tuple[str, ...]
    # episode slug -> the post it names, due only later (published without it until then)
    waiting: dict[str, Post] = field(default_factory=dict)


def comparable_title(title: str) -> str:
    return without_number(title).lower()


def with_pairing(error: PartlyLoaded, content: Content) -> PartlyLoaded:
    """``error`` (loading's problems) with those pairing finds among what did load
    (``content``: of it, what is due; ``error.content``: all of it), in one sorted list:
    a dangling ``post:`` no longer waits for the broken file beside it to be mended."""
    found = Problems()
    found.extend(error.problems)
    try:
        pair(content, error.content, unread=error)
    except ContentError as more:
        found.extend(more.problems)
    return PartlyLoaded(found.sorted())


def pair(
    content: Content, everything: Content | None = None, unread: PartlyLoaded | None = None
) -> Pairing:
    """Pair episodes with posts; raises ContentError for dangling or ambiguous references.

    ``everything``: the show with what is not due yet, which ``content`` lacks: an episode
    due before the post it names (07:00 and 09:00 the same day) is published without it
    until the post is due, and a post may name an episode still to come; neither is a
    reference to nothing (an hourly publish failed between the two). ``unread``: files
    that did not load (their problems are reported): a reference that may name one of
    them, and a choice one of them might have settled, are no problems of their own."""
    root = content.root
    problems = Problems()
    lost_posts = unread.unread if unread is not None else frozenset()
    lost = unread is not None and (bool(lost_posts) or unread.episodes_unread)
    posts = {p.slug: p for p in content.posts}
    by_stem = {p.stem: p for p in content.posts}
    later = everything or content
    later_posts = {k: p for p in later.posts if p.slug not in posts for k in (p.stem, p.slug)}
    due_episodes = {e.slug for e in content.episodes}
    later_episodes = [e for e in later.episodes if e.slug not in due_episodes]
    waiting: dict[str, Post] = {}
    pairs: dict[str, str] = {}
    how: dict[str, str] = {}
    taken: dict[str, str] = {}  # post slug -> episode slug

    def settle(ep: Episode, free: list[Post], field: str, value: str, wanted: str) -> None:
        """Pair with the one candidate; several are ambiguous: the user says which."""
        if len(free) > 1 and not lost:
            found = ", ".join(rel(p.source, root) for p in free)
            problems.add(
                rel(ep.source, root),
                ep.lines.get(field),
                field,
                value,
                f"{wanted}, found {found} (set post: in the episode file)",
            )
        elif free:
            take(ep, free[0], "soundcloud" if field == "soundcloud" else "date and title")

    def take(ep: Episode, post: Post, rule: str) -> None:
        if post.slug in taken and taken[post.slug] != ep.slug:
            problems.add(
                rel(ep.source, root),
                ep.lines.get("post"),
                "post",
                post.slug,
                f"a post no other episode claims (also {taken[post.slug]})",
            )
            return
        pairs[ep.slug] = post.slug
        how[ep.slug] = rule
        taken[post.slug] = ep.slug

    # 1a. post: in the episode file
    for ep in content.episodes:
        if ep.post is None:
            continue
        post = by_stem.get(ep.post) or posts.get(ep.post)
        if post is None and ep.post in later_posts:
            waiting[ep.slug] = later_posts[ep.post]
            continue
        if post is None:
            if ep.post not in lost_posts:
                problems.add(
                    rel(ep.source, root),
                    ep.lines.get("post"),
                    "post",
                    ep.post,
                    "the file name or slug of a post in posts/" + _suggest(ep.post, posts),
                )
            continue
        take(ep, post, "explicit")

    # 1b. episode: in the post's front matter
    by_number = {str(e.number): e for e in content.episodes if e.number is not None}
    by_slug = {e.slug: e for e in content.episodes}
    for post in content.posts:
        if post.episode is None:
            continue
        claimed = by_slug.get(post.episode) or by_number.get(post.episode.lstrip("#"))
        if claimed is None and any(_names(e, post.episode) for e in later_episodes):
            continue  # its episode is still to come
        if claimed is None:
            if unread is not None and unread.episodes_unread:
                continue  # it may be one that did not load: no number to tell
            problems.add(
                rel(post.source, root),
                post.lines.get("episode"),
                "episode",
                post.episode,
                "the number or file name of an episode in episodes/",
            )
            continue
        if claimed.slug in pairs and pairs[claimed.slug] != post.slug:
            problems.add(
                rel(post.source, root),
                post.lines.get("episode"),
                "episode",
                post.episode,
                f"an episode not already paired with {pairs[claimed.slug]}",
            )
            continue
        take(claimed, post, "explicit")

    # 2. same SoundCloud track
    track_index: dict[object, list[Post]] = defaultdict(list)
    for post in content.posts:
        for link in post.soundcloud:
            if link.kind != "track":
                continue
            if link.track_id is not None:
                track_index[link.track_id].append(post)
            if link.user and link.slug:
                track_index[(link.user.lower(), link.slug.lower())].append(post)
    for ep in content.episodes:
        if ep.slug in pairs or ep.soundcloud is None:
            continue
        link = ep.soundcloud
        keys: list[object] = []
        if link.track_id is not None:
            keys.append(link.track_id)
        if link.user and link.slug:
            keys.append((link.user.lower(), link.slug.lower()))
        candidates = _unique(p for k in keys for p in track_index.get(k, ()))
        free = [p for p in candidates if p.slug not in taken]
        settle(ep, free, "soundcloud", link.raw, "one post embedding this track")

    # 3. same day, closely matching title
    by_day: dict[object, list[Post]] = defaultdict(list)
    for post in content.posts:
        if post.date is not None:
            by_day[post.date.date()].append(post)
    for ep in content.episodes:
        if ep.slug in pairs or ep.date is None:
            continue
        wanted = comparable_title(ep.title)
        free = [
            p
            for p in by_day.get(ep.date.date(), ())
            if p.slug not in taken
            and fuzz.token_set_ratio(wanted, comparable_title(p.title)) >= TITLE_MATCH
        ]
        settle(ep, free, "title", ep.title, "one post of the same day with a matching title")

    problems.raise_if_any(ContentError)
    return Pairing(
        pairs=pairs,
        how=how,
        unpaired_episodes=tuple(e.slug for e in content.episodes if e.slug not in pairs),
        unpaired_posts=tuple(p.slug for p in content.posts if p.slug not in taken),
        waiting=waiting,
    )


def _names(episode: Episode, reference: str) -> bool:
    """Whether a post's ``episode:`` means ``episode`` (its file name or number)."""
    number = reference.lstrip("#")
    return reference == episode.slug or (
        episode.number is not None and number == str(episode.number)
    )


def _unique(posts: Iterable[Post]) -> list[Post]:
    seen: dict[str, Post] = {}
    for p in posts:
        seen.setdefault(p.slug, p)
    return list(seen.values())


def _suggest(value: str, posts: dict[str, Post]) -> str:
    from rapidfuzz import process

    best = process.extractOne(value, list(posts), scorer=fuzz.ratio, score_cutoff=70)
    return f" (did you mean {best[0]}?)" if best else ""
