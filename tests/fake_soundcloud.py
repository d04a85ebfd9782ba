"""A loopback SoundCloud for the tests: a real HTTP server on 127.0.0.1 in a thread.

It plays the parts of SoundCloud the pipeline talks to, at one base URL:

- ``GET /oembed?format=json&url=...``: oEmbed JSON with the player iframe (track id inside);
- ``GET|HEAD /stream/ID-USER-SLUG.mp3``: redirects (302) to ``/media/ID.mp3``, like the real
  feeds host hands off to its CDN;
- ``GET|HEAD /media/ID.mp3``: the audio, answering HEAD and ``Range: bytes=a-b`` with 206;
- ``GET /users/soundcloud:users:ID/sounds.rss[?before=TRACK]``: a podcast feed, paged with
  ``atom:link rel="next"``.

Faults are injected per route (``oembed``, ``stream``, ``media``, ``feed``) and optionally
per track id: ``fake.fail("oembed", "500", track=2)`` answers the next oEmbed request for
track 2 with a 500, then behaves again; ``fake.always("media", "no-range")`` sticks.
Every request is logged in ``fake.log`` as ``(method, path, range header)``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit
from xml.sax.saxutils import escape

from pipeline.models import SoundCloudLink
from pipeline.text.soundcloud import parse_link
from tests.loopback import ClosingServer, serve

FAULTS = (
    "404",  # not found (a removed track)
    "500",  # server error
    "429:N",  # too many requests, Retry-After: N
    "slow:S",  # wait S seconds before answering (client timeouts)
    "malformed",  # broken JSON
    "html",  # an HTML page instead of JSON
    "no-length",  # HEAD without Content-Length
    "no-range",  # ignore Range: answer 200 with the whole file
)


@dataclass
class Track:
    id: int
    user: str
    slug: str
    title: str
    date: datetime
    description: str = ""
    artwork: str | None = None
    audio: bytes = b"ID3" + bytes(997)
    duration: int = 600
    broken: bool = False  # in the feed: an item without an enclosure


class FakeSoundCloud:
    def __init__(self, user_id: int = 4242, user: str = "fakeshow", page_size: int = 2) -> None:
        self.user_id = user_id
        self.user = user
        self.page_size = page_size
        self.tracks: dict[int, Track] = {}
        self.log: list[tuple[str, str, str | None]] = []
        self._faults: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        self._sticky: dict[tuple[str, int | None], str] = {}
        self._lock = threading.Lock()
        self._server = ClosingServer(("127.0.0.1", 0), _handler(self))

    # -- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> FakeSoundCloud:
        self._thread = serve(self._server)
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def feed_url(self) -> str:
        return f"{self.url}/users/soundcloud:users:{self.user_id}/sounds.rss"

    def settings_env(self) -> dict[str, str]:
        """``PIPELINE_SOUNDCLOUD_*`` values pointing the pipeline at this server."""
        return {
            "PIPELINE_SOUNDCLOUD_OEMBED": f"{self.url}/oembed",
            "PIPELINE_SOUNDCLOUD_FEEDS": self.url,
            "PIPELINE_SOUNDCLOUD_API": self.url,
        }

    # -- content and faults ------------------------------------------------------------
    def add(self, track_id: int, slug: str, title: str, date: datetime, **kw: Any) -> Track:
        track = Track(id=track_id, user=self.user, slug=slug, title=title, date=date, **kw)
        self.tracks[track_id] = track
        return track

    def fail(self, route: str, *faults: str, track: int | None = None) -> None:
        with self._lock:
            self._faults[(route, track)].extend(faults)

    def always(self, route: str, fault: str, track: int | None = None) -> None:
        self._sticky[(route, track)] = fault

    def fault_for(self, route: str, track: int | None) -> str | None:
        with self._lock:
            for key in ((route, track), (route, None)):
                if self._faults.get(key):
                    return self._faults[key].pop(0)
            return self._sticky.get((route, track)) or self._sticky.get((route, None))

    def requests_to(self, route_prefix: str) -> int:
        return sum(1 for _, path, _ in self.log if path.startswith(route_prefix))

    def stream_url(self, track: Track) -> str:
        return f"{self.url}/stream/{track.id}-{track.user}-{track.slug}.mp3"

    def find(self, url: str) -> Track | None:
        link = parse_link(url)
        if not isinstance(link, SoundCloudLink):
            return None
        for track in self.tracks.values():
            if link.track_id == track.id or (link.user, link.slug) == (track.user, track.slug):
                return track
        return None

    # -- responses ---------------------------------------------------------------------
    def oembed(self, track: Track) -> dict[str, Any]:
        inner = quote(f"https://api.soundcloud.com/tracks/{track.id}", safe="")
        return {
            "version": 1.0,
            "type": "rich",
            "provider_name": "SoundCloud",
            "provider_url": "https://soundcloud.com",
            "height": 400,
            "width": "100%",
            "title": f"{track.title} by {self.user.title()}",
            "description": track.description,
            "thumbnail_url": track.artwork,
            "html": (
                '<iframe width="100%" height="400" scrolling="no" frameborder="no" '
                f'src="https://w.soundcloud.com/player/?visual=true&url={inner}'
                '&show_artwork=true"></iframe>'
            ),
            "author_name": self.user.title(),
            "author_url": f"https://soundcloud.com/{self.user}",
        }

    def feed_page(self, before: int | None) -> bytes:
        ordered = sorted(self.tracks.values(), key=lambda t: t.date, reverse=True)
        if before is not None:
            ids = [t.id for t in ordered]
            ordered = ordered[ids.index(before) + 1 :] if before in ids else []
        page, rest = ordered[: self.page_size], ordered[self.page_size :]
        items = "".join(self._item(t) for t in page)
        next_link = (
            f'<atom:link rel="next" href="{escape(self.feed_url)}?before={page[-1].id}"/>'
            if rest and page
            else ""
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
            'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
            f'<atom:link href="{escape(self.feed_url)}" rel="self" '
            'type="application/rss+xml"/>\n'
            f"{next_link}\n"
            f"<title>{escape(self.user.title())}</title>\n"
            f"<link>https://soundcloud.com/{self.user}</link>\n"
            "<description>Een nepshow om het importeren mee te testen.</description>\n"
            f"{items}</channel>\n</rss>\n"
        ).encode()

    def _item(self, t: Track) -> str:
        clock = f"{t.duration // 3600:02d}:{t.duration % 3600 // 60:02d}:{t.duration % 60:02d}"
        enclosure = (
            ""
            if t.broken
            else f'<enclosure type="audio/mpeg" url="{escape(self.stream_url(t))}" '
            f'length="{len(t.audio)}"/>'
        )
        image = f'<itunes:image href="{escape(t.artwork)}"/>' if t.artwork else ""
        return (
            "<item>\n"
            f'<guid isPermaLink="false">tag:soundcloud,2010:tracks/{t.id}</guid>\n'
            f"<title>{escape(t.title)}</title>\n"
            f"<pubDate>{format_datetime(t.date)}</pubDate>\n"
            f"<link>https://soundcloud.com/{t.user}/{t.slug}</link>\n"
            f"<itunes:duration>{clock}</itunes:duration>\n"
            "<itunes:explicit>no</itunes:explicit>\n"
            f"<itunes:summary>{escape(t.description)}</itunes:summary>\n"
            f"<description>{escape(t.description)}</description>\n"
            f"{enclosure}{image}\n</item>\n"
        )


def _handler(fake: FakeSoundCloud) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: Any) -> None:  # keep test output quiet
            pass

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _send(
            self,
            status: int,
            body: bytes = b"",
            ctype: str = "text/plain",
            headers: dict[str, str] | None = None,
            head: bool = False,
            length: bool = True,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _serve(self, head: bool) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.log.append((self.command, self.path, self.headers.get("Range")))
            route, track = self._route(parts.path, query)
            fault = fake.fault_for(route, track.id if track else None)
            try:
                if fault and self._fault(fault, head):
                    return
                self._answer(route, track, parts.path, query, head, fault)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _route(self, path: str, query: dict[str, list[str]]) -> tuple[str, Track | None]:
            if path == "/oembed":
                return "oembed", fake.find(query.get("url", [""])[0])
            if path.startswith("/stream/"):
                number = path.removeprefix("/stream/").split("-", 1)[0]
                return "stream", fake.tracks.get(int(number)) if number.isdigit() else None
            if path.startswith("/media/"):
                number = path.removeprefix("/media/").removesuffix(".mp3")
                return "media", fake.tracks.get(int(number)) if number.isdigit() else None
            if path.startswith("/users/"):
                return "feed", None
            return "other", None

        def _fault(self, fault: str, head: bool) -> bool:
            """Apply a fault; True when it answered the request itself."""
            name, _, arg = fault.partition(":")
            if name == "slow":
                time.sleep(float(arg or 2))
                return False
            if name == "404":
                self._send(404, b"Not found", head=head)
            elif name == "500":
                self._send(500, b"Internal error", head=head)
            elif name == "429":
                self._send(429, b"Slow down", headers={"Retry-After": arg or "1"}, head=head)
            elif name == "malformed":
                self._send(200, b'{"title": "half', "application/json", head=head)
            elif name == "html":
                page = b"<!DOCTYPE html><html><body>We zijn zo terug.</body></html>"
                self._send(200, page, "text/html; charset=utf-8", head=head)
            else:
                return False
            return True

        def _answer(
            self,
            route: str,
            track: Track | None,
            path: str,
            query: dict[str, list[str]],
            head: bool,
            fault: str | None,
        ) -> None:
            if route == "oembed":
                if track is None or query.get("format") != ["json"]:
                    self._send(404, b"Not found", head=head)
                    return
                body = json.dumps(fake.oembed(track)).encode()
                self._send(200, body, "application/json; charset=utf-8", head=head)
            elif route == "stream" and track is not None:
                location = f"{fake.url}/media/{track.id}.mp3"
                self._send(302, b"", headers={"Location": location}, head=head)
            elif route == "media" and track is not None:
                self._media(track, head, fault)
            elif route == "feed" and path == f"/users/soundcloud:users:{fake.user_id}/sounds.rss":
                before = query.get("before", [""])[0]
                body = fake.feed_page(int(before) if before.isdigit() else None)
                self._send(200, body, "application/rss+xml; charset=utf-8", head=head)
            else:
                self._send(404, b"Not found", head=head)

        def _media(self, track: Track, head: bool, fault: str | None) -> None:
            data = track.audio
            ranged = self.headers.get("Range")
            if ranged and fault != "no-range" and not head:
                spec = ranged.removeprefix("bytes=")
                first_s, _, last_s = spec.partition("-")
                first = int(first_s or 0)
                last = min(int(last_s) if last_s else len(data) - 1, len(data) - 1)
                self._send(
                    206,
                    data[first : last + 1],
                    "audio/mpeg",
                    headers={"Content-Range": f"bytes {first}-{last}/{len(data)}"},
                )
                return
            if head and fault == "no-length":
                self._send(200, b"", "audio/mpeg", head=True, length=False)
                return
            accept = {} if fault == "no-range" else {"Accept-Ranges": "bytes"}
            self._send(200, data, "audio/mpeg", headers=accept, head=head)

    return Handler
