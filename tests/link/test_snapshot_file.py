"""The related items' snapshot file: read back exactly as written (every array with its
number type, so the next computation compares like with like), and a file that is damaged
or does not hang together is refused, never used."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
import scipy.sparse as sp

from pipeline.link import snapshot_file
from pipeline.link.incremental import Snapshot, related_again
from pipeline.link.similarity import related_items
from pipeline.link.snapshot_file import (
    Unusable,
    _digest,
    read_snapshot,
    snapshot_bytes,
    snapshot_from,
)
from pipeline.paths import RELATED_SNAPSHOT as SNAPSHOT
from tests.link.test_incremental import SETTINGS, corpus


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if sp.issparse(a):
        parts = ("data", "indices", "indptr")
        return a.shape == b.shape and all(same(getattr(a, k), getattr(b, k)) for k in parts)
    if hasattr(a, "__dataclass_fields__") and not hasattr(a, "top"):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in fields(a))
    return bool(a == b) and type(a) is type(b)


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    items = corpus(300)
    _, found, _ = related_again(items, "nl", SETTINGS)
    return found


def test_read_back_exactly_as_written(snapshot: Snapshot) -> None:
    again = snapshot_from(snapshot_bytes(snapshot))
    for field in fields(Snapshot):
        assert same(getattr(snapshot, field.name), getattr(again, field.name)), field.name
    assert len(snapshot.pairs.rows) and np.isnan(snapshot.days).sum() == 0


def test_a_computation_from_the_file_is_the_one_from_memory(snapshot: Snapshot) -> None:
    items = corpus(300)
    items[120] = replace(items[120], text=items[120].text + " Korting en marge op de kassabon.")
    from_memory = related_again(items, "nl", SETTINGS, snapshot)
    from_file = related_again(items, "nl", SETTINGS, snapshot_from(snapshot_bytes(snapshot)))
    assert from_memory[0] == from_file[0] and 0 < from_memory[2] == from_file[2] < len(items) // 4


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _forged(data: bytes, change: dict[str, bytes]) -> bytes:
    """``data`` with members replaced and its digest made to match: a file that is whole
    but does not hang together (or is another version's)."""
    members = {**_members(data), **change}
    members.pop("digest.txt")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, member in members.items():
            archive.writestr(name, member)
        named = {n.removesuffix(".npy"): m for n, m in members.items()}
        archive.writestr("digest.txt", _digest(named))
    return buffer.getvalue()


def _array(values: list[int] | np.ndarray, dtype: Any = np.int64) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(values, dtype=dtype))
    return buffer.getvalue()


def _meta(data: bytes, **change: object) -> bytes:
    meta = json.loads(_members(data)["meta.json"])
    meta.update(change)
    return json.dumps(meta).encode()


def test_forging_helper_makes_a_readable_file(snapshot: Snapshot) -> None:
    """The cases below fail for what they change, not for how they were made."""
    data = snapshot_bytes(snapshot)
    assert same(snapshot_from(_forged(data, {})).pairs, snapshot.pairs)


@pytest.mark.parametrize(
    "case",
    [
        "pairs beyond the items",
        "pairs out of order",
        "matrix column beyond",
        "indptr short",
        "counts beyond vocabulary",
        "keys and shape disagree",
        "pickled array",
        "float where ints belong",
        "vocabulary ends falling",
    ],
)
def test_a_whole_file_that_does_not_hang_together_is_refused(snapshot: Snapshot, case: str) -> None:
    data = snapshot_bytes(snapshot)
    n = len(snapshot.keys)
    rows = snapshot.pairs.rows
    ends = np.cumsum([len(t) for t in snapshot.tokens.vocabulary])
    change = {
        "pairs beyond the items": {"pairs_cols.npy": _array(np.full(len(rows), n))},
        "pairs out of order": {"pairs_rows.npy": _array(rows[::-1])},
        "matrix column beyond": {
            "matrix_indices.npy": _array(
                np.full(len(snapshot.matrix.indices), snapshot.matrix.shape[1]), np.int32
            )
        },
        "indptr short": {"matrix_indptr.npy": _array(snapshot.matrix.indptr[:-1])},
        "counts beyond vocabulary": {
            "bodies_ids.npy": _array(np.full(len(snapshot.tokens.bodies.ids), 10**6), np.uint32)
        },
        "keys and shape disagree": {"meta.json": _meta(data, keys=["post:x"])},
        "pickled array": {"days.npy": _pickled()},
        "float where ints belong": {"pairs_rows.npy": _array(rows, np.float64)},
        "vocabulary ends falling": {
            "vocabulary_ends.npy": _array(np.concatenate([[5, 3], ends[2:]]))
        },
    }[case]
    with pytest.raises(ValueError) as raised:
        snapshot_from(_forged(data, change))
    assert not isinstance(raised.value, Unusable)


def _pickled() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    return buffer.getvalue()


