"""The posts' HTML, kept for the next build (``.cache/build/bodies.bin``).

A post's HTML follows from its Markdown once its "Lees ook" lines and links are linked
(``bodies.link_pointers``) and from the code that renders it (markdown-it, the sanitiser):
Markdown and sanitising were 3.4 s of CPU at 10,000 posts on every build, and an edit
changes one post. So each body is kept by the digest of its linked Markdown, under the
code's key: a post whose linked text is the same is not rendered again (a post that now
links another one's new address is).

The file is a line saying what it is (version, the code's key), then per post the digest
of its linked Markdown, the length of its HTML and the HTML, and last the digest of all
that. It is written as it is read, entry by entry, never whole in memory: a build holds
the bodies already, and a second copy at its end was 90 MB at 10,000 posts. It is an
optimisation only: deleting it changes no output byte; a damaged one (cut short, a byte
changed, not a file) is named in a notice and every post is rendered; one of other code
is passed over quietly. Only the bodies of the last build are kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from pipeline.models import Linked, Post
from pipeline.paths import BODY_MEMO, Unusable, read_kept
from pipeline.render.bodies import Bodies, linked_texts, render_texts
from pipeline.render.site.memo import code_key

MEMO_VERSION = 1
MEMO_LIMIT = 1 << 31  # bytes: 10,000 posts keep about 90 MB
_DIGEST = 16
_LENGTH = 4  # bytes of an entry's length, big-endian


def remembered_bodies(
    linked: Linked, posts: Sequence[Post], root: Path | None, jobs: int = 1
) -> tuple[Bodies, Iterator[bytes] | None, str | None]:
    """:func:`~pipeline.render.bodies.post_bodies`, reading what the last build kept in the
    show ``root`` (None: read and keep nothing, as the preview); also the file to keep,
    made as it is written, and a notice when the kept one was damaged."""
    texts = linked_texts(linked, posts)
    if root is None:
        return render_texts(texts, jobs), None, None
    keys = {slug: _digest(text) for slug, text in texts.items()}
    wanted = set(keys.values())
    found, notice = read_kept(
        root, BODY_MEMO, MEMO_LIMIT, "a body memo", lambda data: _parse(data, wanted),
        "every post rendered afresh",
    )  # fmt: skip
    found = found or {}
    missing = {slug: text for slug, text in texts.items() if keys[slug] not in found}
    rendered = render_texts(missing, jobs)
    bodies = {slug: rendered[slug] if slug in rendered else found[keys[slug]] for slug in texts}
    return bodies, _chunks(bodies, keys), notice


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest()


def _header() -> bytes:
    return f"pipeline-bodies {MEMO_VERSION} {code_key()}\n".encode()


def _chunks(bodies: Mapping[str, str], keys: Mapping[str, bytes]) -> Iterator[bytes]:
    """The file, entry by entry (each post's HTML is encoded only as it is written)."""
    total = hashlib.blake2b(digest_size=_DIGEST)
    seen: set[bytes] = set()
    header = _header()
    total.update(header)
    yield header
    for slug, html in bodies.items():
        key = keys[slug]
        if key in seen:  # two posts with the same text: one entry
            continue
        seen.add(key)
        data = html.encode("utf-8", "surrogatepass")
        entry = key + len(data).to_bytes(_LENGTH, "big")
        total.update(entry)
        total.update(data)
        yield entry
        yield data
    yield total.digest()


def _parse(data: bytes, wanted: set[bytes]) -> dict[bytes, str]:
    """The kept bodies whose digest is ``wanted``; Unusable for another version's or code's
    file, ValueError for a damaged one."""
    line = data.find(b"\n")
    if line < 0 or data[: line + 1] != _header():
        if data.startswith(b"pipeline-bodies "):
            raise Unusable  # other code or version: not ours to read, and not damage
        raise ValueError("not a body memo")
    if len(data) < line + 1 + _DIGEST:
        raise ValueError("cut short")
    end = len(data) - _DIGEST
    if hashlib.blake2b(memoryview(data)[:end], digest_size=_DIGEST).digest() != data[end:]:
        raise ValueError("its digest does not match")
    found: dict[bytes, str] = {}
    at = line + 1
    view = memoryview(data)
    while at < end:
        key = bytes(view[at : at + _DIGEST])
        size = int.from_bytes(view[at + _DIGEST : at + _DIGEST + _LENGTH], "big")
        at += _DIGEST + _LENGTH
        if at + size > end:
            raise ValueError("an entry runs past the end")
        if key in wanted:
            found[key] = str(view[at : at + size], "utf-8", "surrogatepass")
        at += size
    return found
