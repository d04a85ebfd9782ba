"""The facts of one episode's show notes, and of every episode's at once."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from pipeline.errors import ContentError, Problem, Problems
from pipeline.models import Episode, Linked, Post, Show
from pipeline.notes.source import Inline, PostFacts, Resolver, Segment, post_facts, squash
from pipeline.parallel import fork_map
from pipeline.paths import absolute, episode_path, feed_uri, post_path, rel
from pipeline.text.clock import TIMESTAMP_EXPECTED, format_clock

# Links in notes go where a listener can follow them; anything else is dropped as a link.
LINK_SCHEMES = ("http", "https", "mailto")


def _page(show: Show, path: str) -> str:
    """A page of the site as the notes link it: a space or an accent in a file name
    ("posts/2026-03-01-mijn eerste post.md") percent-encoded, as the feed's own links are;
    apps that follow an address with a space as written get no page."""
    return feed_uri(absolute(show, path))


@dataclass(frozen=True)
class NoteChapter:
    start: float  # seconds
    clock: str  # 12:30 or 1:02:03
    title: str
    url: str | None = None


@dataclass(frozen=True)
class NotesData:
    """What the templates render: plain text and absolute URLs, nothing pre-escaped."""

    title: str
    lead: Inline
    points: tuple[str, ...]
    chapters: tuple[NoteChapter, ...]
    hosts: tuple[Segment, ...]  # name, profile URL
    guests: tuple[Segment, ...]
    links: tuple[Segment, ...]  # text, URL; links mentioned in the post
    related: tuple[Segment, ...]  # title, URL
    article: Segment | None  # the paired post: title, URL
    episode_url: str
    subscribe_url: str
    thin: bool = False  # no post to draw from: only the episode's own fields


Notes = Mapping[str, NotesData]  # episode slug -> facts


@dataclass(frozen=True)
class _Context:
    """What every episode of one build shares; made per call, never kept."""

    linked: Linked
    posts_by_name: Mapping[str, Post]  # file stem and slug -> post, for links to .md files
    known: Mapping[str, PostFacts]  # post slug -> its facts, kept from the last build


def notes(linked: Linked, episodes: Iterable[Episode] | None = None, jobs: int = 1) -> Notes:
    """The facts for every episode (by slug), every problem of every post reported at once.

    ``jobs`` > 1 computes them in forked workers (large shows). Raises ContentError for
    malformed or out-of-order timestamp lines.
    """
    return notes_and_facts(linked, episodes, jobs)[0]


def notes_and_facts(
    linked: Linked,
    episodes: Iterable[Episode] | None = None,
    jobs: int = 1,
    known: Mapping[str, PostFacts] | None = None,
) -> tuple[Notes, dict[str, PostFacts]]:
    """:func:`notes`, and the facts of each paired post by slug; ``known``: posts' facts
    taken as they are (``kept.py``: the last build's, where the post is the same)."""
    todo = list(linked.content.episodes if episodes is None else episodes)
    context = _context(linked, known or {})
    results = fork_map(functools.partial(_facts_or_problems, context), todo, jobs)
    found: dict[str, NotesData] = {}
    posts: dict[str, PostFacts] = {}
    problems: list[Problem] = []
    for episode, (data, trouble, facts) in zip(todo, results, strict=True):
        if data is not None:
            found[episode.slug] = data
        if facts is not None:
            posts[facts[0]] = facts[1]
        problems.extend(p for p in trouble if p not in problems)
    if problems:
        collected = Problems()
        collected.extend(problems)
        collected.raise_if_any(ContentError)
    return found, posts


def with_related(found: Notes, linked: Linked) -> Notes:
    """``found`` (taken from a link without its related items yet) with each episode's
    related items from ``linked``: the rest of the facts do not depend on them."""
    complete: dict[str, NotesData] = {}
    for slug, data in found.items():
        episode = linked.content.episodes_by_slug[slug]
        complete[slug] = replace(data, related=_related(episode, linked.post_for(episode), linked))
    return complete


def notes_of(episode: Episode, linked: Linked) -> NotesData:
    """One episode's facts; raises ContentError for malformed timestamp lines."""
    problems = Problems()
    data = _compute(episode, _context(linked, {}), problems)[0]
    problems.raise_if_any(ContentError)
    return data


def _context(linked: Linked, known: Mapping[str, PostFacts]) -> _Context:
    posts = linked.content.posts
    return _Context(linked, {p.stem: p for p in posts} | {p.slug: p for p in posts}, known)


def _facts_or_problems(
    context: _Context, episode: Episode
) -> tuple[NotesData | None, tuple[Problem, ...], tuple[str, PostFacts] | None]:
    problems = Problems()
    data, facts = _compute(episode, context, problems)
    return (None, tuple(problems.items), facts) if problems else (data, (), facts)


def _compute(
    episode: Episode, context: _Context, problems: Problems
) -> tuple[NotesData, tuple[str, PostFacts] | None]:
    """The episode's facts, and its post's (slug, facts) when it has one."""
    linked = context.linked
    content = linked.content
    show = content.show
    post = linked.post_for(episode)
    facts = _post_facts(post, context) if post is not None else None
    where = rel(post.source, content.root) if post is not None else ""
    if facts is not None:
        for line, text in facts.malformed:
            problems.add(where, line, "timestamp", text, TIMESTAMP_EXPECTED)

    lead: Inline = ()
    if episode.summary and squash(episode.summary):
        lead = (Segment(squash(episode.summary)),)
    elif facts is not None:
        lead = facts.lead
    if episode.chapters:
        chapters = tuple(
            NoteChapter(c.start, format_clock(c.start), squash(c.title), safe_url(c.url))
            for c in episode.chapters
            if c.toc  # `toc: false`: a silent marker, listed nowhere (JSON chapters spec)
        )
    else:
        stamps = facts.timestamps if facts is not None else ()
        for (_, before, _, _), (line, start, _, _) in itertools.pairwise(stamps):
            if start < before:
                problems.describe(
                    where,
                    line,
                    "timestamp",
                    f"{format_clock(start)} after {format_clock(before)}",
                    "timestamps in order of time",
                )
                break
        chapters = tuple(NoteChapter(s, format_clock(s), t, u) for _, s, t, u in stamps)
    data = NotesData(
        title=squash(episode.title),
        lead=lead,
        points=facts.headings if facts is not None else (),
        chapters=chapters,
        hosts=tuple(Segment(squash(p.name), safe_url(p.href)) for p in show.hosts),
        guests=tuple(Segment(squash(p.name), safe_url(p.href)) for p in episode.guests),
        links=facts.links if facts is not None else (),
        related=_related(episode, post, linked),
        article=(
            Segment(squash(post.title), _page(show, post_path(post))) if post is not None else None
        ),
        episode_url=_page(show, episode_path(episode)),
        subscribe_url=show.feed_url,
        thin=post is None,
    )
    return data, (post.slug, facts) if post is not None and facts is not None else None


def _post_facts(post: Post, context: _Context) -> PostFacts:
    if (known := context.known.get(post.slug)) is not None:
        return known
    return post_facts(
        post.body, post.body_line, resolver(post, context.linked, context.posts_by_name)
    )


def safe_url(url: str | None) -> str | None:
    """The URL when a listener can follow it (http, https, mailto), else None."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in LINK_SCHEMES else None


def resolver(post: Post, linked: Linked, posts_by_name: Mapping[str, Post]) -> Resolver:
    """Absolute URLs for a post's links: other posts' ``.md`` files become their pages
    (``posts_by_name``: file stem and slug -> post)."""
    show = linked.content.show
    here = _page(show, post_path(post))

    def resolve(href: str) -> str | None:
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        parts = urlsplit(href)
        if parts.scheme:
            return href if parts.scheme.lower() in LINK_SCHEMES else None
        name = PurePosixPath(unquote(parts.path)).name
        if name.endswith(".md") and (target := posts_by_name.get(name[:-3])) is not None:
            return _page(show, post_path(target))
        return urljoin(here, href)

    return resolve


def _related(episode: Episode, post: Post | None, linked: Linked) -> tuple[Segment, ...]:
    content = linked.content
    show = content.show
    skip = {f"episode:{episode.slug}"} | ({f"post:{post.slug}"} if post is not None else set())
    found: list[Segment] = []
    for link in linked.related.get(f"episode:{episode.slug}", ()):
        if link.target in skip:
            continue
        skip.add(link.target)
        kind, _, slug = link.target.partition(":")
        if kind == "post" and (p := content.posts_by_slug.get(slug)) is not None:
            found.append(Segment(squash(p.title), _page(show, post_path(p))))
        elif kind == "episode" and (e := content.episodes_by_slug.get(slug)) is not None:
            found.append(Segment(squash(e.title), _page(show, episode_path(e))))
    return tuple(found)
