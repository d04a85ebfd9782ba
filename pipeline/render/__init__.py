"""Renderers turn linked content and its notes into ``{relative_path: bytes | Path}``: file
bytes, or a source file of the show to copy as it is (audio, artwork); the site's pages may
also be a :class:`KeptPage`, one the last build wrote and the output still holds. They
write nothing;
``pipeline/write/`` does. What they read besides the linked content: templates (the
package's, or the show's own ``templates/``) and transcripts for the episode pages."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.paths import read_small_file

PAGE_LIMIT = 64 << 20  # bytes: a page of the last build larger than this is rendered again


@dataclass(frozen=True)
class KeptPage:
    """A page the last build wrote from the same inputs, left in the output folder untouched
    since (``render/site/memo.py``): not read back into memory. ``path``: the file there;
    ``digest``: that of its bytes, by which the writer, should the file change before it
    takes the output's lock, tells whether it is still the page."""

    path: Path
    digest: str


def page_digest(data: bytes) -> str:
    """What a page's bytes are known by, in the pages' memo and a KeptPage."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_page(path: Path, digest: str) -> bytes:
    """The bytes of the page the last build wrote at ``path`` (never through a last link);
    ValueError saying why when the file there is not that page, or not a file at all."""
    try:
        data = read_small_file(path, PAGE_LIMIT, "a page", follow=False)
    except OSError as exc:
        raise ValueError(exc.strerror or str(exc)) from None
    if page_digest(data) != digest:
        raise ValueError("its bytes are not the page's")
    return data


# A rendered output: file bytes, a source file to copy as it is (audio, artwork), or a page
# the output holds already.
Output = dict[str, bytes | Path | KeptPage]
