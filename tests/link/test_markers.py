"""markers.py, the one rule of where "Lees ook" text is code: fenced blocks (``` and ~~~, of
any length, left open), indented blocks and inline code spans, inside lists and quotes;
what is left is real, and only real markers make our block."""

from __future__ import annotations

import re
import time

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from pipeline.link.markers import BLOCK_BEGIN, BLOCK_END, find_markers, without_blocks
from pipeline.text.code import _INDENTED, find_code, may_have_code

B, E = BLOCK_BEGIN, BLOCK_END
QUOTED = f"{B}\nLees ook: Verkopen aan de toonbank\n{E}"

# Each is a post's Markdown in which every marker is code, as the page shows it.
IN_CODE = {
    "backticks": f"Zo:\n\n```\n{QUOTED}\n```\n",
    "tildes": f"Zo:\n\n~~~ markdown\n{QUOTED}\n~~~\n",
    "longer fence": f"Zo:\n\n`````\n````\n{QUOTED}\n````\n`````\n",
    "longer tildes": f"Zo:\n\n~~~~\n~~~\n{QUOTED}\n~~~\n~~~~\n",
    "unclosed fence": f"Zo:\n\n```\n{QUOTED}\n",
    "unclosed tildes": f"Zo:\n\n~~~~\n{QUOTED}\n~~~\n",
    "indented": "Zo:\n\n" + "".join(f"    {line}\n" for line in QUOTED.split("\n")),
    "indented by a tab": "Zo:\n\n" + "".join(f"\t{line}\n" for line in QUOTED.split("\n")),
    "inline": f"Begin met `{B}` en sluit met ``{E}``.\n",
    "inline over lines": f"Begin met `een {B} en\ndan {E}` zo.\n",
    "in a list": f"- voorbeeld:\n\n  ```\n  {B}\n  {E}\n  ```\n",
    "in a quote": f"> ```\n> {B}\n> {E}\n> ```\n",
    "inline in a quote": f"> Zo: `x\n> en {B}` en `{E}`.\n",
    "inline in a heading": f"## `{B}` en `{E}` ##\n",
    "crlf": f"Zo:\r\n\r\n```\r\n{B}\r\n{E}\r\n```\r\n",
}


def _cmark(markdown: str) -> str:
    """The page renderer's HTML, before sanitising (which drops comments)."""
    html: str = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=Options.CMARK_OPT_UNSAFE, extensions=["table", "strikethrough"]
    )
    return html


@pytest.mark.parametrize("text", IN_CODE.values(), ids=IN_CODE.keys())
def test_markers_in_code_are_not_ours(text: str) -> None:
    markers = find_markers(text)
    assert (markers.begins, markers.ends) == ([], [])
    assert markers.blocks() == []
    assert without_blocks(text) == text
    # ... as the page's renderer has them: shown as text, never a raw comment.
    assert B not in _cmark(text) and E not in _cmark(text)


@pytest.mark.parametrize("case", IN_CODE)
def test_a_real_block_after_the_code_is_found(case: str) -> None:
    real = f"{B}\n- [Echt](https://show.example/posts/echt/)\n{E}\n"
    text = IN_CODE[case]
    if case.startswith("unclosed"):  # else the fence runs on to the end: an author closes it
        text += ("~~~~" if "~~~~" in text else "```") + "\n"
    whole = text + "\nNawoord.\n\n" + real
    at = whole.index(real)
    assert find_markers(whole).blocks() == [(at, at + len(real) - 1)]
    assert without_blocks(whole) == whole[:at] + " \n"
    assert _cmark(whole).count(B) == _cmark(whole).count(E) == 1


def test_only_a_begin_marker_in_code_keeps_the_text_up_to_the_real_block() -> None:
    """A regular expression from the first begin to the next end took the code example, the
    text after it and the real block as one block."""
    text = f"```\n{B}\n```\n\nDe etalage verkoopt.\n\n{B}\n- x\n{E}\n"
    assert without_blocks(text) == f"```\n{B}\n```\n\nDe etalage verkoopt.\n\n \n"


def test_unclosed_fence_is_reported_with_its_fence() -> None:
    assert find_code("Zo:\n\n````python\nx = 1\n").open_fence == "````"
    assert find_code("Zo:\n\n~~~\nx = 1\n").open_fence == "~~~"
    assert find_code("Zo:\n\n```\nx = 1\n```\n").open_fence is None
    assert find_code("- ```\n  x\n").open_fence is None  # in a list: closed by the list's end


def test_offsets_after_front_matter() -> None:
    front = "---\ntitle: x\n---\n"
    text = front + f"`{B}`\n\n{B}\n{E}\n"
    markers = find_markers(text, len(front))
    assert markers.begins == [text.rindex(B)]
    assert markers.ends == [text.index(E)]
    assert find_code(text, len(front)).spans == ((len(front), len(front) + len(B) + 2),)


