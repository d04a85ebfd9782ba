"""The "Lees ook" block that ``pipeline link --write`` keeps in each post's Markdown.

The block sits between :data:`~pipeline.link.markers.BLOCK_BEGIN` and ``BLOCK_END``. Only what
is between (and including) the markers is ever replaced; every other byte of the file,
line endings included, stays as the author wrote it. A post without a block gets one
appended, after a blank line, only when it has links to show. Rewriting a file whose block
is already current changes nothing, so a second run is a no-op.

Markers inside code (a fenced or indented code block, an inline code span) are not ours:
the page shows them as text (a post explaining the block has them in a code example), so
they are neither replaced nor counted. Where code is, and so which markers are real, is
``markers.py``'s one rule, which the build's readers of the block share.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ContentError, Problems
from pipeline.labels import labels_for
from pipeline.link.markers import BLOCK_BEGIN, BLOCK_END, Markers
from pipeline.link.markers import find_markers as markdown_markers
from pipeline.load import split_front_matter
from pipeline.models import Linked, RelatedLink, Show
from pipeline.paths import absolute, episode_path, post_path, rel
from pipeline.text.code import find_code


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
            items.append(f"- [{_text(post.title)}]({_destination(show, post_path(post))})")
        elif kind == "episode" and (ep := content.episodes_by_slug.get(slug)):
            items.append(f"- [{_text(ep.title)}]({_destination(show, episode_path(ep))})")
    if not items:
        return [BLOCK_BEGIN, BLOCK_END]
    heading = f"**{labels_for(show.language).read_also}**"
    return [BLOCK_BEGIN, heading, "", *items, BLOCK_END]


# What ends a Markdown link destination, or makes the line no link at all; other letters
# (an accent in "café") stay as written, which Markdown reads as a link as they are.
_DESTINATION = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E"})


def _destination(show: Show, path: str) -> str:
    """A page's address as a Markdown link destination: a space, a parenthesis or an angle
    bracket in a file name (``posts/2026-03-01-mijn eerste post.md``) is percent-encoded."""
    return absolute(show, path).translate(_DESTINATION)


def _text(title: str) -> str:
    """A title safe inside Markdown link text."""
    return title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _markdown_start(text: str) -> int:
    """Where the Markdown of ``text`` (a whole post file) starts: its front matter is YAML."""
    return len(text) - len(split_front_matter(text)[1])


def find_markers(text: str) -> Markers:
    """The markers in ``text`` (a whole post file) that are not code (``markers.py``)."""
    return markdown_markers(text, _markdown_start(text))


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
    fence = find_code(text + ending, _markdown_start(text)).open_fence
    if fence:
        closed = text + ending + fence + newline + newline + block + newline
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
