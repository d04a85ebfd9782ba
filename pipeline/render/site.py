"""The static site: home, episode, post, tag, archive and 404 pages, plus the CSS and JS.

Every page is rendered from a Jinja2 template (overridable from the show's ``templates/``);
static files come from the package's ``render/static/`` and the show's ``static/`` folder,
the show's files winning by name. Pages link to each other relatively (see
``site_helpers.linker``), so a build works under any base URL and on the preview server.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment

from pipeline.models import Episode, Linked, Post, RelatedLink
from pipeline.parallel import map_pages
from pipeline.paths import absolute, artwork_url, asset_path, enclosure_url, episode_path, post_path
from pipeline.render import Output
from pipeline.render.feed import feed_order
from pipeline.render.markdown import to_html
from pipeline.render.shownotes import RenderedNotes
from pipeline.render.site_helpers import (
    LABELS,
    Linker,
    Player,
    base_path,
    clock,
    date_text,
    demote_headings,
    language,
    linker,
    player_for,
    relativize,
    rewrite_source_links,
    subscribe_links,
)
from pipeline.render.site_transcript import read_cues
from pipeline.render.templates import environment, inside_show
from pipeline.text.slugs import tag_slug

STATIC = Path(__file__).resolve().parent / "static"
POSTS_FEED = "posts.atom"
LATEST = 5  # episodes and posts on the home page


@dataclass(frozen=True)
class Item:
    """An episode or post as other pages list it."""

    kind: str  # "episode" or "post"
    title: str
    path: str  # site path of its page
    date: datetime
    draft: bool
    reason: str | None = None  # why it is related, when it is


@dataclass(frozen=True)
class Tag:
    name: str
    path: str
    posts: tuple[Post, ...]


def render_site(
    linked: Linked,
    episodes: Sequence[Episode],
    posts: Sequence[Post],
    notes: RenderedNotes,
    *,
    drafts_after: datetime | None = None,
    outputs: Collection[str] = (),
    jobs: int = 1,
) -> Output:
    """Every page and static file of the site.

    ``drafts_after``: items dated later are marked as drafts (the preview). ``outputs``:
    the files already rendered, so the page head links ``posts.atom`` only when it exists.
    ``jobs``: processes for the post pages of a large site (see ``pipeline/parallel.py``).
    """
    return _Site(linked, episodes, posts, notes, drafts_after, outputs, jobs).render()


class _Site:
    def __init__(
        self,
        linked: Linked,
        episodes: Sequence[Episode],
        posts: Sequence[Post],
        notes: RenderedNotes,
        drafts_after: datetime | None,
        outputs: Collection[str],
        jobs: int = 1,
    ) -> None:
        self.jobs = jobs
        self.linked = linked
        self.notes = notes
        self.show = linked.content.show
        self.root = linked.content.root
        self.env: Environment = environment(self.root)
        self.episodes = feed_order(episodes)
        self.posts = sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)
        self.drafts_after = drafts_after
        self.has_posts_feed = POSTS_FEED in outputs
        self.tags = self._tags()
        self.episode_by_slug = {e.slug: e for e in self.episodes}
        self.post_by_slug = {p.slug: p for p in self.posts}
        self.post_pages = {p.slug: post_path(p) for p in self.posts}
        self.post_pages.update({p.stem: post_path(p) for p in self.posts})
        # Every file the build will hold, so show notes' absolute links can be made relative.
        self.known = {*outputs, "index.html", "archive/index.html", "404.html"}
        self.known.update(episode_path(e) + "index.html" for e in self.episodes)
        self.known.update(post_path(p) + "index.html" for p in self.posts)
        self.known.update(t.path + "index.html" for t in self.tags)
        self.known.update(static_files(self.root))

    # -- helpers -------------------------------------------------------------------------
    def draft(self, when: datetime) -> bool:
        return self.drafts_after is not None and when > self.drafts_after

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
        return f"tags/{tag_slug(name)}/"

    def item(self, thing: Episode | Post, reason: str | None = None) -> Item:
        if isinstance(thing, Episode):
            return Item(
                "episode",
                thing.title,
                episode_path(thing),
                thing.date,
                self.draft(thing.date),
                reason,
            )
        return Item(
            "post", thing.title, post_path(thing), thing.date, self.draft(thing.date), reason
        )

    def related(self, key: str, skip: Episode | Post | None = None) -> list[Item]:
        """Related episodes and posts that are part of this build, strongest first; not
        ``skip`` (the paired item, which the page links on its own)."""
        links: Iterable[RelatedLink] = self.linked.related.get(key, ())
        found = []
        for rel in sorted(links, key=lambda r: -r.score):
            kind, _, slug = rel.target.partition(":")
            target: Episode | Post | None = (
                self.episode_by_slug.get(slug) if kind == "episode" else self.post_by_slug.get(slug)
            )
            if target is not None and not _same(target, skip):
                found.append(self.item(target, rel.reason))
        return found

    def body_html(self, html: str, link: Linker) -> str:
        html = relativize(html, self.show, link, self.known.__contains__)
        html = rewrite_source_links(html, self.post_pages, link)
        return demote_headings(html)

    def page(self, template: str, path: str, meta: dict[str, Any], **context: Any) -> bytes:
        """Render one page at site path ``path`` (``episodes/x/index.html``)."""
        is_404 = path == "404.html"
        link = linker(path, base_path(self.show) if is_404 else None)
        canonical_dir = path.removesuffix("index.html")
        image = meta.pop("image", None) or self.show.artwork
        page_meta = {
            "title": self.show.title,
            "description": self.show.description,
            "og_type": "website",
            "canonical": None if is_404 else absolute(self.show, canonical_dir),
            "image": artwork_url(self.show, image),
            "audio": None,
            "draft": False,
            **meta,
        }
        text = self.env.get_template(template).render(
            show=self.show,
            lang=self.show.language,
            labels=LABELS[language(self.show)],
            link=link,
            static=lambda name: link("static/" + name),
            meta=page_meta,
            feeds=self.feeds(link),
            subscribe=subscribe_links(self.show),
            artwork=self.image_src(self.show.artwork, link),
            date_text=lambda when: date_text(self.show, when),
            clock=clock,
            tag_path=self.tag_path,
            **context,
        )
        return text.encode("utf-8")

    def image_src(self, image: str, link: Linker) -> str:
        return image if "://" in image else link(asset_path(image))

    def feeds(self, link: Linker) -> list[dict[str, str]]:
        labels = LABELS[language(self.show)]
        found = [
            {
                "type": "application/rss+xml",
                "title": f"{self.show.title} ({labels['rss']})",
                "href": link(self.show.feed_file),
            }
        ]
        if self.has_posts_feed:
            found.append(
                {
                    "type": "application/atom+xml",
                    "title": f"{self.show.title}: {labels['posts_feed']}",
                    "href": link(POSTS_FEED),
                }
            )
        return found

    # -- pages ---------------------------------------------------------------------------
    def render(self) -> Output:
        out: Output = {}
        out["index.html"] = self.home()
        for episode in self.episodes:
            path = episode_path(episode) + "index.html"
            out[path] = self.episode_page(episode, path)
        # Post pages are most of a large site: rendered on every core when asked to.
        out.update(map_pages(self._post_page, self.posts, self.jobs))
        for tag in self.tags:
            path = tag.path + "index.html"
            out[path] = self.page(
                "tag.html",
                path,
                {"title": f"{tag.name} · {self.show.title}"},
                tag=tag,
                items=[self.item(p) for p in tag.posts],
            )
        out["archive/index.html"] = self.page(
            "archive.html",
            "archive/index.html",
            {"title": f"{LABELS[language(self.show)]['archive']} · {self.show.title}"},
            episodes=_by_year(self.item(e) for e in self.episodes),
            posts=_by_year(self.item(p) for p in self.posts),
            tags=self.tags,
        )
        out["404.html"] = self.page(
            "404.html", "404.html", {"title": LABELS[language(self.show)]["not_found"]}
        )
        out.update(static_files(self.root))
        return out

    def _post_page(self, post: Post) -> tuple[str, bytes]:
        path = post_path(post) + "index.html"
        return path, self.post_page(post, path)

    def home(self) -> bytes:
        link = linker("index.html")
        latest = [
            {
                "item": self.item(e),
                "episode": e,
                "player": player_for(self.show, e, link),
            }
            for e in self.episodes[:LATEST]
        ]
        return self.page(
            "index.html",
            "index.html",
            {},
            latest=latest,
            posts=[self.item(p) for p in self.posts[:LATEST]],
            episodes=self.episodes,
            tags=self.tags,
        )

    def episode_page(self, episode: Episode, path: str) -> bytes:
        link = linker(path)
        notes = self.notes[episode.slug]
        notes_html = getattr(notes, "page_html", None) or notes.content_html
        post = self.linked.post_for(episode)
        player = player_for(self.show, episode, link)
        cues = read_cues(self.root / episode.transcript) if episode.transcript else ()
        return self.page(
            "episode.html",
            path,
            {
                "title": f"{episode.title} · {self.show.title}",
                "description": episode.summary
                or _shorten(_plain(notes.description_html))
                or self.show.description,
                "og_type": "music.song",
                "image": episode.image,
                "audio": self._absolute_audio(episode, player),
                "draft": self.draft(episode.date),
            },
            episode=episode,
            item=self.item(episode),
            player=player,
            # The notes' chapters: the episode's own, else the post's timestamp lines.
            chapters=notes.data.chapters if notes.data else episode.chapters,
            notes_html=self.body_html(notes_html, link),
            notes_complete=bool(getattr(notes, "page_html", "")),
            post=self.item(post) if post is not None else None,
            related=self.related(f"episode:{episode.slug}", skip=post),
            cues=cues,
        )

    def _absolute_audio(self, episode: Episode, player: Player | None) -> str | None:
        if player is None or player.kind != "audio":
            return None
        return enclosure_url(self.show, episode)

    def post_page(self, post: Post, path: str) -> bytes:
        link = linker(path)
        episode = self.linked.episode_for(post)
        player = player_for(self.show, episode, link) if episode is not None else None
        body = to_html(post.body)
        return self.page(
            "post.html",
            path,
            {
                "title": f"{post.title} · {self.show.title}",
                "description": _first_paragraph(body) or self.show.description,
                "og_type": "article",
                "draft": self.draft(post.date),
            },
            post=post,
            item=self.item(post),
            body_html=self.body_html(body, link),
            episode=self.item(episode) if episode is not None else None,
            player=player,
            chapters=episode.chapters if episode is not None else (),
            related=self.related(f"post:{post.slug}", skip=episode),
        )


def _same(a: Episode | Post, b: Episode | Post | None) -> bool:
    return b is not None and type(a) is type(b) and a.slug == b.slug


def _by_year(items: Iterable[Item]) -> list[tuple[int, list[Item]]]:
    years: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        years[item.date.year].append(item)
    return sorted(years.items(), reverse=True)


def _first_paragraph(body_html: str) -> str:
    """Plain text of a post's first paragraph, for the description meta tags."""
    first = re.search(r"<p>(.*?)</p>", body_html, re.DOTALL)
    return _shorten(_plain(first[1])) if first else ""


def _plain(fragment: str) -> str:
    """The text of sanitised HTML (for meta descriptions, which the template escapes)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def static_files(root: Path) -> Output:
    """The package's CSS and JS, then the show's ``static/`` files (which win by name)."""
    files: Output = {}
    for folder in (STATIC, root / "static"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            parts = path.relative_to(folder).parts
            if path.is_file() and not any(p.startswith(".") for p in parts):
                if folder != STATIC:
                    inside_show(root, path)  # a link to /etc/passwd is not a static file
                files["static/" + "/".join(parts)] = path
    return files
