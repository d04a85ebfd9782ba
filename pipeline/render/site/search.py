"""The search index: episodes, articles and transcripts, searchable on any static host.

Built here, in memory, from the rendered pages (their ``<article>``: show notes, the
article, the transcript; what a template wraps in ``<!--search:skip-->`` ...
``<!--/search:skip-->`` stays out: dates, tags, players, related lists), written by
``pipeline/write/`` with the rest of the site, and read in the browser by ``static/search.js``:

- ``search/data/docs.json``: ``[[path, title], ...]``, a document's number is its place;
- ``search/data/terms/<first three letters>.json``: ``{term: [doc, count, doc, count...]}``.

The browser fetches the shard of each word typed, takes every term that starts with it
(so ``kassa`` finds ``kassabon``), keeps the documents that have all the words, ranks them
(a term's count, weighed by how rare it is) and shows an excerpt from the page itself.

Pagefind did this before, from a separate process: at 10,000 posts it took 20 s and 2.7 GiB
for what takes a few seconds and tens of megabytes here, and a build's cost should stay
with the pages. Words are folded the same way on both sides: lower case, accents off,
runs of letters and digits; the language's stop words are left out.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import TypeVar

from pipeline.link.text import STOP_WORDS, base_language
from pipeline.paths import EPISODE_PAGES, POST_PAGES
from pipeline.render import Output

FOLDER = "search/data/"
SHARD = 3  # a term's shard: its first letters (a word typed needs at least this many)
SKIP, RESUME = "<!--search:skip-->", "<!--/search:skip-->"

# Linear patterns: each stops at the next "<" or at the end of its element.
_TAG = re.compile(r"<[^<>]*>")
_H1 = re.compile(r"<h1\b[^<>]*>(.*?)</h1>", re.DOTALL)
_MARKS = re.compile("[\u0300-\u036f]")  # combining accents, after NFKD
_WORD = re.compile(r"[^\W_]+")


# Every ASCII character that cannot be part of a word, as a space (in UTF-8, where
# bytes.translate is a table lookup): most of a page's text then splits with str.split,
# several times faster than the pattern; the pieces that keep other characters (accents,
# typographic marks, other scripts) go to the pattern.
_SPACES = bytes(c if chr(c).isalnum() or c > 127 else 32 for c in range(256))


def term_counts(text: str) -> Counter[str]:
    """How often each word of ``text`` occurs, words as the index and ``static/search.js``
    compare them: ``[^\\W_]+`` runs of the text in lower case, NFKD-decomposed, accents
    off (``Één KASSA-bon`` -> ``een``, ``kassa``, ``bon``).

    Each distinct piece is folded once rather than the whole text: most of a page's words
    are plain ASCII once lower case, and a Dutch page's few others (``één``, ``auto’s``)
    repeat. Lower case first, over the whole text (Greek final sigma depends on what
    follows); NFKD and taking accents off work character by character, and no ASCII
    character changes under them, so splitting at ASCII separators first and folding the
    pieces finds the same words."""
    spaced = text.lower().encode("utf-8", "surrogatepass").translate(_SPACES)
    if spaced.isascii():
        return Counter(spaced.decode("ascii").split())
    counts = Counter(spaced.decode("utf-8", "surrogatepass").split())
    for piece in [p for p in counts if not p.isascii()]:
        times = counts.pop(piece)
        folded = _MARKS.sub("", unicodedata.normalize("NFKD", piece))
        for word in _WORD.findall(folded):
            counts[word] += times
    return counts


def page_text(page: str) -> tuple[str, str] | None:
    """``(title, text)`` of a page's article, skipped parts left out; None without one."""
    # str.find, not a pattern: pages are tens of kilobytes and there is one article.
    start = page.find("<article")
    end = page.rfind("</article>")
    if start < 0 or end < start:
        return None
    body = page[page.find(">", start) + 1 : end]
    kept = []
    at = 0
    while (skip := body.find(SKIP, at)) >= 0:
        kept.append(body[at:skip])
        resume = body.find(RESUME, skip)
        at = len(body) if resume < 0 else resume + len(RESUME)
    kept.append(body[at:])
    title = _H1.search(body)
    plain = html.unescape(_TAG.sub(" ", " ".join(kept)))
    heading = html.unescape(_TAG.sub("", title[1])).strip() if title else ""
    return heading, plain


