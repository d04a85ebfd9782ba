"""Pages the last build left in the output, taken by ``lstat`` without being read back
(``render/site/memo.py``), and what the writer does when such a file changes meanwhile."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.render as render
import pipeline.render.site.memo as memo
import pipeline.write as write
from pipeline.cli import main
from pipeline.errors import OutputError
from pipeline.fingerprint import RECORD
from pipeline.paths import SEARCH_MEMO
from pipeline.render import KeptPage
from pipeline.write import MARKER, MARKER_TEXT, write_output
from tests.build.test_page_memo import pages, read
from tests.build.test_related_cache import CHANGES, NOW, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture


@pytest.fixture
def page_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pages read back from the output (by the memo, for the search words, or by the
    writer), with no racy window: a file is vouched for by its times as soon as it is
    written."""
    monkeypatch.setattr(memo, "RACY_NS", -(10**18))
    reads: list[str] = []
    real = render.read_small_file

    def counted(path: Path, *args: object, **kwargs: object) -> bytes:
        reads.append(Path(path).name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "read_small_file", counted)
    return reads


def warm(show: Path, out: Path, page_reads: list[str]) -> None:
    """A cold build, then one more: every page is vouched for by its times, also the few
    the cold build wrote in its last tick of the clock (``write/stamps.py``)."""
    run(show, out)
    (show / RECORD).unlink()  # a build, not "nothing changed"
    run(show, out)
    page_reads.clear()


def test_pages_left_as_they_were_are_not_read_back(
    show: Path, tmp_path: Path, page_reads: list[str]
) -> None:
    out = tmp_path / "site"
    warm(show, out, page_reads)
    CHANGES["post body"](show)
    done = read(run(show, out))
    assert done > len(pages(out)) // 2
    assert page_reads == []
    assert files(out) == cold(show, tmp_path)


def test_a_page_changed_just_before_it_was_seen_is_read_back(
    show: Path, tmp_path: Path, page_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the racy window a write in the same tick of the clock could leave the file's
    times as they were: such a page is read and its bytes compared, never taken as is. (A
    window of years: every page is that recent; a page the last build saw and left as it
    was is otherwise taken unread, as the test above shows.)"""
    out = tmp_path / "site"
    monkeypatch.setattr(memo, "RACY_NS", 10**18)
    warm(show, out, page_reads)
    CHANGES["post body"](show)
    done = read(run(show, out))
    assert done > 0 and len(page_reads) >= done


def test_a_page_changed_in_the_output_is_not_vouched_for(
    show: Path, tmp_path: Path, page_reads: list[str]
) -> None:
    out = tmp_path / "site"
    warm(show, out, page_reads)
    page = next(p for p in sorted(pages(out)) if p.startswith("posts/"))
    data = (out / page).read_bytes()
    (out / page).write_bytes(data.replace(b"<h1", b"<h1 class=x", 1))
    (show / RECORD).unlink()  # a build, not "nothing changed"
    run(show, out)
    assert page_reads == ["index.html"]  # the file's times are new: read, and rendered
    assert files(out) == cold(show, tmp_path)


def test_search_words_of_kept_pages_are_read_when_not_kept(
    show: Path, tmp_path: Path, page_reads: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    (show / SEARCH_MEMO).unlink()
    CHANGES["post body"](show)
    run(show, out)
    assert len(page_reads) > 10  # the search index counted the pages' words from the output
    assert files(out) == cold(show, tmp_path)


def test_a_kept_page_written_during_the_build_fails_it_and_the_next_one_mends_it(
    show: Path, tmp_path: Path, page_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes a page after this build took it as the last build left it,
    before the writer takes the output's lock: its bytes are not in memory to write back."""
    out = tmp_path / "site"
    warm(show, out, page_reads)
    page = next(p for p in sorted(pages(out)) if p.startswith("posts/"))
    real = write._remove_leftovers

    def meanwhile(target: Path) -> tuple[str, ...]:
        (target / page).write_bytes(b"<p>van een ander</p>")
        return real(target)

    monkeypatch.setattr(write, "_remove_leftovers", meanwhile)
    CHANGES["post body"](show)
    before = files(out)
    result = CliRunner().invoke(
        main, ["build", "--root", str(show), "--out", str(out), "--now", NOW, "--offline"]
    )
    assert result.exit_code == 1
    assert "changed while this build ran" in result.stderr and "build again" in result.stderr
    assert "Traceback" not in result.output
    assert files(out) == {**before, page: b"<p>van een ander</p>"}  # nothing of this build
    monkeypatch.setattr(write, "_remove_leftovers", real)
    run(show, out)
    assert files(out) == cold(show, tmp_path)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _output(out: Path, pages: dict[str, bytes]) -> None:
    out.mkdir()
    (out / MARKER).write_bytes(MARKER_TEXT)
    for name, data in pages.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)


