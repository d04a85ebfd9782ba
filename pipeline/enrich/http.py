"""One HTTP session for every network lookup: timeouts, retries, an on-disk cache, offline mode.

Use :func:`make_session` everywhere the pipeline talks to the network (SoundCloud oEmbed,
enclosure HEAD/Range checks, feed imports, link checks)::

    session = make_session(default_cache_dir(root), offline=options.offline)
    response = session.get(url)            # a requests.Response (or a cached one)

What the session does for its callers:

- a default timeout (connect, read) on every request, so nothing hangs a scheduled build;
- retries with exponential backoff on connection errors, read timeouts, 429 and 5xx;
  ``Retry-After`` (seconds or an HTTP date) is honoured up to :data:`MAX_RETRY_AFTER`
  seconds; a server asking for a longer wait gets no retry (its answer is returned at once,
  rather than stalling a build for minutes), and an unreadable ``Retry-After`` counts as
  absent; after the last try the last response is returned as is, so callers see the real
  status code (:func:`~pipeline.enrich.http_answers.tries` says how many times it came);
- one deadline per request, :data:`DEADLINE` seconds for everything: every try (its
  timeouts are cut to the time left), the waits between them (no retry is made whose wait
  would end past it) and the body, so a server that trickles a byte at a time cannot hang
  a scheduled build (the read timeout alone only bounds the gap between two packets). A
  request that got no answer in time fails with "did not answer within N s" (``transport.py``);
- bodies are bounded: at most :data:`MAX_BODY` bytes (after gzip/deflate decoding, so a
  small compressed bomb is caught too; a larger declared ``Content-Length`` fails before
  reading). Callers that ask for ``stream=True`` read the body themselves;
- an on-disk cache (requests-cache, SQLite under ``ROOT/.cache/http`` by default) that
  never expires and ignores servers' ``Cache-Control``, so repeated builds and scheduled CI
  runs make no repeat requests; ``200`` and ``206`` answers to GET and HEAD are kept, and
  the ``Range`` header is part of the cache key. A cache that is damaged, no regular file,
  or behind a link leading outside the show is left as it is, said, and replaced by one in
  memory for the run;
- ``offline=True``: answers come from the cache alone; anything not cached raises
  :class:`NotCachedError` naming the URL, instead of making a request;
- network failures are raised as our own :class:`pipeline.errors.FetchError` (with a short
  reason such as "connection refused" or "timed out after 5s"), never as requests'
  exception types, so commands report them as ``Error:`` lines.

Pass ``cache_dir=None`` for a session that caches in memory only (one command run), e.g.
for importing a feed that must be read fresh.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from requests_cache import CachedSession

from pipeline import __version__

# byte_count, describe_status: also this module's, for the callers that had them here.
from pipeline.enrich.http_answers import byte_count as byte_count
from pipeline.enrich.http_answers import describe_exception, is_web_page
from pipeline.enrich.http_answers import describe_status as describe_status
from pipeline.enrich.transport import DEADLINE as DEADLINE
from pipeline.enrich.transport import MAX_BODY as MAX_BODY
from pipeline.enrich.transport import MAX_RETRY_AFTER as MAX_RETRY_AFTER
from pipeline.enrich.transport import BodyError as BodyError
from pipeline.enrich.transport import BoundedRetry, TimeoutAdapter, timeout_pair
from pipeline.errors import FetchError, show_value
from pipeline.paths import cache_inside, cache_refused, rel

CACHE_DIR = Path(".cache") / "http"
CACHE_FILE = "responses.sqlite"
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)  # seconds: connect, read
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds; doubles with each retry
RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = f"podcast-pipeline/{__version__}"


class NotCachedError(FetchError):
    """An offline run needed an answer that is not in the cache."""


class PipelineSession(CachedSession):
    """A requests-cache session that raises :class:`FetchError` instead of requests' errors."""

    def __init__(self, *, offline: bool, where: str, timeout: tuple[float, float], **kw: Any):
        super().__init__(**kw)
        self.offline = offline
        self.where = where  # the cache's location, for messages
        self.unusable = ""  # why the show's cache file is not used (make_session), if it is not
        self.default_timeout = timeout

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        # An address requests refuses while preparing (``http://a b/``, no host, a port out
        # of range) never reaches send(): report it like any other failed fetch.
        try:
            return super().request(method, url, *args, **kwargs)
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
            raise FetchError(f"{url}: not a web address we can fetch ({exc})") from None

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        # requests reads a Location even unfollowed (for ``response.next``): one no parser
        # reads (an unclosed IPv6 host, "http://[::1/x") was a ValueError traceback.
        location = super().get_redirect_target(resp)
        try:
            if location is not None:
                urljoin(resp.url or "", location)
        except ValueError:
            got = f"redirected to an address that is no web address ({show_value(location)})"
            raise FetchError(f"{resp.url}: {got}") from None
        return location

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        url = request.url or "?"
        try:
            response = super().send(request, *args, **kwargs)
        except requests.exceptions.RequestException as exc:
            limits = _limits(kwargs.get("timeout"), self.default_timeout)
            raise FetchError(f"{url}: {describe_exception(exc, limits)}") from exc
        except sqlite3.DatabaseError as exc:  # damage past the first page shows only now
            raise FetchError(
                f"{url}: the HTTP cache {self.where} failed ({exc}); {CLEAR}"
            ) from None
        if self.offline and response.status_code == 504 and getattr(response, "from_cache", False):
            if self.unusable:  # "build once online" would not help: the cache is the cause
                raise FetchError(
                    f"{url}: not answered: {self.unusable}, and --offline asks no server"
                )
            raise NotCachedError(
                f"{url}: not in the HTTP cache ({self.where}); --offline uses cached answers "
                "only (run once without --offline to fill the cache)"
            )
        return response


