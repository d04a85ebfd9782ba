"""Which plain-text fields hold markup: what an HTML parser would read as a tag."""

from __future__ import annotations

import pytest

from pipeline.text.markup import has_markup


@pytest.mark.parametrize(
    "text",
    ["<b>Hallo</b>", "Afl. 1: <script>alert(1)</script>", "a<b", "<img src=x onerror=y",
     "</p>", "a </ b", "<!-- x -->", "<!DOCTYPE html>", "<?php echo 1 ?>", "<svg/onload=x>"],
)  # fmt: skip
def test_what_a_browser_reads_as_a_tag_is_markup(text: str) -> None:
    assert has_markup(text)


@pytest.mark.parametrize(
    "text",
    ["Omzet < kosten", "1<2", "1 < 2", "<3 voor de winkel", "a <= b", "pijl <- terug", "<>",
     "Prijzen > kosten", "« citaat »", "a < b > c"],
)  # fmt: skip
def test_a_less_than_sign_in_text_is_no_markup(text: str) -> None:
    assert not has_markup(text)
