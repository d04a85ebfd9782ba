"""Nesting carried by indentation: a line indented under earlier list items is inside them.

Before, only the markers opening each line were counted: 450 lines of 99 ``- `` each, every
one indented past the last, built (after 41 s in the sanitiser) with lists 44,500 deep.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from pipeline.cli import main
from pipeline.text import nesting
from pipeline.text.nesting import MAX_DEPTH, deepest
from tests.conftest import ShowMaker

NOW = ["--now", "2026-06-01T12:00+02:00"]
POST = '---\ntitle: "Een post"\ndate: 2026-03-01\n---\nEerst.\n\n'


def _staircase(indent: str, lines: int = 450, markers: int = 99) -> str:
    """Each line 99 list markers deep, indented under the last item of the line before."""
    return "".join(indent * i + "- " * markers + "x\n" for i in range(lines))


def test_tab_staircase_is_refused_at_its_second_line() -> None:
    depth, line = deepest(_staircase("\t" * 50))
    assert (depth, line) == (198, 2)


def test_space_staircase_is_refused_at_its_second_line() -> None:
    depth, line = deepest(_staircase(" " * 200))
    assert (depth, line) == (198, 2)


def test_a_list_nested_a_little_deeper_on_each_line() -> None:
    text = "".join("  " * i + "- x\n" for i in range(150))
    assert deepest(text) == (MAX_DEPTH + 1, MAX_DEPTH + 1)


def test_quoted_staircase_is_refused() -> None:
    # Inside a quote the items' columns are not kept: the line's own whitespace bounds them.
    text = "> " + "- " * 60 + "x\n" + "> " + " " * 120 + "- " * 60 + "x\n"
    depth, line = deepest(text)
    assert depth > MAX_DEPTH and line == 2


def test_lazy_lines_do_not_hide_open_items() -> None:
    # A line that continues a paragraph lazily closes no item: the next indented line is
    # still inside all of them.
    text = "".join("    " * 40 * i + "- " * 40 + "x\ny\n" for i in range(3))
    depth, line = deepest(text)
    assert depth > MAX_DEPTH and line == 5


def test_ordinary_markdown_is_not_refused() -> None:
    text = (
        "Intro.\n\n"
        + "- een\n  - twee\n    - drie\n      - vier\n- vijf\n" * 500
        + "\nTekst.\n\n    code, 4 spaces in\n        more code\n\n"
        + "1. stap\n   1. deelstap\n\n      ingesprongen alinea\n"
        + "> citaat\n> - punt\n>   - subpunt\n\n"
        + "\t- tab list\n\t\t- deeper\n"
    )
    depth, _ = deepest(text)
    assert depth <= 6


def test_the_sample_posts_stay_shallow() -> None:
    posts = sorted((Path(__file__).resolve().parents[2] / "posts").glob("*.md"))
    assert posts
    for post in posts:
        assert deepest(post.read_text("utf-8"))[0] <= 5, post.name


def test_linear_time() -> None:
    """In this process's CPU time, which other tests running beside it do not change."""
    text = _staircase("", lines=2_000, markers=50) + "- x\n  - y\n" * 100_000
    start = time.process_time()
    deepest("\n\n".join(["- a\n  - b\n    - c"] * 50_000))
    deepest(text)
    assert time.process_time() - start < 5


def _parser_depth(md: MarkdownIt, text: str) -> int:
    depth = best = 0
    for token in md.parse(text):
        if token.type in ("blockquote_open", "list_item_open"):
            depth += 1
            best = max(best, depth)
        elif token.type in ("blockquote_close", "list_item_close"):
            depth -= 1
    return best


def test_never_below_the_parsers_depth() -> None:
    """Random mixes of markers, indents, lazy lines and blank lines: the estimate may be
    higher than markdown-it's real nesting, never lower (then something deep gets by)."""
    md = MarkdownIt("commonmark")
    pieces = ["- ", "* ", "1. ", "2) ", "123456789. ", "-     ", "-", "> ", ">", "  > ", "   >",
              " ", "  ", "    ", "     ", "\t", "\t> ", "x", "y z", "```", "# h"]  # fmt: skip
    rnd = random.Random(20260301)
    for _ in range(1_500):
        lines = [
            ""
            if rnd.random() < 0.15
            else "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
            for _ in range(rnd.randint(1, 12))
        ]
        text = "\n".join(lines) + "\n"
        assert deepest(text)[0] >= _parser_depth(md, text), repr(text)


def test_build_refuses_the_staircase_with_its_line(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-03-01-p": POST + _staircase("\t" * 50)})
    start = time.process_time()
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert time.process_time() - start < 20
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        "Error: posts/2026-03-01-p.md:8: body: got quotes, lists or HTML elements nested "
        "198 deep, expected at most 100 levels of quotes, lists and HTML elements"
    )


class _Everything:
    def __contains__(self, _: object) -> bool:
        return True


def test_prose_shortcut_changes_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines starting with prose skip the line-by-line count: the same answers as without
    the shortcut, on the random mixes above with prose, tags and CRLF lines added."""
    pieces = ["- ", "* ", "1. ", "> ", "  ", "    ", "\t", "x", "Tekst ", "<div>", "</div>",
              "\r", "a\r", "<p>", "#"]  # fmt: skip
    rnd = random.Random(20261201)
    texts = [
        "\n".join(
            ""
            if rnd.random() < 0.2
            else "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))
            for _ in range(rnd.randint(1, 14))
        )
        for _ in range(3_000)
    ]
    texts += [_staircase("  ", lines=30, markers=3) + "Proza\n\n" + _staircase(" ", 60, 2)]
    quick = [deepest(t) for t in texts]
    monkeypatch.setattr(nesting, "_OPENERS", _Everything())
    assert [deepest(t) for t in texts] == quick


@pytest.mark.parametrize("spelling", ["> ", ">", ">  ", ">\t"])
def test_quotes_count_as_many_as_they_are(spelling: str) -> None:
    """The space after each ">" is the quote marker's own: counted as room for a list
    item, 68 quotes were refused as "102 deep" and 100 (the README's limit) never built."""
    md = MarkdownIt("commonmark")
    for n in (1, 68, MAX_DEPTH, MAX_DEPTH + 1):
        text = spelling * n + "x\n"
        found = deepest(text)[0]
        assert found >= _parser_depth(md, text)
        if spelling in ("> ", ">"):  # more whitespace may be an item's room: counted
            assert found == n, (spelling, n, found)


def test_a_hundred_quotes_build(make_show: ShowMaker) -> None:
    ok = make_show(posts={"2026-03-01-citaat": POST + "> " * MAX_DEPTH + "Diep.\n"})
    result = CliRunner().invoke(main, ["build", "--root", str(ok), "--offline", *NOW])
    assert result.exit_code == 0, result.output
