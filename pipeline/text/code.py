"""Where a Markdown text's code is: fenced and indented blocks, and inline code spans.

Inside code, what looks like markup is the author's example, and the page shows it as
written: a "Lees ook" marker or line (``link/markers.py``, ``link/pointers.py``) and a link
with a password in it (``text/urls.py``) alike. One rule for every reader: a fenced block
(```` ``` ```` or ``~~~``, of any length, or left open to the end of the text), an indented
block, or an inline code span (```` `...` ````, across the lines of a paragraph too). Code
is found by a CommonMark parser (markdown-it, raw HTML on as the page's cmark-gfm renders
it: a fence-like line inside an HTML block is no fence), inside lists and quotes too. Text
without a backtick, ``~~~`` or an indented line has no code and is never parsed (most
posts).

The two parsers differ on a few odd constructs, where text taken here for code may be text
on the page or the reverse: a quote line indented four spaces after a quote (markdown-it
continues the quote), tabs inside nested lists and quotes, and a code span after an
unmatched backtick run in its paragraph (cmark-gfm misses it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when first parsing: most texts are never parsed
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

Span = tuple[int, int]  # [start, end) character offsets in a text

_NEWLINE = re.compile(r"\r\n|\r|\n")  # markdown-it's line breaks, each one line
_SPANS = "pipeline.text.code"  # the key of the inline code spans in markdown-it's env


@dataclass(frozen=True)
class Code:
    """Where a text's code is."""

    spans: tuple[Span, ...] = ()  # in order, none overlapping
    # The fence of a fenced block (not in a list or quote) still open at the text's end.
    open_fence: str | None = None

    def __contains__(self, at: object) -> bool:
        """Whether the character at offset ``at`` is code."""
        if not isinstance(at, int):
            return False
        i = bisect_right(self.spans, at, key=lambda span: span[0]) - 1
        return i >= 0 and self.spans[i][0] <= at < self.spans[i][1]


# A line that may be in an indented code block: four columns of indentation (four spaces or
# a tab) after any quote and list markers. Tried at line starts only, lazily: linear.
_INDENTED = re.compile(r"(?:^|(?<=\r))[ \t>*+\-.)\d]*?(?: {4}|\t)", re.MULTILINE)


def may_have_code(text: str, start: int = 0) -> bool:
    """False when ``text[start:]`` can have no code: a fence takes ```` ``` ```` or ``~~~``,
    a code span a backtick, an indented block a line as :data:`_INDENTED`."""
    return (
        text.find("`", start) >= 0
        or text.find("~~~", start) >= 0
        # The pattern tries every offset (0.24 ms a post, 1 s at 10,000 posts); what it
        # ends with is looked for first: most prose has neither.
        or (
            (text.find("    ", start) >= 0 or text.find("\t", start) >= 0)
            and _INDENTED.search(text, start) is not None
        )
    )


def find_code(text: str, start: int = 0) -> Code:
    """The code in ``text[start:]`` (the Markdown; before ``start``: front matter), with
    offsets into ``text``."""
    if not may_have_code(text, start):
        return Code()
    body = text[start:]
    starts = [0, *(m.end() for m in _NEWLINE.finditer(body))]
    spans: list[Span] = []
    open_fence: str | None = None
    env: dict[str, Any] = {}  # the link reference definitions, for the inline parse
    for token in _blocks_parser().parse(body, env):
        if not token.map:
            continue
        first, last = token.map
        if token.type == "inline" and "`" in token.content:
            spans += _code_spans(token, body, starts, env)
            continue
        if token.type not in ("fence", "code_block"):
            continue
        end = starts[last] if last < len(starts) else len(body)
        spans.append((starts[first], end))
        if token.type == "fence" and token.level == 0 and end == len(body):
            # Open at the end unless its last line closes it (markdown-it ends the token
            # at the last line either way): a run of the fence's character, as long.
            closing = body[starts[last - 1] : end].strip() if last - 1 > first else ""
            fence = token.markup
            if not (closing.startswith(fence) and not closing.strip(fence[0])):
                open_fence = fence
    spans.sort()
    return Code(tuple((start + a, start + b) for a, b in spans), open_fence)


@lru_cache(maxsize=1)
def _blocks_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Raw HTML on as in CommonMark: a fence-like line inside an HTML block is no fence.
    return MarkdownIt("commonmark", {"html": True}).disable("inline")


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import backtick

    parser = MarkdownIt("commonmark", {"html": True})
    parser.inline.ruler.at("backticks", _recorded(backtick))
    return parser


def _recorded(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """markdown-it's code span rule, noting where each span it makes starts and ends (its
    tokens carry no offsets)."""

    def code_span(state: StateInline, silent: bool) -> bool:
        at, tokens = state.pos, len(state.tokens)
        done = rule(state, silent)
        if done and not silent and len(state.tokens) > tokens:
            noted = state.env.get(_SPANS)
            # An image's text is parsed from a string of its own: its offsets are not ours
            # (and the page shows it as the alt text, not as code).
            if state.tokens[-1].type == "code_inline" and noted and noted[0] is state.src:
                noted[1].append((at, state.pos))
        return done

    return code_span


def _code_spans(token: Token, body: str, starts: list[int], env: dict[str, Any]) -> list[Span]:
    """The inline code spans of a paragraph's or heading's ``token``, as offsets in
    ``body``. The token's text is its lines without what the block took (quote markers,
    indentation, a heading's #), trimmed: each line's text is found in its line of
    ``body``, at the end but for a heading's closing #."""
    content = token.content
    noted: list[Span] = []
    parser = _inline_parser()
    parser.inline.parse(content, parser, {**env, _SPANS: (content, noted)}, [])
    if not noted:
        return []
    lines = content.split("\n")
    at_line = [0]
    for line in lines[:-1]:
        at_line.append(at_line[-1] + len(line) + 1)
    first = token.map[0] if token.map else 0
    where: dict[int, tuple[int, int, int]] = {}  # line -> (its text's offset in body, lead, length)

    def in_body(at: int) -> int:
        j = bisect_right(at_line, at) - 1
        if j not in where:
            line, text = lines[j], lines[j].strip()
            row = first + j
            whole = body[starts[row] : starts[row + 1] if row + 1 < len(starts) else len(body)]
            found = max(whole.replace("\0", "\ufffd").rfind(text), 0)  # as markdown-it reads
            where[j] = (starts[row] + found, len(line) - len(line.lstrip()), len(text))
        offset, lead, length = where[j]
        return offset + min(max(at - at_line[j] - lead, 0), length)

    return [(in_body(a), in_body(b - 1) + 1) for a, b in noted]