def _limits(timeout: Any, default: tuple[float, float]) -> tuple[float, float]:
    """The connect and read seconds a request was sent with, for its message (the WebSub
    ping waits 10 s, and its timeout said the session's 20 s); a limit that is no number
    (None: as long as the deadline) is shown as the session's."""
    pair = timeout_pair(timeout, default)
    return tuple(  # type: ignore[return-value]
        float(v) if isinstance(v, int | float) and not isinstance(v, bool) else d
        for v, d in zip(pair, default, strict=True)
    )


def _cacheable(response: requests.Response) -> bool:
    """Only answers that parse are kept: the cache never expires, so a captive portal's
    HTML page or a truncated JSON body kept once would fail every later build.

    A Range request is cached only when answered as one (206) with a readable total; a
    JSON request (``Accept: application/json``) only with a JSON object or list; a HEAD
    only with a readable (or absent) Content-Length. Neither is kept when it is a web page:
    both ask for a file (an enclosure) or a redirect (a share link), and a share page, a
    host's error page served with 200 or a captive portal kept once was refused by every
    later build, after the host served the file again.
    """
    request = response.request
    if request is None or response.status_code not in (200, 206):
        return request is not None  # other codes: requests-cache's allowable_codes decide
    if (request.method == "HEAD" or "Range" in request.headers) and is_web_page(response):
        return False
    if "Range" in request.headers:
        total = response.headers.get("Content-Range", "").rpartition("/")[2]
        return response.status_code == 206 and byte_count(total) is not None
    if request.method == "HEAD" and "Content-Length" in response.headers:
        return byte_count(response.headers["Content-Length"]) is not None
    if "json" in str(request.headers.get("Accept", "")):
        try:
            return isinstance(json.loads(response.content or b""), dict | list)
        # JSONDecodeError, UnicodeDecodeError; RecursionError: nested deeper than json's
        # decoder recurses (100,000 `[`), which would end the build mid-request.
        except (ValueError, RecursionError):
            return False
    return True


REFRESH = "delete .cache/http/ in the show folder (rm -r .cache/http) to ask afresh"
CLEAR = "delete .cache/http/ in the show folder (rm -r .cache/http) to start a new one"


def forget(session: requests.Session, response: requests.Response) -> str:
    """Drop an answer that did not parse from the cache; what to tell the user about it.

    A cached answer is removed so the next run asks the server again; the returned text
    says so (or how to clear the cache by hand when it cannot be removed)."""
    if not getattr(response, "from_cache", False):
        return ""
    cache = getattr(session, "cache", None)
    key = getattr(response, "cache_key", None)
    try:
        if cache is None or not key:
            raise KeyError(key)
        cache.delete(key)
    except Exception:  # a read-only or damaged cache: say how to clear it by hand
        return f"; this answer came from the HTTP cache: {REFRESH}"
    return "; this answer came from the HTTP cache and was removed from it: run again to ask afresh"


