"""What the feed's Podcasting 2.0 tags beyond the basics say, resolved for writing: local
files become their URLs in the site, downloads get the show's statistics prefix, and
trailer episodes become channel ``podcast:trailer`` tags. ``feed.py`` hands the result to
the extension (``podcast_ns.py``), which writes it (``podcast_tags.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.feed_models import Image, Trailer
from pipeline.models import Episode, Show
from pipeline.paths import artwork_url, enclosure_url, feed_uri
from pipeline.render.chapters import alternate_url
from pipeline.render.podcast_tags import ChannelTags, ItemTags
from pipeline.spec.analytics import prefixed
from pipeline.text.xml import xml_safe


def download_url(show: Show, episode: Episode) -> str | None:
    """The enclosure URL as the feed carries it: behind the show's statistics prefixes."""
    audio = enclosure_url(show, episode)
    return prefixed(feed_uri(audio), show.analytics_prefixes) if audio else None


def _images(show: Show, images: Sequence[Image]) -> tuple[Image, ...]:
    return tuple(replace(i, url=feed_uri(artwork_url(show, i.url))) for i in images)


def channel_tags(show: Show, episodes: Sequence[Episode]) -> ChannelTags:
    """The channel's tags; every trailer episode (``type: trailer``) is a podcast:trailer
    too, after the ``[[trailers]]`` of podcast.toml, newest first."""
    trailers = [
        replace(t, url=prefixed(feed_uri(t.url), show.analytics_prefixes)) for t in show.trailers
    ]
    for episode in episodes:
        url = download_url(show, episode)
        if episode.episode_type == "trailer" and url:
            # A season number without an episode number: Apple's "season trailer".
            season = episode.season if episode.number is None else None
            trailers.append(
                Trailer(episode.title, url, episode.date, episode.length, episode.mime_type, season)
            )
    trailers.sort(key=lambda t: t.date, reverse=True)
    return xml_safe(
        ChannelTags(
            license=show.license,
            locations=show.locations,
            images=_images(show, show.images),
            txts=show.txts,
            value=show.value,
            social=show.social,
            update_frequency=show.update_frequency,
            podroll=show.podroll,
            publisher=show.publisher,
            trailers=tuple(trailers),
            podping=show.podping is not None,
        )
    )


def item_tags(show: Show, episode: Episode) -> ItemTags:
    """An item's tags; each alternate encoding is served behind the statistics prefixes,
    like the enclosure."""
    alternates = tuple(
        replace(a, source=prefixed(feed_uri(alternate_url(show, a)), show.analytics_prefixes))
        for a in episode.alternates
    )
    return xml_safe(
        ItemTags(
            license=episode.license,
            locations=episode.locations,
            images=_images(show, episode.images),
            txts=episode.txts,
            value=episode.value,
            social=episode.social,
            alternates=alternates,
        )
    )
