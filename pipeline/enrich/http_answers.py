"""What an answer says, in a few words for messages: why a request failed (what urllib3
and requests raise), its HTTP status, and sizes from its headers, range-checked (the
session itself is ``http.py``)."""

from __future__ import annotations

import errno

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
    SSLError,
)


def describe_exception(exc: BaseException, timeout: tuple[float, float]) -> str:
    """A short reason for a failed request, for ``Error:`` lines (``timeout``: the
    session's, connect and read seconds)."""
    # After the last retry urllib3 wraps the cause in MaxRetryError, which requests turns
    # into a ConnectionError: look at the cause itself.
    cause: object = exc
    if exc.args and isinstance(exc.args[0], MaxRetryError) and exc.args[0].reason is not None:
        cause = exc.args[0].reason
    text = str(cause)
    # Checked first: urllib3's NewConnectionError is (for history) a ConnectTimeoutError.
    if "refused" in text.lower() or f"[Errno {errno.ECONNREFUSED}]" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text:
        return "host name not found"
    if isinstance(cause, requests.exceptions.ConnectTimeout | ConnectTimeoutError):
        return f"timed out connecting (no answer within {timeout[0]:g}s)"
    if isinstance(cause, requests.exceptions.Timeout | ReadTimeoutError | TimeoutError):
        return f"timed out (no answer within {timeout[1]:g}s)"
    if isinstance(cause, requests.exceptions.TooManyRedirects):
        return "too many redirects (a redirect loop?)"
    if isinstance(cause, requests.exceptions.InvalidSchema | requests.exceptions.InvalidURL):
        return "redirected to an address that is not http(s)"
    if isinstance(cause, requests.exceptions.RetryError | ResponseError):
        return "the server kept failing after several retries"
    if isinstance(cause, requests.exceptions.SSLError | SSLError):
        return "TLS/SSL error"
    if isinstance(cause, requests.exceptions.ConnectionError | ProtocolError | NewConnectionError):
        return "connection failed"
    return f"request failed ({type(cause).__name__})"


def describe_status(response: requests.Response) -> str:
    """``HTTP 404 Not Found`` and friends, for messages."""
    reason = response.reason or ""
    return f"HTTP {response.status_code} {reason}".strip()


def tries(response: requests.Response) -> int:
    """How many times the server gave this answer: the session retries a 429 or 5xx, then
    hands back the last one (a cached answer came once). Tries that got no answer (a
    connection dropped, a read timed out) or another one are not counted."""
    retries = getattr(response.raw, "retries", None)  # urllib3's, as that try was made
    history = getattr(retries, "history", None)
    if not isinstance(history, tuple):
        return 1
    return 1 + sum(1 for tried in history if getattr(tried, "status", None) == response.status_code)


MAX_BYTES = 1 << 40  # 1 TiB: no podcast episode is larger; a bigger number is a broken header


def byte_count(value: str | None) -> int | None:
    """A size in bytes from a header (Content-Length, a Content-Range total), range-checked
    like a number from a file: digits only, from 1 byte to 1 TiB; otherwise None."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 14:
        return None
    number = int(text)
    return number if 0 < number <= MAX_BYTES else None


WEB_PAGE = "the host answered with a web page, text/html: use the file's direct download link"


def is_web_page(response: requests.Response) -> bool:
    """An answer that is an HTML page, not the audio its URL names."""
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return ctype in ("text/html", "application/xhtml+xml")
