"""Show notes for an episode, drawn from its paired post (or its own metadata).

One set of facts per episode (:class:`NotesData`) is rendered by Jinja2 templates in
``templates/shownotes/`` (a show overrides any of them in its own ``templates/shownotes/``)
into every form a listener meets:

- ``description_html``: ``description``/``itunes:summary``, Apple's rules (at most 4000
  bytes, only ``p ol ul li a``, cut at a sentence or block boundary; see ``fit.py``);
- ``content_html``: ``content:encoded``, the full notes, sanitised by nh3;
- ``text``: SoundCloud's description box (plain text, links written out, 4000 characters);
- ``markdown``: for pasting elsewhere; ``page_html``: the section of the episode page.

The facts: a lead (the episode's ``summary``, written for this purpose, else the post's
opening paragraph), the key points (the post's section headings), chapters (the episode's
``chapters:``, else timestamp lines in the post), hosts and guests, the post's links (once
each), related articles and episodes, the full article and the feed. Labels follow the
show's language (``labels.py``). Notes are computed once per episode per build.
"""

from __future__ import annotations

import functools
import itertools
import re
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import nh3
from jinja2 import BytecodeCache, Environment, Template
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from pipeline.errors import ContentError, Problem, Problems
from pipeline.models import Episode, Linked, Post
from pipeline.parallel import fork_map
from pipeline.paths import absolute, episode_path, post_path, rel
from pipeline.render import Output
from pipeline.render.fit import description_html, fit_text
from pipeline.render.labels import Labels, labels_for
from pipeline.render.markdown import sanitize
from pipeline.render.notes_source import (
    Inline,
    PostFacts,
    Resolver,
    Segment,
    post_facts,
    squash,
)
from pipeline.render.templates import environment
from pipeline.spec.apple import DESCRIPTION_LIMIT, DESCRIPTION_TAGS
from pipeline.text.clock import TIMESTAMP_EXPECTED, format_clock

__all__ = [
    "DESCRIPTION_LIMIT",
    "DESCRIPTION_TAGS",
    "SOUNDCLOUD_LIMIT",
    "NotesData",
    "ShowNotes",
    "all_notes",
    "fit_description",
    "notes_for",
    "render_shownotes",
]

# SoundCloud's track description box takes at most 4000 characters.
SOUNDCLOUD_LIMIT = 4000
_LINK_SCHEMES = ("http", "https", "mailto")
_PAGE_TAGS = {"section", "h2", "h3", "p", "ul", "ol", "li", "a", "br"}
fit_description = description_html  # the name the feed tests knew


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


@dataclass(frozen=True)
class ShowNotes:
    description_html: str  # description / itunes:summary
    content_html: str  # content:encoded
    thin: bool  # True when there was no post to draw from
    text: str = ""  # SoundCloud's description box
    markdown: str = ""
    page_html: str = ""  # the show notes section of the episode page
    data: NotesData | None = None


# ---------------------------------------------------------------------------------------
# Once per episode per build: the cache lives as long as the Linked it was made from.


@dataclass
class _BuildCache:
    env: Environment
    posts_by_name: dict[str, Post]  # file stem and slug -> post, for links to .md files
    facts: dict[str, PostFacts] = field(default_factory=dict)  # post slug -> facts
    notes: dict[str, tuple[Episode, ShowNotes]] = field(default_factory=dict)
    templates: dict[str, Template] = field(default_factory=dict)

    def template(self, name: str) -> Template:
        if name not in self.templates:
            self.templates[name] = self.env.get_template(f"shownotes/{name}")
        return self.templates[name]


_CACHES: dict[int, tuple[weakref.ref[Linked], _BuildCache]] = {}


def _cache(linked: Linked) -> _BuildCache:
    key = id(linked)
    held = _CACHES.get(key)
    if held is not None and held[0]() is linked:
        return held[1]

    def forget(ref: weakref.ref[Linked]) -> None:
        if _CACHES.get(key, (None,))[0] is ref:
            del _CACHES[key]

    posts = linked.content.posts
    cache = _BuildCache(
        _environment(linked), {p.stem: p for p in posts} | {p.slug: p for p in posts}
    )
    _CACHES[key] = (weakref.ref(linked, forget), cache)
    return cache


def notes_for(episode: Episode, linked: Linked) -> ShowNotes:
    """The episode's show notes; raises ContentError for malformed timestamp lines."""
    cache = _cache(linked)
    held = cache.notes.get(episode.slug)
    if held is not None and held[0] == episode:
        return held[1]
    problems = Problems()
    notes = _compute(episode, linked, cache, problems)
    problems.raise_if_any(ContentError)
    cache.notes[episode.slug] = (episode, notes)
    return notes


def all_notes(
    linked: Linked, episodes: Iterable[Episode] | None = None, jobs: int = 1
) -> dict[str, ShowNotes]:
    """Notes for every episode, by slug; every problem of every post reported at once.

    ``jobs`` > 1 computes them in forked workers (large shows); they land in the same
    per-build cache as :func:`notes_for`'s.
    """
    todo = list(linked.content.episodes if episodes is None else episodes)
    cache = _cache(linked)
    results = fork_map(functools.partial(_notes_or_problems, linked), todo, jobs)
    found: dict[str, ShowNotes] = {}
    problems: list[Problem] = []
    for episode, (notes, trouble) in zip(todo, results, strict=True):
        if notes is not None:
            found[episode.slug] = notes
            cache.notes.setdefault(episode.slug, (episode, notes))
        problems.extend(p for p in trouble if p not in problems)
    if problems:
        collected = Problems()
        collected.extend(problems)
        collected.raise_if_any(ContentError)
    return found


