"""Renderers turn linked content and its notes into ``{relative_path: bytes | Path}``: file
bytes, or a source file of the show to copy as it is (audio, artwork); the site's pages may
also be a :class:`KeptPage`, one the last build wrote and the output still holds. They
write nothing;
``pipeline/write/`` does. What they read besides the linked content: templates (the
package's, or the show's own ``templates/``) and transcripts for the episode pages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KeptPage:
    """A page the last build wrote from the same inputs, left in the output folder untouched
    since (``render/site/memo.py``): not read back into memory. ``path``: the file there;
    ``digest``: that of its bytes, by which the writer, should the file change before it
    takes the output's lock, tells whether it is still the page."""

    path: Path
    digest: str


# A rendered output: file bytes, a source file to copy as it is (audio, artwork), or a page
# the output holds already.
Output = dict[str, bytes | Path | KeptPage]
