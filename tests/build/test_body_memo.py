"""The posts' HTML kept by the digest of their linked Markdown (.cache/build/bodies.bin): a
rebuild renders only the posts whose linked text changed, and writes, byte for byte, what a
cold build of the same content writes; a damaged file is a notice, another code's is passed
over, and the preview keeps none."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import pipeline.render.bodies as bodies
from pipeline.build import BuildOptions, build
from pipeline.fingerprint import RECORD
from pipeline.paths import BODY_MEMO
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW

POINTING = "posts/2026-02-11-verkopen-zonder-opdringerig-te-zijn.md"  # "Lees ook: Vijf lessen..."
POINTED = "posts/2026-01-14-vijf-lessen-uit-de-decemberdrukte.md"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The Markdown of every body rendered (the sample is too small for workers)."""
    seen: list[str] = []
    real = bodies.to_html

    def counting(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(bodies, "to_html", counting)
    yield seen


def posts(root: Path) -> int:
    return len(list((root / "posts").glob("*.md")))


def test_an_edit_renders_that_post_alone(show: Path, tmp_path: Path, rendered: list[str]) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(rendered) == posts(show)
    assert (show / BODY_MEMO).is_file()
    rendered.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Korting, marge en prijzen.")
    run(show, out)
    assert len(rendered) == 1 and "Korting, marge en prijzen." in rendered[0]
    assert files(out) == cold(show, tmp_path)


def test_a_post_pointing_to_one_that_moved_is_rendered_again(
    show: Path, tmp_path: Path, rendered: list[str]
) -> None:
    """Its "Lees ook" line links the other post's address, which is part of its HTML."""
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    moved = POINTED.replace("uit-de-decemberdrukte", "van-december")
    (show / POINTED).rename(show / moved)
    run(show, out)
    assert any("Lees ook" in text and "vijf-lessen-van-december" in text for text in rendered)
    page = (out / "posts/verkopen-zonder-opdringerig-te-zijn/index.html").read_text("utf-8")
    assert "vijf-lessen-van-december/" in page
    assert files(out) == cold(show, tmp_path)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20  # a letter's case in some post's HTML
    path.write_bytes(bytes(data))


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)  # read, it would wait for ever


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (_truncate, "damaged (its digest does not match)"),
        (_flip, "damaged (its digest does not match)"),
        (lambda p: p.write_bytes(b"\x00" * 100), "damaged (not a file of bodies)"),
        (_fifo, "unreadable"),
        (_folder, "unreadable"),
    ],
    ids=["cut short", "a byte changed", "not ours", "fifo", "folder"],
)
def test_a_damaged_memo_is_a_notice_and_every_post_is_rendered(
    show: Path,
    tmp_path: Path,
    rendered: list[str],
    damage: Callable[[Path], None],
    why: str,
) -> None:
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    damage(show / BODY_MEMO)
    (show / RECORD).unlink()  # a build, not "nothing changed"
    err = run(show, out)
    assert f"Notice: {BODY_MEMO}: {why}" in err
    assert "every post rendered afresh" in err
    assert len(rendered) == posts(show)
    assert files(out) == cold(show, tmp_path)
    if (show / BODY_MEMO).is_file():  # a good one kept again (not in place of a folder)
        rendered.clear()
        (show / RECORD).unlink()
        run(show, out)
        assert rendered == []


def test_a_memo_of_other_code_is_passed_over_quietly(
    show: Path, tmp_path: Path, rendered: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    data = (show / BODY_MEMO).read_bytes()
    header, rest = data.split(b"\n", 1)
    (show / BODY_MEMO).write_bytes(header[:-4] + b"beef\n" + rest)
    (show / RECORD).unlink()
    err = run(show, out)
    assert str(BODY_MEMO) not in err
    assert len(rendered) == posts(show)


def test_the_preview_keeps_no_bodies(show: Path, tmp_path: Path) -> None:
    build(BuildOptions(show, tmp_path / "s", SAMPLE_NOW, offline=True, drafts=True))
    assert not (show / BODY_MEMO).exists()


def test_a_memo_from_another_show_with_the_same_texts_is_used(
    show: Path, tmp_path: Path, rendered: list[str]
) -> None:
    """Kept by what the HTML follows from alone: the same linked Markdown, the same HTML
    (which is why a copied show builds byte for byte as the original)."""
    run(show, tmp_path / "site")
    copy = tmp_path / "copy"
    shutil.copytree(show, copy)
    (copy / RECORD).unlink()
    rendered.clear()
    run(copy, tmp_path / "copy-site")
    assert rendered == []
    assert files(tmp_path / "copy-site") == files(tmp_path / "site")
