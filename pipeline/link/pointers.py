"""Resolve the links authors type by hand to the posts they mean.

Two kinds: "Lees ook: <title>" lines (``Post.pointers``, found by ``load.POINTER``) and
Markdown links to other posts by slug, site path or old URL (``/2026/02/11/slug.html``,
``permalink``/``redirect_from`` in the other post's front matter). Titles are compared
without case, accents or punctuation, and small typos are forgiven (rapidfuzz ratio at
least ``FUZZY_MATCH``). What matches nothing becomes a notice with file and line; it never
stops a build. Our own "Lees ook" block is skipped: ``pipeline link --write`` made it. So is
code (a fenced or indented block, an inline code span): a "Lees ook" line or a link there
is the author's example, which the page shows as written (``text/code.py``'s rule).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from rapidfuzz import fuzz, process

from pipeline.errors import show_value
from pipeline.link.markers import find_markers
from pipeline.link.text import fold
from pipeline.models import Content, Post, ResolvedPointer
from pipeline.paths import rel
from pipeline.text.code import Code, find_code
from pipeline.text.lines import LineCounter

FUZZY_MATCH = 88.0  # rapidfuzz ratio (0-100) of normalised titles
SUGGEST = 60.0  # closest title worth naming in a notice
# Linear: the link text and the target stop at the next "[", and every part stays on one
# line, so no "[" or '"' rescans the rest of the post (from each "[a](": quadratic, 55 s
# for 80 KB). It starts with its "[", so a search jumps from one "[" to the next; an
# image's "![" is left out by md_links (a look-behind here made every character of every
# post a place to try: 0.4 of 0.9 s for 10,000 posts).
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([ \t]*<?([^)\s>\[]++)>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)")
_POSTISH = re.compile(r"^(?:posts?/|\d{4}/\d{2}/)|\.(?:html|md|markdown)$")
_JEKYLL_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def md_links(text: str) -> Iterator[re.Match[str]]:
    """The Markdown links in ``text`` (not images), in order: what ``finditer`` gives for
    the pattern with ``(?<!!)`` in front."""
    at = 0
    while (found := _MD_LINK.search(text, at)) is not None:
        start = found.start()
        if start and text[start - 1] == "!":  # an image: a link may still start after "!["
            at = start + 1
            continue
        yield found
        at = found.end()


@dataclass(frozen=True)
class PointerReport:
    pointers: tuple[ResolvedPointer, ...]
    notices: tuple[str, ...]  # "posts/x.md:31: ..." for what matches nothing


def normal_title(text: str) -> str:
    """``"De Etalage, als stille verkoper!"`` -> ``de etalage als stille verkoper``."""
    return " ".join(re.findall(r"\w+", fold(text)))


def _url_key(url: str, base_url: str) -> str:
    """A site-relative path without query, anchor, ``index.html`` or ``.html``, its
    percent-escapes decoded."""
    if base_url and url.startswith(base_url):
        url = url[len(base_url) :]
    elif "://" in url:
        host_path = url.split("://", 1)[1]
        url = host_path.split("/", 1)[1] if "/" in host_path else ""
    url = url.split("#", 1)[0].split("?", 1)[0].strip("/")
    url = url.removesuffix("index.html").strip("/")
    for suffix in (".html", ".md", ".markdown"):
        url = url.removesuffix(suffix)
    # As a browser's address bar gives it: "posts/caf%C3%A9-open" is the post café-open.
    return unquote(url).lower()


class _Index:
    """Every way a post can be named: title, slug, file stem, site path, old URLs."""

    def __init__(self, posts: Iterable[Post], base_url: str):
        self.base_url = base_url
        self.titles: dict[str, str] = {}
        self.paths: dict[str, tuple[str, str]] = {}  # url key -> (slug, how)
        for post in sorted(posts, key=lambda p: (p.date, p.slug)):
            self.titles.setdefault(normal_title(post.title), post.slug)
            for key in (post.slug, post.stem, f"posts/{post.slug}"):
                self.paths.setdefault(key.lower(), (post.slug, "slug"))
            if post.date is not None:
                dated = f"{post.date:%Y/%m/%d}/{post.slug}".lower()
                self.paths.setdefault(dated, (post.slug, "slug"))
            for alias in post.aliases:
                self.paths.setdefault(_url_key(alias, base_url), (post.slug, "alias"))
        self.choices = sorted(self.titles)

    def by_title(self, text: str) -> tuple[str | None, str, str | None]:
        """(slug, how, closest title for a notice)."""
        slugish = _JEKYLL_NAME.sub("", text.strip().strip("/").lower())
        if slugish in self.paths:
            return self.paths[slugish][0], "slug", None
        wanted = normal_title(text)
        if wanted in self.titles:
            return self.titles[wanted], "title", None
        if not self.choices or not wanted:
            return None, "", None
        best = process.extractOne(wanted, self.choices, scorer=fuzz.ratio)
        if best is not None and best[1] >= FUZZY_MATCH:
            return self.titles[best[0]], "fuzzy", None
        near = best[0] if best is not None and best[1] >= SUGGEST else None
        return None, "", near

    def by_url(self, url: str) -> tuple[str | None, str]:
        key = _url_key(url, self.base_url)
        if key in self.paths:
            return self.paths[key]
        last = key.rsplit("/", 1)[-1]
        last = _JEKYLL_NAME.sub("", last)
        if _POSTISH.search(key) and last in self.paths:
            return self.paths[last][0], "slug"
        return None, ""

    def internal(self, url: str) -> bool:
        """Worth resolving: a link into this site that looks like a post."""
        if url.startswith(("#", "mailto:")):
            return False
        if "://" in url and not url.startswith(self.base_url):
            return False
        key = _url_key(url, self.base_url)
        path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
        return key in self.paths or bool(_POSTISH.search(key) or _POSTISH.search(path))


def resolve_pointers(content: Content) -> PointerReport:
    """Resolve every post's pointers and internal post links; unresolved ones as notices."""
    index = _Index(content.posts, content.show.base_url)
    found: list[ResolvedPointer] = []
    notices: list[str] = []
    for post in sorted(content.posts, key=lambda p: p.source):
        where = rel(post.source, content.root)
        skip = _block_lines(post)
        code = _Code(post)
        source = f"post:{post.slug}"
        pointer_lines = set()
        for pointer in post.pointers:
            if pointer.line in skip or code.on_line(pointer.line):
                continue
            pointer_lines.add(pointer.line)
            link = next(md_links(pointer.text), None)
            slug, how, near = None, "", None
            if link:
                slug, how = index.by_url(link[2])
            if slug is None:
                slug, how, near = index.by_title(link[1] if link else pointer.text)
            found.append(_made(source, where, pointer.line, pointer.text, slug, how))
            if slug is None:
                hint = f" (closest: {index.titles[near]!r})" if near else ""
                notices.append(
                    f"{where}:{pointer.line}: pointer {show_value(pointer.text, 120)} matches"
                    f" no post{hint}"
                )
        for line, at, text, url in _links(post):
            if line in skip or line in pointer_lines or not index.internal(url) or at in code:
                continue
            slug, how = index.by_url(url)
            found.append(_made(source, where, line, url, slug, how))
            if slug is None:
                shown = f"{show_value(url, 120)} ({show_value(text, 120)})"
                notices.append(f"{where}:{line}: link {shown} matches no post")
    return PointerReport(tuple(found), tuple(notices))


