"""SoundCloud enrichment: oEmbed metadata and enclosure facts, without any API key.

For an episode with a ``soundcloud:`` track link:

- **oEmbed** (``SoundCloudSettings.oembed``) is asked only when the episode lacks something
  the feed needs and only SoundCloud knows: its title, or its track id (needed for the
  stream URL of a SoundCloud-hosted episode, or for the GUID of an episode without
  ``guid:``). The answer then also fills a missing ``summary`` (description), ``image``
  (artwork) and the item's author. (A missing description alone causes no request: a
  complete episode file must build without the network.) Values written in the episode
  file always win; a track id is also read from a ``tag:soundcloud,2010:tracks/ID`` GUID,
  so such episodes need no lookup at all.
- **Enclosure**: a SoundCloud-hosted episode (a ``soundcloud:`` link and no ``audio:``) gets
  SoundCloud's feed stream URL, ``FEEDS/stream/ID-USER-TRACK.mp3``. A remote enclosure
  without a written ``length:`` is measured on the server: ``HEAD`` for Content-Length and
  Content-Type, then ``Range: bytes=0-0``, whose answer must be ``206`` (Apple rejects hosts
  that ignore byte ranges) and whose ``Content-Range`` total stands in for a missing length.

Every failure is a :class:`LookupFailed` with a message for the ``expected`` part of an
``Error:`` line; nothing is guessed or invented when a lookup fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pipeline.errors import FetchError
from pipeline.load.fields import control_expected, has_control
from pipeline.models import Episode, SoundCloudLink
from pipeline.settings import SoundCloudSettings
from pipeline.spec.media import audio_type
from pipeline.text.markup import has_markup
from pipeline.text.soundcloud import find_links
from pipeline.text.urls import is_web_url

_TAG_GUID = re.compile(r"^tag:soundcloud,2010:tracks/([0-9]+)$")
_CONTENT_RANGE = re.compile(r"^\s*bytes\s+\d+-\d+/(\d+)\s*$", re.IGNORECASE)

# The HTTP stack loads with the first lookup (``pipeline/enrich/__init__.py``).
if TYPE_CHECKING:
    import requests

SessionFactory = Callable[[], "requests.Session"]


class LookupFailed(Exception):
    """A lookup for one episode failed; ``field`` and ``expected`` make the Error: line."""

    def __init__(self, field: str, value: object, expected: str) -> None:
        super().__init__(expected)
        self.field = field
        self.value = value
        self.expected = expected


@dataclass(frozen=True)
class OEmbed:
    """What SoundCloud's oEmbed endpoint tells about a track."""

    title: str | None
    description: str | None
    artwork: str | None
    author: str | None
    user: str | None  # permalink from author_url
    track_id: int | None  # from the player iframe in ``html``


@dataclass(frozen=True)
class AudioFacts:
    length: int
    mime_type: str | None


def track_id_of(episode: Episode) -> int | None:
    """The track id from the link, else from a SoundCloud-form GUID."""
    if episode.soundcloud is not None and episode.soundcloud.track_id is not None:
        return episode.soundcloud.track_id
    m = _TAG_GUID.match(episode.guid or "")
    return int(m[1]) if m else None


def is_soundcloud_hosted(episode: Episode) -> bool:
    return episode.soundcloud is not None and not episode.audio


def stream_url(settings: SoundCloudSettings, track_id: int, user: str, slug: str) -> str:
    """SoundCloud's feed enclosure URL for a track."""
    return f"{settings.feeds.rstrip('/')}/stream/{track_id}-{user}-{slug}.mp3"


def needs_oembed(episode: Episode) -> bool:
    """True when the episode lacks something only SoundCloud can tell (see module doc)."""
    if episode.soundcloud is None:
        return False
    if not episode.title:
        return True
    needs_id = is_soundcloud_hosted(episode) or not episode.guid
    return needs_id and track_id_of(episode) is None