def _notes_or_problems(
    linked: Linked, episode: Episode
) -> tuple[ShowNotes | None, tuple[Problem, ...]]:
    try:
        return notes_for(episode, linked), ()
    except ContentError as exc:
        return None, exc.problems


def render_shownotes(linked: Linked, episodes: Sequence[Episode]) -> Output:
    """``shownotes/<slug>.txt`` (SoundCloud) and ``shownotes/<slug>.md`` per episode."""
    out: Output = {}
    for slug, notes in sorted(all_notes(linked, episodes).items()):
        out[f"shownotes/{slug}.txt"] = notes.text.encode("utf-8")
        out[f"shownotes/{slug}.md"] = notes.markdown.encode("utf-8")
    return out


# ---------------------------------------------------------------------------------------
# Facts


def _compute(episode: Episode, linked: Linked, cache: _BuildCache, problems: Problems) -> ShowNotes:
    content = linked.content
    show = content.show
    post = linked.post_for(episode)
    facts = _facts(post, linked, cache) if post is not None else None
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
            NoteChapter(c.start, format_clock(c.start), squash(c.title), _safe_url(c.url))
            for c in episode.chapters
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
    notes = NotesData(
        title=squash(episode.title),
        lead=lead,
        points=facts.headings if facts is not None else (),
        chapters=chapters,
        hosts=tuple(Segment(squash(p.name), _safe_url(p.href)) for p in show.hosts),
        guests=tuple(Segment(squash(p.name), _safe_url(p.href)) for p in episode.guests),
        links=facts.links if facts is not None else (),
        related=_related(episode, post, linked),
        article=(
            Segment(squash(post.title), absolute(show, post_path(post)))
            if post is not None
            else None
        ),
        episode_url=absolute(show, episode_path(episode)),
        subscribe_url=show.feed_url,
    )
    return _render(notes, cache, labels_for(show.language), thin=post is None)


def _facts(post: Post, linked: Linked, cache: _BuildCache) -> PostFacts:
    if post.slug not in cache.facts:
        cache.facts[post.slug] = post_facts(
            post.body, post.body_line, _resolver(post, linked, cache.posts_by_name)
        )
    return cache.facts[post.slug]


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in _LINK_SCHEMES else None


def _resolver(post: Post, linked: Linked, by_name: Mapping[str, Post]) -> Resolver:
    """Absolute URLs for a post's links: other posts' ``.md`` files become their pages."""
    show = linked.content.show
    here = absolute(show, post_path(post))

    def resolve(href: str) -> str | None:
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        parts = urlsplit(href)
        if parts.scheme:
            return href if parts.scheme.lower() in _LINK_SCHEMES else None
        name = PurePosixPath(unquote(parts.path)).name
        if name.endswith(".md") and (target := by_name.get(name[:-3])) is not None:
            return absolute(show, post_path(target))
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
            found.append(Segment(squash(p.title), absolute(show, post_path(p))))
        elif kind == "episode" and (e := content.episodes_by_slug.get(slug)) is not None:
            found.append(Segment(squash(e.title), absolute(show, episode_path(e))))
    return tuple(found)


# ---------------------------------------------------------------------------------------
# Rendering


def _render(notes: NotesData, cache: _BuildCache, labels: Labels, thin: bool) -> ShowNotes:
    def render(name: str, **extra: Any) -> str:
        return cache.template(name).render(notes=notes, labels=labels, **extra)

    return ShowNotes(
        description_html=description_html(render("description.html")),
        content_html=sanitize(render("content.html", level=3)).strip(),
        thin=thin,
        text=fit_text(_tidy(render("notes.txt")), SOUNDCLOUD_LIMIT),
        markdown=_tidy(render("notes.md")),
        page_html=nh3.clean(
            render("page.html"),
            tags=_PAGE_TAGS,
            attributes={"a": {"href"}, "section": {"class"}},
            url_schemes=set(_LINK_SCHEMES),
            link_rel="noopener",
        ).strip(),
        data=notes,
    )


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the process: a long-running ``serve`` and the tests make
    a new environment per build, and compiling costs more than rendering. Jinja checks each
    entry against its template source, so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def _environment(linked: Linked) -> Environment:
    env = environment(linked.content.root)
    env.bytecode_cache = _BYTECODE
    env.filters.update(
        inline_html=_inline_html,
        inline_text=_inline_text,
        inline_md=_inline_md,
        people_html=lambda people: Markup(", ").join(_inline_html((p,)) for p in people),
        people_text=lambda people: ", ".join(p.text for p in people),
        people_md=lambda people: ", ".join(_inline_md((p,)) for p in people),
        md=md_escape,
        md_url=md_url,
    )
    return env


def _inline_html(segments: Inline) -> Markup:
    return Markup("").join(
        Markup('<a href="{}">{}</a>').format(s.href, s.text) if s.href else escape(s.text)
        for s in segments
    )


def _inline_text(segments: Inline) -> str:
    return "".join(
        s.text if not s.href or s.href == s.text else f"{s.text} ({s.href})" for s in segments
    )


def _inline_md(segments: Inline) -> str:
    return "".join(
        f"[{md_escape(s.text)}]({md_url(s.href)})" if s.href else md_escape(s.text)
        for s in segments
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|&!~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(?=\s|$)")


def md_escape(text: object) -> str:
    """Plain text that Markdown renders as the same text: no markup, no raw HTML."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return _MD_LINE_START.sub(lambda m: m[1] + re.sub(r"([-+=.)])", r"\\\1", m[2]), escaped)


def md_url(url: object) -> str:
    """A URL safe inside Markdown's ``(...)``: spaces, brackets and angle brackets encoded."""
    return quote(str(url), safe="/:?#[]@!$&'*+,;=%~-._")
