"""A host or guest with a blank name is refused at load: podcast:person's text is the name
apps show, and ``<podcast:person role="guest"></podcast:person>`` reached the feed (only
``pipeline check`` objected, after the build had written it). An over-long GUID is named
for its length, not for spaces it does not have."""

from __future__ import annotations

import pytest

from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors


@pytest.mark.parametrize("name", ['""', '"   "'])
def test_blank_guest_name(make_show: ShowMaker, name: str) -> None:
    root = make_show(episodes={"001-a": episode(1) + f"guests:\n  - name: {name}\n"})
    got = name.strip('"')
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:9: guests.name: got {got!r}, expected a non-empty name",
        "Error: 1 problem found; nothing was written.",
    ]


def test_blank_host_name(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + '\n[[hosts]]\nname = " "\n'
    root = make_show(episodes={"001-a": episode(1)}, config=config)
    assert build_errors(root) == [
        "Error: podcast.toml:16: hosts[0].name: got ' ', expected a non-empty name",
        "Error: 1 problem found; nothing was written.",
    ]


def test_long_guid_is_named_for_its_length(make_show: ShowMaker) -> None:
    text = episode(1).replace("urn:uuid:00000000-0000-4000-8000-000000000001", "g" * 300)
    root = make_show(episodes={"001-a": text})
    (error, total) = build_errors(root)
    assert error.startswith("Error: episodes/001-a.yaml:4: guid: got 'gggg")
    assert error.endswith("expected a permanent id of at most 256 characters, without spaces")
    assert total == "Error: 1 problem found; nothing was written."
