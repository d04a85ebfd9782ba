"""Small pieces the site's pages are made of: relative links, players, labels, dates.

Pages link to each other with relative URLs, so the same build works under the production
base URL (which may carry a path, ``https://x.example/podcast/``) and on the preview server.
Absolute URLs are used only where they must be: canonical, Open Graph, subscribe links.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode, urlsplit

from pipeline.models import Episode, Show
from pipeline.paths import audio_path
from pipeline.text.dates import zone

Linker = Callable[[str], str]


def page_dir(path: str) -> str:
    """The folder a page file lives in: ``episodes/x/index.html`` -> ``episodes/x/``."""
    folder = posixpath.dirname(path)
    return folder + "/" if folder else ""


def linker(page_path: str, base_path: str | None = None) -> Linker:
    """A function turning a site path (``posts/x/``) into a link from the page at ``page_path``.

    With ``base_path`` (``/podcast/``) links are absolute paths instead: for the 404 page,
    which the web server shows at any depth.
    """
    if base_path is not None:
        return lambda target: base_path + target.lstrip("/")
    depth = page_dir(page_path).count("/")
    prefix = "../" * depth

    def link(target: str) -> str:
        return prefix + target.lstrip("/") or "./"

    return link


def base_path(show: Show) -> str:
    """The path part of the base URL: ``/`` or ``/podcast/``."""
    path = urlsplit(show.base_url).path or "/"
    return path if path.endswith("/") else path + "/"


def relativize(html: str, show: Show, link: Linker, exists: Callable[[str], bool]) -> str:
    """Point links to our own pages (written absolute in show notes) at relative URLs.

    Only links to files of this build: anything else under the base URL (a hand-made
    page on the production site) stays absolute, as the user wrote it.
    """
    base = re.escape(show.base_url)

    def replace(m: re.Match[str]) -> str:
        target = m[3].partition("#")[0].partition("?")[0]
        page = target + "index.html" if target == "" or target.endswith("/") else target
        return f'{m[1]}{link(m[3])}"' if exists(page) else m[0]

    return re.sub(rf'(\s(?:href|src)=")({base})([^"]*)"', replace, html)


def rewrite_source_links(html: str, pages: Mapping[str, str], link: Linker) -> str:
    """Links written to a post's Markdown file (``2026-03-18-x.md``, as on GitHub or in
    Jekyll) point at that post's page instead. ``pages``: file stem or slug -> site path."""

    def replace(m: re.Match[str]) -> str:
        target, _, fragment = m[2].partition("#")
        if "://" in target or not target.endswith((".md", ".markdown")):
            return m[0]
        stem = posixpath.splitext(posixpath.basename(target))[0]
        if stem not in pages:
            return m[0]
        return f'{m[1]}{link(pages[stem])}{"#" + fragment if fragment else ""}"'

    return re.sub(r'(\shref=")([^"]*)"', replace, html)


def demote_headings(html: str, top: int = 2) -> str:
    """Shift headings so the body's highest one is ``h{top}``: pages keep headings in order."""
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return re.sub(
        r"<(/?)h([1-6])\b",
        lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}",
        html,
    )


@dataclass(frozen=True)
class Player:
    """How an episode is played on a page."""

    kind: str  # "soundcloud" (embedded player) or "audio" (an HTML5 <audio> element)
    src: str
    mime_type: str | None
    element_id: str  # the <audio>'s id, for chapter buttons

    @property
    def seekable(self) -> bool:
        return self.kind == "audio"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def player_for(show: Show, episode: Episode, link: Linker) -> Player | None:
    """SoundCloud's embed for SoundCloud-hosted episodes, ``<audio>`` for self-hosted audio."""
    element_id = f"player-{episode.slug}"
    sc = episode.soundcloud
    on_soundcloud = sc is not None and (
        not episode.audio or _host(episode.audio) == _host(show.soundcloud.feeds)
    )
    if sc is not None and on_soundcloud:
        if sc.track_id is not None:
            track = f"{show.soundcloud.api}/tracks/{sc.track_id}"
        else:
            track = sc.page_url or sc.raw
        query = {"url": track, "visual": "false", "show_artwork": "false"}
        if sc.secret_token:
            query["secret_token"] = sc.secret_token
        src = "https://w.soundcloud.com/player/?" + urlencode(query)
        return Player("soundcloud", src, None, element_id)
    if episode.audio:
        src = link(audio_path(episode)) if episode.is_local_audio else episode.audio
        return Player("audio", src, episode.mime_type, element_id)
    return None


