"""The related items' :class:`~pipeline.link.incremental.Snapshot` as a file, so that the
next build counts and searches only what changed (``paths.RELATED_SNAPSHOT``).

A zip of plain arrays (numpy's ``.npz``, read with ``allow_pickle=False``: a file planted
in a show's cache cannot run code) and one JSON member for the strings and settings. A
digest of every member is kept in the file: a damaged file is discarded with a notice,
and whatever does not fit (another version, a file cut short, arrays whose sizes
disagree) is never used. Like the build record, it is an optimisation only: deleting it
changes no output byte.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import sys
import zipfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

import pipeline
from pipeline.link.incremental import Snapshot
from pipeline.link.neighbours import Pairs
from pipeline.link.vectors import Counts, TokenTable
from pipeline.machine import installed
from pipeline.paths import RELATED_SNAPSHOT, Unusable, read_kept
from pipeline.settings import RelatedSettings

FORMAT = 1
MAX_BYTES = 1 << 30  # a snapshot larger than this is not one a build made (10,000 posts: 23 MB)
# Each array member, with the kind of number it must hold (numpy's dtype.kind).
_ARRAYS = {
    "vocabulary": "u",  # the tokens' bytes, one after the other
    "vocabulary_ends": "i",  # where each token ends in ``vocabulary``
    "titles_ids": "u",
    "titles_counts": "u",
    "titles_indptr": "i",
    "bodies_ids": "u",
    "bodies_counts": "u",
    "bodies_indptr": "i",
    "matrix_data": "f",
    "matrix_indices": "i",
    "matrix_indptr": "i",
    "days": "f",
    "pairs_rows": "i",
    "pairs_cols": "i",
    "pairs_scores": "f",
}


def snapshot_bytes(snapshot: Snapshot) -> bytes:
    """The file's bytes (uncompressed: the arrays are read back in a blink, and zlib took
    longer than the search it saves at 1,000 posts)."""
    tokens = _used(snapshot.tokens)
    vocabulary = tokens.vocabulary
    arrays = {
        "vocabulary": np.frombuffer(b"".join(vocabulary), dtype=np.uint8),
        "vocabulary_ends": np.cumsum([len(t) for t in vocabulary], dtype=np.int64),
        **_counts("titles", tokens.titles),
        **_counts("bodies", tokens.bodies),
        "matrix_data": snapshot.matrix.data,
        "matrix_indices": snapshot.matrix.indices,
        "matrix_indptr": snapshot.matrix.indptr,
        "days": snapshot.days,
        "pairs_rows": snapshot.pairs.rows,
        "pairs_cols": snapshot.pairs.cols,
        "pairs_scores": snapshot.pairs.scores,
    }
    meta = {
        "format": FORMAT,
        "code": code_key(),
        "language": snapshot.language,
        "settings": asdict(snapshot.settings),
        "keys": list(snapshot.keys),
        "texts": list(snapshot.texts),
        "columns": list(snapshot.columns),
        "shape": list(snapshot.matrix.shape),
        "exhaustive": snapshot.exhaustive,
    }
    members = {name: _array_bytes(array) for name, array in arrays.items()}
    members["meta.json"] = json.dumps(meta, ensure_ascii=True).encode("ascii")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(_member(name if name.endswith(".json") else f"{name}.npy"), data)
        archive.writestr(_member("digest.txt"), _digest(members))
    return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    """A member without the time it was written: the same snapshot, the same bytes (a CI
    cache saved only when it changes is not saved again for nothing)."""
    return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))


def read_snapshot(root: Path) -> tuple[Snapshot | None, str | None]:
    """The snapshot kept in the show ``root``, or None: with a notice when a file was
    there but damaged (one from another version of the pipeline is passed over quietly)."""
    return read_kept(
        root, RELATED_SNAPSHOT, MAX_BYTES, "a snapshot", snapshot_from,
        "related items worked out afresh",
    )  # fmt: skip


def snapshot_from(data: bytes) -> Snapshot:
    """The snapshot in ``data``; raises Unusable (not ours) or ValueError (damaged)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        # Stored members only, no larger together than the file: nothing is inflated (a
        # small file must not unpack into gigabytes before any check can refuse it).
        if any(e.compress_type != zipfile.ZIP_STORED for e in entries) or sum(
            e.file_size for e in entries
        ) > len(data):
            raise ValueError("its members are not stored as written")
        names = {e.filename for e in entries}
        if "meta.json" not in names:
            raise ValueError("it has no meta.json")
        meta = json.loads(archive.read("meta.json"))
        # Another version's file is passed over before its layout is judged.
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise Unusable("written in another format")
        if meta.get("code") != code_key():
            raise Unusable("written by other code")
        wanted = {f"{n}.npy" for n in _ARRAYS} | {"meta.json", "digest.txt"}
        if names != wanted:
            raise ValueError(f"members {sorted(names ^ wanted)[:3]} unexpected or missing")
        members = {n.removesuffix(".npy"): archive.read(n) for n in wanted - {"digest.txt"}}
        if archive.read("digest.txt") != _digest(members):
            raise ValueError("its digest does not match its content")
    del members["meta.json"]
    arrays = {name: _array(name, data) for name, data in members.items()}
    keys, texts, columns = (_strings(meta, k) for k in ("keys", "texts", "columns"))
    n, width = (int(x) for x in meta["shape"])
    if n != len(keys) or len(texts) != n or width != len(columns):
        raise ValueError("its items and columns do not agree")
    ends = arrays["vocabulary_ends"]
    blob = arrays["vocabulary"].tobytes()
    _ascending(ends, len(blob), "vocabulary_ends", first=False)
    starts = [0, *ends[:-1].tolist()] if len(ends) else []
    vocabulary = tuple(blob[s:e] for s, e in zip(starts, ends.tolist(), strict=True))
    tokens = TokenTable(
        vocabulary,
        _counts_from(arrays, "titles", n, len(vocabulary)),
        _counts_from(arrays, "bodies", n, len(vocabulary)),
    )
    indptr, indices = arrays["matrix_indptr"], arrays["matrix_indices"]
    _ascending(indptr, len(indices), "matrix_indptr", size=n + 1)
    if len(arrays["matrix_data"]) != len(indices) or not _within(indices, width):
        raise ValueError("the matrix's columns do not fit")
    matrix = sp.csr_matrix((arrays["matrix_data"], indices, indptr), shape=(n, width))
    rows, cols, scores = arrays["pairs_rows"], arrays["pairs_cols"], arrays["pairs_scores"]
    if not (len(rows) == len(cols) == len(scores)) or not (_within(rows, n) and _within(cols, n)):
        raise ValueError("the pairs do not fit the items")
    if len(rows) and np.any(np.diff(rows) < 0):
        raise ValueError("the pairs are out of order")
    if len(arrays["days"]) != n:
        raise ValueError("the days do not fit the items")
    return Snapshot(
        language=str(meta["language"]),
        settings=RelatedSettings(**meta["settings"]),
        keys=keys,
        texts=texts,
        tokens=tokens,
        columns=columns,
        matrix=matrix,
        days=arrays["days"],
        pairs=Pairs(rows, cols, scores),
        exhaustive=meta["exhaustive"] is True,
    )


