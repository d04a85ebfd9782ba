"""The posts' HTML kept by the digest of their linked Markdown (.cache/build/bodies.bin): a
rebuild renders only the posts whose linked text changed, and writes, byte for byte, what a
cold build of the same content writes (damage, other code, the preview: test_kept_texts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline.render.bodies as bodies
from pipeline.fingerprint import RECORD
from pipeline.paths import BODY_MEMO
from tests.build.test_kept_texts import count_calls
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture

POINTING = "posts/2026-02-11-verkopen-zonder-opdringerig-te-zijn.md"  # "Lees ook: Vijf lessen..."
POINTED = "posts/2026-01-14-vijf-lessen-uit-de-decemberdrukte.md"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The linked Markdown of every body rendered."""
    return count_calls(monkeypatch, bodies, "to_html")


def posts(root: Path) -> int:
    return len(list((root / "posts").glob("*.md")))


def test_an_edit_renders_that_post_alone(
    show: Path, tmp_path: Path, rendered: list[object]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(rendered) == posts(show)
    assert (show / BODY_MEMO).is_file()
    rendered.clear()
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "Korting, marge en prijzen.")
    run(show, out)
    assert len(rendered) == 1 and "Korting, marge en prijzen." in str(rendered[0])
    assert files(out) == cold(show, tmp_path)


def test_a_post_pointing_to_one_that_moved_is_rendered_again(
    show: Path, tmp_path: Path, rendered: list[object]
) -> None:
    """Its "Lees ook" line links the other post's address, which is part of its HTML."""
    out = tmp_path / "site"
    run(show, out)
    rendered.clear()
    moved = POINTED.replace("uit-de-decemberdrukte", "van-december")
    (show / POINTED).rename(show / moved)
    run(show, out)
    assert any("Lees ook" in str(t) and "vijf-lessen-van-december" in str(t) for t in rendered)
    page = (out / "posts/verkopen-zonder-opdringerig-te-zijn/index.html").read_text("utf-8")
    assert "vijf-lessen-van-december/" in page
    assert files(out) == cold(show, tmp_path)


def test_a_memo_from_another_show_with_the_same_texts_is_used(
    show: Path, tmp_path: Path, rendered: list[object]
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


def test_with_few_bodies_to_render_the_other_work_starts_first(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit the related items' process starts before the bodies (``few``): they
    are rendered here, with no workers of their own beside it. With many to render (no
    kept bodies), the workers come first and it starts after."""
    import pipeline.render.body_memo as body_memo
    from pipeline.build import link_show
    from tests.conftest import SAMPLE_NOW

    run(show, tmp_path / "site")
    order: list[str] = []
    real = body_memo.render_texts
    monkeypatch.setattr(
        body_memo, "render_texts", lambda texts, jobs: order.append("render") or real(texts, 1)
    )
    monkeypatch.setattr(body_memo, "MIN_PARALLEL", 2)
    linked = link_show(show, SAMPLE_NOW)
    posts = linked.content.posts

    def few() -> None:
        order.append("few")

    body_memo.remembered_bodies(linked, posts, show, 2, few=few)
    assert order == ["few", "render"]
    order.clear()
    (show / BODY_MEMO).unlink()
    body_memo.remembered_bodies(linked, posts, show, 2, few=few)
    assert order == ["render"]