def test_the_writer_keeps_a_kept_page_without_its_bytes(tmp_path: Path) -> None:
    """Without the build's note of how it saw the file (``publish``): compared by digest."""
    out = tmp_path / "site"
    _output(out, {"a/index.html": b"<p>a</p>", "b.html": b"old"})
    ino = os.stat(out / "a/index.html").st_ino
    kept = KeptPage(out / "a/index.html", _digest(b"<p>a</p>"))
    result = write_output({"a/index.html": kept, "b.html": b"new"}, out)
    assert result.changed
    assert (out / "b.html").read_bytes() == b"new"
    assert (out / "a/index.html").read_bytes() == b"<p>a</p>"
    assert os.stat(out / "a/index.html").st_ino == ino  # not written again


def test_the_writer_copies_a_kept_page_into_a_new_site(tmp_path: Path) -> None:
    """A file that must become a folder: the whole site is written anew beside the old one,
    the kept page with it."""
    out = tmp_path / "site"
    _output(out, {"a/index.html": b"<p>a</p>", "b": b"a file"})
    kept = KeptPage(out / "a/index.html", _digest(b"<p>a</p>"))
    write_output({"a/index.html": kept, "b/index.html": b"a folder now"}, out)
    assert (out / "a/index.html").read_bytes() == b"<p>a</p>"
    assert (out / "b/index.html").read_bytes() == b"a folder now"


@pytest.mark.parametrize("now", [b"<p>other</p>", None], ids=["rewritten", "removed"])
def test_the_writer_refuses_a_kept_page_no_longer_there(tmp_path: Path, now: bytes | None) -> None:
    out = tmp_path / "site"
    _output(out, {"a/index.html": b"<p>a</p>", "b.html": b"old"})
    kept = KeptPage(out / "a/index.html", _digest(b"<p>a</p>"))
    if now is None:
        os.remove(out / "a/index.html")
    else:
        (out / "a/index.html").write_bytes(now)
    with pytest.raises(OutputError, match=r"a/index\.html changed while this build ran"):
        write_output({"a/index.html": kept, "b.html": b"new"}, out)
    assert (out / "b.html").read_bytes() == b"old"  # nothing written


def test_post_pages_made_from_the_same_inputs_are_not_made(
    show: Path, tmp_path: Path, page_reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not even their values are made to find their keys the same: an edit that moves no
    related list makes the post's own page and those listing it, and takes the rest from
    the output."""
    import pipeline.render.site as site

    out = tmp_path / "site"
    run(show, out)
    (show / RECORD).unlink()
    run(show, out)  # the pages as the first build wrote them are seen: vouched for now
    page_reads.clear()
    made: list[str] = []
    real = site.post_page
    monkeypatch.setattr(site, "post_page", lambda s, post: made.append(post.slug) or real(s, post))
    edited = show / "posts/2026-03-10-etalage-0.md"
    edited.write_text(edited.read_text("utf-8") + "\nDe.\n", "utf-8")  # a stop word alone
    run(show, out)
    related = json.loads((out / "related.json").read_text("utf-8"))["items"]
    listing = {
        key.partition(":")[2]
        for key, item in related.items()
        if key.startswith("post:") and any(r["to"] == "post:etalage-0" for r in item["related"])
    }
    assert made and set(made) <= {"etalage-0", *listing}, (made, listing)
    assert page_reads == []
    assert files(out) == cold(show, tmp_path)
