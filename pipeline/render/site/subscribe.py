"""Subscribe buttons: which podcast apps get one, and where each one leads.

For each app, in order of preference:

1. the show's own page in that app's directory (``[directories]`` in podcast.toml);
2. a page derived from a directory ID the app documents: Overcast, Castro and Pocket Casts
   take the Apple Podcasts ID (``overcast.fm/itunes<ID>``, ``castro.fm/itunes/<ID>``,
   ``pca.st/itunes/<ID>``), Fountain the Podcast Index ID (``fountain.fm/show/<ID>``);
3. a web link that subscribes from the feed URL, where the app offers one (AntennaPod's
   ``antennapod.org/deeplink/subscribe``, Podcast Addict's ``podcastaddict.com/feed/``,
   Pocket Casts' ``pcasts.in/feed/``), which works on any device with the app and shows a
   page about the app without it;
4. the app's own URL scheme (``podcast://``, ``overcast://``, ``castro://``), which only the
   devices named in ``devices`` open: the button says so.

Spotify and YouTube Music take no feed URL: they get a button only with a directory page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from pipeline.models import Show

APPLE_ID = re.compile(r"/id(\d+)")
PODCAST_INDEX_ID = re.compile(r"/podcast/(\d+)")


@dataclass(frozen=True)
class App:
    key: str  # names the icon in static/icons.svg
    name: str
    href: str
    devices: str = ""  # label key: the only devices the link opens on ("" = any)


def _id(url: str | None, pattern: re.Pattern[str]) -> str | None:
    found = pattern.search(url or "")
    return found[1] if found else None


def subscribe_apps(show: Show) -> tuple[App, ...]:
    """The podcast apps this show can be followed in, each with its best link."""
    d = show.directories
    feed = show.feed_url
    bare = feed.split("://", 1)[-1]
    apple_id = _id(d.apple, APPLE_ID)
    index_id = _id(d.podcast_index, PODCAST_INDEX_ID)

    def by_id(url: str | None, template: str, key: str | None) -> str | None:
        return url or (template.format(key) if key else None)

    apps = [
        App("apple", "Apple Podcasts", d.apple or "podcast://" + bare, "" if d.apple else "apple"),
        App("spotify", "Spotify", d.spotify or ""),
        App("youtube-music", "YouTube Music", d.youtube_music or ""),
        App(
            "pocket-casts",
            "Pocket Casts",
            by_id(d.pocket_casts, "https://pca.st/itunes/{}", apple_id)
            or "https://pcasts.in/feed/" + quote(bare, safe="/:@"),
        ),
        App("antennapod", "AntennaPod", d.antennapod or _antennapod(feed, show.title)),
        App(
            "podcast-addict",
            "Podcast Addict",
            d.podcast_addict or "https://podcastaddict.com/feed/" + quote(feed, safe=""),
        ),
        App(
            "fountain", "Fountain", by_id(d.fountain, "https://fountain.fm/show/{}", index_id) or ""
        ),
    ]
    overcast = by_id(d.overcast, "https://overcast.fm/itunes{}", apple_id)
    apps.append(
        App("overcast", "Overcast", overcast, "")
        if overcast
        else App(
            "overcast",
            "Overcast",
            "overcast://x-callback-url/add?" + urlencode({"url": feed}),
            "ios",
        )
    )
    castro = by_id(d.castro, "https://castro.fm/itunes/{}", apple_id)
    apps.append(
        App("castro", "Castro", castro, "")
        if castro
        else App("castro", "Castro", "castro://subscribe/" + bare, "ios")
    )
    # Links that open on any device first, then those only some devices open.
    usable = [app for app in apps if app.href]
    return tuple(sorted(usable, key=lambda app: bool(app.devices)))


def _antennapod(feed: str, title: str) -> str:
    return "https://antennapod.org/deeplink/subscribe?" + urlencode({"url": feed, "title": title})
