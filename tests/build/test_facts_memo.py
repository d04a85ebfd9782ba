"""The paired posts' facts kept by a digest of what they follow from (.cache/build/facts.bin):
a rebuild parses only the paired posts that changed, or whose .md links may now lead
elsewhere, and writes, byte for byte, what a cold build of the same content writes; kept
facts read back exactly (damage, other code, the preview: test_kept_texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.notes.facts as facts_module
from pipeline.notes.kept import _facts, _text
from pipeline.notes.source import post_facts
from pipeline.paths import FACTS_MEMO
from tests.build.test_kept_texts import count_calls
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture

PAIRED = "posts/2026-03-04-waarom-kleine-winkels-toch-winnen.md"  # episode 1's article


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The body of every post parsed for facts."""
    return count_calls(monkeypatch, facts_module, "post_facts")


def test_only_the_changed_paired_post_is_parsed(
    show: Path, tmp_path: Path, parsed: list[object]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    paired = len(parsed)
    assert paired > 1 and (show / FACTS_MEMO).is_file()
    parsed.clear()
    _edit(show / PAIRED, "## Nabijheid is een", "## Nabijheid is ons")
    run(show, out)
    assert len(parsed) == 1 and "Nabijheid is ons" in str(parsed[0])
    assert files(out) == cold(show, tmp_path)
    parsed.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Een winkel")  # no episode's
    run(show, out)
    assert parsed == []
    assert files(out) == cold(show, tmp_path)


def test_a_paired_post_whose_md_link_leads_elsewhere_now_is_parsed_again(
    show: Path, tmp_path: Path, parsed: list[object]
) -> None:
    """Its notes list the page a .md link names: a post added under that name gives the
    link an address it did not have, though the linking post did not change."""
    link = "\nMeer in [het vervolg](2026-05-30-het-vervolg.md).\n"
    (show / PAIRED).write_text((show / PAIRED).read_text("utf-8") + link, "utf-8")
    out = tmp_path / "site"
    run(show, out)
    parsed.clear()
    later = (show / "posts/2026-03-10-etalage-0.md").read_text("utf-8")
    (show / "posts/2026-05-30-het-vervolg.md").write_text(later, "utf-8")
    run(show, out)
    assert any("het vervolg" in str(body) for body in parsed)
    notes = (out / "shownotes/001-waarom-kleine-winkels-toch-winnen.md").read_text("utf-8")
    assert "(https://achterdetoonbank.example/posts/het-vervolg/)" in notes
    assert files(out) == cold(show, tmp_path)


BODY = """\
Een opening met [een link](https://voorbeeld.example/a) en *nadruk*.

## Eerste punt

- 0:00 Intro
- 03:15 [Het gesprek](https://voorbeeld.example/b)
- [1:02:03] Afsluiting
- 12:75 Seconden bestaan niet

## Tweede punt

Nog een [link](mailto:post@voorbeeld.example).
"""


def test_kept_facts_read_back_as_they_were() -> None:
    facts = post_facts(BODY, 7, lambda href: href)
    assert facts.timestamps and facts.malformed and facts.links and facts.lead
    assert _facts(_text(facts)) == facts


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{}",
        "[[], [], [], [], []",
        '[[["a"]], [], [], [], []]',  # a segment without its address
        "[[], [1], [], [], []]",  # a heading that is no text
        '[[], [], [], [[1, "12:30", "t", null]], []]',  # a start that is no number
        '[[], [], [], [[1, 750, "t", null]], []]',  # a whole number: a parse gives 750.0
        '[[], [], [], [[true, 1.0, "t", null]], []]',  # a line that is no whole number
        "[[], [], [], [], [], []]",
        "[" * 100_000,
    ],
)
def test_an_entry_that_is_no_facts_is_parsed_again(text: str) -> None:
    assert _facts(text) is None