@functools.cache
def code_key() -> str:
    """The code that counts and weighs words, by content, and the installed libraries (the
    stemmer, numpy, scipy): a snapshot made by other code (an upgrade that tokenises
    differently) is passed over, never mixed with new counts."""
    digest = hashlib.blake2b(digest_size=16)
    versions = f"{pipeline.__version__} {' '.join(installed())} {sys.version}"
    digest.update(versions.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _used(tokens: TokenTable) -> TokenTable:
    """``tokens`` without the words no item uses any more: a snapshot carries its whole
    vocabulary into the next, and every edit would otherwise leave its old words behind
    (the same links either way: which number a word has plays no part in them)."""
    ids = np.concatenate([tokens.titles.ids, tokens.bodies.ids])
    used = np.unique(ids)
    if len(used) == len(tokens.vocabulary):
        return tokens
    renumber = np.zeros(len(tokens.vocabulary), dtype=tokens.titles.ids.dtype)
    renumber[used] = np.arange(len(used), dtype=renumber.dtype)
    words = [tokens.vocabulary[i] for i in used.tolist()]

    def moved(counts: Counts) -> Counts:
        return Counts(renumber[counts.ids], counts.counts, counts.indptr)

    return TokenTable(tuple(words), moved(tokens.titles), moved(tokens.bodies))


def _counts(prefix: str, counts: Counts) -> dict[str, np.ndarray]:
    return {
        f"{prefix}_ids": counts.ids,
        f"{prefix}_counts": counts.counts,
        f"{prefix}_indptr": counts.indptr,
    }


def _counts_from(arrays: dict[str, np.ndarray], prefix: str, n: int, tokens: int) -> Counts:
    ids, counts, indptr = (arrays[f"{prefix}_{k}"] for k in ("ids", "counts", "indptr"))
    _ascending(indptr, len(ids), f"{prefix}_indptr", size=n + 1)
    if len(counts) != len(ids) or not _within(ids, tokens):
        raise ValueError(f"the {prefix}' counts do not fit")
    return Counts(ids, counts, indptr)


def _array_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(array), allow_pickle=False)
    return buffer.getvalue()


def _array(name: str, data: bytes) -> np.ndarray:
    array: np.ndarray = np.load(io.BytesIO(data), allow_pickle=False)
    if array.ndim != 1 or array.dtype.kind != _ARRAYS[name]:
        raise ValueError(f"{name} is not a list of the right numbers")
    return array


def _digest(members: dict[str, bytes]) -> bytes:
    digest = hashlib.blake2b(digest_size=20)
    for name in sorted(members):
        digest.update(f"{name} {len(members[name])}\n".encode())
        digest.update(members[name])
    return digest.hexdigest().encode("ascii")


def _strings(meta: dict[str, Any], key: str) -> tuple[str, ...]:
    found = meta[key]
    if not isinstance(found, list) or not all(isinstance(s, str) for s in found):
        raise ValueError(f"{key} is not a list of strings")
    return tuple(found)


def _ascending(
    array: np.ndarray, end: int, name: str, size: int | None = None, first: bool = True
) -> None:
    """``array`` rises from 0 (``first``; else from at least 0) to ``end``, with ``size``
    entries."""
    if size is not None and len(array) != size:
        raise ValueError(f"{name} has {len(array)} entries, expected {size}")
    if len(array) and (
        (array[0] != 0 if first else array[0] < 0) or array[-1] != end or np.any(np.diff(array) < 0)
    ):
        raise ValueError(f"{name} does not rise to {end}")
    if not len(array) and end:
        raise ValueError(f"{name} is empty")


def _within(array: np.ndarray, size: int) -> bool:
    return not len(array) or (int(array.min()) >= 0 and int(array.max()) < size)
