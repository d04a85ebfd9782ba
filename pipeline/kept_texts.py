"""The file format of rendered texts a build keeps by digest (the posts' HTML, the show
notes), for the next build to take instead of rendering them again.

A line saying what it is (the kind, the format's version, the code's key), then per text
the digest it is kept by, the length of its UTF-8 and the UTF-8, and last the digest of all
that. It is written as it is read, entry by entry, never whole in memory: a build holds the
texts already, and a second copy at its end was 90 MB at 10,000 posts. A file cut short or
with a byte changed is damaged (ValueError, which the caller's notice names); one made by
other code is Unusable, passed over quietly.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from pipeline.machine import code_key
from pipeline.paths import Unusable, read_kept

T = TypeVar("T")
VERSION = 1
DIGEST = 16  # bytes of a key and of the file's digest
_LENGTH = 4  # bytes of a text's length, big-endian


def key_of(*parts: str) -> bytes:
    """The digest a text is kept by: of what it follows from."""
    digest = hashlib.blake2b(digest_size=DIGEST)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.digest()


def _header(kind: str) -> bytes:
    return f"pipeline-{kind} {VERSION} {code_key()}\n".encode()


def text_chunks(kind: str, entries: Iterable[tuple[bytes, str]]) -> Iterator[bytes]:
    """The file, entry by entry (each text encoded only as it is written); a key seen
    before is written once."""
    total = hashlib.blake2b(digest_size=DIGEST)
    seen: set[bytes] = set()
    header = _header(kind)
    total.update(header)
    yield header
    for key, text in entries:
        if key in seen:
            continue
        seen.add(key)
        data = text.encode("utf-8", "surrogatepass")
        entry = key + len(data).to_bytes(_LENGTH, "big")
        total.update(entry)
        total.update(data)
        yield entry
        yield data
    yield total.digest()


def read_texts(
    root: Path,
    name: Path,
    kind: str,
    wanted: Iterable[bytes] | None,
    limit: int,
    afresh: str,
) -> tuple[dict[bytes, str], str | None]:
    """The texts of ``kind`` the last build kept in the show ``root``'s cache file ``name``
    whose keys are ``wanted`` (None: every one; none kept: an empty map), and a notice
    naming the file when it is damaged (``afresh``: what the build does instead)."""
    keys = None if wanted is None else set(wanted)
    parse = functools.partial(parse_texts, kind, wanted=keys)
    found, notice = read_kept(root, name, limit, f"kept {kind}", parse, afresh)
    return found or {}, notice


def parse_texts(kind: str, data: bytes, wanted: set[bytes] | None) -> dict[bytes, str]:
    """The kept texts whose key is ``wanted`` (None: all); Unusable for another version's or code's
    file, ValueError for a damaged one."""
    line = data.find(b"\n")
    if line < 0 or data[: line + 1] != _header(kind):
        if data.startswith(f"pipeline-{kind} ".encode()):
            raise Unusable  # other code or version: not ours to read, and not damage
        raise ValueError(f"not a file of {kind}")
    end = len(data) - DIGEST
    view = memoryview(data)
    if end <= line or hashlib.blake2b(view[:end], digest_size=DIGEST).digest() != data[end:]:
        raise ValueError("its digest does not match")
    found: dict[bytes, str] = {}
    at = line + 1
    while at < end:
        key = bytes(view[at : at + DIGEST])
        size = int.from_bytes(view[at + DIGEST : at + DIGEST + _LENGTH], "big")
        at += DIGEST + _LENGTH
        if at + size > end:
            raise ValueError("an entry runs past the end")
        if wanted is None or key in wanted:
            found[key] = str(view[at : at + size], "utf-8", "surrogatepass")
        at += size
    return found


def exactly(kind: type[T], value: object) -> T:
    """``value``, when it is of type ``kind`` (not a subclass: True is no int); a kept
    entry that reads back otherwise is not one this code wrote (TypeError)."""
    if type(value) is not kind:
        raise TypeError(value)
    return value


def optional_text(value: object) -> str | None:
    return None if value is None else exactly(str, value)
