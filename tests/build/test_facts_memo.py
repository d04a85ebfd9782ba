"""The paired posts' facts kept by a digest of what they follow from (.cache/build/facts.bin):
a rebuild parses only the paired posts that changed, or whose .md links may now lead
elsewhere, and writes, byte for byte, what a cold build of the same content writes; a
damaged file is a notice; the preview keeps none; kept facts read back exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import pipeline.notes.facts as facts_module
from pipeline.build import BuildOptions, build
from pipeline.fingerprint import RECORD
from pipeline.notes.kept import _facts, _text
from pipeline.notes.source import PostFacts, post_facts
from pipeline.paths import FACTS_MEMO
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW

PAIRED = "posts/2026-03-04-waarom-kleine-winkels-toch-winnen.md"  # episode 1's article


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The body of every post parsed for facts (the sample is too small for workers)."""
    seen: list[str] = []
    real = facts_module.post_facts

    def counting(body: str, *args: object, **kwargs: object) -> PostFacts:
        seen.append(body)
        return real(body, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(facts_module, "post_facts", counting)
    yield seen


def test_only_the_changed_paired_post_is_parsed(
    show: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    paired = len(parsed)
    assert paired > 1 and (show / FACTS_MEMO).is_file()
    parsed.clear()
    _edit(show / PAIRED, "## Nabijheid is een", "## Nabijheid is ons")
    run(show, out)
    assert len(parsed) == 1 and "Nabijheid is ons" in parsed[0]
    assert files(out) == cold(show, tmp_path)
    parsed.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Een winkel")  # no episode's
    run(show, out)
    assert parsed == []
    assert files(out) == cold(show, tmp_path)


def test_a_paired_post_whose_md_link_leads_elsewhere_now_is_parsed_again(
    show: Path, tmp_path: Path, parsed: list[str]
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
    assert any("het vervolg" in body for body in parsed)
    notes = (out / "shownotes/001-waarom-kleine-winkels-toch-winnen.md").read_text("utf-8")
    assert "(https://achterdetoonbank.example/posts/het-vervolg/)" in notes
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:-50]), "damaged (its digest does not match)"),
        (lambda p: p.write_text("[]"), "damaged (not a file of facts)"),
    ],
    ids=["cut short", "not ours"],
)
def test_a_damaged_memo_is_a_notice_and_every_paired_post_is_parsed(
    show: Path, tmp_path: Path, parsed: list[str], damage: object, why: str
) -> None:
    out = tmp_path / "site"
    run(show, out)
    paired = len(parsed)
    parsed.clear()
    damage(show / FACTS_MEMO)  # type: ignore[operator]
    (show / RECORD).unlink()  # a build, not "nothing changed"
    err = run(show, out)
    assert f"Notice: {FACTS_MEMO}: {why}; every post's facts taken afresh" in err
    assert len(parsed) == paired
    assert files(out) == cold(show, tmp_path)


def test_the_preview_keeps_no_facts(show: Path, tmp_path: Path) -> None:
    build(BuildOptions(show, tmp_path / "s", SAMPLE_NOW, offline=True, drafts=True))
    assert not (show / FACTS_MEMO).exists()


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
