"""A folder of the output that is a symbolic link (the posts' pages moved to another disk
and linked back): a page the build takes from there by its times (``KeptPage``) is not a
file of the output's own listing, yet holds the page; the writer writes it, rather than
refusing every build for a page "changed while this build ran"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pipeline.render.site.memo as memo
from pipeline.fingerprint import RECORD
from tests.build.test_related_cache import CHANGES, cold, run
from tests.build.test_related_cache import show as show  # the fixture


def _through_links(out: Path) -> dict[str, bytes]:
    found = {}
    for folder, _, names in os.walk(out, followlinks=True):
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(out).as_posix()] = path.read_bytes()
    return found


def test_pages_in_a_linked_folder_of_the_output_are_built(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # every file quiet long enough
    out = tmp_path / "site"
    run(show, out)
    (show / RECORD).unlink()
    run(show, out)  # every page seen, and vouched for by its times
    os.rename(out / "posts", tmp_path / "posts-elsewhere")
    os.symlink(tmp_path / "posts-elsewhere", out / "posts")
    CHANGES["post body"](show)
    run(show, out)  # failed: 'posts/.../index.html and 15 more changed while this build ran'
    assert _through_links(out) == cold(show, tmp_path)
