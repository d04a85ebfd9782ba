"""Text that would be empty once cleaned, time zones that are not files, out-of-range values.

Before: a description of ``<b></b>``, ``<!-- x -->``, ``\\u0000`` or ``\\u0007`` (or a title
of ``\\u0000``) stopped the build with feedgen's ``ValueError: Required fields not set``; a
post titled ``"\\a"`` likewise from the Atom feed; an episode titled ``"\\0"`` went out as an
item without ``<title>``; ``timezone = "Europe"`` (a folder of tzdata) or a 300-character
name raised ``IsADirectoryError`` / ``OSError``; ``duration: 10**23`` reached the feed as
``99999999999999991611392``; ``guid = "   "`` became ``<podcast:guid>   </podcast:guid>``.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors

CONTROL = "expected text without control characters (tab and newline aside)"
EMPTY = "a non-empty text (none is left once cleaned)"
POST = "---\ntitle: {title}\ndate: 2026-03-01\n---\nTekst.\n"


def _config(key: str, value: str) -> str:
    lines = [f"{key} = {value}" if line.startswith(f"{key} =") else line
             for line in BASIC_CONFIG.splitlines()]  # fmt: skip
    if not any(line.startswith(f"{key} =") for line in BASIC_CONFIG.splitlines()):
        lines.insert(9, f"{key} = {value}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("value", "got", "expected"),
    [
        ('"<b></b>"', "'<b></b>'", EMPTY),
        ('"<!-- x -->"', "'<!-- x -->'", EMPTY),
        ('"<p>&nbsp;</p>"', "'<p>&nbsp;</p>'", EMPTY),
        ('"\\u0000"', "'\\x00'", EMPTY),
        ('"\\u0007"', "'\\x07'", EMPTY),
    ],
    ids=["empty-element", "comment", "nbsp", "nul", "bell"],
)  # fmt: skip
def test_show_description_empty_once_cleaned(
    make_show: ShowMaker, value: str, got: str, expected: str
) -> None:
    root = make_show(config=_config("description", value), episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        f"Error: podcast.toml:2: description: got {got}, expected {expected}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_show_title_and_nested_texts_with_control_characters(make_show: ShowMaker) -> None:
    config = _config("title", '"\\u0000"') + '\n[[hosts]]\nname = "Jan\\u001b[31m"\n'
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        f"Error: podcast.toml:1: title: got '\\x00', {CONTROL}",
        f"Error: podcast.toml:16: hosts[0].name: got 'Jan\\x1b[31m', {CONTROL}",
        "Error: 2 problems found; nothing was written.",
    ]


def test_tab_newline_and_free_text_are_allowed(make_show: ShowMaker) -> None:
    # Free text keeps Word's manual line break (a vertical tab): the feeds make it a space.
    config = _config("description", '"""Een show\n\tom mee\\u000b te testen."""')
    text = episode(1, summary='"a\\tb\\nc\\vd"')
    root = make_show(config=config, episodes={"001-a": text})
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("title", "got"), [('"\\a"', "'\\x07'"), ('"\\0"', "'\\x00'"), ('"\\x7f"', "'\\x7f'")]
)
def test_post_title_with_a_control_character(make_show: ShowMaker, title: str, got: str) -> None:
    root = make_show(posts={"2026-03-01-p": POST.format(title=title)})
    assert build_errors(root) == [
        f"Error: posts/2026-03-01-p.md:2: title: got {got}, {CONTROL}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_episode_fields_with_control_characters(make_show: ShowMaker) -> None:
    text = episode(1).replace('"Afl. 1: Onderwerp 1"', '"\\0"') + (
        'chapters:\n  - start: "0:00"\n    title: "Intro\\e"\n'
    )
    root = make_show(episodes={"001-a": text})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:1: title: got '\\x00', {CONTROL}",
        f"Error: episodes/001-a.yaml:10: chapters.title: got 'Intro\\x1b', {CONTROL}",
        "Error: 2 problems found; nothing was written.",
    ]


@pytest.mark.parametrize("command", ["build", "status"])
@pytest.mark.parametrize("name", ["Europe", "A" * 300, "Mars"], ids=["folder", "long", "unknown"])
def test_timezone_that_is_not_a_zone(make_show: ShowMaker, command: str, name: str) -> None:
    root = make_show(config=_config("timezone", f'"{name}"'), episodes={"001-a": episode(1)})
    result = CliRunner().invoke(
        main, [command, "--root", str(root), "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    shown = repr(name) if len(name) < 60 else repr(name)[:59] + "…"
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors[0] == (
        f"Error: podcast.toml:9: timezone: got {shown}, "
        "expected an IANA time zone such as Europe/Amsterdam"
    )


@pytest.mark.parametrize(
    ("value", "got"),
    [("99999999999999999999999", "99999999999999999999999"), ('"1000:00:01"', "'1000:00:01'"),
     ('"' + "9" * 400 + '"', "'" + "9" * 58 + "…"),
     ('"' + "9" * 400 + ':00:00"', "'" + "9" * 58 + "…")],
    ids=["huge-number", "just-over", "infinite-as-float", "hours-beyond-a-float"],
)  # fmt: skip
def test_duration_beyond_1000_hours(make_show: ShowMaker, value: str, got: str) -> None:
    text = episode(1).replace('duration: "10:00"', f"duration: {value}")
    root = make_show(episodes={"001-a": text})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:7: duration: got {got}, "
        "expected at most 1,000 hours (3600000 seconds)",
        "Error: 1 problem found; nothing was written.",
    ]


def test_duration_of_1000_hours_is_accepted(make_show: ShowMaker) -> None:
    text = episode(1).replace('duration: "10:00"', 'duration: "1000:00:00"')
    root = make_show(episodes={"001-a": text})
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "-q", "--now", "2026-06-01T12:00+02:00"]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("guid", ["   ", "", "a b"])
def test_blank_show_guid(make_show: ShowMaker, guid: str) -> None:
    root = make_show(config=_config("guid", f'"{guid}"'), episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        f"Error: podcast.toml:10: guid: got {guid!r}, "
        "expected the show's podcast:guid (a UUID, without spaces), or no guid line",
        "Error: 1 problem found; nothing was written.",
    ]
