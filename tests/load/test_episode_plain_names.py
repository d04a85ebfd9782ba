"""An episode's guests' names and its chapter and soundbite titles are plain text, as its
title is: apps show them (podcast:person, the chapters file, podcast:soundbite), and a
``<script>`` written there went out as it was. Each is refused at its line."""

from __future__ import annotations

from tests.build.test_bad_input import errors, run
from tests.conftest import ShowMaker, episode

MARKED = """\
guests:
  - "Ann <script>alert(1)</script>"
  - name: "<b>Bert</b>"
    role: guest
chapters:
  - start: "0:00"
    title: "Intro <img src=x onerror=alert(1)>"
soundbites:
  - start: 10
    duration: 20
    title: "<svg/onload=alert(1)>Mooi stuk"
"""


def test_markup_in_a_guest_name_or_a_chapter_or_soundbite_title_is_refused(
    make_show: ShowMaker,
) -> None:
    root = make_show(episodes={"001-a": episode(1) + MARKED})
    code, _, stderr = run(root)
    assert code == 1
    found = errors(stderr)
    expected = "expected plain text without HTML tags"
    start = len(episode(1).splitlines())
    assert (
        f"Error: episodes/001-a.yaml:{start + 1}: guests: got 'Ann <script>alert(1)</script>',"
        f" {expected}"
    ) in found
    assert (
        f"Error: episodes/001-a.yaml:{start + 3}: guests.name: got '<b>Bert</b>', {expected}"
        in found
    )
    assert (
        f"Error: episodes/001-a.yaml:{start + 7}: chapters.title: got 'Intro <img src=x"
        f" onerror=alert(1)>', {expected}"
    ) in found
    assert (
        f"Error: episodes/001-a.yaml:{start + 11}: soundbites.title: got '<svg/onload=alert(1)>"
        f"Mooi stuk', {expected}"
    ) in found


def test_a_less_than_sign_in_a_name_or_title_is_text(make_show: ShowMaker) -> None:
    text = MARKED.replace("<script>alert(1)</script>", "< Bert").replace("<b>Bert</b>", "1<2")
    text = text.replace("<img src=x onerror=alert(1)>", "< 5 min").replace(
        "<svg/onload=alert(1)>", "Omzet < kosten: "
    )
    root = make_show(episodes={"001-a": episode(1) + text})
    code, _, stderr = run(root)
    assert code == 0, stderr
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert "Omzet &lt; kosten: Mooi stuk" in feed
