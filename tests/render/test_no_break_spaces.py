"""No-break spaces in a post render in time linear in their number: the sanitiser (nh3)
took time growing with their square within one text, 6 s for a paragraph of 400,000,
past a build's bound for a 1 MB post. They still come out as ``&nbsp;``, in text and in
attribute values, and a post holding the character used in their place keeps it."""

from __future__ import annotations

import time

from pipeline.render.markdown import sanitize, to_html

LIMIT = 5.0  # seconds of CPU, as tests/security/test_regex_bounds.py allows a pattern


def test_a_megabyte_paragraph_of_no_break_spaces_renders_in_time() -> None:
    markdown = "x" + "\u00a0" * 500_000 + "y\n"  # 1 MB of UTF-8
    start = time.process_time()
    html = to_html(markdown)
    spent = time.process_time() - start
    assert spent < LIMIT, f"{spent:.1f} s of CPU"
    assert html == "<p>x" + "&nbsp;" * 500_000 + "y</p>\n"


def test_no_break_spaces_come_out_as_before() -> None:
    html = '<p title="a\u00a0b">c\u00a0d <img alt="\u00a0" src="https://x.example/i.png"></p>'
    assert sanitize(html) == (
        '<p title="a&nbsp;b">c&nbsp;d <img alt="&nbsp;" src="https://x.example/i.png"></p>'
    )


def test_a_private_use_character_stays_itself() -> None:
    """The character that stands in for a no-break space is one the text does not hold."""
    html = "<p>\ue000\u00a0\ue001</p>"
    assert sanitize(html) == "<p>\ue000&nbsp;\ue001</p>"
