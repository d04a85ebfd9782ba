"""The search words' memo (.cache/build/search.bin): a rebuild counts the words of the
pages whose bytes changed and no others, and its index is byte for byte a cold build's;
a memo damaged, from other code or another language changes no output byte."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pipeline.render.site.search_memo as search_memo
from pipeline.fingerprint import RECORD
from pipeline.kept_texts import parse_texts, text_chunks
from pipeline.paths import SEARCH_MEMO
from tests.build.test_related_cache import _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture

POST = "posts/2026-03-10-etalage-0.md"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages whose words were counted (the sample's index is made in-process)."""
    seen: list[str] = []
    real = search_memo.page_terms

    def watched(path: str, page: bytes, stop: Any) -> Any:
        seen.append(path)
        return real(path, page, stop)

    monkeypatch.setattr(search_memo, "page_terms", watched)
    return seen


def index(out: Path) -> dict[str, bytes]:
    return {k: v for k, v in files(out).items() if k.startswith("search/")}


def test_an_edit_counts_the_words_of_the_pages_it_changed(
    show: Path, tmp_path: Path, counted: list[str]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    assert len(counted) > 20 and (show / SEARCH_MEMO).is_file()
    counted.clear()
    _edit(show / POST, "De winkel", "Korting, marge en prijzen.")
    run(show, out)
    assert "posts/etalage-0/index.html" in counted
    assert 1 <= len(counted) <= 8, counted  # the post and the pages listing it as related
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:],  # a byte changed
        lambda data: b"not a file of words at all",
    ],
)
def test_a_damaged_memo_is_said_and_changes_nothing(
    show: Path, tmp_path: Path, counted: list[str], damage: Callable[[bytes], bytes]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = index(out)
    everything = len(counted)
    memo = show / SEARCH_MEMO
    memo.write_bytes(damage(memo.read_bytes()))
    (show / RECORD).unlink()
    counted.clear()
    err = run(show, out)
    assert re.search(rf"Notice: {re.escape(SEARCH_MEMO.as_posix())}: damaged", err), err
    assert len(counted) == everything and index(out) == expected


@pytest.mark.parametrize(
    "words",
    # the counts go into the index's JSON as written: each must be a JSON number
    ["winkel twee drie", "winkel 07", "winkel 1e3", "winkel -1", "winkel 1 ", "winkel  1"],
)
def test_an_entry_that_is_not_words_is_counted_again(
    show: Path, tmp_path: Path, counted: list[str], words: str
) -> None:
    """A memo whose digest matches but whose words do not parse (made by hand): the page
    is counted, not trusted."""
    out = tmp_path / "site"
    run(show, out)
    expected = index(out)
    memo = show / SEARCH_MEMO
    entries = parse_texts(search_memo.KIND, memo.read_bytes(), None)
    first = sorted(k for k, v in entries.items() if v != search_memo.NONE)[0]
    title_length = entries[first].partition(":")[0]
    entries[first] = f"{title_length}:{'x' * int(title_length)}{words}"
    memo.write_bytes(b"".join(text_chunks(search_memo.KIND, entries.items())))
    (show / RECORD).unlink()
    counted.clear()
    err = run(show, out)
    assert "a word without its count" in err
    assert len(counted) == 1 and index(out) == expected


def test_a_fifo_is_named_and_not_read(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = index(out)
    (show / SEARCH_MEMO).unlink()
    os.mkfifo(show / SEARCH_MEMO)
    (show / RECORD).unlink()
    err = run(show, out)
    assert f"Notice: {SEARCH_MEMO.as_posix()}: unreadable" in err
    assert index(out) == expected


def test_another_language_s_words_are_not_taken(
    show: Path, tmp_path: Path, counted: list[str]
) -> None:
    """The same page's words differ by language (its stop words): kept by both, and the
    words of another language are not found, quietly."""
    out = tmp_path / "site"
    run(show, out)
    page = (out / "posts/etalage-0/index.html").read_bytes()
    pages, digests = {"posts/etalage-0/index.html": page}, {"posts/etalage-0/index.html": "0" * 32}
    counted.clear()
    _, kept, _ = search_memo.counted_index(pages, "nl", digests, show)
    assert counted and kept is not None
    (show / SEARCH_MEMO).write_bytes(kept)  # this page's Dutch words alone
    for language, counts in (("nl", 0), ("en", 1)):
        counted.clear()
        _, _, notice = search_memo.counted_index(pages, language, digests, show)
        assert len(counted) == counts and notice is None
