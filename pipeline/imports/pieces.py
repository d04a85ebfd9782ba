"""A line being repaired, as pieces of its original text, so every change stays traceable.

Each piece pairs a stretch of the original line with what it became. A later repair of a
stretch that an earlier one produced merges into that piece (``ÃƒÂ©`` -> ``Ã©`` -> ``é`` is
one change), and repairs never lose track of which characters were already repaired: no
alignment of before and after texts is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Piece:
    before: str
    after: str
    how: str = ""  # empty: unchanged text

    @property
    def changed(self) -> bool:
        return bool(self.how)


@dataclass
class Line:
    """One line of text and how it came to be."""

    pieces: list[Piece] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> Line:
        return cls([Piece(text, text)] if text else [])

    @property
    def text(self) -> str:
        return "".join(p.after for p in self.pieces)

    @property
    def original(self) -> str:
        return "".join(p.before for p in self.pieces)

    def changes(self) -> list[Piece]:
        return [p for p in self.pieces if p.changed]

    def fresh(self, start: int, end: int) -> bool:
        """No character in ``[start, end)`` of the current text came from a repair."""
        pos = 0
        for piece in self.pieces:
            following = pos + len(piece.after)
            if piece.changed and pos < end and start < following:
                return False
            pos = following
        return True

    def replace(self, start: int, end: int, new: str, how: str) -> None:
        """Replace ``[start, end)`` of the current text, merging with repairs it touches."""
        out: list[Piece] = []
        before, prefix, suffix = "", "", ""
        hows: list[str] = []
        merged = False
        pos = 0
        for piece in self.pieces:
            p_start, p_end = pos, pos + len(piece.after)
            pos = p_end
            touches = (p_start < end and start < p_end) or (start == end == p_start)
            if not touches:
                out.append(piece)
                continue
            if not piece.changed:
                # Unchanged text splits freely at the edit's edges.
                a, b = max(start, p_start) - p_start, min(end, p_end) - p_start
                if a:
                    out.append(Piece(piece.before[:a], piece.after[:a]))
                before += piece.before[a:b]
                if not merged:
                    out.append(Piece("", "", "\0"))  # placeholder for the merged piece
                    merged = True
                if b < len(piece.after):
                    out.append(Piece(piece.before[b:], piece.after[b:]))
                continue
            # A repaired piece is merged whole: its before text cannot be split.
            if start > p_start and not before:
                prefix = piece.after[: start - p_start]
            if end < p_end:
                suffix = piece.after[end - p_start :]
            before += piece.before
            hows.append(piece.how)
            if not merged:
                out.append(Piece("", "", "\0"))
                merged = True
        hows.append(how)
        joined = "; ".join(dict.fromkeys(h for h in hows if h))
        combined = Piece(before, prefix + new + suffix, joined)
        if not merged:
            out.append(combined)
        self.pieces = [combined if p.how == "\0" else p for p in out]
        self._tidy()

    def _tidy(self) -> None:
        tidy: list[Piece] = []
        for piece in self.pieces:
            if not piece.before and not piece.after:
                continue
            if piece.changed and piece.before == piece.after:
                piece = Piece(piece.before, piece.after)
            if tidy and not piece.changed and not tidy[-1].changed:
                tidy[-1] = Piece(tidy[-1].before + piece.before, tidy[-1].after + piece.after)
            else:
                tidy.append(piece)
        self.pieces = tidy
