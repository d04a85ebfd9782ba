"""The cyclic garbage collector pauses while a build runs (the build's objects live until
it ends; walking them again and again cost a tenth of a large build), and comes back after
it, whether the build succeeds or fails."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from pipeline import build as building
from pipeline.build import BuildOptions, build, prepare
from pipeline.errors import PipelineError
from tests.conftest import REPO, SAMPLE_NOW


def test_no_collection_during_a_build_and_the_collector_back_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    render_all = building.render_all

    def noted(*args: object, **kwargs: object) -> building.Rendered:
        seen.append(gc.isenabled())
        return render_all(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(building, "render_all", noted)
    assert gc.isenabled()
    build(BuildOptions(root=REPO, out=tmp_path / "site", now=SAMPLE_NOW, offline=True))
    assert seen == [False]
    assert gc.isenabled()
    prepare(BuildOptions(root=REPO, out=tmp_path / "site", now=SAMPLE_NOW, offline=True))
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_failed_build_gives_the_collector_back(tmp_path: Path) -> None:
    (tmp_path / "podcast.toml").write_text('title = ""\n')
    with pytest.raises(PipelineError):
        build(BuildOptions(root=tmp_path, out=tmp_path / "site", now=SAMPLE_NOW, offline=True))
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        with pytest.raises(PipelineError):
            prepare(BuildOptions(root=tmp_path, out=tmp_path / "site", now=SAMPLE_NOW))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_related_items_are_worked_out_with_the_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.link import related
    from pipeline.link.pairing import pair
    from pipeline.load import due, load_content

    seen: list[bool] = []
    related_items = related.related_items

    def noted(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return related_items(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(related, "related_items", noted)
    content, _ = due(load_content(REPO), SAMPLE_NOW)
    assert related.relate(content, pair(content).pairs)
    assert seen == [False] and gc.isenabled()
