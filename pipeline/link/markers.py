"""Where a post's "Lees ook" text is real, and where it is code: one rule for every reader.

Two kinds of "Lees ook" text are read: the block ``pipeline link --write`` keeps between
:data:`BLOCK_BEGIN` and :data:`BLOCK_END`, and the "Lees ook: <title>" lines authors type
(``load.POINTER``). Their readers are ``link --write`` (``block.py``: which block to
replace), the resolver (``pointers.py``: which lines and links become links, which lines
are our own block), the related items' words (``text.py``: which block to leave out) and
the post bodies (``render/bodies.py``: which link on a line to rewrite).

Inside code they are the author's example and the page shows them as written; where code
is, is ``text/code.py``'s rule. A marker escaped by a backslash shows as text without being
code; it counts as a marker, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.code import Code, Span, find_code

# The block that ``pipeline link --write`` maintains in posts.
BLOCK_BEGIN = "<!-- pipeline:lees-ook begin -->"
BLOCK_END = "<!-- pipeline:lees-ook end -->"


@dataclass(frozen=True)
class Markers:
    """Where a text's block markers are, those inside code left out."""

    begins: list[int]
    ends: list[int]

    def blocks(self) -> list[Span]:
        """Each block: a begin marker to the first end marker after it; the next block
        starts after that end."""
        found: list[Span] = []
        ends = iter(self.ends)
        for begin in self.begins:
            if found and begin < found[-1][1]:
                continue
            end = next((e for e in ends if e > begin), None)
            if end is None:
                break
            found.append((begin, end + len(BLOCK_END)))
        return found

    def block(self) -> Span | None:
        """The block: the first begin marker to the first end marker after it."""
        blocks = self.blocks()
        return blocks[0] if blocks else None


def find_markers(text: str, start: int = 0, code: Code | None = None) -> Markers:
    """The offsets of the markers in ``text[start:]`` that are not code (``code``:
    :func:`find_code` of the same ``text`` and ``start``, when the caller has it)."""
    if BLOCK_BEGIN not in text and BLOCK_END not in text:
        return Markers([], [])  # most texts: no parse
    found = {
        marker: [m.start() for m in re.finditer(re.escape(marker), text) if m.start() >= start]
        for marker in (BLOCK_BEGIN, BLOCK_END)
    }
    if code is None:
        # No parse either for markers at the start of their lines (as link --write writes
        # them) in text without ``` or ~~~ fences or code spans: such a line is no code.
        plain = text.find("`", start) < 0 and text.find("~~~", start) < 0
        at_starts = all(at == start or text[at - 1] in "\r\n" for f in found.values() for at in f)
        code = Code() if plain and at_starts else find_code(text, start)
    begins = [at for at in found[BLOCK_BEGIN] if at not in code]
    ends = [at for at in found[BLOCK_END] if at not in code]
    return Markers(begins, ends)


def without_blocks(text: str) -> str:
    """``text`` (Markdown) with each of our blocks, markers and all, as one space."""
    if BLOCK_BEGIN not in text:
        return text
    kept: list[str] = []
    at = 0
    for begin, end in find_markers(text).blocks():
        kept += [text[at:begin], " "]
        at = end
    return "".join(kept) + text[at:]