def enrich_episode(
    episode: Episode, settings: SoundCloudSettings, session: SessionFactory
) -> Episode:
    """The episode with SoundCloud data and enclosure facts filled in; raises LookupFailed."""
    link = episode.soundcloud
    if link is not None:
        track_id = track_id_of(episode)
        if track_id is not None and link.track_id is None:
            link = replace(link, track_id=track_id)
        if needs_oembed(episode):
            info = fetch_oembed(session(), settings, link)
            episode = _apply_oembed(episode, info)
            if link.track_id is None and info.track_id is not None:
                link = replace(link, track_id=info.track_id)
            if link.user is None and info.user is not None:
                link = replace(link, user=info.user)
        episode = replace(episode, soundcloud=link)
        if not episode.audio:
            episode = replace(episode, audio=_stream_url_for(link, settings))
    audio = episode.audio
    if audio and "://" in audio:
        if episode.length is None:
            facts = probe_audio(session(), audio)
            episode = replace(
                episode,
                length=facts.length,
                mime_type=episode.mime_type or facts.mime_type or audio_type(audio),
            )
        elif episode.mime_type is None:
            episode = replace(episode, mime_type=audio_type(audio))
    return episode


def _stream_url_for(link: SoundCloudLink, settings: SoundCloudSettings) -> str:
    user = link.user or settings.user
    if link.track_id is None or not user or not link.slug:
        missing = "the track id" if link.track_id is None else "the user and track permalinks"
        raise LookupFailed(
            "soundcloud",
            link.raw,
            f"a track page link (soundcloud.com/USER/TRACK) or audio: ({missing} are needed "
            "for SoundCloud's stream URL)",
        )
    return stream_url(settings, link.track_id, user, link.slug)


def _apply_oembed(episode: Episode, info: OEmbed) -> Episode:
    """Fill only what the file left out: written values always win."""
    title = episode.title or info.title
    if not title:
        raise LookupFailed("title", None, "a title (SoundCloud's oEmbed answer has none)")
    # What SoundCloud fills in meets the rule the file's own title and author meet: a
    # control or invisible character (a right-to-left override) never reaches the feed.
    for field, value in (("title", title), ("author", episode.author or info.author)):
        if value and has_control(value):
            why = (
                f"{control_expected(value)}; it is SoundCloud's: write {field}: in the episode file"
            )
            raise LookupFailed(field, value, why)
    return replace(
        episode,
        title=title,
        summary=episode.summary if episode.summary is not None else info.description,
        image=episode.image or info.artwork,
        author=episode.author or info.author,
    )


def oembed_target(link: SoundCloudLink) -> str:
    """The URL to ask oEmbed about: the public page (with secret), else the API resource."""
    if link.page_url:
        return link.page_url
    if link.track_id is not None:
        url = f"https://api.soundcloud.com/tracks/{link.track_id}"
        return url + (f"?secret_token={link.secret_token}" if link.secret_token else "")
    return link.raw


def fetch_oembed(
    session: requests.Session, settings: SoundCloudSettings, link: SoundCloudLink
) -> OEmbed:
    """Ask SoundCloud's oEmbed endpoint about a track; raises LookupFailed."""
    from pipeline.enrich.http import NotCachedError, describe_status, forget

    target = oembed_target(link)
    what = "a track SoundCloud's oEmbed knows"
    try:
        response = session.get(
            settings.oembed,
            params={"format": "json", "url": target},
            headers={"Accept": "application/json"},  # the cache keeps only JSON that parses
        )
    except NotCachedError:
        raise LookupFailed(
            "soundcloud",
            link.raw,
            f"{what} (not in the HTTP cache, and --offline makes no requests; build once online)",
        ) from None
    except FetchError as exc:
        raise LookupFailed("soundcloud", link.raw, f"{what} ({exc})") from None
    if response.status_code in (403, 404):
        raise LookupFailed(
            "soundcloud",
            link.raw,
            f"{what} (oEmbed: {describe_status(response)}; removed, or private without its "
            "secret link?)",
        )
    if response.status_code != 200:
        raise LookupFailed("soundcloud", link.raw, f"{what} (oEmbed: {describe_status(response)})")
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    problem = None
    data: object = None
    if "json" not in ctype:
        problem = f"oEmbed answered with {ctype or 'no content type'}, not JSON"
    else:
        try:
            data = json.loads(response.content.decode("utf-8"))
        except json.JSONDecodeError as exc:
            problem = f"oEmbed answered with malformed JSON: {exc.msg}"
        except UnicodeDecodeError:
            problem = "oEmbed answered with text that is not UTF-8"
        except RecursionError:  # json's decoder recurses once per level of nesting
            problem = "oEmbed answered with JSON nested too deeply"
        else:
            problem = None if isinstance(data, dict) else "oEmbed answered with no object"
    if problem is not None or not isinstance(data, dict):
        # Name the URL asked, and never let a broken answer live on in the cache.
        hint = forget(session, response)
        raise LookupFailed(
            "soundcloud", link.raw, f"{what} ({response.url or settings.oembed}: {problem}{hint})"
        )
    return _read_oembed(data)


