"""A cache file in .cache/build/ that is a symbolic link is never followed (it could lead
out of the show, or to /dev/zero), and never passed over in silence: each is a one-line
notice saying what the build does instead, and the output is byte for byte that of a build
without the caches. The record (last.json) has its own reader and words a link leading out
as it always has."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.fingerprint import RECORD
from pipeline.paths import (
    BODY_MEMO,
    FACTS_MEMO,
    NOTES_MEMO,
    PAGE_MEMO,
    POST_MEMO,
    RELATED_SNAPSHOT,
    SEARCH_MEMO,
)

NOW = "2026-12-02T09:00+01:00"  # the sample show's episodes 1-6 and every post are due
AFRESH = {
    POST_MEMO: "every post loaded afresh",
    RELATED_SNAPSHOT: "related items worked out afresh",
    BODY_MEMO: "every post rendered afresh",
    FACTS_MEMO: "every post's facts taken afresh",
    NOTES_MEMO: "all show notes rendered afresh",
    PAGE_MEMO: "every page rendered afresh",
    SEARCH_MEMO: "every page counted afresh",
}
OUTSIDE = (
    "outside the show folder (a link leads there), where a build neither reads nor writes; "
    "ignored, building everything"
)


def build(root: Path, out: Path) -> list[str]:
    """The notices of a build of ``root`` into ``out``."""
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--now", NOW, "--offline"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("Notice: .cache/")]


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def to_a_copy_elsewhere(path: Path, elsewhere: Path) -> Path:
    """A link to the cache's own bytes outside the show: good, were it followed."""
    return Path(shutil.copy(path, elsewhere / path.name))


def to_dev_zero(path: Path, elsewhere: Path) -> Path:
    return Path("/dev/zero")  # followed, it is read without end


TARGETS: dict[str, Callable[[Path, Path], Path]] = {
    "elsewhere": to_a_copy_elsewhere,
    "dev-zero": to_dev_zero,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("target", list(TARGETS))
def test_a_linked_cache_is_a_notice_and_not_read(
    sample_copy: Path, tmp_path: Path, target: str
) -> None:
    cold = tmp_path / "cold"
    build(sample_copy, cold)  # no caches yet: every one made from nothing
    expected = files(cold)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name in [*AFRESH, RECORD]:
        path = sample_copy / name
        assert path.is_file(), name  # the build keeps it: the test covers every cache
        link_to = TARGETS[target](path, elsewhere)
        path.unlink()
        path.symlink_to(link_to)
    planted = files(elsewhere)
    out = tmp_path / "site"
    notices = build(sample_copy, out)
    assert sorted(notices) == sorted(
        [f"Notice: {name.as_posix()}: a link, not read; {why}" for name, why in AFRESH.items()]
        + [f"Notice: {RECORD.as_posix()}: {OUTSIDE}"]
    )
    assert files(out) == expected
    for name in AFRESH:  # nor written through, nor replaced: it leads out of the show
        assert (sample_copy / name).is_symlink(), name
    assert files(elsewhere) == planted


def test_a_link_inside_the_show_is_named_as_a_link(sample_copy: Path, tmp_path: Path) -> None:
    """It was 'unreadable (Too many levels of symbolic links)', which names no loop there
    is; the next build puts its own file in the link's place."""
    out = tmp_path / "site"
    build(sample_copy, out)
    memo = sample_copy / PAGE_MEMO
    memo.rename(memo.with_name("other.json"))
    memo.symlink_to("other.json")
    (sample_copy / RECORD).unlink()  # a build, not "nothing changed"
    assert build(sample_copy, out) == [
        f"Notice: {PAGE_MEMO.as_posix()}: a link, not read; every page rendered afresh"
    ]
    assert memo.is_file() and not memo.is_symlink()
    (sample_copy / RECORD).unlink()
    assert build(sample_copy, out) == []
