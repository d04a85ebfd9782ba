"""The show notes' texts kept by a digest of their facts (.cache/build/notes.bin): a rebuild
renders only the episodes whose facts changed, and writes, byte for byte, what a cold build
of the same content writes; templates of the show's own render them all again; a damaged
file is a notice; the preview keeps none."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import pipeline.render.shownotes as shownotes
from pipeline.build import BuildOptions, build
from pipeline.fingerprint import RECORD
from pipeline.notes import NotesData
from pipeline.paths import NOTES_MEMO
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW

PAIRED = "posts/2026-03-04-waarom-kleine-winkels-toch-winnen.md"  # episode 1's article


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The title of every episode whose notes were rendered (the sample is too small for
    workers)."""
    seen: list[str] = []
    real = shownotes._render

    def counting(notes: NotesData, templates: object) -> shownotes.ShowNotes:
        seen.append(notes.title)
        return real(notes, templates)  # type: ignore[arg-type]

    monkeypatch.setattr(shownotes, "_render", counting)
    yield seen


def episodes(out: Path) -> int:
    return len(list((out / "shownotes").glob("*.md")))


def test_only_the_episode_whose_facts_changed_is_rendered(
    show: Path, tmp_path: Path, rendered: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(rendered) == episodes(out) > 1
    assert (show / NOTES_MEMO).is_file()
    rendered.clear()
    _edit(show / PAIRED, "## Nabijheid is een", "## Nabijheid is ons")  # a point of its notes
    run(show, out)
    assert len(rendered) == 1 and "Waarom kleine winkels toch winnen" in rendered[0]
    assert files(out) == cold(show, tmp_path)
    rendered.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Een winkel")  # no episode's
    run(show, out)
    assert rendered == []
    assert files(out) == cold(show, tmp_path)


def test_a_show_template_of_its_own_renders_every_episode_again(
    show: Path, tmp_path: Path, rendered: list[str]
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


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda p: p.write_bytes(p.read_bytes()[:-100]), "damaged (its digest does not match)"),
        (_flip, "damaged (its digest does not match)"),
        (lambda p: p.write_text("{}"), "damaged (not a file of notes)"),
        (_fifo, "unreadable"),
    ],
    ids=["cut short", "a byte changed", "not ours", "fifo"],
)
def test_a_damaged_memo_is_a_notice_and_every_episode_is_rendered(
    show: Path,
    tmp_path: Path,
    rendered: list[str],
    damage: Callable[[Path], None],
    why: str,
) -> None:
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    damage(show / NOTES_MEMO)
    (show / RECORD).unlink()  # a build, not "nothing changed"
    err = run(show, out)
    assert f"Notice: {NOTES_MEMO}: {why}" in err
    assert "all show notes rendered afresh" in err
    assert len(rendered) == episodes(out)
    assert files(out) == cold(show, tmp_path)


def test_a_memo_of_other_code_is_passed_over_quietly(
    show: Path, tmp_path: Path, rendered: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    header, rest = (show / NOTES_MEMO).read_bytes().split(b"\n", 1)
    (show / NOTES_MEMO).write_bytes(header[:-4] + b"beef\n" + rest)
    (show / RECORD).unlink()
    err = run(show, out)
    assert str(NOTES_MEMO) not in err
    assert len(rendered) == episodes(out)


def test_the_preview_keeps_no_notes(show: Path, tmp_path: Path) -> None:
    build(BuildOptions(show, tmp_path / "s", SAMPLE_NOW, offline=True, drafts=True))
    assert not (show / NOTES_MEMO).exists()


@pytest.mark.parametrize("text", ["", "{}", '["a"]', '["a", "b", "c", "d", "e", 6]', "[" * 100_000])
def test_an_entry_that_is_no_notes_is_rendered_again(text: str) -> None:
    """An entry whose file digest matched but that is not what was written (forged)."""
    from pipeline.render.notes_memo import _notes

    data = NotesData("t", (), (), (), (), (), (), (), None, "u", "s")
    assert _notes(text, data) is None
