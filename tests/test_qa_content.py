"""QA: wrong types and values in nested fields are `Error:` lines with the right line, never
a traceback; front matter keys are reported on the line they are written on."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]
WEB = "expected a web address starting with https:// or http://"


def build_errors(root: Path) -> list[str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert not (root / "site").exists()
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "guests:\n  - name: Jan\n    role: [gast]\n    href: 5\n",
            [
                "Error: episodes/001-a.yaml:10: guests.role: got ['gast'], expected a role such "
                "as guest or host",
                f"Error: episodes/001-a.yaml:11: guests.href: got '5', {WEB}",
            ],
        ),
        (
            "guests:\n  - name: Jan\n    href: 'javascript:alert(1)'\n    img: {a: 1}\n"
            "    twitter: jan\n",
            [
                f"Error: episodes/001-a.yaml:10: guests.href: got 'javascript:alert(1)', {WEB}",
                f"Error: episodes/001-a.yaml:11: guests.img: got {{'a': 1}}, {WEB}",
                "Error: episodes/001-a.yaml:12: guests.twitter: got 'twitter', expected name, "
                "role, href or img",
            ],
        ),
        (
            "chapters:\n  - start: '0:00'\n    title: [a, b]\n  - start: '1:00'\n"
            "    title: null\n    url: 5\n",
            [
                "Error: episodes/001-a.yaml:10: chapters.title: got ['a', 'b'], expected a "
                "non-empty text",
                "Error: episodes/001-a.yaml:12: chapters.title: got nothing, expected a "
                "non-empty text",
                f"Error: episodes/001-a.yaml:13: chapters.url: got '5', {WEB}",
            ],
        ),
        (
            "soundbites:\n  - start: 1\n    duration: 2\n    title: {x: 1}\n",
            ["Error: episodes/001-a.yaml:11: soundbites.title: got {'x': 1}, expected a text"],
        ),
        (
            "chapters:\n  - start: .inf\n    title: Intro\n",
            [
                "Error: episodes/001-a.yaml:9: chapters.start: got inf, expected a time like "
                "12:30 or 1:02:03"
            ],
        ),
    ],
    ids=["guest-types", "guest-urls", "chapter-types", "soundbite-title", "chapter-inf"],
)
def test_nested_episode_fields(make_show: ShowMaker, extra: str, expected: list[str]) -> None:
    root = make_show(episodes={"001-a": episode(1) + extra})
    assert build_errors(root)[:-1] == expected


def test_infinite_duration(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1).replace('"10:00"', ".inf")})
    assert build_errors(root)[0] == (
        "Error: episodes/001-a.yaml:7: duration: got inf, expected seconds or a time like "
        "29:55 or 1:02:03"
    )


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Hallo\ntags: {a: 1}\n---\nTekst.\n", 3),
        ("---\n\n\ntitle: Hallo\ntags: {a: 1}\n---\nTekst.\n", 5),
        ("---   \ntitle: Hallo\ndate: 2026-01-01\ntags: {a: 1}\n---\nTekst.\n", 4),
    ],
    ids=["plain", "blank-lines", "trailing-spaces"],
)
def test_front_matter_lines(make_show: ShowMaker, text: str, line: int) -> None:
    root = make_show(posts={"2026-01-01-hallo": text})
    assert build_errors(root)[0] == (
        f"Error: posts/2026-01-01-hallo.md:{line}: tags: got {{'a': 1}}, expected a list of tags"
    )


def test_hosts_and_funding_types(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + (
        '\n[[hosts]]\nname = "A"\n\n[[hosts]]\nname = "B"\nhref = 5\nrole = ["x"]\n'
        '\n[[funding]]\nurl = "https://show.example/steun"\ntext = 3\nbedrag = 5\n'
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        f"Error: podcast.toml:20: hosts[1].href: got 5, {WEB}",
        "Error: podcast.toml:21: hosts[1].role: got ['x'], expected a role such as host or guest",
        "Error: podcast.toml:25: funding[0].text: got 3, expected a text",
        "Error: podcast.toml:26: funding[0].bedrag: got 'bedrag', expected url or text",
        "Error: 4 problems found; nothing was written.",
    ]


def test_control_character_is_one_line_with_its_line(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-01-01-hallo": "---\ntitle: Hallo\nauthor: A\x00B\n---\nTekst.\n"})
    assert build_errors(root) == [
        "Error: posts/2026-01-01-hallo.md:3: syntax: got a YAML error (a control character, "
        "U+0000), expected valid YAML",
        "Error: 1 problem found; nothing was written.",
    ]
