"""Live reload for ``pipeline serve``: the browser learns when a rebuild finishes or fails.

Every HTML page the preview server sends gets one extra line, a ``<script>`` for
``__pipeline/reload.js`` carrying the number of the build it came from; nothing is added to
the built files, and a normal build never contains it. The script listens to
``__pipeline/events`` (server-sent events): after a good rebuild the page reloads (keeping the
site's player playing: only the page content is replaced), and when an edit breaks the build
the problems are shown over the page until a rebuild succeeds.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

PREFIX = "__pipeline/"
FILES = Path(__file__).resolve().parent.parent / "render" / "static" / "preview"
_SCRIPT = '<script src="{base}__pipeline/reload.js" data-build="{build}" defer></script>'
PING = 15.0  # seconds between keep-alive comments, which also find clients that went away


class BuildEvents:
    """The preview's build state: which build is served, and the last failure since."""

    def __init__(self) -> None:
        self.build = 1
        self.error: str | None = None
        self.closed = False
        self._changed = threading.Condition()

    def built(self) -> None:
        """A rebuild finished: pages reload."""
        with self._changed:
            self.build += 1
            self.error = None
            self._changed.notify_all()

    def failed(self, message: str) -> None:
        """A rebuild failed: pages show ``message``; the last good build stays."""
        with self._changed:
            self.error = message
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def state(self) -> str:
        return json.dumps({"build": self.build, "error": self.error})

    def stream(self, write: Callable[[bytes], None]) -> None:
        """Send the state now and after every change until the server stops; ``write``
        raises OSError when the browser has gone."""
        sent = None
        while True:
            with self._changed:
                if self.closed:
                    return
                current = self.state()
                if current == sent:
                    self._changed.wait(PING)
                    current = self.state()
                if self.closed:
                    return
            if current != sent:
                write(f"event: state\ndata: {current}\n\n".encode())
                sent = current
            else:
                write(b": ping\n\n")


def inject(page: bytes, base: str, build: int) -> bytes:
    """``page`` with the live-reload script before ``</head>`` (or at the end)."""
    tag = _SCRIPT.format(base=base, build=build).encode()
    at = page.find(b"</head>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def preview_file(name: str) -> Path | None:
    """``reload.js`` or ``reload.css`` from the package; None for anything else."""
    path = FILES / name
    return path if name in ("reload.js", "reload.css") and path.is_file() else None
