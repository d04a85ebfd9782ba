"""How the shared session (``http.py``) sends one request: tries, retries and body reads,
all within one deadline.

A request gets :data:`DEADLINE` seconds in all: every try, the waits between them
(backoff or ``Retry-After``) and reading the body. Each try's connect and read timeouts are
cut to the time the request has left, and a retry that would end past the deadline is not
made (after a failed try, when its wait would; after an answer such as a 503, when its wait
and a try as long as that one would): the last answer is returned as it is (a 503 stays a
503, for the caller to report), and a request that got no answer in time fails with "did
not answer within N s".
Without this the deadline bounded the body alone while the tries before it ran on: a host
answering 503 with ``Retry-After: 30`` took 90 s, then was reported as a body that "did
not arrive within 60s".
"""

from __future__ import annotations

import math
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import (
    DecodeError,
    HTTPError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry
from urllib3.util.timeout import Timeout

from pipeline.errors import FetchError

MAX_RETRY_AFTER = 30.0  # seconds; a server asking for a longer wait gets no retry
MAX_BODY = 64 * 1024 * 1024  # bytes; a feed of a thousand episodes is a few megabytes
DEADLINE = 60.0  # seconds for a whole request: its tries, the waits between them, the body
CHUNK = 64 * 1024
SHORTEST = 0.001  # seconds: urllib3 and sockets refuse a timeout of 0 or less


@dataclass
class _Budget:
    """One request's time: when it must be done, and what its tries did with it."""

    end: float  # time.monotonic() by which the request is done
    tries: int = 1
    began: float = 0.0  # time.monotonic() when the current try began
    cut: bool = False  # the current try's timeouts were cut to the time left
    stopped: bool = False  # a retry was not made: its wait would have ended past ``end``

    def left(self) -> float:
        return self.end - time.monotonic()


# The request under way in this thread: urllib3 makes its retries within the adapter's
# send(), and its Retry objects have no other way to learn the request's deadline.
_BUDGET: ContextVar[_Budget | None] = ContextVar("pipeline_http_budget", default=None)


class BoundedRetry(Retry):
    """urllib3's Retry that a server's ``Retry-After`` cannot stall or break, and that
    makes no retry whose wait would end past the request's deadline."""

    def get_retry_after(self, response: Any) -> float | None:
        try:
            value = super().get_retry_after(response)
        except InvalidHeader:  # "soon", "-5": as if absent (the backoff applies)
            return None
        return None if value is None else min(max(value, 0.0), MAX_RETRY_AFTER)

    def increment(self, *args: Any, **kwargs: Any) -> Any:
        """The Retry for the next try, or MaxRetryError: the pool then returns the answer
        it has (raise_on_status is off), or the request fails with the error it had."""
        response = kwargs.get("response")
        if response is not None:
            try:
                wait = super().get_retry_after(response)
            except InvalidHeader:
                wait = None
            if wait is not None and wait > MAX_RETRY_AFTER:
                # Give up now: the connection pool returns this answer to the caller.
                raise _give_up(kwargs, ResponseError(f"asked to retry after {wait:.0f}s"))
        new = super().increment(*args, **kwargs)
        budget = _BUDGET.get()
        if budget is not None:
            # What Retry.sleep() will wait: Retry-After when the answer has one, else the
            # backoff.
            after = new.get_retry_after(response) if response is not None else None
            wait = after or new.get_backoff_time()
            # A host that answered (a 503) will take as long again: a try cut short by the
            # deadline would turn its answer into "did not answer". A try that failed
            # without an answer loses nothing when the next one is cut.
            needed = wait + (time.monotonic() - budget.began if response is not None else 0.0)
            if needed >= budget.left():
                budget.stopped = True
                raise _give_up(kwargs, kwargs.get("error") or ResponseError("out of time"))
            budget.tries += 1
        return new


def _give_up(kwargs: dict[str, Any], reason: Exception) -> MaxRetryError:
    """What ends the retries: the pool returns the answer it has, if any, or raises."""
    pool = cast(ConnectionPool, kwargs.get("_pool"))
    return MaxRetryError(pool, kwargs.get("url") or "", reason)


class _CutTimeout(Timeout):
    """The session's connect and read timeouts, cut for each try to the time its request
    has left (urllib3 clones the timeout it is given at the start of every try)."""

    def __init__(self, connect: float, read: float, budget: _Budget) -> None:
        super().__init__(connect=connect, read=read)
        self.limits = (connect, read)
        self.budget = budget

    def clone(self) -> Timeout:
        left = max(self.budget.left(), SHORTEST)
        self.budget.began = time.monotonic()
        connect, read = self.limits
        self.budget.cut = left < max(connect, read)
        # total: connecting and reading the headers together end by the deadline.
        return Timeout(connect=min(connect, left), read=min(read, left), total=left)


def timeout_pair(timeout: Any, default: tuple[float, float]) -> tuple[Any, Any]:
    """The connect and read timeouts a request is sent with: its own ``timeout=`` (one
    value for both, or a pair), else the session's ``default``."""
    if timeout is None:
        return default
    return timeout if isinstance(timeout, tuple) else (timeout, timeout)


def _seconds(value: Any) -> float:
    """A timeout as requests takes it (seconds; None waits as long as the deadline)."""
    return math.inf if value is None else max(float(value), SHORTEST)


def _timed_out(exc: BaseException) -> bool:
    """Whether a failed request ran out of time (rather than being refused or broken)."""
    cause = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    # urllib3's NewConnectionError (refused, no route) is, for history, a timeout class.
    return isinstance(cause, Urllib3Timeout | TimeoutError) and not isinstance(
        cause, NewConnectionError
    )


class TimeoutAdapter(HTTPAdapter):
    """Applies the session's default timeout to requests that name none, keeps every
    request within ``deadline`` seconds, and reads bodies within ``max_body`` bytes."""

    def __init__(
        self, timeout: tuple[float, float], retry: Retry, max_body: int, deadline: float
    ) -> None:
        super().__init__(max_retries=retry)
        self.default_timeout = timeout
        self.max_body = max_body
        self.deadline = deadline

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> requests.Response:
        connect, read = timeout_pair(timeout, self.default_timeout)
        budget = _Budget(time.monotonic() + self.deadline)
        cut = _CutTimeout(_seconds(connect), _seconds(read), budget)
        token = _BUDGET.set(budget)
        try:
            # requests passes a urllib3 Timeout on as it is (its stubs name only numbers).
            response = super().send(request, True, cut, *args, **kwargs)  # type: ignore[arg-type]
        except requests.exceptions.RequestException as exc:
            if (budget.cut or budget.stopped) and _timed_out(exc):
                tried = "once" if budget.tries == 1 else f"{budget.tries} times"
                raise FetchError(
                    f"{request.url or '?'}: did not answer within {self.deadline:g} s, "
                    f"asked {tried}"
                ) from exc
            raise  # refused, broken: the session describes it
        finally:
            _BUDGET.reset(token)
        if not stream:
            try:
                content = read_body(response, self.max_body, self.deadline, budget.end)
            except BaseException:
                response.close()  # cut short: the connection is dropped, not reused
                raise
            response._content = content
            response._content_consumed = True  # type: ignore[attr-defined]
            response.close()  # read whole: the connection goes back to the pool
        return response


class BodyError(FetchError):
    """A response body was too large, too slow, or broken."""


def read_body(response: requests.Response, limit: int, seconds: float, end: float) -> bytes:
    """The whole (decoded) body, or :class:`BodyError` past ``limit`` bytes or the
    deadline ``end`` (``time.monotonic()``; ``seconds`` is the request's deadline, for the
    message)."""
    url = response.url or "?"
    if response.request is not None and response.request.method == "HEAD":
        return b""
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > limit:
        raise BodyError(
            f"{url}: the server announced {int(declared):,} bytes, more than the "
            f"{limit:,} bytes accepted"
        )
    socket = getattr(getattr(response.raw, "connection", None), "sock", None)
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise BodyError(f"{url}: the answer did not arrive within {seconds:g}s")
            if socket is not None:  # a packet waited for may not end past the deadline
                socket.settimeout(max(min(left, socket.gettimeout() or left), SHORTEST))
            # read1 returns as soon as some bytes arrive (read() would wait for a full
            # chunk), so the deadline is checked between every packet.
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise BodyError(f"{url}: the answer is larger than {limit:,} bytes")
            chunks.append(chunk)
    except (HTTPError, OSError) as exc:
        if isinstance(exc, ReadTimeoutError | TimeoutError):
            if end - time.monotonic() <= 0:
                raise BodyError(f"{url}: the answer did not arrive within {seconds:g}s") from None
            raise BodyError(f"{url}: timed out while reading the answer") from None
        if isinstance(exc, DecodeError):
            raise BodyError(f"{url}: the compressed answer is damaged") from None
        raise BodyError(f"{url}: the connection broke while reading the answer") from None
    return b"".join(chunks)
