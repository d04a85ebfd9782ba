"""``--explain``: each repair of an imported file, its text before and after, side by side.

One row per changed input line (all encoding repairs of that line together), per removed
line and per rewritten line (a heading marked, a share link resolved), in line order. The
two columns fill the terminal's width; long texts wrap inside their column, wide
characters (emoji, CJK) count as two cells, and characters that would be invisible (no-break
spaces, control bytes left by a bad decode, zero-width marks) are shown as visible marks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pipeline.imports.article import PostImport
from pipeline.imports.loadable import where_of

GUTTER = 8  # "   123  "
MIN_COLUMN = 16
# No terminal is wider; COLUMNS is the environment's, and 10**20 was an OverflowError
# (a column padded to that many spaces), 10**8 half a gigabyte of spaces.
MAX_WIDTH = 1000


@dataclass(frozen=True)
class Row:
    line: int
    before: str
    after: str
    why: str


def rows(item: PostImport) -> list[Row]:
    """Every change made to one input, as before/after texts, in line order."""
    out: list[Row] = []
    by_line: dict[int, list[str]] = {}
    for fix in item.fixes:
        by_line.setdefault(fix.line, []).extend(fix.how.split("; "))
    for number, hows in by_line.items():
        before = item.before[number - 1] if number <= len(item.before) else ""
        after = item.after[number - 1] if number <= len(item.after) else ""
        out.append(Row(number, before, after, "; ".join(dict.fromkeys(hows))))
    for gone in item.removed:
        out.append(Row(gone.line, gone.text, "", f"removed: {gone.kind}"))
    for change in item.rewritten:
        out.append(Row(change.line, change.before, change.after, change.kind))
    return sorted(out, key=lambda r: r.line)


def cells(text: str) -> int:
    """Terminal cells the text takes (wide characters two, combining marks none)."""
    return sum(_cell(c) for c in text)


def _cell(char: str) -> int:
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def visible(text: str) -> str:
    """Invisible and control characters as marks a reader can see."""
    out = []
    for char in text:
        cp = ord(char)
        if char == "\xa0":
            out.append("⍽")
        elif char == "\n":
            out.append("⏎")
        elif cp < 0x20 or 0x7F <= cp <= 0x9F or char in "\u200b\u200c\u200d\u200e\u200f\xad":
            out.append(f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}")
        else:
            out.append(char)
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` cells, broken at spaces where possible."""
    pieces: list[str] = []
    rest = text
    while cells(rest) > width:
        size, taken = 0, 0
        while taken < len(rest) and size + _cell(rest[taken]) <= width:
            size += _cell(rest[taken])
            taken += 1
        space = rest.rfind(" ", 0, taken)
        cut = space + 1 if space > taken // 2 else max(taken, 1)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def render(item: PostImport, width: int) -> list[str]:
    """The side-by-side view of one input's changes, for a terminal ``width`` cells wide."""
    column = max(MIN_COLUMN, (min(width, MAX_WIDTH) - GUTTER - 3) // 2)
    head = f"{where_of(item.source)} -> {item.target}"
    out = [head, _pad("  line", GUTTER) + _pad("before", column) + " │ after"]
    out.append(_pad("  ----", GUTTER) + "─" * column + "─┼─" + "─" * column)
    changes = rows(item)
    if not changes:
        out.append(_pad("", GUTTER) + "(nothing changed)")
    for row in changes:
        left = wrap(visible(row.before), column)
        right = wrap(visible(row.after) if row.after else "(removed)", column)
        for i in range(max(len(left), len(right))):
            number = f"{row.line:>6}  " if i == 0 else " " * GUTTER
            a = left[i] if i < len(left) else ""
            b = right[i] if i < len(right) else ""
            out.append((number + _pad(a, column) + " │ " + b).rstrip())
        for why in wrap(row.why, column * 2):
            out.append(" " * GUTTER + "↳ " + why)
    return out
