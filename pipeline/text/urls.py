"""Web addresses users write: checked before anything is fetched or published."""

from __future__ import annotations

import bisect
import html
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from pipeline.text.lines import LineCounter

if TYPE_CHECKING:
    from pipeline.text.code import Code

# What a refused address with a user name or password was expected to be. The feed and
# the site publish every address they carry as written: ``https://user:pw@cdn/1.mp3``
# would hand the password to every app and reader.
NO_CREDENTIALS = "a web address without a user name or password (it would be published)"
URL_OR_FILE = "an http(s) URL with a host, without spaces, or a file"
WEB_ADDRESS = "a web address starting with https:// or http://"


def resolved(base: str, href: str) -> str:
    """``href`` read against the address ``base``, or as written when no address parser
    reads it (an unclosed IPv6 host, ``//[oeps`` or ``http://[::1/``: urllib's ValueError was
    a traceback), for the caller to show or refuse by name."""
    try:
        return href if urlsplit(href).scheme else urljoin(base, href)
    except ValueError:
        return href


def is_web_url(text: str) -> bool:
    """An absolute http(s) URL a client can fetch and we may publish: a host, a valid port,
    no white space, no user name or password.

    ``http://a b/``, ``https://``, ``http://[::1/`` and ``http://host:99999/`` are not,
    although they start like one (requests refuses them before sending anything); nor is
    ``https://user:pw@host/``, whose password the feed would publish.
    """
    if re.search(r"\s", text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not has_login(text)
    )


def has_login(text: str) -> bool:
    """True for an address with a user name or password (``scheme://user:pw@host``): the
    ``@`` of its authority, which ``https://@host/`` has too."""
    try:
        return "@" in urlsplit(text.strip()).netloc
    except ValueError:
        return False


def url_expected(value: object, expected: str) -> str:
    """What a refused address was expected to be: ``expected``, or for one with a user name
    or password, the rule it broke (it may otherwise be a good http(s) address, and
    "expected an http(s) URL" would leave its writer guessing)."""
    return NO_CREDENTIALS if isinstance(value, str) and has_login(value) else expected


# Addresses in a post's Markdown that a reader gets as links (or as text the renderer,
# cmark-gfm with its autolink extension, turns into links). Every pattern is linear: one
# character class per run, possessive where a run is followed by more, and the one nested
# group (a destination's balanced parentheses) opens on a character its run excludes, so
# no match is ever tried two ways.
_DESTINATION = r"(?:<([^<>\n]*+)>|([^\s()<>\[\]]++(?:\([^\s()<>\[\]]*+\)[^\s()<>\[\]]*+)*+))"
_INLINE = re.compile(r"\]\([ \t]*+(?:\r?\n[ \t]*+)?" + _DESTINATION)  # [t](URL "title")
_REFERENCE = re.compile(r"\]:[ \t]*+(?:\r?\n[ \t>]*+)?" + _DESTINATION)  # [id]: URL
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}+:[^\s<>]*+)>")  # <URL>
# A failed quoted value scans to the end only if no quote follows at all, and then no
# later attribute of that quote can start: each character is read once per pass.
_ATTRIBUTE = re.compile(
    r"\b(href|src|srcset|poster|cite|action|formaction|background)\s*+=\s*+"
    r"""(?:"([^"]*+)"|'([^']*+)'|([^\s"'=<>`]++))""",
    re.IGNORECASE,
)
# Bare addresses, which the renderer links: from a scheme, or a "www." that starts a word
# (as cmark-gfm's), to the first space, quote, bracket or "<". One may follow another
# without a space ("www.a.example/https://u:p@b.example/"): each ends where the next
# starts, so every character is read once.
_BARE = re.compile(r"(?:https?|ftp)://|(?<![A-Za-z0-9.@/:-])www\.", re.IGNORECASE)
_URL_CHARS = re.compile(r"""[^\s<>"'\[\]]*+""")
_LINK_CHARS = re.compile(r"[^\s<]*+")  # how far the renderer's link goes, backticks and all
_TRAILING = ".,:;!?*_~`"  # after a bare address: the sentence's, not the address's
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown's backslash escapes


