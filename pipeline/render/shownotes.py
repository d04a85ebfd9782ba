"""Show notes for an episode, drawn from its paired post (or its own metadata).

The feed needs two forms: ``content:encoded`` (full, sanitised HTML) and a
``description``/``itunes:summary`` that keeps to Apple's rules (at most 4000 bytes, only
``p ol ul li a`` tags, cut at a paragraph or sentence boundary).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

from pipeline.models import Episode, Linked
from pipeline.render.markdown import to_html

DESCRIPTION_LIMIT = 4000  # bytes, Apple Podcasts
DESCRIPTION_TAGS = {"p", "ol", "ul", "li", "a"}


@dataclass(frozen=True)
class ShowNotes:
    description_html: str  # description / itunes:summary
    content_html: str  # content:encoded
    thin: bool  # True when there was no post to draw from


def notes_for(episode: Episode, linked: Linked) -> ShowNotes:
    post = linked.post_for(episode)
    base = linked.content.show.base_url
    parts: list[str] = []
    if episode.summary:
        parts.append(f"<p>{html.escape(episode.summary)}</p>")
    if post is not None:
        body = to_html(post.body)
        parts.append(body)
        url = f"{base}posts/{post.slug}/"
        parts.append(f'<p><a href="{html.escape(url)}">{html.escape(post.title)}</a></p>')
    content = "\n".join(parts) or f"<p>{html.escape(episode.title)}</p>"
    return ShowNotes(
        description_html=fit_description(content),
        content_html=content,
        thin=post is None,
    )


def fit_description(content_html: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Reduce HTML to Apple's tag subset and cut it to ``limit`` bytes at a clean boundary."""
    # Headings and other blocks become paragraphs so their text survives the tag filter.
    blocky = re.sub(r"<(/?)(h[1-6]|blockquote|pre)\b[^>]*>", r"<\1p>", content_html)
    cleaned = nh3.clean(
        blocky,
        tags=DESCRIPTION_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    cleaned = re.sub(r"<p>\s*</p>", "", cleaned).strip()
    if len(cleaned.encode("utf-8")) <= limit:
        return cleaned
    # Keep whole top-level blocks while they fit; then whole sentences of the next paragraph.
    block_html = [m.group(0) for m in re.finditer(r"<(p|ul|ol)>.*?</\1>", cleaned, re.DOTALL)]
    out = ""
    for block in block_html:
        candidate = out + block
        if len(candidate.encode("utf-8")) <= limit:
            out = candidate
            continue
        if block.startswith("<p>") and "<" not in block[3:-4]:
            out += _sentences_that_fit(block[3:-4], limit - len(out.encode("utf-8")))
        break
    return out


def _sentences_that_fit(text: str, budget: int) -> str:
    room = budget - len(b"<p></p>")
    kept = ""
    for sentence in re.split(r"(?<=[.!?…])\s+", text):
        candidate = f"{kept} {sentence}" if kept else sentence
        if len(candidate.encode("utf-8")) > room:
            break
        kept = candidate
    return f"<p>{kept}</p>" if kept else ""
