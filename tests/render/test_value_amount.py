"""``podcast:value suggested`` is written as a plain decimal a Podcasting 2.0 app reads as
the show meant it: a TOML number went out as ``5e-05``, and ``"inf"``, ``"1e400"`` or
``"1_0"`` were accepted and written as given (partytime read no amount, or 1 for 10)."""

from __future__ import annotations

import pytest

from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors
from tests.render.test_feed_spec import built
from tests.render.test_partytime import partytime

VALUE = """
[value]
type = "lightning"
method = "keysend"
suggested = {suggested}

[[value.recipients]]
name = "Host"
type = "node"
address = "02ef174d4eb5f57ae8289c6a8c4a6520762e4d3dc394211340af073ed3a46e83ea"
split = 100
"""


@pytest.mark.parametrize(
    ("suggested", "written"),
    [
        ('"0.00000005000"', "0.00000005000"),  # as written, digits kept
        ("0.00005", "0.00005"),  # a TOML number: digits, not 5e-05
        ("5e-08", "0.00000005"),
        ('" 0.1 "', "0.1"),
    ],
)
def test_amount_in_digits(make_show: ShowMaker, suggested: str, written: str) -> None:
    config = BASIC_CONFIG + VALUE.format(suggested=suggested)
    site = built(make_show(episodes={"001-a": episode(1)}, config=config))
    feed = site / "feed.xml"
    assert f'suggested="{written}"' in feed.read_text("utf-8")
    assert partytime(feed)["channel"]["value"]["suggested"] == float(written)


@pytest.mark.parametrize("suggested", ['"inf"', "inf", '"1e400"', '"1_0"', '"5e-05"', '"0.0"'])
def test_amount_apps_misread_is_refused(make_show: ShowMaker, suggested: str) -> None:
    config = BASIC_CONFIG + VALUE.format(suggested=suggested)
    root = make_show(episodes={"001-a": episode(1)}, config=config)
    (error, total) = build_errors(root)
    assert error.startswith("Error: podcast.toml:18: value.suggested: got ")
    assert error.endswith('expected an amount such as "0.00000005000"')
    assert total == "Error: 1 problem found; nothing was written."
