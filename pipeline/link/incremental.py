"""Related items again after some items changed: exactly the matches a full computation
gives, for about the cost of the changed items.

A full computation costs, per item, counting its words (the slow part), weighing them
against the whole collection, and a search among all items. :class:`Snapshot` keeps what
the next computation can reuse; a build cache stores it (it pickles) and passes it back:

1. words are counted again only for items whose title or text changed (by digest);
2. every vector is weighed again (fast, and exact: document frequencies can move any
   vector, but on the IDF grid they rarely do, see ``vectors.py``), and compared with the
   snapshot's, feature by feature *name*, so rows that came out the same are known;
3. the search (``neighbours.update_pairs``) runs only for changed rows, rows whose matches
   changed or went, and rows a changed item now reaches;
4. explanations are redone for every match (cheap, and the written form of a shared word
   is chosen across the whole collection).

Changed settings or language start afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pipeline.link.neighbours import Pairs, postings_limit, top_pairs, update_pairs
from pipeline.link.similarity import Item, Match, explained, features
from pipeline.link.text import Analyzer
from pipeline.link.vectors import TokenTable, count_texts
from pipeline.settings import RelatedSettings


@dataclass(frozen=True)
class Snapshot:
    """One computation's reusable state, for the next (keep it in a build cache)."""

    language: str
    settings: RelatedSettings
    keys: tuple[str, ...]  # the items, in order
    texts: tuple[str, ...]  # per item: digest of its title and text
    tokens: TokenTable
    columns: tuple[str, ...]  # per feature column: "t:<term>", "g:<tag>", "p:<guest>"
    matrix: sp.csr_matrix
    days: np.ndarray
    pairs: Pairs
    exhaustive: bool  # the pairs came from a full search (not one with cut posting lists)


def digest(item: Item) -> str:
    """What word counting reads of an item."""
    data = f"{item.title}\x00{item.text}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def related_again(
    items: Sequence[Item],
    language: str,
    settings: RelatedSettings,
    previous: Snapshot | None = None,
    jobs: int = 1,
) -> tuple[list[list[Match]], Snapshot, int]:
    """Like :func:`~pipeline.link.similarity.related_items`, reusing ``previous``
    (``jobs``: processes for the search, as there).

    Returns the matches, the snapshot for next time, and how many items were searched for
    matches (all of them when ``previous`` is None or cannot be used).
    """
    analyzer = Analyzer(language)
    texts = tuple(digest(i) for i in items)
    usable = previous is not None and (previous.language, previous.settings) == (
        language,
        settings,
    )
    tokens = None
    if previous is not None and usable:
        pairs_then = zip(previous.keys, previous.texts, strict=True)
        where = {(k, t): j for j, (k, t) in enumerate(pairs_then)}
        same = [where.get((i.key, t)) for i, t in zip(items, texts, strict=True)]
        tokens = count_texts(
            [i.title for i in items], [i.text for i in items], previous.tokens, same
        )
    else:
        tokens = count_texts([i.title for i in items], [i.text for i in items])
    found = features(items, analyzer, settings, tokens)
    n = len(items)
    if n < 2 or settings.top <= 0 or not found.matrix.shape[1]:
        pairs, searched = Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)), 0
    elif previous is not None and usable and previous.exhaustive:
        earlier, changed = _carried(previous, items, found.columns, found.matrix, found.days)
        pairs, searched = update_pairs(
            found.matrix, found.total, found.days, settings, earlier, changed, jobs=jobs
        )
    else:
        pairs = top_pairs(found.matrix, found.total, found.days, settings, jobs=jobs)
        searched = n
    matches = (
        explained(items, found, pairs.rows, pairs.cols, pairs.scores)
        if len(pairs.rows)
        else [[] for _ in items]
    )
    snapshot = Snapshot(
        language=language,
        settings=settings,
        keys=tuple(i.key for i in items),
        texts=texts,
        tokens=tokens,
        columns=tuple(found.columns),
        matrix=found.matrix,
        days=found.days,
        pairs=pairs,
        exhaustive=postings_limit(found.matrix) is None,
    )
    return matches, snapshot, searched


def _carried(
    previous: Snapshot,
    items: Sequence[Item],
    columns: Sequence[str],
    matrix: sp.csr_matrix,
    days: np.ndarray,
) -> tuple[Pairs, np.ndarray]:
    """The previous pairs in today's rows, and which rows changed since."""
    n = len(items)
    now = {item.key: k for k, item in enumerate(items)}
    row_of = np.array([now.get(key, -1) for key in previous.keys], dtype=np.int64)
    column = {name: k for k, name in enumerate(columns)}
    column_of = np.array([column.get(name, -1) for name in previous.columns], dtype=np.int64)
    changed = np.ones(n, dtype=bool)
    kept = np.flatnonzero(row_of >= 0)  # previous rows still here
    if len(kept):
        old = sp.csr_matrix(previous.matrix[kept])
        lost = np.zeros(len(kept), dtype=bool)  # rows using a feature that is gone
        gone = column_of[old.indices] < 0
        if gone.any():
            lost[np.repeat(np.arange(len(kept)), np.diff(old.indptr))[gone]] = True
            old.data[gone] = 0.0
        moved = sp.csr_matrix(
            (old.data, np.maximum(column_of[old.indices], 0), old.indptr),
            shape=(len(kept), matrix.shape[1]),
        )
        moved.eliminate_zeros()
        moved.sort_indices()
        here = row_of[kept]
        differ = np.asarray((moved != matrix[here]).sum(axis=1)).ravel() > 0
        then, today = previous.days[kept], days[here]
        dated = ~((then == today) | (np.isnan(then) & np.isnan(today)))
        changed[here] = lost | differ | dated
    p = previous.pairs
    rows, cols = row_of[p.rows], row_of[p.cols]
    keep = rows >= 0
    order = np.argsort(rows[keep], kind="stable")
    carried = Pairs(rows[keep][order], cols[keep][order], p.scores[keep][order])
    return carried, changed
