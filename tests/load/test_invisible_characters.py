"""Invisible formatting characters in titles, tags and names are refused, named.

Before: a tag ``winkel`` with a zero-width space after it was a second tag and a second
tag page that looked the same as ``winkel``; a title with U+202E RIGHT-TO-LEFT OVERRIDE
showed reversed in podcast apps; a word joiner or a byte order mark inside a name made it
differ from the same name. They are refused where control characters are (one rule,
``load/fields.py``), with the character named; ZWJ and ZWNJ (emoji sequences, scripts
that need them), the single direction marks and every post body stay as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.load.test_content import build_errors

WHY = (
    " (an invisible formatting character: it changes how the text shows, or makes it differ"
    " from a text that looks the same)"
)
NOW = "2026-06-01T12:00+02:00"


def expected(name: str) -> str:
    return f"expected text without {name}{WHY}"


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202a", "U+202A LEFT-TO-RIGHT EMBEDDING"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2060", "U+2060 WORD JOINER"),
        ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u2069", "U+2069 POP DIRECTIONAL ISOLATE"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_post_title_tags_and_author(make_show: ShowMaker, char: str, name: str) -> None:
    shown = repr(char)[1:-1]
    post = (
        f"---\ntitle: Prijzen{char} verhogen\ndate: 2026-03-01\n"
        f"tags: [winkel, winkel{char}]\nauthor: Fenna{char} Bakker\n---\nTekst.\n"
    )
    root = make_show(posts={"2026-03-01-prijzen": post})
    assert build_errors(root) == [
        f"Error: posts/2026-03-01-prijzen.md:2: title: got 'Prijzen{shown} verhogen', "
        + expected(name),
        f"Error: posts/2026-03-01-prijzen.md:4: tags: got 'winkel{shown}', " + expected(name),
        f"Error: posts/2026-03-01-prijzen.md:5: author: got 'Fenna{shown} Bakker', "
        + expected(name),
        "Error: 3 problems found; nothing was written.",
    ]


def test_episode_title_and_guest_name(make_show: ShowMaker) -> None:
    text = episode(1).replace('"Afl. 1: Onderwerp 1"', '"Afl. 1: \\u202eOnderwerp"') + (
        'guests:\n  - name: "Noor\\u200bHendriks"\n'
    )
    root = make_show(episodes={"001-a": text})
    assert build_errors(root) == [
        "Error: episodes/001-a.yaml:1: title: got 'Afl. 1: \\u202eOnderwerp', "
        + expected("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "Error: episodes/001-a.yaml:9: guests.name: got 'Noor\\u200bHendriks', "
        + expected("U+200B ZERO WIDTH SPACE"),
        "Error: 2 problems found; nothing was written.",
    ]


def test_show_title_author_and_host(make_show: ShowMaker) -> None:
    config = (
        BASIC_CONFIG.replace('"Testshow"', '"Test\\u202eshow"').replace(
            'author = "Test Host"', 'author = "Test\\u2060Host"'
        )
        + '\n[[hosts]]\nname = "Fenna\\ufeffBakker"\n'
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build_errors(root) == [
        "Error: podcast.toml:1: title: got 'Test\\u202eshow', "
        + expected("U+202E RIGHT-TO-LEFT OVERRIDE"),
        "Error: podcast.toml:3: author: got 'Test\\u2060Host', " + expected("U+2060 WORD JOINER"),
        "Error: podcast.toml:16: hosts[0].name: got 'Fenna\\ufeffBakker', "
        + expected("U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        "Error: 3 problems found; nothing was written.",
    ]


def test_joiners_direction_marks_bodies_and_free_text_stay(make_show: ShowMaker) -> None:
    """ZWJ builds emoji (a cook: woman, ZWJ, frying pan), ZWNJ is spelling in Persian and
    Indic scripts, an RLM places a right-to-left title's punctuation: all kept. A body and
    a summary or description are prose, which may hold any of these as written."""
    cook = "\U0001f469\u200d\U0001f373"
    post = (
        f"---\ntitle: {cook} Koken in de winkel\ndate: 2026-03-01\n"
        "tags: [\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645, winkel]\n"
        "author: \u05e9\u05dc\u05d5\u05dd\u200f!\n---\n"
        "Tekst met een zero\u200bwidth space, een \u202eomkering\u202c en een\u2060joiner.\n"
    )
    config = BASIC_CONFIG.replace(
        '"Een show om mee te testen."', '"Een show\\u200b om mee te testen."'
    )
    summary = '"Samen\\u200bvatting"'
    root = make_show(
        config=config,
        posts={"2026-03-01-koken": post},
        episodes={"001-a": episode(1, summary=summary)},
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--now", NOW])
    assert result.exit_code == 0, result.output
    content = load_content(root)
    (loaded,) = content.posts
    assert loaded.title == f"{cook} Koken in de winkel"
    assert "\u200c" in loaded.tags[0]
    assert loaded.author == "\u05e9\u05dc\u05d5\u05dd\u200f!"
    assert "zero\u200bwidth" in loaded.body and "\u202eomkering" in loaded.body


def test_import_posts_reports_it_and_writes_nothing(make_show: ShowMaker, tmp_path: Path) -> None:
    """`pipeline import posts` reads what it would write with load's rules: the same
    problem, said of the input and its front matter line."""
    root = make_show()
    source = tmp_path / "in" / "2026-03-01-prijzen.md"
    source.parent.mkdir()
    source.write_text(
        "---\ntitle: Prijzen verhogen\ndate: 2026-03-01\ntags: [winkel\u200b]\n---\n\nTekst.\n",
        "utf-8",
    )
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), str(source)])
    assert result.exit_code == 1, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == [
        f"Error: {source}:4: tags: got 'winkel\\u200b', " + expected("U+200B ZERO WIDTH SPACE"),
        "Error: 1 problem found; nothing was written.",
    ]
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
