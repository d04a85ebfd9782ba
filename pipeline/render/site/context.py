"""What every page of one build shares: the show, the lists, the templates, and ``page()``.

Pages link to each other relatively (see ``site_helpers.linker``), so a build works under any
base URL and on the preview server; only canonical, Open Graph and feed links are absolute.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from pipeline.labels import labels_for
from pipeline.machine import zone_signature
from pipeline.models import Episode, Linked, Post, RelatedLink
from pipeline.paths import absolute, artwork_url, episode_path, post_path
from pipeline.render import KeptPage
from pipeline.render.bodies import Bodies
from pipeline.render.chapters import chapters_path
from pipeline.render.csp import CONTENT_SECURITY_POLICY
from pipeline.render.feed import feed_order
from pipeline.render.links import (
    Linker,
    base_path,
    escaped,
    linker,
    relativize,
    rewrite_source_links,
)
from pipeline.render.shownotes import RenderedNotes
from pipeline.render.site.helpers import date_text, demote_headings
from pipeline.render.site.images import Picture, picture
from pipeline.render.site.inputs import site_inputs
from pipeline.render.site.memo import PageMemo, PageReuse
from pipeline.render.site.player import Player, player_for
from pipeline.render.site.subscribe import subscribe_apps
from pipeline.render.templates import environment, inside_show, show_template
from pipeline.text.clock import format_clock
from pipeline.text.slugs import tag_slug

POSTS_FEED = "posts.atom"
TAG_FEED = "feed.atom"  # in each tag's folder: tags/<slug>/feed.atom
SEARCH_PAGE = "search/"
SUBSCRIBE_PAGE = "subscribe/"


@dataclass(frozen=True)
class Item:
    """An episode or post as other pages list it."""

    kind: str  # "episode" or "post"
    title: str
    path: str  # site path of its page
    date: datetime
    draft: bool
    # None here; a related list's entries (Related) have one. Kept for a show's own
    # _items.html, which may ask any entry (templates fail on a name they lack).
    reason: str | None = None


@dataclass(frozen=True)
class Related:
    """A related episode or post as one page lists it: the item as every list shows it, and
    why it is related to this page. Read as an Item by templates (``item.title``...). The
    pages' keys digest the item once per build and only the reason per page: each of
    12,000 pages listing its own copies of 6 items was half of the keys' cost."""

    item: Item
    reason: str

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def path(self) -> str:
        return self.item.path

    @property
    def date(self) -> datetime:
        return self.item.date

    @property
    def draft(self) -> bool:
        return self.item.draft


@dataclass(frozen=True)
class Tag:
    name: str
    path: str
    posts: tuple[Post, ...]


