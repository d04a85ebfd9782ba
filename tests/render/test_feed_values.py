"""Values the feed writes as the show meant them: a funding link without a text gets the
show language's words.

Before: ``[[funding]]`` with a url alone went out as an empty ``<podcast:funding>`` (apps
show its text as the link: a blank button).
"""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.spec.podcasting20 import PODCAST_NS
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.render.test_feed_spec import built

NS = {"podcast": PODCAST_NS}
STEUN = '\n[[funding]]\nurl = "https://steun.example/show"\n{text}'


def _channel(root_feed: bytes) -> etree._Element:
    channel = etree.fromstring(root_feed).find("channel")
    assert channel is not None
    return channel


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("nl", "", "Steun de show"),
        ("nl", 'text = "   "\n', "Steun de show"),  # only spaces: nothing to show either
        ("en", "", "Support the show"),
        ("nl-BE", "", "Steun de show"),  # a regional code: its base language's words
        ("fy", "", "Support the show"),  # a language without labels: English
        ("nl", 'text = "Word donateur"\n', "Word donateur"),  # the show's own text wins
    ],
)
def test_funding_without_text_gets_the_languages_words(
    make_show: ShowMaker, language: str, text: str, shown: str
) -> None:
    config = BASIC_CONFIG.replace('language = "nl"', f'language = "{language}"')
    root = make_show(config=config + STEUN.format(text=text), episodes={"001-a": episode(1)})
    channel = _channel((built(root) / "feed.xml").read_bytes())
    (funding,) = channel.xpath("podcast:funding", namespaces=NS)
    assert (funding.get("url"), funding.text) == ("https://steun.example/show", shown)