def _made(
    source: str, where: str, line: int, text: str, slug: str | None, how: str
) -> ResolvedPointer:
    target = f"post:{slug}" if slug else None
    return ResolvedPointer(source, where, line, text, target, how if slug else "")


def _block_lines(post: Post) -> set[int]:
    """File lines inside our own "Lees ook" block."""
    lines: set[int] = set()
    for start, end in find_markers(post.body).blocks():
        first = post.body_line + post.body.count("\n", 0, start)
        last = first + post.body.count("\n", start, end)
        lines.update(range(first, last + 1))
    return lines


_LEAD = re.compile(r"[ \t*_>]*+")  # what load.POINTER allows before "Lees ook"


class _Code:
    """Where a post's body is code, worked out when first asked (most posts have no pointer
    or link to a post to ask about, most of the others no code to parse)."""

    def __init__(self, post: Post) -> None:
        self.post = post

    @functools.cached_property
    def code(self) -> Code:
        return find_code(self.post.body)

    @functools.cached_property
    def starts(self) -> list[int]:
        return [0, *(m.end() for m in re.finditer("\n", self.post.body))]

    def __contains__(self, at: object) -> bool:
        """Whether the body's character at offset ``at`` is code."""
        return at in self.code

    def on_line(self, line: int) -> bool:
        """Whether a pointer's "Lees ook" on file ``line`` is code."""
        row = line - self.post.body_line
        if not self.code.spans or not 0 <= row < len(self.starts):
            return False
        lead = _LEAD.match(self.post.body, self.starts[row])
        return (lead.end() if lead else self.starts[row]) in self.code


def _links(post: Post) -> list[tuple[int, int, str, str]]:
    """(file line, offset in the body, link text, url) of every Markdown link in the body."""
    line_of = LineCounter(post.body, post.body_line)
    return [(line_of(m.start()), m.start(), m[1], m[2]) for m in md_links(post.body)]
