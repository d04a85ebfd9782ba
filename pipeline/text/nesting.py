"""How much work a post's Markdown makes for the parsers: bounds checked at load.

Nesting: how deeply a post nests quotes, lists and HTML elements.

The HTML sanitiser (html5ever, behind nh3) takes time quadratic in nesting depth: 20,000
nested ``<div>`` take 1.5 s and 100,000 nested ``>`` quotes (100 KB) ran for minutes. No
writer nests more than a handful of levels, so a post nested deeper than
:data:`MAX_DEPTH` is an error with its line rather than a hung build. Counted in one pass
over the text, without regular expressions that could backtrack.

Markers: markdown-it-py (the show notes' parser) spends 30-80 microseconds on every
emphasis, code, bracket, tag or entity character (it makes a token of each), and the
sanitiser and page writer work per table cell: 250,000 such characters in a 1 MB post
took half a minute. A post may hold :data:`MAX_MARKERS` of them (a long article has a
few thousand). Link brackets cost more: each ``[`` is matched against the rest of its
paragraph, so their count times the paragraph's length is bounded too.
"""

from __future__ import annotations

import re

MAX_DEPTH = 100
DEPTH_EXPECTED = f"at most {MAX_DEPTH} levels of quotes, lists and HTML elements"

# An HTML start or end tag's name; attributes are not read (nothing here can backtrack).
# Followed by a space, "/" or ">": an autolink (<https://...>) is not an element.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?=[\s/>])")
# Elements that nest nothing (void) or close their open sibling themselves (optional end
# tags): neither makes a page deeper, however many are written without a closing tag.
_FLAT = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th"),
        *("thead", "tbody", "tfoot", "option", "optgroup", "colgroup", "caption"),
        *("rb", "rt", "rp", "html", "head", "body"),
    }
)
MAX_MARKERS = 30_000
MARKERS = "*_`~|[]<&"
MARKERS_EXPECTED = f"at most {MAX_MARKERS:,} Markdown markers ({' '.join(MARKERS)}) in one post"
MAX_BRACKET_WORK = 100_000_000  # "[" in a paragraph times its length, summed
BRACKETS_EXPECTED = "fewer [ brackets in so long a paragraph (split it, or write them as \\[)"
_MARKER = re.compile("[" + re.escape(MARKERS) + "]")
_LIST_MARKER = re.compile(r"(?:[-+*]|[0-9]{1,9}[.)])(?=[ \t]|$)")


def deepest(text: str) -> tuple[int, int]:
    """(deepest nesting, 1-based line where it is first reached) of a Markdown text."""
    best, best_line = 0, 1
    open_tags = 0
    for number, line in enumerate(text.split("\n"), 1):
        depth = _line_markers(line)
        if depth > best:
            best, best_line = depth, number
        if "<" in line:
            for m in _TAG.finditer(line):
                if m[2].lower() in _FLAT:
                    continue
                open_tags = max(0, open_tags - 1) if m[1] else open_tags + 1
                if open_tags > best:
                    best, best_line = open_tags, number
    return best, best_line


def _line_markers(line: str) -> int:
    """Block quote ``>`` and list markers opening a line (``> > - 1. text``): each one is a
    level, and one line can open thousands of them."""
    depth = 0
    i, end = 0, len(line)
    while i < end:
        char = line[i]
        if char in " \t":
            i += 1
        elif char == ">":
            depth += 1
            i += 1
        elif (m := _LIST_MARKER.match(line, i)) is not None:
            depth += 1
            i = m.end()
        else:
            break
    return depth


def too_much_markup(text: str) -> tuple[int, str, str] | None:
    """``(line, got, expected)`` when a text holds more Markdown markers than
    :data:`MAX_MARKERS` (the line where the count passes it), or paragraphs whose "[" times
    their length pass :data:`MAX_BRACKET_WORK` (the line of the paragraph that does);
    None for a text within both bounds. Lines count from 1 within ``text``."""
    count = sum(text.count(char) for char in MARKERS)
    if count > MAX_MARKERS:
        for seen, m in enumerate(_MARKER.finditer(text), 1):  # MAX_MARKERS + 1 steps
            if seen > MAX_MARKERS:
                line = text.count("\n", 0, m.start()) + 1
                return line, f"{count:,} Markdown markers", MARKERS_EXPECTED
    if "[" in text:
        work, start = 0, 0
        for paragraph in text.split("\n\n"):
            work += paragraph.count("[") * len(paragraph)
            if work > MAX_BRACKET_WORK:
                line = text.count("\n", 0, start) + 1
                return line, "a paragraph of many [", BRACKETS_EXPECTED
            start += len(paragraph) + 2
    return None
