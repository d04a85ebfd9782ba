"""The search index's words of each page, kept for the next build (``.cache/build/search.bin``).

Counting the words of every page was most of the index (4 s of CPU at 10,000 posts), and
an edit changes a handful of pages. A page's words follow from its bytes alone (with the
show's language and the code), so they are kept by the digest of those bytes, which the
pages' memo has (``memo.py``), and of the language: a page read from the last output, or
rendered to the same bytes, is not counted again. Only the pages of the last build are
kept, so the file does not grow with every edit.

The file is of the kept texts' format (``kept_texts.py``): each page's entry is its title
(after its length) and its words with their counts, as the index takes them, so neither
is decoded from JSON nor encoded again on every build (0.35 s at 10,000 posts). It is an
optimisation only: deleting it changes no output byte; a damaged one is named in a notice
and every page is counted afresh; one of other code is passed over quietly, and the
entries of another language are not found.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.kept_texts import key_of, read_texts, text_chunks
from pipeline.link.text import STOP_WORDS, base_language
from pipeline.paths import SEARCH_MEMO
from pipeline.render import KeptPage, Output
from pipeline.render.site.memo import page_bytes
from pipeline.render.site.search import Terms, document, index_files, page_terms

KIND = "search-words"
MEMO_LIMIT = 1 << 30  # bytes: 10,000 posts keep about 20 MB
NONE = "none"  # the entry of a page without an article: nothing to search


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
    remembered, notice = _read(root) if root is not None else ({}, None)
    stop = STOP_WORDS[base_language(language)]
    kept: dict[bytes, str] = {}  # each entry as it is kept: taken as it was, or made once

    def terms(path: str) -> Terms | None:
        nonlocal notice
        digest = digests.get(path)
        key = key_of(language, digest) if digest is not None else None
        # Taken out as used: the file's entries go as the new ones come (a page repeated
        # byte for byte elsewhere is counted again).
        entry = remembered.pop(key, None) if key is not None else None
        if entry is not None and key is not None:
            try:
                found = _terms(path, entry)
                kept[key] = entry
                return found
            except ValueError as exc:
                notice = notice or f"{SEARCH_MEMO}: damaged ({exc}); its pages counted afresh"
        found = page_terms(path, page_bytes(pages[path]), stop)
        if key is not None:
            kept[key] = _entry(found)
        return found

    files = index_files(terms(path) for path in sorted(pages))
    remembered.clear()  # what was not kept (pages gone): this process's peak is the build's
    return files, None if root is None else b"".join(text_chunks(KIND, kept.items())), notice


def _entry(found: Terms | None) -> str:
    """A page's words as kept: its title after its length, then its words and counts."""
    if found is None:
        return NONE
    _, title, words = found
    return f"{len(title)}:{title}" + b" ".join(words).decode("utf-8")


def _terms(path: str, entry: str) -> Terms | None:
    """A kept entry as ``page_terms`` gives it; raises ValueError when it is not one."""
    if entry == NONE:
        return None
    length, colon, rest = entry.partition(":")
    if not colon or not length.isdigit() or int(length) > len(rest):
        raise ValueError("an entry is not a title and its words")
    title, text = rest[: int(length)], rest[int(length) :]
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


def _read(root: Path) -> tuple[dict[bytes, str], str | None]:
    return read_texts(root, SEARCH_MEMO, KIND, None, MEMO_LIMIT, "every page counted afresh")
