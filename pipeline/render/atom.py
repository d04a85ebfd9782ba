"""An Atom feed of the blog posts (``posts.atom``), each post linking to its episode.

A post paired with an episode gets a ``rel="related"`` link to the episode page and a
``rel="enclosure"`` link to its audio, so feed readers show "listen" next to the article.
Entry ids are the post URLs (they never change: slugs are permanent, see README).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from pipeline import __version__
from pipeline.labels import labels_for
from pipeline.models import Linked, Post, Show
from pipeline.paths import absolute, enclosure_url, episode_path, feed_uri, post_path
from pipeline.render import Output
from pipeline.render.bodies import Bodies
from pipeline.render.links import attribute_values, rewrite_source_links
from pipeline.text.dates import written_moment
from pipeline.text.urls import resolved
from pipeline.text.xml import xml_safe, xml_text

ATOM_FILE = "posts.atom"
# Readers poll for what is new; like jekyll-feed, the feed carries the newest posts only
# (all 10,000 posts of a large blog made a 21 MB file fetched every hour).
ATOM_ENTRIES = 50
# Atom requires a feed's <updated>. A feed with nothing at all to date it by (no post and no
# episode due: a new show) gets the epoch, in UTC, not the build machine's zone (CI and a
# laptop would differ): the clock would make every build differ, and any other fixed date
# would claim a change that never happened.
NOTHING_DUE = datetime(1970, 1, 1, tzinfo=UTC)


class _NoFeedLinks(BaseExtension):  # type: ignore[misc]
    """Channel half of :class:`EntryLinks` (feedgen registers extensions in pairs)."""


class EntryLinks(BaseEntryExtension):  # type: ignore[misc]
    """Entry links with their ``rel``/``type``/``title``.

    feedgen 1.0 drops every attribute but ``href`` from Atom entry links (a shadowed loop
    variable), which would turn "related" and "enclosure" into "alternate" links.
    """

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: object) -> object:
        for attributes in self.links:
            xml_elem("link", entry, **attributes)
        return entry


@dataclass
class AtomShared:
    """What every Atom feed of one build shares: a large blog has hundreds of tag feeds, and
    a post is in the feed of each of its tags (3,000 entries at 1,000 posts)."""

    show: Show  # XML-safe
    pages: Mapping[str, str]  # post slug and file stem -> its page, for links between posts
    listen: str  # the link that stands in for a player, in the show's language
    entries: dict[str, str] = field(default_factory=dict)  # post slug -> its <entry>, as XML


def atom_shared(linked: Linked) -> AtomShared:
    posts = linked.content.posts
    pages = {p.slug: post_path(p) for p in posts} | {p.stem: post_path(p) for p in posts}
    show = xml_safe(linked.content.show)
    return AtomShared(show, pages, labels_for(show.language).listen)


def render_atom(linked: Linked, posts: Sequence[Post], bodies: Bodies) -> Output:
    """``posts.atom`` with the newest ATOM_ENTRIES of the given (already due) posts."""
    show = linked.content.show
    # Before the first post the feed holds only the show's own elements (its title, its
    # description, the link to the podcast feed), so it is as new as the show's newest due
    # episode, the moment feed.xml is dated by; the epoch read as 1 January 1970.
    since = max((e.date for e in linked.content.episodes), default=NOTHING_DUE)
    return {ATOM_FILE: atom_feed(linked, posts, bodies, ATOM_FILE, show.title, "", empty=since)}


_END = b"</feed>\n"
_ENTRY_START = "\n  <entry>"
_ENTRY_END = "  </entry>\n"


def atom_feed(
    linked: Linked,
    posts: Sequence[Post],
    bodies: Bodies,
    path: str,
    title: str,
    page: str,
    shared: AtomShared | None = None,
    empty: datetime = NOTHING_DUE,
) -> bytes:
    """An Atom feed at site path ``path`` of the newest ATOM_ENTRIES ``posts`` (also the feed
    of one tag: ``page`` is the site page the feed belongs to, ``""`` the home page;
    ``empty``: its ``updated`` when there is no post).

    The feed's own elements come from feedgen with no entries; each post's ``<entry>`` is
    made by feedgen once per build (``shared``) and set in before ``</feed>``, where
    feedgen puts its entries, indented as it indents them: the same bytes as one
    FeedGenerator holding every entry, for a fraction of the work (each post is in the
    feeds of all its tags)."""
    shared = shared or atom_shared(linked)
    ordered = newest(posts)
    head: bytes = feed_head(shared, path, title, page, ordered, empty).atom_str(
        pretty=True, encoding="UTF-8", xml_declaration=True
    )
    if not head.endswith(_END):  # pragma: no cover - feedgen always closes the root last
        raise AssertionError("feedgen's Atom feed does not end with </feed>")
    entries = "".join(_entry_xml(linked, post, bodies, shared) for post in ordered)
    return head[: -len(_END)] + entries.encode("utf-8") + _END


def newest(posts: Sequence[Post]) -> list[Post]:
    """The posts an Atom feed carries, newest first."""
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)[:ATOM_ENTRIES]


def feed_head(
    shared: AtomShared,
    path: str,
    title: str,
    page: str,
    ordered: Sequence[Post],
    empty: datetime = NOTHING_DUE,
) -> FeedGenerator:
    """The feed at ``path`` without its entries (``ordered``: the ones it carries; ``empty``:
    its ``updated`` when that is none)."""
    show = shared.show
    fg = _feed(show)
    fg.id(feed_uri(absolute(show, path)))
    fg.title(xml_text(title))
    fg.link(href=feed_uri(absolute(show, path)), rel="self", type="application/atom+xml")
    fg.link(href=feed_uri(absolute(show, page)), rel="alternate", type="text/html")
    fg.link(
        href=feed_uri(show.feed_url), rel="related", type="application/rss+xml", title="Podcast"
    )
    # Updated from the content, not the clock: unchanged posts -> identical bytes.
    fg.updated(written_moment(ordered[0].date if ordered else empty))
    return fg


def _feed(show: Show) -> FeedGenerator:
    """A FeedGenerator with what every Atom feed of the show has."""
    fg = FeedGenerator()
    fg.register_extension("links", _NoFeedLinks, EntryLinks, atom=True, rss=False)
    fg.subtitle(show.description)
    fg.author({"name": show.author})
    fg.language(show.language)
    fg.generator("podcast-pipeline", version=__version__)
    if show.copyright:
        fg.rights(show.copyright)
    return fg


def _entry_xml(linked: Linked, post: Post, bodies: Bodies, shared: AtomShared) -> str:
    """``post``'s ``<entry>`` as feedgen writes it inside a feed (indented one level, with
    its line break), made once per build."""
    found = shared.entries.get(post.slug)
    if found is not None:
        return found
    fg = _feed(shared.show)
    fg.id("urn:x")
    fg.title("x")
    fg.updated(written_moment(post.date))
    add_entry(fg, linked, post, bodies[post.slug], shared)
    data: bytes = fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=False)
    text = data.decode("utf-8")
    # The one entry, from its start tag to its end tag (text inside is escaped, so neither
    # can occur in it).
    start = text.index(_ENTRY_START) + 1
    end = text.rindex(_ENTRY_END) + len(_ENTRY_END)
    found = shared.entries[post.slug] = text[start:end]
    return found


def add_entry(fg: FeedGenerator, linked: Linked, post: Post, body: str, shared: AtomShared) -> None:
    """Add ``post`` (its HTML ``body``) to ``fg`` as an Atom entry."""
    show = shared.show
    url = feed_uri(absolute(show, post_path(post)))
    entry = fg.add_entry(order="append")
    entry.id(url)
    entry.title(xml_text(post.title))
    entry.link(href=url, rel="alternate")
    entry.published(written_moment(post.date))
    entry.updated(written_moment(post.date))
    if post.author:
        entry.author({"name": xml_text(post.author)})
    for tag in post.tags:
        entry.category(term=xml_text(tag))
    episode = linked.episode_for(post)
    page_url = None
    if episode is not None:
        page_url = feed_uri(absolute(show, episode_path(episode)))
        links = entry.links.links
        links.append(
            {
                "rel": "related",
                "href": page_url,
                "type": "text/html",
                "title": xml_text(episode.title),
            }
        )
        audio = enclosure_url(show, episode)
        if audio:
            enclosure = {"rel": "enclosure", "href": feed_uri(audio)}
            enclosure["type"] = episode.mime_type or "audio/mpeg"
            if episode.length:
                enclosure["length"] = str(episode.length)
            links.append(enclosure)
    html = _body_html(show, post, shared.pages, body)
    entry.content(xml_text(players_as_links(html, page_url, shared.listen)), type="html")


_PLAYER_SRC = re.compile(r'\ssrc="([^"]*)"')


def players_as_links(html: str, page: str | None, label: str) -> str:
    """Every player iframe as a link: feed readers drop iframes (the W3C validator warns on
    them), which left an empty spot where the post had its episode. The link goes to the
    episode's page, or else to the player itself (a page a browser opens). Linear: one
    pass of ``find``; the sanitiser has left only SoundCloud's iframes, each closed."""
    out: list[str] = []
    at = 0
    while (start := html.find("<iframe", at)) >= 0:
        tag_end = html.find(">", start)
        close = html.find("</iframe>", tag_end)
        if tag_end < 0 or close < 0:
            break
        src = _PLAYER_SRC.search(html, start, tag_end)
        # src is as the sanitiser wrote it: already an escaped attribute value
        href = escape(page) if page else (src[1] if src else None)
        out.append(html[at:start])
        if href:
            out.append(f'<p><a href="{href}">{escape(label)}</a></p>')
        at = close + len("</iframe>")
    out.append(html[at:])
    return "".join(out)


def _body_html(show: Show, post: Post, pages: Mapping[str, str], html: str) -> str:
    """The post's HTML with every link absolute.

    A feed reader resolves a relative link against the feed's address, not the post's page,
    so ``foto.jpg`` or ``../andere-post/`` written in a post would point at the wrong place;
    a link to another post's Markdown file (``2026-03-18-x.md``) becomes that post's page,
    as on the site.
    """
    url = feed_uri(absolute(show, post_path(post)))
    html = rewrite_source_links(html, pages, lambda path: feed_uri(absolute(show, path)))

    return attribute_values(html, lambda target: resolved(url, target))
