"""An episode's ``itunes:summary`` never carries a live tag: it is the notes' plain text
(summary, chapter titles, guests' names), which apps render as HTML. A ``<script>`` written
in any of them went out there as it was; the writer's text itself is kept, escaped. (A tag
in a chapter title or a guest's name is refused at load since.)"""

from __future__ import annotations

import pytest
from lxml import etree, html

from tests.conftest import ShowMaker, episode
from tests.security.support import build

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
CHAPTERS = 'chapters:\n  - start: "0:00"\n    title: "Intro <script>alert(1)</script>"\n'
GUESTS = 'guests:\n  - name: "Ann <img src=x onerror=alert(1)>"\n'


def item_summary(make_show: ShowMaker, text: str) -> str:
    root = make_show(episodes={"001-a": episode(1) + text})
    code, _, stderr = build(root)
    assert code == 0, stderr
    found = etree.parse(str(root / "site" / "feed.xml")).findtext(f"channel/item/{ITUNES}summary")
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ('summary: "Een zin <script>alert(1)</script> blijft."\n', "Een zin <script>"),
        # Chapter titles and guests' names with a tag are refused at load now
        # (tests/load/test_episode_plain_names.py); an equal-looking "<" stays text
        (CHAPTERS.replace("<script>alert(1)</script>", "< 3 > 2"), "Intro < 3 > 2"),
        (GUESTS.replace("<img", "< img"), "Ann < img src=x"),
    ],
    ids=["summary", "chapter-title", "guest-name"],
)
def test_a_tag_in_the_notes_text_is_not_alive_in_itunes_summary(
    make_show: ShowMaker, text: str, kept: str
) -> None:
    summary = item_summary(make_show, text)
    # read as HTML, as an app does: no element but Apple's, the writer's text as text
    page = html.fragment_fromstring(summary, create_parent="div")
    assert {e.tag for e in page.iter()} <= {"div", "p", "ul", "ol", "li", "a"}
    assert not any(set(e.attrib) - {"href"} for e in page.iter())
    assert kept in page.text_content()


def test_a_summary_without_tags_stays_plain_text(make_show: ShowMaker) -> None:
    summary = item_summary(make_show, 'summary: "Prijzen > kosten: 3 > 2, 1 < 2."\n')
    assert summary.startswith("Prijzen > kosten: 3 > 2, 1 < 2.\n")
