"""The show notes' texts kept by a digest of their facts (.cache/build/notes.bin): a rebuild
renders only the episodes whose facts changed, and writes, byte for byte, what a cold build
of the same content writes; templates of the show's own render them all again (damage,
other code, the preview: test_kept_texts)."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.render.shownotes as shownotes
from pipeline.notes import NotesData
from pipeline.paths import NOTES_MEMO
from tests.build.test_kept_texts import count_calls
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture

PAIRED = "posts/2026-03-04-waarom-kleine-winkels-toch-winnen.md"  # episode 1's article


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The facts of every episode whose notes were rendered."""
    return count_calls(monkeypatch, shownotes, "_render")


def episodes(out: Path) -> int:
    return len(list((out / "shownotes").glob("*.md")))


def test_only_the_episode_whose_facts_changed_is_rendered(
    show: Path, tmp_path: Path, rendered: list[object]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(rendered) == episodes(out) > 1
    assert (show / NOTES_MEMO).is_file()
    rendered.clear()
    _edit(show / PAIRED, "## Nabijheid is een", "## Nabijheid is ons")  # a point of its notes
    run(show, out)
    assert len(rendered) == 1 and isinstance(rendered[0], NotesData)
    assert rendered[0].title == "Afl. 1: Waarom kleine winkels toch winnen"
    assert files(out) == cold(show, tmp_path)
    rendered.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Een winkel")  # no episode's
    run(show, out)
    assert rendered == []
    assert files(out) == cold(show, tmp_path)


def test_a_show_template_of_its_own_renders_every_episode_again(
    show: Path, tmp_path: Path, rendered: list[object]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    package = Path(shownotes.__file__).parent / "templates/shownotes/notes.txt"
    (show / "templates/shownotes").mkdir(parents=True)
    text = package.read_text("utf-8") + "\nGemaakt in de eigen studio.\n"
    (show / "templates/shownotes/notes.txt").write_text(text, "utf-8")
    run(show, out)
    assert len(rendered) == episodes(out)
    assert "Gemaakt in de eigen studio." in next((out / "shownotes").glob("*.txt")).read_text()
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize("text", ["", "{}", '["a"]', '["a", "b", "c", "d", "e", 6]', "[" * 100_000])
def test_an_entry_that_is_no_notes_is_rendered_again(text: str) -> None:
    """An entry whose file digest matched but that is not what was written (forged)."""
    from pipeline.render.notes_memo import _notes

    data = NotesData("t", (), (), (), (), (), (), (), None, "u", "s")
    assert _notes(text, data) is None
