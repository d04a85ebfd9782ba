"""`pipeline link --write` leaves markers inside code blocks alone: CommonMark shows them
as text (a post explaining the "Lees ook" block quotes the markers in a code example), so
they are the author's words, never a block of ours to replace or count."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.link.block import find_markers, with_block
from pipeline.link.text import BLOCK_BEGIN, BLOCK_END
from tests.conftest import ShowMaker
from tests.link.test_command import run
from tests.link.test_related import SELLING

POST = "2026-01-19-een-goede-verkoper"
LINES = [BLOCK_BEGIN, "**Lees ook**", "", "- [Iets](https://show.example/iets/)", BLOCK_END]
QUOTED = f"{BLOCK_BEGIN}\ncode example D1\n{BLOCK_END}"

FENCED = f"\n```\n{QUOTED}\n```\n"
TILDES = f"\n~~~~ markdown\n{QUOTED}\n~~~~\n"


def _prefixed(prefix: str, lines: list[str]) -> str:
    return "".join(f"{prefix}{line}\n" for line in lines)


INDENTED = "\n" + _prefixed("    ", QUOTED.split("\n"))
IN_A_LIST = "\n- voorbeeld:\n\n" + _prefixed("  ", ["```", *QUOTED.split("\n"), "```"])
IN_A_QUOTE = "\n" + _prefixed("> ", ["```", *QUOTED.split("\n"), "```"])
CODE = {
    "fenced": FENCED,
    "tildes": TILDES,
    "indented": INDENTED,
    "list": IN_A_LIST,
    "quote": IN_A_QUOTE,
}


def _post(root: Path) -> Path:
    return root / "posts" / f"{POST}.md"


@pytest.mark.parametrize("code", CODE.values(), ids=CODE.keys())
def test_markers_in_a_code_block_are_kept_and_a_block_is_added(
    make_show: ShowMaker, code: str
) -> None:
    posts = dict(SELLING)
    posts[POST] += code
    root = make_show(posts=posts)
    before = _post(root).read_text("utf-8")

    status, out, err = run(root, "--write")
    assert status == 0, out + err
    after = _post(root).read_text("utf-8")
    assert after.startswith(before)  # the code example, byte for byte
    added = after[len(before) :]
    assert added.startswith("\n" + BLOCK_BEGIN + "\n**Lees ook**")
    assert "verkopen-aan-de-toonbank" in added
    assert added.endswith(BLOCK_END + "\n")

    status, out, _ = run(root, "--write")  # and a second run finds its own block
    assert status == 0
    assert _post(root).read_text("utf-8") == after
    assert "0 of" in out


def test_the_real_block_is_refreshed_and_the_quoted_one_kept(make_show: ShowMaker) -> None:
    """A quoted block before the real one: only the real one is replaced."""
    posts = dict(SELLING)
    posts[POST] += FENCED + f"\n{BLOCK_BEGIN}\n- oud\n{BLOCK_END}\n\nNawoord.\n"
    root = make_show(posts=posts)
    status, out, err = run(root, "--write")
    assert status == 0, out + err
    text = _post(root).read_text("utf-8")
    assert FENCED in text
    assert "- oud" not in text
    assert text.endswith(f"{BLOCK_END}\n\nNawoord.\n")
    assert text.count(BLOCK_BEGIN) == 2


def test_a_quoted_marker_does_not_make_a_block_broken(make_show: ShowMaker) -> None:
    """Only a begin marker in the example (a half block): no error, as it is text."""
    posts = dict(SELLING)
    posts[POST] += f"\n```\n{BLOCK_BEGIN}\n```\n"
    root = make_show(posts=posts)
    status, out, err = run(root, "--write")
    assert status == 0, out + err
    assert f"```\n{BLOCK_BEGIN}\n```\n" in _post(root).read_text("utf-8")


def test_a_marker_outside_code_still_counts_as_broken(make_show: ShowMaker) -> None:
    posts = dict(SELLING)
    posts[POST] += FENCED + f"\n{BLOCK_END}\n"
    root = make_show(posts=posts)
    before = _post(root).read_bytes()
    status, _, err = run(root, "--write")
    assert status == 1
    assert "lees-ook block: got 0 begin and 1 end markers" in err
    assert _post(root).read_bytes() == before


@pytest.mark.parametrize("code", CODE.values(), ids=CODE.keys())
def test_find_markers_skips_code(code: str) -> None:
    text = "---\ntitle: x\n---\nTekst.\n" + code
    markers = find_markers(text)
    assert markers.begins == markers.ends == []
    assert markers.block() is None


@pytest.mark.parametrize("fence", ["```", "~~~~", "```python"])
def test_a_fence_left_open_at_the_end_is_closed_before_the_block(fence: str) -> None:
    """Else the block would be appended inside the code (shown as text, then appended
    again by every run)."""
    text = f"---\ntitle: x\n---\nTekst.\n\n{fence}\nprint(1)\n"
    once = with_block(text, LINES)
    assert once.startswith(text)
    assert find_markers(once).block() is not None
    assert with_block(once, LINES) == once


def test_a_closed_fence_at_the_end_is_not_closed_again() -> None:
    text = "Tekst.\n\n```\nx\n```"
    assert with_block(text, LINES) == text + "\n\n" + "\n".join(LINES) + "\n"
