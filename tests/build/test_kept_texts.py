"""What the four caches of kept texts share (``pipeline/kept_texts.py``): the posts as
loaded (posts.bin), the posts' HTML (bodies.bin), the paired posts' facts (facts.bin) and
the show notes (notes.bin). A damaged file is a notice naming it, all its work is done
again with output byte for byte a cold build's, and a good file is kept again; a file of
other code is passed over quietly; the preview keeps none. What each one redoes after an
edit: test_post_memo, test_body_memo, test_facts_memo, test_notes_memo."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

import pipeline.load.one_file as load_module
import pipeline.notes.facts as facts_module
import pipeline.render.bodies as bodies_module
import pipeline.render.shownotes as shownotes_module
import pipeline.render.site.search_memo as search_module
from pipeline.build import BuildOptions, build
from pipeline.fingerprint import RECORD
from pipeline.paths import BODY_MEMO, FACTS_MEMO, NOTES_MEMO, POST_MEMO, SEARCH_MEMO
from tests.build.test_related_cache import cold, files, run
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW


def count_calls(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[object]:
    """The first argument of every call of ``module.name`` from now on (the sample show is
    too small for workers: every call is in this process)."""
    seen: list[object] = []
    real = getattr(module, name)

    def counting(*args: object, **kwargs: object) -> object:
        seen.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return seen


@dataclass(frozen=True)
class Kept:
    path: Path
    kind: str  # as the file's header names it
    module: ModuleType  # where the work a kept text saves is called from...
    work: str  # ...and its name there
    afresh: str  # what a notice says is done instead


KEPT = {
    "posts": Kept(POST_MEMO, "posts", load_module, "load_post", "every post loaded afresh"),
    "bodies": Kept(BODY_MEMO, "bodies", bodies_module, "to_html", "every post rendered afresh"),
    "facts": Kept(
        FACTS_MEMO, "facts", facts_module, "post_facts", "every post's facts taken afresh"
    ),
    "notes": Kept(
        NOTES_MEMO, "notes", shownotes_module, "_render", "all show notes rendered afresh"
    ),
    "search": Kept(
        SEARCH_MEMO, "search-words", search_module, "page_terms", "every page counted afresh"
    ),
}


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20  # a letter's case in some kept text
    path.write_bytes(bytes(data))


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)  # read, it would wait for ever


def _folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


MISMATCH = "damaged (its digest does not match)"
DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "cut short": (lambda p: p.write_bytes(p.read_bytes()[:-50]), MISMATCH),
    "a byte changed": (_flip, MISMATCH),
    "not ours": (lambda p: p.write_text("{}"), "damaged (not a file of {kind})"),
    "fifo": (_fifo, "unreadable"),
    "folder": (_folder, "unreadable"),
}  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("cache", KEPT)
def test_a_damaged_file_is_a_notice_and_all_its_work_is_done_again(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str, damage: str
) -> None:
    kept, (spoil, why) = KEPT[cache], DAMAGE[damage]
    calls = count_calls(monkeypatch, kept.module, kept.work)
    out = tmp_path / "site"
    run(show, out)
    cold_calls = len(calls)
    assert cold_calls > 1 and (show / kept.path).is_file()
    calls.clear()
    spoil(show / kept.path)
    (show / RECORD).unlink()  # a build, not "nothing changed"
    err = run(show, out)
    notices = [line for line in err.splitlines() if line.startswith(f"Notice: {kept.path}: ")]
    assert len(notices) == 1
    assert notices[0].startswith(f"Notice: {kept.path}: {why.format(kind=kept.kind)}")
    assert notices[0].endswith(f"; {kept.afresh}")
    assert len(calls) == cold_calls
    assert files(out) == cold(show, tmp_path)
    if (show / kept.path).is_file():  # a good one kept again (not in place of a folder)
        calls.clear()
        (show / RECORD).unlink()
        run(show, out)
        assert calls == []


@pytest.mark.parametrize("cache", KEPT)
def test_a_file_of_other_code_is_passed_over_quietly(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    kept = KEPT[cache]
    calls = count_calls(monkeypatch, kept.module, kept.work)
    out = tmp_path / "site"
    run(show, out)
    cold_calls = len(calls)
    calls.clear()
    header, rest = (show / kept.path).read_bytes().split(b"\n", 1)
    (show / kept.path).write_bytes(header[:-4] + b"beef\n" + rest)  # another code's key
    (show / RECORD).unlink()
    err = run(show, out)
    assert str(kept.path) not in err
    assert len(calls) == cold_calls


def test_the_preview_keeps_none(show: Path, tmp_path: Path) -> None:
    build(BuildOptions(show, tmp_path / "s", SAMPLE_NOW, offline=True, drafts=True))
    assert not [kept.path for kept in KEPT.values() if (show / kept.path).exists()]