def _read_oembed(data: dict[str, object]) -> OEmbed:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value.strip() or None if isinstance(value, str) else None

    author = _plain(text("author_name"))
    title = _plain(text("title"))
    # SoundCloud titles its oEmbed answers "TRACK by AUTHOR".
    if title and author and title.endswith(f" by {author}"):
        title = title.removesuffix(f" by {author}").strip() or title
    track_id = None
    for found in find_links(text("html") or ""):
        if isinstance(found.link, SoundCloudLink) and found.link.track_id is not None:
            track_id = found.link.track_id
            break
    user = None
    author_url = text("author_url")
    if author_url:
        user = author_url.rstrip("/").rsplit("/", 1)[-1] or None
    return OEmbed(
        title=title,
        description=text("description"),
        # Only a web address: a path (/etc/passwd.png) or javascript: from the network
        # must never be taken for a file of the show or a link.
        artwork=thumbnail
        if (thumbnail := text("thumbnail_url")) and is_web_url(thumbnail)
        else None,
        author=author,
        user=user,
        track_id=track_id,
    )


def probe_audio(session: requests.Session, url: str) -> AudioFacts:
    """Byte length and type of a remote enclosure; checks the host answers byte ranges."""
    from pipeline.enrich.http import NotCachedError, byte_count, describe_status, forget
    from pipeline.enrich.http_answers import WEB_PAGE, is_web_page

    what = "an audio URL whose server reports its size"
    try:
        head = session.head(url, allow_redirects=True)
        if head.status_code != 200:
            raise LookupFailed("audio", url, f"{what} (HEAD: {describe_status(head)})")
        ranged = session.get(url, headers={"Range": "bytes=0-0"}, allow_redirects=True, stream=True)
        ranged.close()
    except NotCachedError:
        raise LookupFailed(
            "audio",
            url,
            f"{what} (not in the HTTP cache, and --offline makes no requests; build once "
            "online or write length:)",
        ) from None
    except FetchError as exc:
        raise LookupFailed("audio", url, f"{what} ({exc})") from None
    if is_web_page(head) or is_web_page(ranged):
        # A share or preview page (Dropbox without dl=1, Google Drive's viewer): its size
        # would go out as the episode's length, and no app can play it.
        raise LookupFailed("audio", url, f"the audio file itself ({WEB_PAGE})")
    if ranged.status_code != 206:
        raise LookupFailed(
            "audio",
            url,
            "a host answering Range requests with 206 Partial Content (got "
            f"{describe_status(ranged)}; Apple Podcasts rejects such hosts)",
        )
    # Numbers from the network are checked like numbers from a file: a negative or absurd
    # size never reaches the feed's length="...".
    length = byte_count(head.headers.get("Content-Length"))
    if length is None:
        m = _CONTENT_RANGE.match(ranged.headers.get("Content-Range", ""))
        length = byte_count(m[1]) if m else None
    if length is None:
        hint = forget(session, head) + forget(session, ranged)
        raise LookupFailed(
            "audio",
            url,
            f"{what} (no Content-Length or Content-Range total from 1 byte to 1 TiB{hint})",
        )
    mime = None
    for response in (head, ranged):
        ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype.startswith("audio/") or ctype == "video/mp4":
            mime = ctype
            break
    return AudioFacts(length=length, mime_type=mime)


def _plain(text: str | None) -> str | None:
    """Text from the network that becomes a title or author: none with HTML tags in it."""
    return None if text is None or has_markup(text) else text
