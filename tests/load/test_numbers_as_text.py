"""QA: a text written without quotes that YAML 1.1 reads as a number printing otherwise
(``0123`` is octal 83, ``12:30`` is 750 in base 60, ``1_000`` is 1000, ``2.10`` is 2.1)
was published as that number's text: ``guid: 0123`` went out as the GUID ``83``, and a
later reading of the file as written would change a published GUID. It is an ``Error:``
line asking for quotes; a number that prints as written (``title: 2024``) is that text.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import ShowMaker, episode
from tests.load.test_content import NOW, build_errors


def _without(key: str, text: str) -> str:
    return "".join(line for line in text.splitlines(True) if not line.startswith(f"{key}:"))


@pytest.mark.parametrize(
    ("extra", "line", "field", "number"),
    [
        ("guid: 0123", 7, "guid", "83"),
        ("title: 12:30", 7, "title", "750"),
        ("title: 2.10", 7, "title", "2.1"),
        ("guests:\n  - name: Jan\n    role: 1_000", 10, "guests.role", "1000"),
        ("location:\n  name: 0x1F", 9, "location.name", "31"),
    ],
)
def test_episode_text_written_as_a_number(
    make_show: ShowMaker, extra: str, line: int, field: str, number: str
) -> None:
    key = extra.split(":")[0]
    root = make_show(episodes={"001-a": _without(key, episode(1)) + extra + "\n"})
    written = extra.rsplit(" ", 1)[1]
    assert build_errors(root)[0] == (
        f"Error: episodes/001-a.yaml:{line}: {field}: got {written} (YAML reads the number"
        f" {number}), expected text in quotes: '{written}'"
    )


def test_post_title_and_tags_written_as_numbers(make_show: ShowMaker) -> None:
    text = "---\ntitle: 1:05\ndate: 2026-03-01\ntags: [winkel, 010]\n---\n\nTekst.\n"
    root = make_show(posts={"2026-03-01-een": text})
    assert build_errors(root) == [
        "Error: posts/2026-03-01-een.md:2: title: got 1:05 (YAML reads the number 65), "
        "expected text in quotes: '1:05'",
        "Error: posts/2026-03-01-een.md:4: tags: got 010 (YAML reads the number 8), "
        "expected text in quotes: '010'",
        "Error: 2 problems found; nothing was written.",
    ]


def test_numbers_that_print_as_written_are_their_text(make_show: ShowMaker) -> None:
    first = _without("guid", _without("title", episode(1))) + "title: 2024\nguid: 12345\n"
    root = make_show(episodes={"001-a": first})
    [loaded] = load_content(root).episodes
    assert (loaded.title, loaded.guid) == ("2024", "12345")


def test_a_post_s_episode_with_leading_zeros_is_that_episode(make_show: ShowMaker) -> None:
    """``episode: 010`` means episode 10, as its file name 010-... writes it; YAML 1.1 read
    it as octal 8 and paired the post with episode 8."""
    episodes = {
        "008-a": episode(8),
        "010-b": episode(9).replace("number: 9", "number: 10"),
    }
    post = "---\ntitle: Over tien\ndate: 2026-03-09\nepisode: 010\n---\n\nTekst.\n"
    root = make_show(episodes=episodes, posts={"2026-03-09-over-tien": post})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
    page = (root / "site" / "episodes" / "010-b" / "index.html").read_text()
    assert "Over tien" in page
    assert "Over tien" not in (root / "site" / "episodes" / "008-a" / "index.html").read_text()


@pytest.mark.parametrize(
    ("written", "number"),
    [("010", 10), ("09", 9), ("0007", 7), ('"12"', 12), ("1_2", 12), ("12", 12)],
)
def test_an_episode_number_with_leading_zeros_is_that_number(
    make_show: ShowMaker, written: str, number: int
) -> None:
    """As the file name 010-... writes it: YAML 1.1 read 010 as octal 8, and the feed said
    itunes:episode 8 (09, no octal, was text and an error). A plain int from the loader on:
    an int of another kind had no digest in the pages' keys, and its page was never read
    from the last build."""
    root = make_show(episodes={"001-a": _without("number", episode(1)) + f"number: {written}\n"})
    [loaded] = load_content(root).episodes
    assert loaded.number == number and type(loaded.number) is int


@pytest.mark.parametrize(
    ("field", "written", "read", "line", "minimum"),
    [("length", "45:12", 2712, 7, 1), ("number", "1:05", 65, 7, 0), ("season", "2:00", 120, 8, 1)],
)
def test_a_whole_number_written_as_a_time_is_refused(
    make_show: ShowMaker, field: str, written: str, read: int, line: int, minimum: int
) -> None:
    """``length: 45:12`` (the duration, in the field beside it) is base 60 to YAML 1.1:
    the feed said the audio file was 2712 bytes, and ``number: 1:05`` made episode 65,
    without a word. No count is written as a time."""
    root = make_show(episodes={"001-a": _without(field, episode(1)) + f"{field}: {written}\n"})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:{line}: {field}: got {written} (YAML reads the number "
        f"{read}), expected a whole number written in digits, of at least {minimum}",
        "Error: 1 problem found; nothing was written.",
    ]


NESTED = """\
alternates:
  - audio: https://media.show.example/1.opus
    type: audio/opus
    length: {length}
social_interact:
  - protocol: activitypub
    uri: https://social.example/@show/1
    priority: {priority}
value:
  type: lightning
  method: keysend
  recipients:
    - name: Ann
      type: node
      address: 02d5c1bf8b940dc9cadca86d1b0a3c37fbe39cee4c7e839e33bef9174531d27f52
      split: {split}
"""


@pytest.mark.parametrize(
    ("written", "number"),
    [("010", 10), ("09", 9), ("0007", 7), ('"12"', 12), ("1_2", 12), ("12", 12)],
)
def test_nested_whole_numbers_are_read_as_the_top_level_ones(
    make_show: ShowMaker, written: str, number: int
) -> None:
    """``alternates[].length: 010`` was YAML 1.1's octal 8 (an 8-byte file in the feed)
    while ``length: 010`` beside ``number`` is 10; ``09``, text to YAML, was refused."""
    extra = NESTED.format(length=written, priority=written, split=written)
    root = make_show(episodes={"001-a": episode(1) + extra})
    [loaded] = load_content(root).episodes
    assert loaded.value is not None
    found = [loaded.alternates[0].length, loaded.social[0].priority]
    found.append(loaded.value.recipients[0].split)
    assert found == [number] * 3
    assert all(type(x) is int for x in found)


def test_nested_whole_numbers_written_as_times_are_refused(make_show: ShowMaker) -> None:
    """``priority: 1:05`` was 65 (base 60) and ``split: 1:00`` 60, without a word."""
    extra = NESTED.format(length="45:12", priority="1:05", split="1:00")
    root = make_show(episodes={"001-a": episode(1) + extra})
    assert build_errors(root) == [
        "Error: episodes/001-a.yaml:11: alternates.length: got 45:12 (YAML reads the number"
        " 2712), expected a whole number written in digits, of at least 1",
        "Error: episodes/001-a.yaml:15: social_interact.priority: got 1:05 (YAML reads the"
        " number 65), expected a whole number written in digits, of at least 0",
        "Error: episodes/001-a.yaml:23: value.recipients.split: got 1:00 (YAML reads the"
        " number 60), expected a whole number written in digits, of at least 1",
        "Error: 3 problems found; nothing was written.",
    ]