def default_cache_dir(root: Path) -> Path:
    """Where a show's HTTP cache lives: ``ROOT/.cache/http`` (keep it between CI runs)."""
    return root / CACHE_DIR


def make_session(
    cache_dir: Path | None,
    offline: bool = False,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    max_body: int = MAX_BODY,
    deadline: float = DEADLINE,
    root: Path | None = None,
    notice: Callable[[str], None] | None = None,
) -> PipelineSession:
    """A session with timeouts, retries with backoff, an on-disk cache and offline mode.

    ``cache_dir`` holds the cache (created on first use); ``None`` keeps it in memory for
    this run only; ``root`` is the show folder it must lie inside. A cache that cannot be
    used (outside ``root``, damaged, not a regular file) is told to ``notice``, and the run
    caches in memory (without ``notice``: :class:`FetchError`). ``offline=True`` makes no
    request at all: cached answers are returned, anything else raises
    :class:`NotCachedError`. ``retries`` counts tries after the first; ``backoff`` is the
    base of the exponential wait between them (``Retry-After`` wins). ``max_body`` (bytes)
    bounds every response body read, and ``deadline`` (seconds) every request as a whole:
    its tries, the waits between them and its body.
    """
    retry = BoundedRetry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        other=0,
        backoff_factor=backoff,
        backoff_max=10.0,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # hand back the last response: callers report its status
        raise_on_redirect=False,
    )
    blocked = cache_dir is not None and any(
        p.exists() and not p.is_dir() for p in (cache_dir, cache_dir.parent)
    )  # a file where the folder belongs: reported below, offline or not
    path = None if cache_dir is None else cache_dir / CACHE_FILE
    name = str(path) if path is None or root is None else rel(path, root)
    unusable = None if path is None or blocked else _unusable_cache(path, name, root)
    if path is None or unusable or (offline and not blocked and not path.is_file()):
        # Offline with no cache yet: nothing could answer, and a run that only reads
        # (check, status, a dry run) must not leave a new cache folder behind.
        backend: dict[str, Any] = {"backend": "memory"}
        where = "memory" if path is None else f"memory, not {name}" if unusable else name
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # .cache is a file, or the show folder is read-only
            raise FetchError(
                f"cannot create the HTTP cache folder {path.parent}: {exc.strerror}"
            ) from None
        backend = {"cache_name": str(path), "backend": "sqlite"}
        where = name
    settings: dict[str, Any] = dict(
        offline=offline,
        timeout=timeout,
        expire_after=-1,  # never: a published episode's facts do not change
        cache_control=False,  # SoundCloud says no-cache; we keep answers anyway
        allowable_codes=(200, 206),
        allowable_methods=("GET", "HEAD"),
        match_headers=["Range", "Accept"],
        only_if_cached=offline,
        filter_fn=_cacheable,
    )
    try:
        session = PipelineSession(where=where, **settings, **backend)
    except sqlite3.DatabaseError as exc:  # opening reads the first page: "not a database"
        # OperationalError: a database SQLite may not use (read-only, locked); else damage.
        kind = "unusable" if isinstance(exc, sqlite3.OperationalError) else "damaged"
        unusable = (f"{name}: {kind} ({exc})", f"; {CLEAR}")
        session = PipelineSession(where=f"memory, not {name}", **settings, backend="memory")
    if unusable:
        # Left as it is (the user decides what goes); this run's answers stay in memory.
        message = f"{unusable[0]}; not used, this run keeps its answers in memory{unusable[1]}"
        if notice is None:
            raise FetchError(message)
        notice(message)
        session.unusable = unusable[0]
    adapter = TimeoutAdapter(timeout, retry, max_body, deadline)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _unusable_cache(path: Path, name: str, root: Path | None) -> tuple[str, str] | None:
    """Why the cache file may not be opened and how to mend that, or None.

    It must lie inside the show (a ``.cache`` linking elsewhere would have the build read
    and write there), and it and SQLite's side files must be regular files or absent: a
    FIFO as journal blocks SQLite forever, a link as one is written through."""
    if root is not None and not cache_inside(root, path):
        return (
            f"{name}: {cache_refused(root, path, 'outside the show folder (a link leads there)')}",
            "",
        )
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            found = os.lstat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"{name}{suffix}: unreadable ({exc.strerror})", f"; {CLEAR}"
        if not stat.S_ISREG(found.st_mode):
            return f"{name}{suffix}: not a regular file", f"; {CLEAR}"
    return None
