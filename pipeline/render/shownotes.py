"""Show notes as text: the notes stage's facts (:mod:`pipeline.notes`) rendered by Jinja2
templates in ``templates/shownotes/`` (a show overrides any of them in its own
``templates/shownotes/``) into every form a listener meets:

- ``description_html``: ``description``/``itunes:summary``, Apple's rules (at most 4000
  bytes, only ``p ol ul li a``, cut at a sentence or block boundary; see ``fit.py``);
- ``content_html``: ``content:encoded``, the full notes, sanitised by nh3;
- ``text``: SoundCloud's description box (plain text, links written out, 4000 characters);
- ``markdown``: for pasting elsewhere; ``page_html``: the section of the episode page.

Labels follow the show's language (``pipeline/labels/``). Rendered once per build by
:func:`render_notes` and handed to the feed, the pages and the side files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import nh3
from jinja2 import BytecodeCache, Environment, Template
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from pipeline import parallel
from pipeline.labels import Labels, labels_for
from pipeline.models import Episode, Linked
from pipeline.notes import Notes, NotesData, notes_of
from pipeline.notes.facts import LINK_SCHEMES
from pipeline.notes.source import Inline
from pipeline.render import Output
from pipeline.render.fit import description_html, fit_text
from pipeline.render.markdown import sanitize
from pipeline.render.templates import environment
from pipeline.spec.apple import DESCRIPTION_LIMIT

__all__ = [
    "SOUNDCLOUD_LIMIT",
    "RenderedNotes",
    "ShowNotes",
    "notes_for",
    "render_notes",
    "render_shownotes",
]

# SoundCloud's track description box takes at most 4000 characters.
SOUNDCLOUD_LIMIT = 4000
_PAGE_TAGS = {"section", "h2", "h3", "p", "ul", "ol", "li", "a", "br"}


@dataclass(frozen=True)
class ShowNotes:
    description_html: str  # description
    content_html: str  # content:encoded
    thin: bool  # True when there was no post to draw from
    text: str = ""  # SoundCloud's description box
    # itunes:summary: plain text (the W3C validator warns on HTML there), Apple's 4000 bytes
    summary: str = ""
    markdown: str = ""
    page_html: str = ""  # the show notes section of the episode page
    data: NotesData | None = None


RenderedNotes = Mapping[str, ShowNotes]  # episode slug -> notes as text


@dataclass
class _Templates:
    """One build's templates, compiled on first use (per process: forked workers too)."""

    env: Environment
    labels: Labels
    compiled: dict[str, Template]

    def render(self, name: str, notes: NotesData, **extra: Any) -> str:
        if name not in self.compiled:
            self.compiled[name] = self.env.get_template(f"shownotes/{name}")
        return self.compiled[name].render(notes=notes, labels=self.labels, **extra)


def render_notes(linked: Linked, notes: Notes, jobs: int = 1) -> RenderedNotes:
    """Every episode's notes as text, by slug (``jobs`` > 1: in forked workers)."""
    templates = _templates(linked)
    slugs = sorted(notes)
    # An episode's notes cost about 2 ms, four times a typical item's: workers pay for
    # themselves from a quarter of the usual count (200 episodes: 0.38 -> 0.22 s).
    # (``parallel.MIN_PARALLEL`` read now: a test lowers it to send a small show to workers)
    render = functools.partial(_render_one, templates, notes)
    texts = parallel.fork_map(render, slugs, jobs, least=max(1, parallel.MIN_PARALLEL // 4))
    return dict(zip(slugs, texts, strict=True))


def notes_for(episode: Episode, linked: Linked) -> ShowNotes:
    """One episode's notes, facts and text, computed afresh (audio tags, tests)."""
    return _render(notes_of(episode, linked), _templates(linked))


def render_shownotes(rendered: RenderedNotes, episodes: Iterable[Episode]) -> Output:
    """``shownotes/<slug>.txt`` (SoundCloud) and ``shownotes/<slug>.md`` per episode."""
    out: Output = {}
    for slug in sorted(e.slug for e in episodes):
        notes = rendered[slug]
        out[f"shownotes/{slug}.txt"] = notes.text.encode("utf-8")
        out[f"shownotes/{slug}.md"] = notes.markdown.encode("utf-8")
    return out


def _templates(linked: Linked) -> _Templates:
    return _Templates(_environment(linked), labels_for(linked.content.show.language), {})


def _render_one(templates: _Templates, notes: Notes, slug: str) -> ShowNotes:
    return _render(notes[slug], templates)


def _render(notes: NotesData, templates: _Templates) -> ShowNotes:
    def render(name: str, **extra: Any) -> str:
        return templates.render(name, notes, **extra)

    text = _tidy(render("notes.txt"))
    return ShowNotes(
        description_html=description_html(render("description.html")),
        content_html=sanitize(render("content.html", level=3)).strip(),
        thin=notes.thin,
        text=fit_text(text, SOUNDCLOUD_LIMIT),
        summary=fit_text(text, DESCRIPTION_LIMIT, size=_utf8_size).rstrip("\n"),
        markdown=_tidy(render("notes.md")),
        page_html=nh3.clean(
            render("page.html"),
            tags=_PAGE_TAGS,
            attributes={"a": {"href"}, "section": {"class"}},
            url_schemes=set(LINK_SCHEMES),
            link_rel="noopener",
        ).strip(),
        data=notes,
    )


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


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


# One per kind of environment: the sandbox compiles each call to a check of its own
# (``environment.call``, which a plain Environment lacks), and code compiled by one kind
# must not run in the other when a show gains or loses its templates/ under ``serve``.
_BYTECODE: dict[type[Environment], _MemoryBytecodeCache] = {}


def _environment(linked: Linked) -> Environment:
    env = environment(linked.content.root)
    env.bytecode_cache = _BYTECODE.setdefault(type(env), _MemoryBytecodeCache())
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