def test_another_versions_file_is_passed_over_quietly(snapshot: Snapshot, tmp_path: Path) -> None:
    data = snapshot_bytes(snapshot)
    with pytest.raises(Unusable):
        snapshot_from(_forged(data, {"meta.json": _meta(data, format=0)}))
    (tmp_path / SNAPSHOT).parent.mkdir(parents=True)
    (tmp_path / SNAPSHOT).write_bytes(_forged(data, {"meta.json": _meta(data, code="other")}))
    assert read_snapshot(tmp_path) == (None, None)
    (tmp_path / SNAPSHOT).write_bytes(data[:-9])
    found, notice = read_snapshot(tmp_path)
    assert found is None and notice and notice.startswith(f"{SNAPSHOT}: damaged")


def test_a_member_changed_without_its_digest_is_refused(snapshot: Snapshot) -> None:
    """Each member passes the zip's own check (CRC), yet the set is not what was written."""
    members = _members(snapshot_bytes(snapshot))
    members["days.npy"] = _array(np.zeros(len(snapshot.keys)), np.float64)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    with pytest.raises(ValueError, match="digest"):
        snapshot_from(buffer.getvalue())


def test_a_snapshot_of_other_code_is_passed_over(
    snapshot: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade that counts words differently must not mix its counts with the old ones:
    the key covers the content of every module of pipeline/link."""
    (tmp_path / SNAPSHOT).parent.mkdir(parents=True)
    (tmp_path / SNAPSHOT).write_bytes(snapshot_bytes(snapshot))
    assert read_snapshot(tmp_path)[0] is not None
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# edited\n" if path.name == "vectors.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    snapshot_file.code_key.cache_clear()
    try:
        assert read_snapshot(tmp_path) == (None, None)
    finally:
        monkeypatch.undo()
        snapshot_file.code_key.cache_clear()
    assert read_snapshot(tmp_path)[0] is not None


def test_a_snapshot_of_another_stemmer_version_is_passed_over(
    snapshot: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new Snowball release stems words otherwise: its counts are not mixed with these."""
    site_packages = tmp_path / "lib" / "site-packages"
    (site_packages / "snowballstemmer-2.2.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site_packages))
    snapshot_file.code_key.cache_clear()
    try:
        (tmp_path / SNAPSHOT).parent.mkdir(parents=True)
        (tmp_path / SNAPSHOT).write_bytes(snapshot_bytes(snapshot))
        assert read_snapshot(tmp_path)[0] is not None
        (site_packages / "snowballstemmer-2.2.0.dist-info").rename(
            site_packages / "snowballstemmer-3.0.1.dist-info"
        )
        snapshot_file.code_key.cache_clear()
        assert read_snapshot(tmp_path) == (None, None)
    finally:
        snapshot_file.code_key.cache_clear()


@pytest.mark.parametrize("items", [[], "numbers only"])
def test_a_snapshot_without_words_reads_back(items: Any) -> None:
    """A new show with nothing due yet, or titles and texts without a word."""
    if items:
        items = [replace(i, title="2024", text="12 34") for i in corpus(3)]
    _, found, _ = related_again(items, "nl", SETTINGS)
    assert found.tokens.vocabulary == () or not items
    again = snapshot_from(snapshot_bytes(found))
    assert again.keys == found.keys and again.tokens.vocabulary == ()


def test_old_words_are_not_carried_from_snapshot_to_snapshot(snapshot: Snapshot) -> None:
    items = corpus(300)
    first = list(items)
    first[5] = replace(items[5], text="gloednieuw woord xylofoon kwartel")
    _, then, _ = related_again(first, "nl", SETTINGS, snapshot)
    second = list(first)
    second[5] = replace(items[5], text="zeppelin ballon")  # xylofoon: no item's word now
    _, carried, _ = related_again(second, "nl", SETTINGS, then)
    fresh = related_again(second, "nl", SETTINGS)[1]
    assert b"xylofoon" in carried.tokens.vocabulary
    assert b"xylofoon" not in fresh.tokens.vocabulary
    kept = snapshot_from(snapshot_bytes(carried))
    assert set(kept.tokens.vocabulary) == set(fresh.tokens.vocabulary)
    third = list(second)
    third[7] = replace(items[7], text=items[7].text + " korting")
    assert related_again(third, "nl", SETTINGS, kept)[0] == related_items(third, "nl", SETTINGS)


def test_a_compressed_member_is_refused_before_it_is_inflated(snapshot: Snapshot) -> None:
    members = _members(snapshot_bytes(snapshot))
    members["days.npy"] = _array(np.zeros(1_000_000), np.float64)  # 8 MB of zeros: 8 kB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    assert len(buffer.getvalue()) < 4_000_000
    with pytest.raises(ValueError, match="not stored"):
        snapshot_from(buffer.getvalue())


@pytest.mark.timeout(30)
def test_a_fifo_in_its_place_is_named_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / SNAPSHOT).parent.mkdir(parents=True)
    os.mkfifo(tmp_path / SNAPSHOT)
    found, notice = read_snapshot(tmp_path)
    assert found is None and notice and "not a regular file" in notice


def test_the_same_snapshot_is_the_same_bytes(snapshot: Snapshot) -> None:
    """Whenever it is written (zip members carry a time unless told otherwise)."""
    first = snapshot_bytes(snapshot)
    with patch("time.localtime", lambda *_: time.struct_time((2031, 5, 6, 7, 8, 9, 0, 1, 0))):
        assert snapshot_bytes(snapshot) == first