P = TypeVar("P")
# A page's document path, title and words: each term and its count in turn, in UTF-8
# (``[b"kassa", b"3", b"bon", b"1"]``); kept for the next build joined by spaces
# (``search_memo.py``), and going into the index as they are.
Terms = tuple[str, str, list[bytes]]


def page_terms(path: str, page: bytes, stop: frozenset[str] | set[str]) -> Terms | None:
    """What the index keeps of one page: its document path, title and the count of each
    term; None for a page without an article."""
    found = page_text(page.decode("utf-8"))
    if found is None:
        return None
    title, text = found
    counts = term_counts(text)
    words: list[bytes] = []
    for term in sorted(counts.keys() - stop):
        if len(term) >= SHARD:
            words += (term.encode("utf-8"), b"%d" % counts[term])
    return document(path), title, words


def document(path: str) -> str:
    """The index's name of the page at site path ``path``: its folder (``episodes/x/``),
    relative to the site's root, so the index works under any base URL."""
    return path.removesuffix("index.html")


def search_index(pages: Mapping[str, bytes], language: str) -> Output:
    """The index of ``pages`` (site path -> HTML) as ``search/data/...`` files.

    Documents are the pages' site paths without ``index.html`` (``episodes/x/``), relative
    to the site's root, so the index works under any base URL. Counted in one process
    (the site runs it beside the tag pages, ``parallel.background``): splitting the
    counting over the page workers added 0.1 GiB to a 10,000-post build's peak to save
    0.5 s."""
    stop = STOP_WORDS[base_language(language)]
    return index_files(page_terms(path, pages[path], stop) for path in sorted(pages))


def index_files(counted: Iterable[Terms | None]) -> Output:
    """The index's files from each page's terms, in the order of the pages' paths: a list
    of the documents, and per shard of terms ``{"term": [doc, count, doc, count...]}``."""
    docs: list[list[str]] = []
    # Each term's postings as the JSON text they are written as: the counts go from the
    # words into it as they are, never numbers in between (parsing them, keeping them as
    # machine integers and encoding them again was 1.5 s of a 10,000-post edit's build);
    # about as small as 4-byte integers, in the process beside the build's main one.
    postings: dict[bytes, bytearray] = {}
    for found in counted:
        if found is None:
            continue
        document, title, words = found
        number = b"%d," % len(docs)
        docs.append([document, title])
        pairs = iter(words)
        for term, count in zip(pairs, pairs, strict=True):
            entry = postings.get(term)
            if entry is None:
                postings[term] = bytearray(number + count + b",")
            else:
                entry += number + count + b","
    out: Output = {FOLDER + "docs.json": _json(docs)}
    # Terms in order: in UTF-8 the bytes sort as the characters do
    shards: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for term in sorted(postings):
        text = term.decode("utf-8")
        shards[text[:SHARD]].append((text, term))
    for name, terms in shards.items():
        shard = [_json(text) + b":[" + postings.pop(term)[:-1] + b"]" for text, term in terms]
        out[f"{FOLDER}terms/{_file_name(name)}.json"] = b"{" + b",".join(shard) + b"}"
    return out


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _file_name(shard: str) -> str:
    """A shard's file name: ASCII letters and digits as they are, any other character as
    ``_`` and its UTF-8 bytes in hex (``één`` -> ``_c3a9_c3a9n``); the browser makes the
    same name, so no host or file system has to agree on encodings."""
    return "".join(c if c in _PLAIN else "_" + c.encode("utf-8").hex() for c in shard)


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def searchable_pages(pages: Iterable[tuple[str, P]]) -> dict[str, P]:
    """The pages worth searching: episodes and articles."""
    return {path: data for path, data in pages if path.startswith((EPISODE_PAGES, POST_PAGES))}
