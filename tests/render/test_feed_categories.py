"""Each Apple category goes into the feed once, however often podcast.toml lists it: a
category written twice (easily done in a long list) was two equal ``itunes:category``
elements, a subcategory repeated under its category."""

from __future__ import annotations

import pytest
from lxml import etree

from pipeline.spec.apple import ITUNES_NS
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.render.test_feed_spec import built

CATEGORIES = 'categories = ["Business > Marketing"]'


def categories(feed: bytes) -> list[tuple[str, list[str]]]:
    channel = etree.fromstring(feed).find("channel")
    assert channel is not None
    return [
        (c.get("text"), [s.get("text") for s in c.findall(f"{{{ITUNES_NS}}}category")])
        for c in channel.findall(f"{{{ITUNES_NS}}}category")
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('["Business > Marketing", "Business > Marketing"]', [("Business", ["Marketing"])]),
        ('["Business", "Business > Marketing", "Business"]', [("Business", ["Marketing"])]),
        (
            '["Technology", "Business > Marketing", "Technology"]',
            [("Technology", []), ("Business", ["Marketing"])],
        ),
        (
            '["Business > Marketing", "Business > Investing"]',
            [("Business", ["Marketing", "Investing"])],
        ),
    ],
)
def test_each_category_once(
    make_show: ShowMaker, written: str, expected: list[tuple[str, list[str]]]
) -> None:
    assert CATEGORIES in BASIC_CONFIG
    config = BASIC_CONFIG.replace(CATEGORIES, f"categories = {written}")
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert categories((built(root) / "feed.xml").read_bytes()) == expected
