"""The preview server: a built site on 127.0.0.1, rebuilt when a file in the show changes.

Serves the site under the path of the show's base URL (``/`` or ``/podcast/``), so every
link works as it will in production. Byte ranges are supported because browsers need them
to seek in audio; unknown paths get the site's own 404 page. Pages reload themselves when a
rebuild finishes and show the problems when one fails (``preview_events.py``). Nothing here
is reachable from other machines: the server binds 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, unquote, urlsplit

from pipeline.errors import PipelineError
from pipeline.preview.events import PREFIX, BuildEvents, inject, preview_file
from pipeline.render.csp import CONTENT_SECURITY_POLICY

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_TYPES = {
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".xsl": "text/xsl; charset=utf-8",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
}


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )


class _Handler(BaseHTTPRequestHandler):
    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the command prints rebuilds, not every request

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        # The browser may go away mid-file (seeking does that).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._respond(body)

    def _respond(self, body: bool) -> None:
        base = self.server.base_path
        path = unquote(urlsplit(self.path).path)
        if path in ("", "/", base.rstrip("/")) and base != "/":
            return self._redirect(base)
        if not path.startswith(base):
            return self._not_found(body)
        if path.startswith(base + PREFIX):
            return self._live(path[len(base + PREFIX) :], body)
        parts = _site_parts(path[len(base) :])
        if parts is None:
            return self._not_found(body)
        site = self.server.site
        target = site.joinpath(*parts)
        try:
            if not target.resolve().is_relative_to(site.resolve()):
                return self._not_found(body)  # a symlink pointing out of the site
            if target.is_dir():
                if not path.endswith("/"):
                    # Rebuilt from the checked parts, quoted: never "//host" or a CR/LF.
                    return self._redirect(quote(base + "".join(p + "/" for p in parts)))
                target = target / "index.html"
            handle = target.open("rb")
        except (OSError, ValueError):  # missing, a directory, a name too long for the disk
            return self._not_found(body)
        with handle:
            ctype = content_type(target)
            if ctype.startswith("text/html"):
                page = inject(handle.read(), base, self.server.events.build)
                return self._file(io.BytesIO(page), ctype, body, len(page))
            self._file(handle, ctype, body, os.fstat(handle.fileno()).st_size)

    def _live(self, name: str, body: bool) -> None:
        """The live-reload script and its stylesheet, and the stream of build events."""
        if name == "events":
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

            def write(data: bytes) -> None:
                self.wfile.write(data)
                self.wfile.flush()

            if body:
                self.server.events.stream(write)
            return None
        found = preview_file(name)
        if found is None:
            return self._not_found(body)
        with found.open("rb") as handle:
            self._file(handle, content_type(found), body, os.fstat(handle.fileno()).st_size)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, body: bool) -> None:
        try:
            data = (self.server.site / "404.html").read_bytes()
        except OSError:  # none, or swapped out by a rebuild this very moment
            data = b"Not found"
        # A page that does not exist yet appears by itself once a rebuild makes it.
        data = inject(data, self.server.base_path, self.server.events.build)
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _file(self, handle: BinaryIO, ctype: str, body: bool, size: int) -> None:
        # Served from the open file: a rebuild swapping the site meanwhile cannot cut it.
        start, end = 0, size - 1
        status = HTTPStatus.OK
        wanted = _RANGE.match(self.headers.get("Range", "").strip())
        if wanted and (wanted[1] or wanted[2]):
            if wanted[1]:
                start = int(wanted[1])
                end = min(int(wanted[2]), size - 1) if wanted[2] else size - 1
            else:  # "bytes=-N": the last N bytes
                start = max(size - int(wanted[2]), 0)
            if start >= size or start > end:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = HTTPStatus.PARTIAL_CONTENT
        length = max(end - start + 1, 0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        # The policy the pages carry in <meta>, as a header too: a header also covers what
        # a <meta> cannot (and the live-reload script is one of the site's own).
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if body:
            _copy(handle, self.wfile, start, length)


def _site_parts(rest: str) -> list[str] | None:
    """The path segments of a request below the base path; None for anything that could
    leave the site or that the site cannot hold (``..``, NUL, backslashes)."""
    parts = [p for p in rest.split("/") if p not in ("", ".")]
    if any(p == ".." or "\x00" in p or "\\" in p for p in parts):
        return None
    return parts


def _copy(source: BinaryIO, sink: io.BufferedIOBase, start: int, length: int) -> None:
    source.seek(start)
    while length > 0:
        chunk = source.read(min(CHUNK, length))
        if not chunk:
            break
        sink.write(chunk)
        length -= len(chunk)


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path, base_path: str, port: int) -> None:
        self.site = site
        self.base_path = base_path
        self.events = BuildEvents()  # rebuilds, for the pages' live reload
        super().__init__(("127.0.0.1", port), _Handler)

    def shutdown(self) -> None:
        self.events.close()  # ends the event streams, which would keep their threads
        super().shutdown()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{self.base_path}"


def start_server(site: Path, base_path: str, port: int = 0) -> PreviewHTTPServer:
    """Serve ``site`` on 127.0.0.1 in a background thread; ``port=0`` picks a free port."""
    try:
        server = PreviewHTTPServer(site, base_path, port)
    except OSError as exc:  # taken by another program (or a second `pipeline serve`)
        raise PipelineError(
            f"--port: got {port}, expected a free port on 127.0.0.1 ({exc.strerror}); "
            "stop the other server or pass another --port (0 picks any free one)"
        ) from None
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    return server
