"""Values the feed writes as the show meant them: a funding link without a text gets the
show language's words, and soundbite times are exact decimals.

Before: ``[[funding]]`` with a url alone went out as an empty ``<podcast:funding>`` (apps
show its text as the link: a blank button); a soundbite ``duration: 0.0001`` went out as
``duration="0"`` (rounded to milliseconds), which apps read as no soundbite at all.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from pipeline.spec.podcasting20 import PODCAST_NS, decimal_text
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors
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


@pytest.mark.parametrize(
    ("start", "duration", "written"),
    [
        ("0.0001", "0.0001", ("0.0001", "0.0001")),
        ("12.5", "1.0e-7", ("12.5", "0.0000001")),  # never 1e-07
        ('"1:02:03.25"', "45.125", ("3723.25", "45.125")),
        ("588", "42", ("588", "42")),
        ("3599.999999", "0.000001", ("3599.999999", "0.000001")),
    ],
)
def test_soundbite_times_are_exact_decimals(
    make_show: ShowMaker, start: str, duration: str, written: tuple[str, str]
) -> None:
    bites = f"\n  - start: {start}\n    duration: {duration}\n    title: Kort moment"
    text = episode(1, soundbites=bites).replace('duration: "10:00"', 'duration: "2:00:00"')
    channel = _channel((built(make_show(episodes={"001-a": text})) / "feed.xml").read_bytes())
    (bite,) = channel.xpath("item/podcast:soundbite", namespaces=NS)
    assert (bite.get("startTime"), bite.get("duration")) == written


@pytest.mark.parametrize(
    ("duration", "got", "expected"),
    [
        ("0", "0", "a duration above 0 seconds"),
        ("0.0", "0.0", "a duration above 0 seconds"),
        ('"0.0000"', "'0.0000'", "a duration above 0 seconds"),
        ("-0.0001", "-0.0001", "seconds or a time like 12:30"),
        ("-5", "-5", "seconds or a time like 12:30"),
    ],
)
def test_soundbite_duration_of_zero_or_less_is_refused(
    make_show: ShowMaker, duration: str, got: str, expected: str
) -> None:
    # The namespace: a soundbite's duration is a length of time, so above 0.
    bites = f"\n  - start: 10\n    duration: {duration}\n    title: Niets"
    root = make_show(episodes={"001-a": episode(1, soundbites=bites)})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:10: soundbites.duration: got {got}, expected {expected}",
        "Error: 1 problem found; nothing was written.",
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (0.0001, "0.0001"),
        (1e-7, "0.0000001"),
        (5e-05, "0.00005"),
        (73.0, "73"),
        (73.5, "73.5"),
        (1e22, "10000000000000000000000"),
        (0, "0"),
        (10**30, "1" + "0" * 30),  # an int keeps every digit
    ],
)
def test_decimal_text_has_no_exponent_and_loses_nothing(value: int | float, written: str) -> None:
    assert decimal_text(value) == written
    assert Decimal(written) == Decimal(repr(value))  # the very number, as Python reads it


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_decimal_text_refuses_what_has_no_digits(value: float) -> None:
    with pytest.raises(ValueError):
        decimal_text(value)
