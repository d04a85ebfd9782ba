"""The "Lees ook" block that ``pipeline link --write`` keeps in each post's Markdown.

The block sits between :data:`~pipeline.link.text.BLOCK_BEGIN` and ``BLOCK_END``. Only what
is between (and including) the markers is ever replaced; every other byte of the file,
line endings included, stays as the author wrote it. A post without a block gets one
appended, after a blank line, only when it has links to show. Rewriting a file whose block
is already current changes nothing, so a second run is a no-op.

Markers inside a fenced (```` ``` ````, ``~~~``) or indented code block are not ours: the
page shows them as text (a post explaining the block has them in a code example), so they
are neither replaced nor counted. Code blocks are found by a CommonMark parser (blocks
only), as the page's renderer would find them, inside lists and quotes too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from pipeline.errors import ContentError, Problems
from pipeline.labels import labels_for
from pipeline.link.text import BLOCK_BEGIN, BLOCK_END
from pipeline.load import split_front_matter
from pipeline.models import Linked, RelatedLink
from pipeline.paths import absolute, episode_path, post_path, rel


def block_lines(
    links: Sequence[RelatedLink], linked: Linked, skip: Collection[str] = ()
) -> list[str]:
    """The Markdown lines of a block listing ``links`` (related ones; the pair is elsewhere).

    Targets in ``skip`` (what the author already points to by hand) are left out.
    """
    content = linked.content
    show = content.show
    items: list[str] = []
    for link in links:
        if link.kind != "related" or link.target in skip:
            continue
        kind, _, slug = link.target.partition(":")
        if kind == "post" and (post := content.posts_by_slug.get(slug)):
            items.append(f"- [{_text(post.title)}]({absolute(show, post_path(post))})")
        elif kind == "episode" and (ep := content.episodes_by_slug.get(slug)):
            items.append(f"- [{_text(ep.title)}]({absolute(show, episode_path(ep))})")
    if not items:
        return [BLOCK_BEGIN, BLOCK_END]
    heading = f"**{labels_for(show.language).read_also}**"
    return [BLOCK_BEGIN, heading, "", *items, BLOCK_END]


def _text(title: str) -> str:
    """A title safe inside Markdown link text."""
    return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


Span = tuple[int, int]  # [start, end) character offsets in a post file


@dataclass(frozen=True)
class Markers:
    """Where a post file's markers are, those inside code blocks left out."""

    begins: list[int]
    ends: list[int]

    def block(self) -> Span | None:
        """The block: the first begin marker to the first end marker after it."""
        if not self.begins:
            return None
        end = next((e for e in self.ends if e > self.begins[0]), None)
        return None if end is None else (self.begins[0], end + len(BLOCK_END))


_NEWLINE = re.compile(r"\r\n|\r|\n")  # markdown-it's line breaks, each one line


@lru_cache(maxsize=1)
def _blocks_parser() -> MarkdownIt:
    # Raw HTML on as in CommonMark: a fence-like line inside an HTML block is no fence.
    return MarkdownIt("commonmark", {"html": True}).disable("inline")


def _code(text: str) -> tuple[list[Span], list[str]]:
    """(spans of ``text`` inside fenced or indented code blocks, the fence of a fenced block
    still open at the end). The front matter is YAML, never Markdown: left out."""
    _, body, _ = split_front_matter(text)
    offset = len(text) - len(body)
    starts = [0, *(m.end() for m in _NEWLINE.finditer(body))]
    spans: list[Span] = []
    open_fence: list[str] = []
    for token in _blocks_parser().parse(body):
        if token.type not in ("fence", "code_block") or not token.map:
            continue
        first, last = token.map
        end = starts[last] if last < len(starts) else len(body)
        spans.append((offset + starts[first], offset + end))
        if token.type == "fence" and token.level == 0 and end == len(body):
            # Open at the end unless its last line closes it (markdown-it ends the token
            # at the last line either way): a run of the fence's character, as long.
            closing = body[starts[last - 1] : end].strip() if last - 1 > first else ""
            fence = token.markup
            if not (closing.startswith(fence) and not closing.strip(fence[0])):
                open_fence = [fence]
    return spans, open_fence


def find_markers(text: str) -> Markers:
    """The offsets of the markers in ``text`` (a whole post file) that are not code."""
    if BLOCK_BEGIN not in text and BLOCK_END not in text:
        return Markers([], [])  # most files before a first --write: no parse
    spans = _code(text)[0]

    def outside(marker: str) -> list[int]:
        found = (m.start() for m in re.finditer(re.escape(marker), text))
        return [at for at in found if not any(a <= at < b for a, b in spans)]

    return Markers(outside(BLOCK_BEGIN), outside(BLOCK_END))


def with_block(text: str, lines: Sequence[str], markers: Markers | None = None) -> str:
    """``text`` (a whole post file) with its block set to ``lines``.

    Uses the file's own line ending. An empty block is only written where one already was.
    ``markers``: :func:`find_markers` of ``text``, when the caller has them already.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    block = newline.join(lines)
    found = (markers or find_markers(text)).block()
    if found:
        return text[: found[0]] + block + text[found[1] :]
    if len(lines) <= 2:  # nothing to list and no block yet: leave the file alone
        return text
    ending = "" if text.endswith(("\n", "\r")) or not text else newline
    new = text + ending + newline + block + newline
    if find_markers(new).block() is not None:
        return new
    # The post ends inside a fenced code block left open, which the appended block would
    # join as text (and the next run append another): the fence is closed first, which
    # shows the code as before. Should that not do either, the file is left alone.
    fences = _code(text + ending)[1]
    if fences:
        closed = text + ending + fences[0] + newline + newline + block + newline
        if find_markers(closed).block() is not None:
            return closed
    return text


@dataclass(frozen=True)
class BlockChange:
    """One post whose block ``link --write`` would set: its file, text before and after."""

    path: Path
    name: str  # as the user knows it, relative to the show folder
    old: str
    new: str


def plan_blocks(linked: Linked) -> list[BlockChange]:
    """Every post whose block would change, in file order; nothing is written.

    Raises ContentError naming each post whose markers are broken (a begin without an end,
    two blocks, an end before the begin): such a file is never touched.
    """
    content = linked.content
    problems = Problems()
    changes: list[BlockChange] = []
    for post in sorted(content.posts, key=lambda p: p.source):
        raw = post.source.read_bytes().decode("utf-8")  # load_content checked it is UTF-8
        where = rel(post.source, content.root)
        markers = find_markers(raw)  # those in code blocks are the author's text
        begins, ends = len(markers.begins), len(markers.ends)
        if (begins or ends) and not (begins == ends == 1 and markers.begins[0] < markers.ends[0]):
            line = raw.count("\n", 0, (markers.begins or markers.ends)[0]) + 1
            problems.describe(
                where,
                line,
                "lees-ook block",
                f"{begins} begin and {ends} end markers",
                "one begin marker followed by one end marker (or none)",
            )
            continue
        key = f"post:{post.slug}"
        by_hand = {p.target for p in linked.pointers if p.source == key and p.target}
        links = block_lines(linked.related.get(key, ()), linked, by_hand)
        new = with_block(raw, links, markers)
        if new != raw:
            changes.append(BlockChange(post.source, where, raw, new))
    problems.raise_if_any(ContentError)
    return changes