def addresses_with_login(markdown: str) -> list[tuple[int, str]]:
    """(line within the text, address as written) of every address with a user name or
    password (:func:`has_login`) that a Markdown text publishes outside code, in order.

    Found: inline links and images, ``<URL>`` autolinks, reference definitions, HTML's
    URL attributes (quoted or not), and bare addresses. Not found: e-mail addresses and
    ``mailto:`` links (no authority), an ``@`` in a path or query, and anything in code
    (fenced or indented blocks, code spans: ``text/code.py``'s rule of where code is,
    the linker's), so a post may show ``git clone https://user:token@host/repo``.
    """
    # Most posts: no "@", nor a character reference that could be one ("&#64;", "&#x40;",
    # "&commat;"). A bare "&" (R&D, &amp;) is no reason to scan: at 10,000 posts, the
    # 2,000 with one cost 2.3 s of CPU on a cold build.
    if "@" not in markdown and "&#" not in markdown and "&commat;" not in markdown:
        return []
    found: dict[int, str] = {}  # by where the address starts: one shape may hold another
    for pattern in (_INLINE, _REFERENCE, _AUTOLINK):
        for m in pattern.finditer(markdown):
            group = 1 if m[1] is not None else 2
            _keep(found, m.start(group), m[group])
    for m in _ATTRIBUTE.finditer(markdown):
        group = next(g for g in (2, 3, 4) if m[g] is not None)
        start, value = m.start(group), m[group]
        if m[1].lower() == "srcset":  # "a.jpg 1x, b.jpg 2x": every token may be an address
            for token in re.finditer(r"[^\s,]++(?:,++[^\s,]++)*+", value):
                _keep(found, start + token.start(), token[0])
        else:
            _keep(found, start + len(value) - len(value.lstrip()), value.strip())
    starts = [m.start() for m in _BARE.finditer(markdown)]
    for k, start in enumerate(starts):
        end = _URL_CHARS.match(
            markdown, start, starts[k + 1] if k + 1 < len(starts) else len(markdown)
        )
        assert end is not None  # it matches the empty string
        url = _trim(end[0])
        # As written: the renderer decodes no "&#64;" in a bare address, and adds http://
        # to a www. one.
        if start not in found and has_login("http://" + url if url[:4].lower() == "www." else url):
            found[start] = url
    if not found:
        return []
    # Imported here: the parse (markdown-it) is for the few texts with a login.
    from pipeline.text.code import find_code

    code = find_code(markdown)
    linked = _LinkedCode(markdown, starts, code)
    line_of = LineCounter(markdown)
    result: dict[tuple[int, str], None] = {}  # one problem for an address twice on a line
    for start in sorted(found):
        if start not in code or linked(start):
            result[line_of(start), found[start]] = None
    return list(result)


class _LinkedCode:
    """Whether an address in code by the linker's rule is in a link on the page: the
    renderer links a bare address up to a space or "<", backticks and all, so a code
    span opening inside one is none there (``https://a.example/``x`` hides nothing)."""

    def __init__(self, text: str, starts: list[int], code: Code) -> None:
        self.text, self.starts, self.code = text, starts, code
        self.reach: dict[int, int] = {}  # a bare address's start: where its link ends

    def __call__(self, at: int) -> bool:
        spans = self.code.spans
        opens = spans[bisect.bisect_right(spans, at, key=lambda span: span[0]) - 1][0]
        k = bisect.bisect_left(self.starts, opens) - 1  # the last bare address before it
        if k < 0 or self.starts[k] in self.code:
            return False
        start = self.starts[k]
        if start not in self.reach:  # to the next address at most: each character read once
            limit = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
            run = _LINK_CHARS.match(self.text, start, limit)
            self.reach[start] = run.end() if run else start
        return self.reach[start] >= opens


def _keep(found: dict[int, str], start: int, address: str) -> None:
    if has_login(_decoded(address)):
        found.setdefault(start, address)


def _decoded(address: str) -> str:
    """The address a browser follows from a Markdown link or an HTML attribute: backslash
    escapes and character references decoded (``u:p&#64;host`` has an ``@``)."""
    if "\\" in address:
        address = _ESCAPED.sub(r"\1", address)
    return html.unescape(address) if "&" in address else address


def _trim(url: str) -> str:
    """A bare address without the punctuation after it, and without a ``)`` it did not
    open (``(zie https://...)``). Counted once, not once per character removed."""
    balance = url.count("(") - url.count(")")
    end = len(url)
    while end and (url[end - 1] in _TRAILING or (url[end - 1] == ")" and balance < 0)):
        balance += url[end - 1] == ")"
        end -= 1
    return url[:end]
