"""Every post's body as HTML, once per build, for its page, its episode's page and the
Atom feeds (which had each rendered it again: four times a post at 1,000 posts).

Hand-written cross-links become links first. The linker (``link/pointers.py``) has
matched every "Lees ook: <title>" line and every Markdown link to another post (by slug,
old URL...) to the post it means; before the Markdown is rendered, a resolved line's text
becomes a link to that post, and a resolved link gets the post's current address (an old
``/2026/02/11/x.html`` would be a dead link on this site). Nothing else in the text
changes, and the post file is never touched. Links are absolute here; the pages make
their own relative. Code stays as written: the linker resolves nothing in it, and a line
with a link both in inline code and outside has the one outside rewritten
(``text/code.py``'s rule of where code is).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from urllib.parse import quote

from pipeline.models import Linked, Post, ResolvedPointer
from pipeline.parallel import fork_map
from pipeline.paths import absolute, post_path
from pipeline.render.markdown import to_html
from pipeline.text.code import Code, find_code

Bodies = Mapping[str, str]  # post slug -> the body's sanitised HTML


def post_bodies(linked: Linked, posts: Sequence[Post], jobs: int = 1) -> Bodies:
    """The HTML of every post in ``posts`` (``jobs`` > 1: in forked workers)."""
    return render_texts(linked_texts(linked, posts), jobs)


def linked_texts(linked: Linked, posts: Sequence[Post]) -> dict[str, str]:
    """Each post's Markdown with its resolved pointers linked: all its HTML follows from
    (``body_memo.py`` keeps the HTML by it)."""
    show = linked.content.show
    in_build = {p.slug: p for p in posts}
    by_post: dict[str, list[ResolvedPointer]] = defaultdict(list)
    for pointer in linked.pointers:
        if pointer.target is not None:
            by_post[pointer.source].append(pointer)

    def url_of(target: str) -> str | None:
        found = in_build.get(target.partition(":")[2])
        return absolute(show, post_path(found)) if found is not None else None

    texts = {}
    for post in posts:
        pointers = by_post.get(f"post:{post.slug}")
        texts[post.slug] = link_pointers(post, pointers, url_of) if pointers else post.body
    return texts


def render_texts(texts: Mapping[str, str], jobs: int = 1) -> dict[str, str]:
    """slug -> the HTML of its linked Markdown (``jobs`` > 1: in forked workers)."""
    return dict(zip(texts, fork_map(to_html, list(texts.values()), jobs), strict=True))


# Linear, like link/pointers.py's: text and target stop at the next "[" and stay on the line.
_MD_LINK = re.compile(r"(\[[^\[\]\n]*\]\([ \t]*<?)([^)\s>\[]++)(>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\))")


def _md_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


# What ends or breaks a Markdown link's address: a slug may hold them ("a (b)", "met spatie"),
# and "[titel](https://.../posts/a (b)/)" was shown as written, or linked to .../posts/a.
_BREAKS_ADDRESS = re.compile(r"[\s()<>\\\x00-\x1f\x7f]")


def _md_url(url: str) -> str:
    """``url`` as a Markdown link's address: what would break one percent-encoded (the
    same address to a browser and a web server)."""
    return _BREAKS_ADDRESS.sub(lambda m: quote(m[0], safe=""), url)


def link_pointers(
    post: Post, pointers: Iterable[ResolvedPointer], url_of: Callable[[str], str | None]
) -> str:
    """``post.body`` with its resolved pointers as links to the posts they mean.

    ``url_of``: ``"post:<slug>"`` -> that post's absolute URL, or None when the post is not in
    this build (a draft left out): then the line stays as written.
    """
    lines = post.body.split("\n")
    # Each line worked on, its inline code masked: what is searched (the edits are outside
    # code, so they are made to both alike).
    masked: dict[int, str] = {}
    code: tuple[Code, list[int]] | None = None  # the body's code and line starts, once
    source = f"post:{post.slug}"
    for pointer in pointers:
        if pointer.source != source or pointer.target is None:
            continue
        url = url_of(pointer.target)
        index = pointer.line - post.body_line
        if url is None or not 0 <= index < len(lines):
            continue
        line = lines[index]
        if index not in masked:
            if "`" in line:  # else no code span starts or ends on it, and it is no code
                if code is None:
                    code = find_code(post.body), _starts(lines)
                masked[index] = _masked(line, code[1][index], code[0])
            else:
                masked[index] = line
        edit = _edit(masked[index], pointer.text, url)
        if edit is not None:
            start, end, new = edit
            lines[index] = line[:start] + new + line[end:]
            masked[index] = masked[index][:start] + new + masked[index][end:]
    return "\n".join(lines)


def _starts(lines: Sequence[str]) -> list[int]:
    """The offset of each line in the text they were split from (at "\n")."""
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _masked(line: str, start: int, code: Code) -> str:
    """``line`` (at offset ``start`` of the body) with each character of code as NUL, which
    no link's text, address or title search matches across."""
    chars = list(line)
    first = max(bisect_right(code.spans, start, key=lambda span: span[0]) - 1, 0)
    for a, b in code.spans[first:]:
        if a >= start + len(line):
            break
        for at in range(max(a - start, 0), min(b - start, len(chars))):
            chars[at] = "\0"
    return "".join(chars)


def _linked_line(line: str, text: str, url: str) -> str:
    """``line`` with the pointer ``text`` linking to ``url`` (:func:`_edit`)."""
    edit = _edit(line, text, url)
    return line if edit is None else line[: edit[0]] + edit[2] + line[edit[1] :]


def _edit(line: str, text: str, url: str) -> tuple[int, int, str] | None:
    """What to replace in ``line`` to make the pointer ``text`` link to ``url``: (start,
    end, new text), or None.

    ``text`` is a link's address (a Markdown link to another post), a "Lees ook" line's own
    Markdown link, or a "Lees ook" line's plain title.
    """
    inner = _MD_LINK.search(text)
    wanted = inner[2] if inner else text
    for found in _MD_LINK.finditer(line):
        if found[2] == wanted:
            fragment = wanted.partition("#")[2]  # a link to a heading keeps its heading
            target = f"{_md_url(url)}#{fragment}" if fragment else _md_url(url)
            return found.start(2), found.end(2), target
    if inner is None and text and text in line and "](" not in line:
        at = line.rindex(text)
        return at, at + len(text), f"[{_md_text(text)}]({_md_url(url)})"
    return None
