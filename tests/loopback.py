"""A scriptable HTTP server on 127.0.0.1 for robustness tests: each path answers with a
handler function, and every request is recorded as ``(method, path, headers)``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


def answer(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    ctype: str = "text/plain",
    **headers: str,
) -> None:
    """Send a whole response (no body for HEAD)."""
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    if "Content_Length" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key.replace("_", "-"), value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


class Loopback:
    """``with Loopback({"/path": route}) as server: server.url + "/path"``."""

    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.log: list[tuple[str, str, dict[str, str]]] = []
        loop = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _any(self) -> None:
                loop.log.append((self.command, self.path, dict(self.headers)))
                route = loop.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        answer(self, 404, b"Not found")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            do_GET = do_HEAD = do_POST = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p.split("?")[0] == path)
