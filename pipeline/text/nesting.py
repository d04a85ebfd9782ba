"""How much work a post's Markdown makes for the parsers: bounds checked at load.

Nesting: how deeply a post nests quotes, lists and HTML elements.

The HTML sanitiser (html5ever, behind nh3) takes time quadratic in nesting depth: 20,000
nested ``<div>`` take 1.5 s and 100,000 nested ``>`` quotes (100 KB) ran for minutes. No
writer nests more than a handful of levels, so a post nested deeper than
:data:`MAX_DEPTH` is an error with its line rather than a hung build. Counted in one pass
over the text, without regular expressions that could backtrack. Indentation counts too:
a line indented under a list item is inside it, so 450 lines of 99 ``- `` each, every
one indented past the last, nested 44,000 deep while no line opened more than 99.

Markers: markdown-it-py (the show notes' parser) spends 30-80 microseconds on every
emphasis, code, bracket, tag or entity character (it makes a token of each), and the
sanitiser and page writer work per table cell: 250,000 such characters in a 1 MB post
took half a minute. A post may hold :data:`MAX_MARKERS` of them (a long article has a
few thousand). Link brackets cost more: each ``[`` is matched against the rest of its
paragraph, so their count times the paragraph's length is bounded too.
"""

from __future__ import annotations

import bisect
import re

MAX_DEPTH = 100
DEPTH_EXPECTED = f"at most {MAX_DEPTH} levels of quotes, lists and HTML elements"
# Levels past the first, summed over a post's lines: 10,000 short paragraphs each nested
# 100 deep are 1 MB that makes a million elements (25 MB of HTML, 6 s to build); a long
# article quoting lists a few levels deep makes a few thousand.
MAX_NESTING = 100_000
NESTING_EXPECTED = f"at most {MAX_NESTING:,} in one post (split it, or nest less deeply)"

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


# What a line can start with to be nested at all: whitespace, a quote, a list marker.
_OPENERS = frozenset(" \t>-+*0123456789")


def deepest(text: str) -> tuple[int, int]:
    """(deepest nesting, 1-based line where it is first reached) of a Markdown text.

    Stops after the first line nested deeper than :data:`MAX_DEPTH` (that line is the one
    to report), so a refused text costs no more than its first offending line.
    """
    return nesting(text)[:2]


def nesting(text: str) -> tuple[int, int, int, int]:
    """:func:`deepest`, then the levels past the first summed over the lines and the line
    where that sum passes :data:`MAX_NESTING` (or the last line); stops there too."""
    best, best_line = 0, 1
    work = 0
    open_tags = 0
    items: list[int] = []  # content columns of list items maybe still open (_line_depth)
    blank_before = True
    for number, line in enumerate(text.split("\n"), 1):
        if line and line[0] not in _OPENERS:
            # Prose (most lines): no marker, no indentation, so inside no earlier item;
            # what _line_depth would find, without its work.
            if blank_before:
                items.clear()
            depth = 0
        elif not line.strip(" \t"):
            blank_before = True
            continue
        else:
            depth = _line_depth(line, items, blank_before)
        blank_before = False
        if depth > best:
            best, best_line = depth, number
        if depth > 1:
            work += depth - 1
            if work > MAX_NESTING:
                break
        if "<" in line:
            for m in _TAG.finditer(line):
                if m[2].lower() in _FLAT:
                    continue
                open_tags = max(0, open_tags - 1) if m[1] else open_tags + 1
                if open_tags > best:
                    best, best_line = open_tags, number
        if best > MAX_DEPTH:
            break
    return best, best_line, work, number


def _line_depth(line: str, items: list[int], blank_before: bool) -> int:
    """Levels a non-blank line is nested: the block quote ``>`` and list markers opening it
    (``> > - 1. text``; one line can open thousands) plus the list items of earlier lines
    its indentation keeps it inside (``- - x`` then ``    - y`` is three deep).

    Never less than the parser's real depth, so nothing deep gets through: a list item
    lives on in a later line only if that line's leading whitespace reaches the item's
    content column, and every item is at least 2 columns wide (a marker and a space), so
    a line is inside at most ``indent // 2`` items. ``items`` (updated here) holds the
    content columns, counted from the line start, of items opened outside any quote; it
    makes ordinary Markdown cheaper than that bound: after a blank line, a line starting
    left of an item's content is outside it for good (no lazy continuation follows a
    blank line), so a code block indented 4 spaces after a list is not counted as inside
    it. Without a blank line before, the line may be a lazy paragraph continuation that
    closes nothing, so nothing is forgotten then. Only the :data:`MAX_DEPTH` + 1 smallest
    columns are kept: a line inside more items is refused whichever they are, and the
    list stays short, so each line costs a bounded amount of work (linear time overall).
    """
    depth = column = 0
    spaces = 0  # whitespace columns before the first list marker: the room for old items
    quoted = listed = False
    marker_space = False  # the one space after a ">" belongs to the quote marker
    opened: list[int] = []
    i, end = 0, len(line)
    first = len(line) - len(line.lstrip(" \t"))
    while i < end:
        char = line[i]
        if char == "\t":
            width = 4 - column % 4  # CommonMark's tab stops
            column += width
            spaces += 0 if listed else width - marker_space
            marker_space = False
            i += 1
        elif char == " ":
            column += 1
            # "> > >": the space after each ">" is the marker's, no room for a list item
            # (counted, 68 quotes were refused as 102 deep)
            spaces += 0 if listed or marker_space else 1
            marker_space = False
            i += 1
        elif char == ">":
            depth += 1
            column += 1
            quoted = marker_space = True
            i += 1
        elif (m := _LIST_MARKER.match(line, i)) is not None:
            marker_space = False
            depth += 1
            column += m.end() - i
            if not quoted:  # at least one space follows the marker before the content
                opened.append(column + 1)
            listed = True
            i = m.end()
        else:
            break
    indent = _columns(line[:first]) if "\t" in line[:first] else first
    if blank_before:
        del items[bisect.bisect_right(items, indent) :]
    if line[first] == ">":
        # Items opened inside quotes are not tracked (the quote marker may sit in another
        # column on each line); the line's own whitespace bounds them.
        carried = spaces // 2
    else:
        carried = min(bisect.bisect_right(items, indent), indent // 2)
    depth += carried
    if depth <= MAX_DEPTH:  # a deeper line is refused: nothing after it is read
        for content in opened:
            if (at := bisect.bisect_left(items, content)) == len(items) or items[at] != content:
                items.insert(at, content)
        del items[MAX_DEPTH + 1 :]
    return depth


def _columns(whitespace: str) -> int:
    """The column after a run of spaces and tabs at the start of a line."""
    column = 0
    for char in whitespace:
        column += 4 - column % 4 if char == "\t" else 1
    return column


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