def test_text_without_fences_spans_or_indented_lines_is_not_parsed() -> None:
    assert not may_have_code("Gewoon tekst.\n\n- een\n  - twee\n\n> citaat\n")
    for text in ("a `b`", "~~~\nx", "    x", "\tx", "- a\n\n      x", ">     x", "a\r    x"):
        assert may_have_code(text), text


@settings(derandomize=True, max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["  ", "   ", " ", "\t", "\n", "\r", "> ", "1.", "x", "`"]), max_size=30
    ),
    st.integers(0, 8),
)
@example(["x", "\n", "   ", " ", "x"], 0)  # four spaces from two pieces
@example(["   ", "\n", " ", "   ", "x"], 0)  # three and a line break: no four in a row
@example(["\t", "x", "\n", "x"], 1)  # a tab before the start
@example(["x", "\r", "  ", "  ", "x"], 0)
def test_the_quick_look_for_indented_lines_agrees_with_the_pattern(
    parts: list[str], start: int
) -> None:
    text = "".join(parts)
    found = "`" in text[start:] or "~~~" in text[start:] or _INDENTED.search(text, start)
    assert may_have_code(text, start) == bool(found)


# Pieces of Markdown whose code and HTML both parsers agree on (no backslash: an escaped
# "<" is text, neither code nor a comment).
PIECES = [
    "```",
    "````",
    "~~~",
    "~~~~",
    "`",
    "``",
    "    ",
    "\t",
    "> ",
    "- ",
    "1. ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "x",
    "Tekst",
    "Lees ook: y",
    "<div>",
    "# ",
    " ##",
    "*",
    "[a](b)",
    "![`c`](d)",
    "\x00",
    B,
    E,
]
_PARSER = MarkdownIt("commonmark", {"html": True})
_BLOCK = re.compile(re.escape(B) + ".*?" + re.escape(E), re.DOTALL)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example(f"> Zo: `x\n> {B}` en\n> {E}\n")  # an HTML block breaks the paragraph: real
@example(f"- a\n\n\t`{B}`\n")  # a tab in a list
@example(f"## `{B}` ## `{E}` ##\n")  # a heading's closing #s after the code
@example(f"tekst `a\r\n{B}` b\r\n")  # the comment begins an HTML block
@example(f"![`a`](d) `{E}` en {B}")  # an image's alt text is parsed apart: no code of ours
@example(f"a\x00 `{B}`")  # NUL, which markdown-it reads as U+FFFD
@example(f"`` `{B}` ``\n")
@example(f"````\n```\n{B}\n```\n{E}\n````\n\n{B}\n{E}\n")
def test_markers_are_real_where_a_whole_parse_shows_them_as_html(text: str) -> None:
    """The offsets worked out from the block parse and each paragraph's code spans, and the
    shortcuts without a parse, agree with markdown-it rendering the whole text."""
    markers = find_markers(text)
    html = _PARSER.render(text)
    assert (len(markers.begins), len(markers.ends)) == (html.count(B), html.count(E))
    for start, end in find_code(text).spans:  # a block's whole lines, or a span's backticks
        assert start == 0 or text[start - 1] in "\r\n" or text[start] == "`"
        assert end == len(text) or text[end - 1] in "\r\n`"


# No backtick, ~~~, tab or two spaces in a row, however joined.
WITHOUT_CODE = [B, E, "x", "\n", "\r\n", "Lees ook: y", "> ", "- ", "# ", "<div>", "*", "[a](b)"]


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WITHOUT_CODE), max_size=40))
@example([B, "x", E, "\n", B, "y", B, "z", E, E])
def test_without_code_blocks_are_what_they_always_were(parts: list[str]) -> None:
    text = "".join(parts)
    assert without_blocks(text) == _BLOCK.sub(" ", text)


# Each took seconds or more when a line's place was looked up once per code span, or would
# with a pattern trying every prefix: 20,000 spans on one line took 7.8 s.
LARGE = {
    "spans on one line": "x `y` " * 20_000,
    "spans on their lines": "a `b`\n" * 20_000,
    "spans over lines": "a `b\nc` " * 20_000,
    "unmatched backticks": "` " * 25_000,
    "backtick runs": "".join("`" * (i % 7 + 1) + " x " for i in range(20_000)),
    "list markers": "- " * 50_000 + "x",
    "quote markers without indentation": "> " * 50_000 + "x\n" + "   -" * 25_000,
}


@pytest.mark.parametrize("text", LARGE.values(), ids=LARGE.keys())
def test_large_texts_take_linear_time(text: str) -> None:
    # CPU time of this process: a backtracking regex is minutes here, linear work a fraction
    # of a second, and other tests running beside it (-n 2) no longer count.
    start = time.process_time()
    without_blocks(f"{text}\n\n{B}\n{E}\n")
    assert time.process_time() - start < 2.0
