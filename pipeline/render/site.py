"""The static site: pages that the feed's links point to."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.models import Episode, Linked, Post
from pipeline.render import Output
from pipeline.render.feed import feed_order
from pipeline.render.shownotes import notes_for
from pipeline.render.templates import environment
from pipeline.render.urls import enclosure_url, episode_path


def render_site(linked: Linked, episodes: Sequence[Episode], posts: Sequence[Post]) -> Output:
    show = linked.content.show
    env = environment(linked.content.root)
    ordered = feed_order(episodes)
    out: Output = {}
    out["index.html"] = (
        env.get_template("index.html")
        .render(
            show=show,
            episodes=ordered,
            episode_path=episode_path,
            posts=sorted(posts, key=lambda p: (p.date, p.slug), reverse=True),
        )
        .encode("utf-8")
    )
    for episode in ordered:
        notes = notes_for(episode, linked)
        page = env.get_template("episode.html").render(
            show=show,
            episode=episode,
            notes=notes,
            audio_url=enclosure_url(show, episode),
        )
        out[episode_path(episode) + "index.html"] = page.encode("utf-8")
    return out
