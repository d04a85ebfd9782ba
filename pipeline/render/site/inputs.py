"""What an episode's or a post's page is made from, digested before it is made: the same as
at the last build, and the page is taken from the output unmade (``memo.PageReuse.unchanged``).

Making a page's values only to find its key the same was half of an edit's cost at
10,000 posts (``pages.py`` makes them). The inputs are over-cautious where that is cheap (a
related post's whole text, not its title and date; an episode's notes in each form its page
shows): a digest that changes without need costs one page made again; one that misses a
value would leave a page stale, which tests catch by making every page found unchanged all
the same and comparing its key (``site.CHECK_INPUTS``).

Of the build's lists of files and pages, a page holds only the answers it asks for: whether
each page its text links to is part of the build (``Site.body_html``), which post a link to
a Markdown file means, and which pictures, chapters and feeds there are. Digesting the
whole lists made every page anew when a post or an episode was added: the weekly change.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from pipeline.models import Episode, Post
from pipeline.render.chapters import chapters_path
from pipeline.render.links import Linker
from pipeline.render.site.digests import Unknown
from pipeline.render.site.helpers import inline_html
from pipeline.render.site.images import SIZES, thumb_path
from pipeline.render.site.transcript import read_cues

if TYPE_CHECKING:
    from pipeline.render.site.context import Site

Asked = list[tuple[str, object]]  # what a page asked of the build's lists, and the answer


def site_inputs(site: Site, template: str) -> bytes | None:
    """What every page of ``template`` is made from besides its own item and what it asks
    of the build's lists (:func:`_asked`). None where pages get no keys."""
    if not site.reuse.active:
        return None
    try:
        return site.reuse.shared_with((template, site.drafts_after))
    except (Unknown, RecursionError):
        return None


def post_inputs(site: Site, shared: bytes | None, post: Post, link: Linker) -> str | None:
    """A digest of everything ``pages.post_page`` makes the post's page from (``shared``:
    :func:`site_inputs` of post pages; ``link``: the page's linker): the post, its HTML,
    its episode (if in this build) and the notes' chapters, its related links and what they
    point at, and what it asks of the build's lists."""
    if shared is None:
        return None
    episode = site.linked.episode_for(post)
    if episode is not None and episode.slug not in site.episode_by_slug:
        episode = None
    notes = site.notes[episode.slug].data if episode is not None else None
    body = site.bodies[post.slug]
    values = (
        post, body, episode, notes.chapters if notes else None,
        *_related(site, f"post:{post.slug}"), _asked(site, episode, link, body),
    )  # fmt: skip
    return _key(site, shared, values)


def episode_inputs(site: Site, shared: bytes | None, episode: Episode, link: Linker) -> str | None:
    """A digest of everything ``pages.episode_page`` makes the episode's page from
    (``shared``: :func:`site_inputs` of episode pages): the episode, its show notes as the
    page shows them, its post and that post's HTML (if in this build), its related links
    and what they point at, its transcript's cues (the file, not the YAML, may have
    changed), and what it asks of the build's lists."""
    if shared is None:
        return None
    post = site.linked.post_for(episode)  # left out of its related items even if not due
    in_build = post is not None and post.slug in site.post_by_slug
    notes = site.notes[episode.slug]
    article = site.bodies[post.slug] if post is not None and in_build else None
    texts = [notes.page_html or notes.content_html, article or ""]
    if notes.data:
        texts.append(inline_html(notes.data.lead))
    cues = read_cues(site.root / episode.transcript) if episode.transcript else ()
    # The notes as the page shows them (not their Markdown, plain text and summary)
    shown = (notes.data, notes.description_html, notes.page_html, notes.content_html)
    values = (
        episode, shown, post, in_build, article, cues,
        *_related(site, f"episode:{episode.slug}"), _asked(site, episode, link, *texts),
    )  # fmt: skip
    return _key(site, shared, values)


def _asked(site: Site, episode: Episode | None, link: Linker, *texts: str) -> str:
    """What a page with ``texts`` shown through ``Site.body_html`` and ``episode``'s player
    asks of the build's lists, with the answers: as one text (their ``repr``, which says
    each apart), digested at once rather than piece by piece."""
    asked: Asked = []
    for text in texts:
        asked += _links_asked(site, text)
    images = [site.show.artwork]
    if episode is not None:
        images.append(episode.image or site.show.artwork)
        asked.append(("chapters", chapters_path(episode) in site.outputs))
    for image in images:
        asked += ((f"{image} {s}", thumb_path(image, s) in site.outputs) for s in SIZES)
    asked.append(("feeds", site.feeds(link)))
    return repr(asked)


def _links_asked(site: Site, html: str) -> Asked:
    """What ``Site.body_html`` asks of the build's lists for ``html``, or more: whether each
    page an attribute value under the base URL points at is part of the build (as
    ``links.relativize`` asks), and which page each value naming a Markdown file means (as
    ``links.rewrite_source_links`` asks, of values made relative or not). The values are
    found by splitting the text, not by doing that work (it is done for every page, made
    or not), from every ``="`` on: both look at values from there to the next ``"``, and a
    ``="`` in text (inline code is not escaped) must not hide the real value after it."""
    base = site.show.base_url
    asked: Asked = []
    if base in html:
        for after in _values(html, '="' + base):
            rest = after.partition("#")[0].partition("?")[0]
            page = rest + "index.html" if rest == "" or rest.endswith("/") else rest
            asked.append((page, page in site.known))
    if ".md" in html or ".markdown" in html:
        for value in _values(html, '="'):
            target = value.partition("#")[0]
            if target.endswith((".md", ".markdown")):
                stem = posixpath.splitext(posixpath.basename(target))[0]
                asked.append((stem, site.post_pages.get(stem)))
    return asked


def _values(html: str, start: str) -> list[str]:
    """The text from each ``start`` (which begins with ``="``) to the next ``"``: values
    that may overlap (one whose text holds no ``"`` before the next ``start`` ends at its
    quote). Split at every ``start`` in one call: a search trying each place in the text
    cost more than every page it spared an edit at 10,000 posts."""
    pieces = html.split(start)
    found = []
    for piece in pieces[1:-1]:
        end = piece.find('"')
        found.append(piece[:end] if end >= 0 else piece + "=")
    if len(pieces) > 1 and (end := pieces[-1].find('"')) >= 0:
        found.append(pieces[-1][:end])
    return found


def _related(site: Site, key: str) -> tuple[list[tuple[str, str]], list[Episode | Post | None]]:
    """An item's related links in the order its page lists them (their scores shift a
    little with any edit of the show's words, the order seldom), and what they point at."""
    found = site.related_links(key)
    return [(rel.target, rel.reason) for rel, _ in found], [target for _, target in found]


def _key(site: Site, shared: bytes, values: tuple[object, ...]) -> str | None:
    try:
        return site.reuse.inputs_key(shared, values)
    except (Unknown, RecursionError):
        return None
