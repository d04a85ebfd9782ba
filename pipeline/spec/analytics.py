"""Download statistics through an enclosure URL prefix (OP3, Podtrac, Chartable...).

A prefix service counts a request and redirects it to the audio file, so the feed's
enclosure URL becomes ``prefix + target``. Services differ in how they want the target's
scheme (``https://``), and writing it the wrong way breaks downloads or loses the
statistics. The rules below are each service's own documentation, as collected by OP3's
redirect-chain analysis (``worker/chain_estimate.ts`` in skymethod/op3) and its setup
page ("including the full protocol after the prefix is only necessary when the target is
http"):

- ``implied-https``: the target is written without ``https://``; an ``http://`` target
  keeps its scheme (OP3, Podtrac, Spotify's prfx, Podscribe, Podcorn, Magellan);
- ``prefix-scheme``: the target is written without a scheme and fetched with the
  prefix's own scheme; a different scheme is written out where the service honours it
  (Blubrry, Backtracks, Adbarker) and is impossible where it does not (Chartable, Spotify
  track, Podsights: use a prefix with the target's scheme);
- ``https-only``: written without a scheme, always fetched over https (Claritas,
  Veritonic, Voxalyze);
- ``full``: the whole URL, scheme included (LetsCast, and any prefix we do not know).

Prefixes chain: each service passes the request on to the next ("there can be more than
one"), so the first prefix in the show's list is the outermost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PrefixService:
    name: str
    pattern: re.Pattern[str]  # matches a prefix at the start of a URL, trailing "/" included
    scheme: str  # implied-https, prefix-scheme, https-only or full
    explicit: bool = True  # a scheme written after the prefix is honoured


def _service(name: str, pattern: str, scheme: str, explicit: bool = True) -> PrefixService:
    return PrefixService(name, re.compile(pattern, re.IGNORECASE), scheme, explicit)


SERVICES = (
    _service("OP3", r"https?://(?:ci\.|staging\.)?op3\.dev/e(?:,[^/]*)?/", "implied-https"),
    _service(
        "Podtrac",
        r"https?://(?:dts\.podtrac\.com(?:/pts)?|www\.podtrac\.com/pts|podtrac\.com/pts"
        r"|play\.podtrac\.com)/(?:redirect\.[a-z0-9]+|[A-Za-z0-9-]+)/",
        "implied-https",
    ),
    _service("Spotify (prfx)", r"https?://prfx\.byspotify\.com/e/", "implied-https"),
    _service("Podscribe", r"https://(?:verifi\.podscribe\.com|pscrb\.fm)/rss/p/", "implied-https"),
    _service("Podcorn", r"https?://pdcn\.co/e/", "implied-https"),
    _service("Magellan", r"https?://mgln\.ai/(?:track|e/[a-z0-9]+)/", "implied-https"),
    _service(
        "Chartable",
        r"https?://(?:chrt\.fm|chtbl\.com|podcast-rss-prefix\.spotify\.com)/track/[^/]+/",
        "prefix-scheme",
        explicit=False,
    ),
    _service("Podsights", r"https?://pdst\.fm/e/", "prefix-scheme", explicit=False),
    _service("Blubrry", r"https?://media\.blubrry\.com/\w+/(?:p/)?", "prefix-scheme"),
    _service("Backtracks", r"https?://bktrks\.co/t/[^/]+/", "prefix-scheme"),
    _service("Adbarker", r"https?://adbarker\.com/stream/[^/]+/", "prefix-scheme"),
    _service(
        "Claritas",
        r"https?://(?:(?:www\.)?claritaspod\.com/measure|clrtpod\.com/m)/",
        "https-only",
        explicit=False,
    ),
    _service("Veritonic", r"https://pfx\.veritonicmetrics\.com/[^/]+/", "https-only", False),
    _service("Voxalyze", r"https?://a\.pdcst\.to/[^/]+/", "https-only", explicit=False),
    _service("LetsCast", r"https?://letscast\.fm/track/", "full"),
)
PREFIX_EXPECTED = (
    "an http(s) prefix ending in / such as https://op3.dev/e/ or "
    "https://dts.podtrac.com/redirect.mp3/"
)
_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)


def service_of(prefix: str) -> PrefixService | None:
    """The known service a prefix belongs to (the whole prefix must match)."""
    for service in SERVICES:
        if service.pattern.fullmatch(prefix):
            return service
    return None


def _scheme(url: str) -> str | None:
    m = _SCHEME.match(url)
    return m[1].lower() if m else None


def prefixed(target: str, prefixes: Sequence[str]) -> str:
    """``target`` behind every prefix, the first one outermost, each as its service says."""
    url = target
    for prefix in reversed(prefixes):
        url = _apply(prefix, url)
    return url


def _apply(prefix: str, target: str) -> str:
    service = service_of(prefix)
    scheme = _scheme(target)
    if service is None or service.scheme == "full" or scheme is None:
        return prefix + target
    implied = {"implied-https": "https", "https-only": "https"}.get(
        service.scheme, _scheme(prefix) or "https"
    )
    rest = target[len(scheme) + 3 :]
    if scheme == implied or not service.explicit:
        return prefix + rest
    return prefix + target


def prefix_problem(prefix: str, target: str) -> str | None:
    """Why a service cannot reach ``target`` through ``prefix``, or None when it can."""
    service = service_of(prefix)
    scheme = _scheme(target)
    if service is None or service.explicit or scheme is None:
        return None
    implied = "https" if service.scheme != "prefix-scheme" else (_scheme(prefix) or "https")
    if scheme != implied:
        return (
            f"{service.name} fetches the audio over {implied} through this prefix; "
            f"the audio is {scheme}"
        )
    return None


def unprefixed(url: str, prefixes: Sequence[str] = ()) -> str:
    """The real file's URL: every known or configured prefix taken off the front."""
    for _ in range(8):  # a chain is a few prefixes long; never loop on odd input
        rest = _strip_one(url, prefixes)
        if rest is None:
            return url
        url = rest
    return url


def _strip_one(url: str, prefixes: Sequence[str]) -> str | None:
    for prefix in prefixes:
        if url.lower().startswith(prefix.lower()):
            service = service_of(prefix)
            return _target(url[len(prefix) :], prefix, service)
    for service in SERVICES:
        m = service.pattern.match(url)
        if m:
            return _target(url[m.end() :], m[0], service)
    return None


def _target(rest: str, prefix: str, service: PrefixService | None) -> str:
    if _scheme(rest):
        return rest
    if service is not None and service.scheme == "prefix-scheme":
        return f"{_scheme(prefix) or 'https'}://{rest}"
    return "https://" + rest
