"""The pages: home, episode, post, tag, archive, subscribe, search and 404.

Each function gathers what its template shows; ``Site.page`` renders it. An episode page
reads, top to bottom, as a listener wants it: artwork and title, the play button, the
summary, the chapters, who you hear, the article, related items, then the transcript.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pipeline.models import Chapter, Episode, Post
from pipeline.notes import NoteChapter
from pipeline.paths import enclosure_url, episode_path, post_path
from pipeline.render import KeptPage
from pipeline.render.links import Linker, linker
from pipeline.render.site.context import TAG_FEED, Item, Related, Site, Tag
from pipeline.render.site.helpers import demote_headings, inline_html
from pipeline.render.site.links import linked_pages, page_key
from pipeline.render.site.player import Player
from pipeline.render.site.transcript import read_cues

Page = bytes | KeptPage  # rendered, or as the last build left it in the output

LATEST = 5  # episodes and posts on the home page


def home(site: Site) -> Page:
    link = linker("index.html")
    newest = site.episodes[0] if site.episodes else None
    return site.page(
        "index.html",
        "index.html",
        {},
        newest=newest,
        newest_item=site.item(newest) if newest else None,
        player=site.player(newest, link) if newest else None,
        newest_art=site.picture(newest.image if newest else None, link, 240),
        earlier=[(site.item(e), e.summary) for e in site.episodes[1 : LATEST + 1]],
        # What home pages made before this layout used (a show's own templates/index.html).
        latest=[
            {"item": site.item(e), "episode": e, "player": site.player(e, link)}
            for e in site.episodes[:LATEST]
        ],
        episodes=site.episodes,
        posts=[site.item(p) for p in site.posts[:LATEST]],
        tags=site.tags,
    )


def episode_page(site: Site, episode: Episode) -> tuple[str, Page]:
    path = episode_path(episode) + "index.html"
    link = linker(path)
    notes = site.notes[episode.slug]
    data = notes.data
    post = site.linked.post_for(episode)
    in_build = post is not None and post.slug in site.post_by_slug
    player = site.player(episode, link)
    article = _article_html(site, post, link) if post is not None and in_build else ""
    related = _not_linked(site.related(f"episode:{episode.slug}", skip=[post]), article, link)
    cues = read_cues(site.root / episode.transcript) if episode.transcript else ()
    return path, site.page(
        "episode.html",
        path,
        {
            "title": f"{episode.title} · {site.show.title}",
            "description": episode.summary
            or _shorten(_plain(notes.description_html))
            or site.show.description,
            "og_type": "music.song",
            "image": episode.image,
            "image_alt": f"{site.labels.artwork} {episode.title}",
            "audio": _absolute_audio(site, episode, player),
            "draft": site.draft(episode.date),
        },
        episode=episode,
        item=site.item(episode),
        art=site.picture(episode.image, link, 240),
        player=player,
        lead_html=site.body_html(inline_html(data.lead), link) if data else "",
        # The notes' chapters: the episode's own, else the post's timestamp lines.
        chapters=data.chapters if data else episode.chapters,
        hosts=site.show.hosts,
        post=site.item(post) if post is not None and in_build else None,
        article_html=article,
        related=related,
        cues=cues,
        # What episode pages used before the article and people sections (a show's own
        # templates/episode.html): the show notes section.
        notes_html=site.body_html(notes.page_html or notes.content_html, link),
        notes_complete=bool(notes.page_html),
    )


def post_page(site: Site, post: Post) -> tuple[str, Page]:
    path = post_path(post) + "index.html"
    link = linker(path)
    episode = site.linked.episode_for(post)
    if episode is not None and episode.slug not in site.episode_by_slug:
        episode = None  # a paired episode still to come: no link to a page the build lacks
    player = site.player(episode, link) if episode is not None else None
    body = site.body_html(_post_html(site, post), link)
    chapters: Sequence[NoteChapter | Chapter] = ()
    if episode is not None:
        data = site.notes[episode.slug].data
        chapters = data.chapters if data else episode.chapters
    return path, site.page(
        "post.html",
        path,
        {
            "title": f"{post.title} · {site.show.title}",
            "description": _first_paragraph(body) or site.show.description,
            "og_type": "article",
            "image": episode.image if episode is not None else None,
            "draft": site.draft(post.date, post.published),
        },
        post=post,
        item=site.item(post),
        body_html=body,
        episode=site.item(episode) if episode is not None else None,
        player=player,
        chapters=chapters,
        related=_not_linked(site.related(f"post:{post.slug}", skip=[episode]), body, link),
    )


def tag_page(site: Site, tag: Tag) -> tuple[str, Page]:
    path = tag.path + "index.html"
    link = linker(path)
    feed = {
        "type": "application/atom+xml",
        "title": f"{site.show.title}: {tag.name}",
        "href": link(tag.path + TAG_FEED),
    }
    return path, site.page(
        "tag.html",
        path,
        {"title": f"{tag.name} · {site.show.title}", "feeds": [feed]},
        tag=tag,
        tag_feed=feed["href"],
        items=[site.item(p) for p in tag.posts],
    )


def archive_page(site: Site) -> Page:
    return site.page(
        "archive.html",
        "archive/index.html",
        {"title": f"{site.labels.archive} · {site.show.title}"},
        episodes=_by_year(site.item(e) for e in site.episodes),
        posts=_by_year(site.item(p) for p in site.posts),
        tags=site.tags,
    )


def subscribe_page(site: Site) -> Page:
    return site.page(
        "subscribe.html",
        "subscribe/index.html",
        {"title": f"{site.labels.subscribe} · {site.show.title}"},
        tags=site.tags,
    )


def search_page(site: Site) -> Page:
    return site.page(
        "search.html",
        "search/index.html",
        {"title": f"{site.labels.search} · {site.show.title}"},
    )


def not_found_page(site: Site) -> Page:
    return site.page("404.html", "404.html", {"title": site.labels.not_found})


# -- pieces ---------------------------------------------------------------------------------


def _post_html(site: Site, post: Post) -> str:
    """The post's HTML, its resolved "Lees ook" lines and post links pointing at the posts
    (``pipeline/render/bodies.py``, once per build)."""
    return site.bodies[post.slug]


def _article_html(site: Site, post: Post, link: Linker) -> str:
    """The paired post's text for its episode page, headings below the page's own h2s."""
    return demote_headings(site.body_html(_post_html(site, post), link), 3)


def _not_linked(items: list[Related], body: str, link: Linker) -> list[Related]:
    """Related items the page's text does not link to already (a "Lees ook" line, the
    block ``pipeline link --write`` keeps): one link per page to each post or episode."""
    linked = linked_pages(body)
    return [i for i in items if page_key(link(i.path)) not in linked]


def _absolute_audio(site: Site, episode: Episode, player: Player | None) -> str | None:
    if player is None or player.kind != "audio":
        return None
    return enclosure_url(site.show, episode)


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
