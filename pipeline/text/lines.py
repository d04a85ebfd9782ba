"""Line numbers of positions in one text, counted once: linear however many are asked.

``text.count("\\n", 0, pos)`` for every match is quadratic: 100,000 links in a 1 MB post
counted 50 GB of characters.
"""

from __future__ import annotations


class LineCounter:
    """``counter(pos)`` is the line of ``pos`` (``first`` for the text's start); positions
    asked in increasing order cost one pass over the text in all."""

    def __init__(self, text: str, first: int = 1) -> None:
        self.text = text
        self.first = first
        self.pos = 0
        self.line = first

    def __call__(self, pos: int) -> int:
        if pos < self.pos:  # asked out of order: count again from the start
            self.pos, self.line = 0, self.first
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line
