"""Counts the commands print read right for one: ``1 episode``, never ``1 episodes``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.commands.serve import _print
from pipeline.preview import Started
from pipeline.text.plural import counted
from pipeline.unchanged import result_lines


@pytest.mark.parametrize(
    ("number", "noun", "plural", "text"),
    [
        (1, "episode", None, "1 episode"),
        (0, "episode", None, "0 episodes"),
        (2, "post", None, "2 posts"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
        (1, "aflevering", "afleveringen", "1 aflevering"),
        (12, "aflevering", "afleveringen", "12 afleveringen"),
    ],
)
def test_a_number_and_its_noun(number: int, noun: str, plural: str | None, text: str) -> None:
    assert counted(number, noun, plural) == text


def test_serve_says_it_built_one_episode_and_one_post(capsys: pytest.CaptureFixture[str]) -> None:
    _print(Started("http://127.0.0.1:8000/", 1, 1))
    assert capsys.readouterr().err.startswith("Built 1 episode and 1 post; drafts are marked. ")


def test_build_says_it_built_one_episode_one_post_and_one_file() -> None:
    summary = {"episodes": ["001-a"], "posts": 1, "files": 1, "scheduled": [], "feed": "feed.xml"}
    _, printed = result_lines(summary, Path("site"), changed=True)
    assert printed[0] == "Built 1 episode and 1 post into site (1 file, written)."
