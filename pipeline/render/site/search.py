"""The search index: Pagefind, built in memory from the rendered pages.

Pagefind (``pip install 'pagefind[extended]'``, which ships its binary) indexes HTML into
small static files that ``static/search.js`` queries in the browser, so search works on any
static host. Episode and post pages mark their text with ``data-pagefind-body``, which takes
in show notes, articles and transcripts; the navigation, the player and the related lists
are left out (``data-pagefind-ignore``).

The pages go to Pagefind's service mode (``pagefind --service``, the interface its Python and
Node packages drive) as messages on its stdin and the index comes back as bytes on stdout;
nothing touches the disk, and ``write.py`` writes the files with the rest of the site. The
package's own asyncio client polls for each answer after a 100 ms sleep (3.7 s for the
sample's 29 pages; 17 minutes for 10,000), so the same messages are exchanged here directly,
a reader thread collecting the answers while the pages are sent.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import re
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from pipeline.errors import PipelineError
from pipeline.render import Output

FOLDER = "pagefind/"
# The index, the search library and its WebAssembly; Pagefind's ready-made interfaces are
# left out (search.js is ours: smaller, and in the page's language).
_UI = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
_INSTALL = "pip install 'pagefind[extended]' (or set search = false under [site])"


class SearchIndexError(PipelineError):
    """Pagefind is missing or failed."""


def pagefind_binary() -> Path:
    """The Pagefind binary the ``pagefind`` package finds (``PAGEFIND_BINARY_PATH`` wins)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchIndexError(
            f"search index: the pagefind package is missing; {_INSTALL}"
        ) from None
    try:
        found = get_executable()
    except (FileNotFoundError, OSError):
        found = None
    if found is None or not Path(found).is_file():
        raise SearchIndexError(f"search index: no pagefind binary found; {_INSTALL}")
    return Path(found)


def search_index(pages: Mapping[str, bytes], language: str) -> Output:
    """The Pagefind index of ``pages`` (site path -> HTML) as ``pagefind/...`` files.

    Result URLs are the pages' site paths without ``index.html`` (``episodes/x/``), relative
    to the site's root, so the index works under any base URL.
    """
    with _Service(pagefind_binary()) as service:
        created = service.ask(
            {"type": "NewIndex", "config": {"force_language": language.split("-")[0].lower()}}
        )
        index = created["index_id"]
        for path, html in sorted(pages.items()):
            url = path.removesuffix("index.html")
            service.send(
                {
                    "type": "AddFile",
                    "index_id": index,
                    "url": url,
                    "file_path": None,
                    "file_contents": searchable(html.decode("utf-8")),
                }
            )
        service.collect()
        files = service.ask({"type": "GetFiles", "index_id": index})["files"]
    out: Output = {}
    for file in files:
        name = str(file["path"]).lstrip("/")
        if not name.startswith(_UI):
            out[FOLDER + name] = base64.b64decode(file["content"])
    return out


_LANG = re.compile(r'<html\s[^>]*\blang="([^"]*)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_BODY = " data-pagefind-body"


def searchable(page: str) -> str:
    """What Pagefind needs of a page: its language, title and the element marked
    ``data-pagefind-body`` (navigation, player and head are a third of each page and would
    cost as much time to index as to leave out). A page of a show's own template without
    that mark goes whole."""
    at = page.find(_BODY)
    start = page.rfind("<", 0, at)
    name = re.match(r"<([a-z0-9]+)", page[start:]) if at >= 0 and start >= 0 else None
    end = page.rfind(f"</{name[1]}>") if name else -1
    if name is None or end < at:
        return page
    lang = _LANG.search(page)
    title = _TITLE.search(page)
    return (
        f'<!doctype html><html lang="{lang[1] if lang else ""}"><head><meta charset="utf-8">'
        f"<title>{title[1] if title else ''}</title></head>"
        f"<body>{page[start : end + len(name[1]) + 3]}</body></html>"
    )


class _Service:
    """One ``pagefind --service`` process: base64 JSON messages, each followed by a comma."""

    def __init__(self, binary: Path) -> None:
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise SearchIndexError(f"search index: cannot run {binary}: {exc.strerror}") from None
        self.answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.sent = 0
        self.received = 0
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _read(self, stream: IO[bytes]) -> None:
        buffer = b""
        while True:
            chunk = stream.read1(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                self.answers.put(None)  # the process ended
                return
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                if message.strip():
                    self.answers.put(json.loads(base64.b64decode(message)))

    def send(self, payload: dict[str, Any]) -> None:
        self.sent += 1
        message = {"message_id": self.sent, "payload": payload}
        data = base64.b64encode(json.dumps(message).encode("utf-8")) + b","
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:
            raise SearchIndexError("search index: pagefind stopped unexpectedly") from None

    def _next(self) -> dict[str, Any]:
        answer = self.answers.get()
        if answer is None:
            raise SearchIndexError("search index: pagefind stopped unexpectedly")
        self.received += 1
        payload: dict[str, Any] = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise SearchIndexError(f"search index: pagefind: {payload.get('message')}")
        return payload

    def collect(self) -> None:
        """Wait for the answers to everything sent so far."""
        while self.received < self.sent:
            self._next()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.collect()
        self.send(payload)
        return self._next()
