"""What an episode's or a post's page is made from, digested before it is made: the same as
at the last build, and the page is taken from the output unmade (``memo.PageReuse.unchanged``).

Making a page's values only to find its key the same was half of an edit's cost at
10,000 posts (``pages.py`` makes them). The inputs are over-cautious where that is cheap (a
related post's whole text, not its title and date; an episode's every form of notes): a
digest that changes without need costs one page made again; one that misses a value would
leave a page stale, which tests catch by making every page found unchanged all the same and
comparing its key (``site.CHECK_INPUTS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.models import Episode, Post
from pipeline.render.site.digests import Unknown
from pipeline.render.site.transcript import read_cues

if TYPE_CHECKING:
    from pipeline.render.site.context import Site


def site_inputs(site: Site, template: str) -> bytes | None:
    """What every page of ``template`` is made from besides its own item: what all pages
    share, the files of the build (which links, pictures and feeds a page has) and the pages
    links in text may point at. None where pages get no keys."""
    if not site.reuse.active:
        return None
    values = (
        template, site.drafts_after, sorted(site.outputs), sorted(site.known),
        sorted(site.post_pages.items()),
    )  # fmt: skip
    try:
        return site.reuse.shared_with(values)
    except (Unknown, RecursionError):
        return None


def post_inputs(site: Site, shared: bytes | None, post: Post) -> str | None:
    """A digest of everything ``pages.post_page`` makes the post's page from (``shared``:
    :func:`site_inputs` of post pages): the post, its HTML, its episode (if in this build)
    and the notes' chapters, its related links and what they point at."""
    if shared is None:
        return None
    episode = site.linked.episode_for(post)
    if episode is not None and episode.slug not in site.episode_by_slug:
        episode = None
    notes = site.notes[episode.slug].data if episode is not None else None
    values = (
        post, site.bodies[post.slug], episode, notes.chapters if notes else None,
        *_related(site, f"post:{post.slug}"),
    )  # fmt: skip
    return _key(site, shared, values)


def episode_inputs(site: Site, shared: bytes | None, episode: Episode) -> str | None:
    """A digest of everything ``pages.episode_page`` makes the episode's page from
    (``shared``: :func:`site_inputs` of episode pages): the episode, its show notes in every
    form, its post and that post's HTML (if in this build), its related links and what they
    point at, and its transcript's cues (the file, not the YAML, may have changed)."""
    if shared is None:
        return None
    post = site.linked.post_for(episode)  # left out of its related items even if not due
    in_build = post is not None and post.slug in site.post_by_slug
    cues = read_cues(site.root / episode.transcript) if episode.transcript else ()
    values = (
        episode, site.notes[episode.slug], post, in_build,
        site.bodies[post.slug] if post is not None and in_build else None,
        cues, *_related(site, f"episode:{episode.slug}"),
    )  # fmt: skip
    return _key(site, shared, values)


def _related(site: Site, key: str) -> tuple[list[tuple[str, str]], list[Episode | Post | None]]:
    """An item's related links, in the order its page lists them (their scores shift a
    little with any edit of the show's words, the order seldom), and what they point at."""
    links = sorted(site.linked.related.get(key, ()), key=lambda r: -r.score)
    targets: list[Episode | Post | None] = []
    for rel in links:
        kind, _, slug = rel.target.partition(":")
        by_slug: dict[str, Episode] | dict[str, Post] = (
            site.episode_by_slug if kind == "episode" else site.post_by_slug
        )
        targets.append(by_slug.get(slug))
    return [(rel.target, rel.reason) for rel in links], targets


def _key(site: Site, shared: bytes, values: Iterable[object]) -> str | None:
    try:
        return site.reuse.inputs_key(shared, tuple(values))
    except (Unknown, RecursionError):
        return None