class Site:
    """One build's pages: the facts they share and the function that renders one."""

    def __init__(
        self,
        linked: Linked,
        episodes: Sequence[Episode],
        posts: Sequence[Post],
        notes: RenderedNotes,
        bodies: Bodies,
        drafts_after: datetime | None,
        outputs: Collection[str],
        jobs: int = 1,
        memo: PageMemo | None = None,
        keys: bool = False,
    ) -> None:
        self.jobs = jobs
        self.linked = linked
        self.notes = notes
        self.bodies = bodies
        self.show = linked.content.show
        self.root = linked.content.root
        self.env: Environment = environment(self.root)
        self.episodes = feed_order(episodes)
        self.posts = sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)
        self.drafts_after = drafts_after
        self.outputs = frozenset(outputs)
        self.labels = labels_for(self.show.language)
        # A date or tag is shown on many pages (lists, related items): worded once each.
        self._dates: dict[datetime, str] = {}
        self._tag_paths: dict[str, str] = {}
        self._items: dict[int, tuple[Episode | Post, Item]] = {}
        # The same on every page (no relative links in it): rendered once, not 12,000 times;
        # a show's own _dock.html may use what any page template may, so it is included.
        self.dock: Markup | None = None
        if not show_template(self.root, "_dock.html"):
            self.dock = Markup(
                self.env.get_template("_dock.html").render(
                    labels=self.labels, lang=self.show.language
                )
            )
        self.tags = self._tags()
        self.episode_by_slug = {e.slug: e for e in self.episodes}
        self.post_by_slug = {p.slug: p for p in self.posts}
        self.post_pages = {p.slug: post_path(p) for p in self.posts}
        self.post_pages.update({p.stem: post_path(p) for p in self.posts})
        self.apps = subscribe_apps(self.show)
        self.search = self.show.site.search
        # Every file the build will hold, so show notes' absolute links can be made relative.
        self.known = {*outputs, "index.html", "archive/index.html", "404.html"}
        self.known.update((SUBSCRIBE_PAGE + "index.html", "sitemap.xml", "robots.txt"))
        if self.search:
            self.known.add(SEARCH_PAGE + "index.html")
        self.known.update(episode_path(e) + "index.html" for e in self.episodes)
        self.known.update(post_path(p) + "index.html" for p in self.posts)
        self.known.update(t.path + "index.html" for t in self.tags)
        self.known.update(t.path + TAG_FEED for t in self.tags)
        # What every page's template is given alike, digested once for the pages' keys.
        shared = {
            "show": self.show, "csp": CONTENT_SECURITY_POLICY, "dock": self.dock,
            "labels": self.labels, "apps": self.apps, "search": self.search,
            "subscribe_page": SUBSCRIBE_PAGE, "search_page": SEARCH_PAGE,
            "zone": zone_signature(self.show.timezone) if keys else (),
        }  # fmt: skip
        lasting = [*self.posts, *self.episodes, *self.tags]
        # A post as loaded follows from its file's text, name and the zone alone: digested
        # by those (taken by identity: a post made anew since is digested field by field)
        kept = linked.content.kept
        known = [(p, kept[p.slug][1] + str(p.source).encode("utf-8", "surrogateescape"))
                 for p in self.posts if p.slug in kept and kept[p.slug][0] is p]  # fmt: skip
        self.reuse = PageReuse(memo, self.root, shared, lasting, keys=keys, known=known)
        # Digested here, before the pages' workers fork: once, not once per worker.
        self._inputs = {t: site_inputs(self, t) for t in ("episode.html", "post.html")}

    def inputs(self, template: str) -> bytes | None:
        """What every page of ``template`` is made from besides its own item, digested
        (``inputs.site_inputs``; None: no keys)."""
        return self._inputs[template]

    # -- lists ---------------------------------------------------------------------------
    def draft(self, when: datetime, published: bool = True) -> bool:
        """Shown as a draft (the preview): dated later, or a post's ``published: false``."""
        return self.drafts_after is not None and (when > self.drafts_after or not published)

    def _tags(self) -> list[Tag]:
        grouped: dict[str, list[Post]] = defaultdict(list)
        names: dict[str, str] = {}
        for post in self.posts:
            # A set per post: two spellings of one tag list the post once (and a list
            # membership test here made 10,000 posts quadratic).
            for key, name in {tag_slug(n): n for n in reversed(post.tags)}.items():
                if key:
                    names.setdefault(key, name)
                    grouped[key].append(post)
        return [
            Tag(names[key], f"tags/{key}/", tuple(grouped[key]))
            for key in sorted(grouped, key=lambda k: names[k].lower())
        ]

    def tag_path(self, name: str) -> str:
        found = self._tag_paths.get(name)
        if found is None:
            found = self._tag_paths[name] = f"tags/{tag_slug(name)}/"
        return found

    def date_text(self, when: datetime) -> str:
        """``when`` as the show's people write a date (equal moments: the same words)."""
        found = self._dates.get(when)
        if found is None:
            found = self._dates[when] = date_text(self.show, when)
        return found

    def item(self, thing: Episode | Post) -> Item:
        # As lists show it, one for the build: the pages' keys digest each once.
        found = self._items.get(id(thing))
        if found is None or found[0] is not thing:
            kind = "episode" if isinstance(thing, Episode) else "post"
            path = episode_path(thing) if isinstance(thing, Episode) else post_path(thing)
            published = not isinstance(thing, Post) or thing.published
            made = Item(kind, thing.title, path, thing.date, self.draft(thing.date, published))
            found = self._items[id(thing)] = (thing, made)
            self.reuse.lasting(made)
        return found[1]

    def related_links(self, key: str) -> list[tuple[RelatedLink, Episode | Post | None]]:
        """An item's related links, strongest first (the order its page lists them), each
        with what it points at (None: not part of this build)."""
        found: list[tuple[RelatedLink, Episode | Post | None]] = []
        for rel in sorted(self.linked.related.get(key, ()), key=lambda r: -r.score):
            kind, _, slug = rel.target.partition(":")
            target: Episode | Post | None = (
                self.episode_by_slug.get(slug) if kind == "episode" else self.post_by_slug.get(slug)
            )
            found.append((rel, target))
        return found

    def related(self, key: str, skip: Iterable[Episode | Post | None] = ()) -> list[Related]:
        """Related episodes and posts that are part of this build, strongest first; not the
        ones in ``skip`` (the paired item, which the page links on its own)."""
        left_out = {(type(s), s.slug) for s in skip if s is not None}
        return [
            Related(self.item(target), rel.reason)
            for rel, target in self.related_links(key)
            if target is not None and (type(target), target.slug) not in left_out
        ]

    # -- pieces --------------------------------------------------------------------------
    def body_html(self, html: str, link: Linker) -> str:
        html = relativize(html, self.show, link, self.known.__contains__)
        html = rewrite_source_links(html, self.post_pages, link)
        return demote_headings(html)

    def picture(self, image: str | None, link: Linker, size: int) -> Picture:
        return picture(image or self.show.artwork, link, size, self.outputs)

    def player(self, episode: Episode, link: Linker) -> Player | None:
        found = player_for(self.show, episode, link, chapters_path(episode) in self.outputs)
        if found is None:
            return None
        return dataclasses.replace(found, artwork=self.picture(episode.image, link, 160).src)

    def feeds(self, link: Linker) -> list[dict[str, str]]:
        found = [
            {
                "type": "application/rss+xml",
                "title": f"{self.show.title} ({self.labels.rss})",
                "href": link(self.show.feed_file),
            }
        ]
        if POSTS_FEED in self.outputs:
            found.append(
                {
                    "type": "application/atom+xml",
                    "title": f"{self.show.title}: {self.labels.posts_feed}",
                    "href": link(POSTS_FEED),
                }
            )
        return found

    # -- a page --------------------------------------------------------------------------
    def page(
        self, template: str, path: str, meta: dict[str, Any], **context: Any
    ) -> bytes | KeptPage:
        """Render one page at site path ``path`` (``episodes/x/index.html``), or take it from
        the last build's output (``memo.py``)."""
        is_404 = path == "404.html"
        link = linker(path, base_path(self.show) if is_404 else None)
        canonical_dir = path.removesuffix("index.html")
        image = meta.pop("image", None) or self.show.artwork
        extra_feeds = meta.pop("feeds", [])
        page_meta = {
            "title": self.show.title,
            "description": self.show.description,
            "og_type": "website",
            "canonical": None if is_404 else escaped(absolute(self.show, canonical_dir)),
            "image": artwork_url(self.show, image),
            "image_alt": f"{self.labels.artwork} {self.show.title}",
            "audio": None,
            "draft": False,
            **meta,
        }
        # The values that differ from page to page; the functions below them are made
        # from the page's path and the show alone, which its key holds.
        values = {
            "meta": page_meta,
            "feeds": self.feeds(link) + extra_feeds,
            "artwork": self.picture(None, link, 160),
            "here": canonical_dir,
            **context,
        }
        key = self.reuse.key(template, path, values)
        previous = self.reuse.previous(path, key)
        if previous is not None:
            return previous
        text = self.env.get_template(template).render(
            show=self.show,
            csp=CONTENT_SECURITY_POLICY,
            dock=self.dock,
            lang=self.show.language,
            labels=self.labels,
            apps=self.apps,
            search=self.search,
            subscribe_page=SUBSCRIBE_PAGE,
            search_page=SEARCH_PAGE,
            link=link,
            static=lambda name: link("static/" + name),
            date_text=self.date_text,
            clock=format_clock,
            tag_path=self.tag_path,
            **values,
        )
        data = text.encode("utf-8")
        self.reuse.note(path, key, data)
        return data


def static_files(root: Path, package: Path) -> dict[str, Path]:
    """The package's CSS, JS and icons, then the show's ``static/`` files (which win by
    name). The package's ``preview/`` folder is for ``pipeline serve`` only."""
    files: dict[str, Path] = {}
    for folder in (package, root / "static"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if folder == package and parts[0] == "preview":
                continue
            if path.is_file() and not any(p.startswith(".") for p in parts):
                if folder != package:
                    inside_show(root, path)  # a link to /etc/passwd is not a static file
                files["static/" + "/".join(parts)] = path
    return files
