"""What show notes take from a post: its lead, section headings, links and timestamp lines.

Read from markdown-it's token stream (not from rendered HTML), so raw HTML in a post
(players, scripts) never becomes note text: only Markdown text and Markdown links do.
Everything returned is plain text plus link targets; escaping is the renderer's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.spec.html import RAW_TEXT_ELEMENTS
from pipeline.text.clock import timestamp_lines
from pipeline.text.xml import xml_text

_SPACE = re.compile(r"\s+")
_HIDDEN_OPEN = re.compile(rf"<({'|'.join(RAW_TEXT_ELEMENTS)})\b", re.IGNORECASE)


def clean_text(text: str) -> str:
    """The text without characters a feed cannot carry (a vertical tab, Word's line break,
    becomes a space rather than joining two words)."""
    return xml_text(text)


def squash(text: str) -> str:
    """Clean text on one line: runs of white space become one space."""
    return _SPACE.sub(" ", clean_text(text)).strip()


@dataclass(frozen=True)
class Segment:
    """A run of text, a link when ``href`` is set."""

    text: str
    href: str | None = None


Inline = tuple[Segment, ...]


@dataclass(frozen=True)
class PostFacts:
    lead: Inline  # the opening paragraph
    headings: tuple[str, ...]  # the key points
    links: tuple[Segment, ...]  # every link, once, with the text it first had
    timestamps: tuple[tuple[int, float, str, str | None], ...]  # file line, start, title, url
    malformed: tuple[tuple[int, str], ...]  # file line, text of a bad timestamp line


Resolver = Callable[[str], str | None]  # a link target as written -> absolute URL or None


# Raw HTML kept (and skipped as note text); no bare-URL links, so that a link always
# needs a "[" or a "<" (post_facts parses only the blocks that can hold one).
_OPTIONS = {"html": True, "linkify": False, "typographer": False}


def _any_link(url: str) -> bool:
    return True


def _markdown_it() -> MarkdownIt:
    """CommonMark as the page's renderer (cmark-gfm) reads it: a link to any address is a
    link. markdown-it's own check left ``[klik](javascript:...)`` as its Markdown source,
    which the notes then showed as text, and a ``[b]: https://...`` definition under a
    refused one undefined, so ``[tekst][b]`` too; the resolver (``facts.resolver``) drops
    the addresses a listener cannot follow, keeping their text."""
    parser = MarkdownIt("commonmark", _OPTIONS)
    parser.validateLink = _any_link  # type: ignore[method-assign]
    return parser


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return _markdown_it()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The same parser, blocks only: :func:`post_facts` parses the inline content of the
    few blocks it reads (a third of a show's notes' time went to parsing the rest)."""
    return _markdown_it().disable("inline")


def inline_text(segments: Sequence[Segment]) -> str:
    return "".join(s.text for s in segments).strip()


def inline_segments(children: Sequence[Token], resolve: Resolver) -> Inline:
    """The children of an inline token as text and link segments, white space squashed."""
    out: list[Segment] = []
    href: str | None = None
    buffer: list[str] = []
    hidden: str | None = None  # inside an inline <script> or <style>: its text is not text
    closed = _closed_openers(children)

    def flush(target: str | None) -> None:
        text = _SPACE.sub(" ", clean_text("".join(buffer)))
        buffer.clear()
        if not text:
            return
        if target is None and out and out[-1].href is None:
            out[-1] = Segment(out[-1].text + text)
        else:
            out.append(Segment(text, target))

    for token in children:
        if token.type == "html_inline":
            if hidden is None and (m := _HIDDEN_OPEN.match(token.content)):
                if id(token) in closed:
                    hidden = m[1].lower()
                else:  # prose that mentions <style>: a tag never closed hides nothing
                    buffer.append(token.content)
            elif hidden is not None and token.content.lower().startswith(f"</{hidden}"):
                hidden = None
        elif hidden is not None:
            continue
        elif token.type == "link_open":
            flush(None)
            href = resolve(str(token.attrGet("href") or ""))
        elif token.type == "link_close":
            flush(href)
            href = None
        elif token.type in ("text", "code_inline"):
            buffer.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            buffer.append(" ")
    flush(href)
    if out:
        out[0] = Segment(out[0].text.lstrip(), out[0].href)
        out[-1] = Segment(out[-1].text.rstrip(), out[-1].href)
    return tuple(s for s in out if s.text)


def _closed_openers(children: Sequence[Token]) -> set[int]:
    """Inline raw-text openers (``<style>``, ``<script>``...) that their end tag closes
    later in the same paragraph; only their content is not text."""
    closed: set[int] = set()
    open_at: dict[str, list[Token]] = {}
    for token in children:
        if token.type != "html_inline":
            continue
        if m := _HIDDEN_OPEN.match(token.content):
            open_at.setdefault(m[1].lower(), []).append(token)
        elif token.content.startswith("</"):
            name = token.content[2:].split(">")[0].strip().lower()
            if open_at.get(name):
                closed.add(id(open_at[name].pop(0)))
    return closed


def parse_inline(text: str, resolve: Resolver) -> Inline:
    """One line of Markdown (a chapter title) as segments."""
    tokens = _parser().parseInline(text)
    return inline_segments(tokens[0].children or [], resolve) if tokens else ()


def post_facts(body: str, body_line: int, resolve: Resolver, whole: bool = False) -> PostFacts:
    """Everything the notes take from one post body (``body_line``: its first file line).

    The inline content of a block is parsed only where the facts can be: a heading, the
    paragraphs up to the lead, and any block with a ``[`` or ``<`` in it (a link, a
    reference, an autolink, inline HTML). ``whole``: one parse of everything instead, what
    the facts must equal (tests compare)."""
    env: dict[str, Any] = {}  # the block parse's link references, for the inline parses
    tokens = _parser().parse(body) if whole else _block_parser().parse(body, env)
    lead: Inline = ()
    headings: dict[str, list[str]] = {"h2": [], "h3": []}
    links: dict[str, Segment] = {}
    for i, token in enumerate(tokens):
        if token.type != "inline":
            continue
        opener = tokens[i - 1] if i else None
        if whole:
            children = token.children
        elif (
            "[" in token.content
            or "<" in token.content
            or (opener is not None and opener.tag in headings and opener.type == "heading_open")
            or (not lead and opener is not None and opener.type == "paragraph_open")
        ):
            children = _parser().parseInline(token.content, env)[0].children
        else:
            continue
        segments = inline_segments(children or [], resolve)
        for seg in segments:
            if seg.href and seg.href not in links:
                links[seg.href] = Segment(squash(seg.text) or seg.href, seg.href)
        if opener is None:
            continue
        if not lead and opener.type == "paragraph_open" and opener.level == 0:
            if inline_text(segments):
                lead = segments
        elif opener.type == "heading_open" and opener.tag in headings:
            text = squash(inline_text(segments))
            if text:
                headings[opener.tag].append(text)
    found, malformed = timestamp_lines(body)
    stamps = []
    for line, start, title in found:
        segments = parse_inline(title, resolve)
        url = next((s.href for s in segments if s.href), None)
        stamps.append((body_line + line - 1, start, squash(inline_text(segments)), url))
    return PostFacts(
        lead=lead,
        headings=tuple(headings["h2"] or headings["h3"]),
        links=tuple(links.values()),
        timestamps=tuple(stamps),
        malformed=tuple((body_line + line - 1, text) for line, text in malformed),
    )