@dataclass(frozen=True)
class Subscribe:
    name: str
    href: str


def subscribe_links(show: Show) -> tuple[Subscribe, ...]:
    """Podcast-app links that open the feed; every app here takes the plain feed URL."""
    feed = show.feed_url
    bare = feed.split("://", 1)[-1]
    return (
        Subscribe("Apple Podcasts", "podcast://" + bare),
        Subscribe("Overcast", "overcast://x-callback-url/add?url=" + quote(feed, safe="")),
        Subscribe("Pocket Casts", "pktc://subscribe/" + bare),
        Subscribe("AntennaPod", "antennapod-subscribe://" + bare),
    )


def clock(seconds: float) -> str:
    """``155`` -> ``2:35``; ``3723`` -> ``1:02:03``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


_MONTHS = {
    "nl": (
        "januari februari maart april mei juni juli augustus september oktober november december"
    ),
    "en": "January February March April May June July August September October November December",
}


def language(show: Show) -> str:
    code = show.language.split("-")[0].lower()
    return code if code in LABELS else "en"


def date_text(show: Show, when: datetime) -> str:
    """A date as people of the show's language write it: ``4 maart 2026``."""
    local = when.astimezone(zone(show.timezone))
    months = _MONTHS[language(show)].split()
    if language(show) == "en":
        return f"{months[local.month - 1]} {local.day}, {local.year}"
    return f"{local.day} {months[local.month - 1]} {local.year}"


LABELS: Mapping[str, Mapping[str, str]] = {
    "nl": {
        "skip": "Naar de inhoud",
        "home": "Home",
        "episodes": "Afleveringen",
        "posts": "Artikelen",
        "archive": "Archief",
        "tags": "Onderwerpen",
        "latest_episodes": "Nieuwste afleveringen",
        "latest_posts": "Nieuwste artikelen",
        "all": "Alles in het archief",
        "subscribe": "Abonneren",
        "rss": "RSS-feed",
        "posts_feed": "Artikelen (Atom-feed)",
        "chapters": "Hoofdstukken",
        "jump": "Spring naar een hoofdstuk",
        "play_from": "Speel af vanaf",
        "transcript": "Uitgeschreven tekst",
        "guests": "Gasten",
        "related": "Lees en luister ook",
        "article": "Het artikel bij deze aflevering",
        "listen": "Luister naar de aflevering",
        "episode": "Aflevering",
        "season": "seizoen",
        "duration": "Duur",
        "by": "door",
        "draft": "Concept: nog niet gepubliceerd",
        "tag": "Onderwerp",
        "player": "Speler",
        "artwork": "Hoesafbeelding van",
        "not_found": "Pagina niet gevonden",
        "not_found_text": "Deze pagina bestaat niet (meer). Begin op de voorpagina of zoek in "
        "het archief.",
        "no_audio": "Je browser speelt dit audiobestand niet af; download het hier.",
    },
    "en": {
        "skip": "Skip to content",
        "home": "Home",
        "episodes": "Episodes",
        "posts": "Articles",
        "archive": "Archive",
        "tags": "Topics",
        "latest_episodes": "Latest episodes",
        "latest_posts": "Latest articles",
        "all": "Everything in the archive",
        "subscribe": "Subscribe",
        "rss": "RSS feed",
        "posts_feed": "Articles (Atom feed)",
        "chapters": "Chapters",
        "jump": "Jump to a chapter",
        "play_from": "Play from",
        "transcript": "Transcript",
        "guests": "Guests",
        "related": "Read and listen on",
        "article": "The article for this episode",
        "listen": "Listen to the episode",
        "episode": "Episode",
        "season": "season",
        "duration": "Duration",
        "by": "by",
        "draft": "Draft: not published yet",
        "tag": "Topic",
        "player": "Player",
        "artwork": "Cover art of",
        "not_found": "Page not found",
        "not_found_text": "This page does not exist (any more). Start at the home page or "
        "look in the archive.",
        "no_audio": "Your browser does not play this audio file; download it here.",
    },
}
