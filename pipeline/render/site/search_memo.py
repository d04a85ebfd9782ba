"""The search index's words of each page, kept for the next build (``.cache/build/search.json``).

Counting the words of every page was most of the index (4 s of CPU at 10,000 posts), and
an edit changes a handful of pages. A page's words follow from its bytes alone (with the
show's language and the code), so they are kept by the digest of those bytes, which the
pages' memo has (``memo.py``): a page read from the last output, or rendered to the same
bytes, is not counted again. Only the pages of the last build are kept, so the file does
not grow with every edit.

The file is a line of JSON saying what it is (version, code, language, the digest of the
rest), then the words as JSON. It is an optimisation only: deleting it changes no output
byte; a damaged one is named in a notice and every page is counted afresh; one of other
code or another language is passed over quietly.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from pipeline.link.text import STOP_WORDS, base_language
from pipeline.machine import code_key
from pipeline.paths import SEARCH_MEMO, Unusable, read_kept
from pipeline.render import KeptPage, Output
from pipeline.render.site.memo import page_bytes
from pipeline.render.site.search import Terms, document, index_files, page_terms

MEMO_VERSION = 1
MEMO_LIMIT = 1 << 30  # bytes: 10,000 posts keep about 40 MB


def counted_index(
    pages: Mapping[str, bytes | KeptPage],
    language: str,
    digests: Mapping[str, str],
    root: Path | None,
) -> tuple[Output, bytes | None, str | None]:
    """The search index of ``pages`` (as ``search.search_index``), the words to keep for the
    next build, and a notice when the kept ones were damaged. ``digests``: page path -> the
    digest of its bytes (pages without one are counted and not kept); ``root``: the show
    whose ``.cache`` is read, None to keep nothing (the preview)."""
    remembered, notice = _read(root, language) if root is not None else ({}, None)
    stop = STOP_WORDS[base_language(language)]
    # Each entry to keep as the JSON it is written as: the words of 10,000 pages are tens of
    # megabytes, here once, not again as lists, a JSON text and its bytes.
    kept: dict[str, bytes] = {}

    def terms(path: str) -> Terms | None:
        nonlocal notice
        digest = digests.get(path)
        # Taken out as used: the file's entries go as the new ones come (a page repeated
        # byte for byte elsewhere is counted again).
        entry = remembered.pop(digest, None) if digest is not None else None
        if entry is not None and digest is not None:
            try:
                found = _terms(path, entry)
                kept[digest] = _json(entry)
                return found
            except (ValueError, TypeError) as exc:
                notice = notice or f"{SEARCH_MEMO}: damaged ({exc}); its pages counted afresh"
        found = page_terms(path, page_bytes(pages[path]), stop)
        if digest is not None:
            kept[digest] = _json(_entry(found))
        return found

    files = index_files(terms(path) for path in sorted(pages))
    remembered.clear()  # what was not kept (pages gone): this process's peak is the build's
    return files, None if root is None else _bytes(kept, language), notice


def _json(entry: object) -> bytes:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entry(found: Terms | None) -> list[str] | str:
    if found is None:
        return "none"  # a page without an article: nothing to search
    _, title, words = found
    return [title, b" ".join(words).decode("utf-8")]


def _terms(path: str, entry: object) -> Terms | None:
    """A kept entry as ``page_terms`` gives it; raises ValueError when it is not one."""
    if entry == "none":
        return None
    if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
        raise ValueError("an entry is not a title and its words")
    title, text = entry
    words = text.encode("utf-8").split(b" ") if text else []
    if len(words) % 2 or not _numbers(words[1::2]):
        raise ValueError("a word without its count")
    return document(path), title, words


def _numbers(counts: list[bytes]) -> bool:
    """Whether each count is a JSON number above 0 (they go into the index as written),
    checked on their text all at once: 2 million counts at 10,000 posts."""
    joined = b" " + b" ".join(counts)
    return (
        b" 0" not in joined
        and b"  " not in joined
        and not joined.endswith(b" ")
        and joined.replace(b" ", b"").isdigit()
    ) or not counts


def _bytes(kept: Mapping[str, bytes], language: str) -> bytes:
    """The file: its head line, then ``{digest: entry, ...}`` (digests are hex: no JSON
    escapes), made in one join."""
    parts = [b"{"]
    for n, (digest, entry) in enumerate(sorted(kept.items())):
        parts.append(b'%s"%s":' % (b"," if n else b"", digest.encode("ascii")))
        parts.append(entry)
    parts.append(b"}")
    summed = hashlib.blake2b(digest_size=16)
    for part in parts:
        summed.update(part)
    head = {
        "version": MEMO_VERSION,
        "code": code_key(),
        "language": language,
        "digest": summed.hexdigest(),
    }
    return b"".join([json.dumps(head, sort_keys=True).encode("utf-8"), b"\n", *parts, b"\n"])


def _read(root: Path, language: str) -> tuple[dict[str, object], str | None]:
    parse = functools.partial(_parse, language=language)
    found, notice = read_kept(
        root, SEARCH_MEMO, MEMO_LIMIT, "a search memo", parse, "every page counted afresh"
    )
    return found or {}, notice


def _parse(data: bytes, language: str) -> dict[str, object]:
    """The kept entries; Unusable (quietly passed over) for another version, code or
    language, ValueError when the file is not whole."""
    line, _, body = data.partition(b"\n")
    head = json.loads(line)
    if not isinstance(head, dict):
        raise ValueError("no header line")
    if (head.get("version"), head.get("code"), head.get("language")) != (
        MEMO_VERSION,
        code_key(),
        language,
    ):
        raise Unusable("other code")
    if hashlib.blake2b(body.rstrip(b"\n"), digest_size=16).hexdigest() != head.get("digest"):
        raise ValueError("its digest does not match")
    entries = json.loads(body)
    if not isinstance(entries, dict):
        raise ValueError("not a map of pages to words")
    return entries
