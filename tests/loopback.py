"""A scriptable HTTP server on 127.0.0.1 for robustness tests: each path answers with a
handler function, and every request is recorded as ``(method, path, headers)``."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = Callable[[BaseHTTPRequestHandler], None]


def free_port() -> int:
    """A port on 127.0.0.1 that nobody listens on (until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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


class ClosingServer(ThreadingHTTPServer):
    """A threaded HTTP server whose ``server_close`` also ends its connections' threads.

    A client that keeps its connection alive (a ``requests`` session) leaves the thread
    serving it waiting for another request after ``shutdown()``. Such a thread outlived
    its test, and the tests after it in the same worker saw a process with threads, where
    ``pipeline.parallel.background`` rightly refuses to fork (three tests failed now and
    then). Closing the connections ends those threads; they are waited for (a route
    still sleeping is given up on after a few seconds: it ends with its sleep).
    """

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Any) -> None:
        super().__init__(address, handler)
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._serving: list[threading.Thread] = []

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._connections.add(request)
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        with self._lock:
            self._serving = [t for t in self._serving if t.is_alive()] + [thread]
        thread.start()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that closes a connection with an answer unread (a ``stream=True`` GET
        # it only needed the headers of, not kept by the HTTP cache) resets it: that is no
        # error of the route, and the traceback socketserver prints went into the stderr a
        # CliRunner test reads for the command's own lines.
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return
        super().handle_error(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        with self._lock:
            connections, serving = list(self._connections), list(self._serving)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        end = time.monotonic() + 5
        for thread in serving:
            thread.join(max(0.0, end - time.monotonic()))


def serve(server: ThreadingHTTPServer) -> threading.Thread:
    """Serve ``server`` from a thread of its own, started here."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    return thread


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

        self._server = ClosingServer(("127.0.0.1", 0), Handler)

    def __enter__(self) -> Loopback:
        self._thread = serve(self._server)
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def hits(self, path: str) -> int:
        return sum(1 for _, p, _ in self.log if p.split("?")[0] == path)
