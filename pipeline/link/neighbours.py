"""Every item's best-scoring other items, from sparse feature rows, for up to 100,000 items.

The score of two items is ``row_i . row_j / total`` (the weighted cosines of text, tags and
guests), plus ``recency_weight * exp(-days apart / recency_days)`` when the first part is
above the floor; items need at least ``threshold`` to be linked, and each item keeps its
``top`` best, ties going to the lower index (the items' keys are sorted), so the same input
always gives the same links.

Candidates come from an inverted index (rows of ``features.T``): everything sharing a
feature with an item. A feature used by very many items (a subject's everyday words in a
large archive) makes that quadratic, so each feature's posting list is cut to its
``postings`` strongest items once the exact work would pass ``WORK_BUDGET`` multiplications;
candidates are then ranked by what those lists give, and the best ``CANDIDATES`` per item are
scored exactly. Below the budget (about 10,000 typical posts) the search is exhaustive.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pipeline import parallel
from pipeline.link.vectors import strongest
from pipeline.settings import RelatedSettings

WORK_BUDGET = 250_000_000  # multiplications of the exhaustive search before lists are cut
CANDIDATES = 40  # per item, scored exactly when lists are cut
_CHUNK_ENTRIES = 8_000_000  # candidate entries per chunk of rows, bounds memory
_QUANTUM = 1e9  # scores compared in whole billionths: the same order however summed


@dataclass(frozen=True)
class Pairs:
    """Every item's matches: ``rows`` ascending, best first within a row."""

    rows: np.ndarray
    cols: np.ndarray
    scores: np.ndarray


def postings_limit(features: sp.csr_matrix, budget: int = WORK_BUDGET) -> int | None:
    """The longest posting list the search may use, or None when all fit the budget.

    The work of the search is ``sum(postings(f) * min(postings(f), limit))`` over the
    features ``f``: every item using ``f`` meets the items of its (cut) list.
    """
    lengths = np.diff(features.tocsc().indptr).astype(np.int64)
    if not len(lengths) or int(lengths @ lengths) <= budget:
        return None
    low, high = 1, int(lengths.max())
    while low < high:  # the work grows with the limit: the largest limit within budget
        mid = (low + high + 1) // 2
        if int(lengths @ np.minimum(lengths, mid)) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def top_pairs(
    features: sp.csr_matrix,
    total: float,
    days: np.ndarray,
    settings: RelatedSettings,
    budget: int = WORK_BUDGET,
    jobs: int = 1,
) -> Pairs:
    """Every item's best matches (see the module docstring); ``jobs``: processes for the
    chunks of rows of a large collection."""
    n = features.shape[0]
    limit = postings_limit(features, budget)
    return _search(features, total, days, settings, limit, np.arange(n), jobs)


def update_pairs(
    features: sp.csr_matrix,
    total: float,
    days: np.ndarray,
    settings: RelatedSettings,
    previous: Pairs,
    changed: np.ndarray,
    budget: int = WORK_BUDGET,
    jobs: int = 1,
) -> tuple[Pairs, int]:
    """The same pairs as :func:`top_pairs`, from the pairs of a previous computation.

    ``previous`` is in the rows of ``features`` (a target that is gone: column ``-1``);
    ``changed`` marks the rows whose features or date differ from then, and new rows. Rows
    are searched again when they changed, when one of their matches changed or went, or
    when a changed row now scores at least as high as their weakest match (scores are
    symmetric); every other row keeps its matches, which are what a new search would give.
    Returns the pairs and how many rows were searched. A search cut by the budget, or a
    quarter of the rows changed, is done in full. ``jobs``: processes for the search.
    """
    n = features.shape[0]
    limit = postings_limit(features, budget)
    if limit is not None or 4 * int(changed.sum()) > n:
        return _search(features, total, days, settings, limit, np.arange(n), jobs), n
    dirty = changed.copy()
    went = previous.cols < 0
    dirty[previous.rows[went | changed[np.maximum(previous.cols, 0)]]] = True
    # The weakest match of every row (the threshold where it has room for more), in
    # billionths, a hair lower: a sum in another order may round to the next billionth.
    quanta = np.rint(previous.scores * _QUANTUM).astype(np.int64)
    weakest = np.full(n, round(settings.threshold * _QUANTUM), dtype=np.int64)
    counts = np.bincount(previous.rows, minlength=n)
    last = np.cumsum(counts) - 1
    full = counts >= settings.top
    weakest[full] = quanta[last[full]]
    sources = np.flatnonzero(changed)
    if len(sources):
        product = sp.csr_matrix(features[sources] @ features.T)
        local = np.repeat(np.arange(len(sources)), np.diff(product.indptr))
        rows, cols = sources[local], product.indices.astype(np.int64)
        scores = _score(product.data, rows, cols, total, days, settings)
        close = (scores >= weakest[cols] - 2) & (rows != cols)
        dirty[cols[close]] = True
    todo = np.flatnonzero(dirty)
    fresh = _search(features, total, days, settings, None, todo, jobs)
    keep = ~dirty[previous.rows]
    rows = np.concatenate([previous.rows[keep], fresh.rows])
    order = np.argsort(rows, kind="stable")
    cols = np.concatenate([previous.cols[keep], fresh.cols])
    scores = np.concatenate([previous.scores[keep], fresh.scores])
    return Pairs(rows[order], cols[order], scores[order]), len(todo)


def _search(
    features: sp.csr_matrix,
    total: float,
    days: np.ndarray,
    settings: RelatedSettings,
    limit: int | None,
    todo: np.ndarray,
    jobs: int = 1,
) -> Pairs:
    """The matches of rows ``todo`` (ascending), posting lists cut to ``limit``."""
    n = features.shape[0]
    index = features.T.tocsr()
    if limit is not None:
        index = strongest(index, limit)
    per_row = min(n, (limit or n) * max(1, features.getnnz() // max(n, 1)))
    chunk = max(16, min(n, _CHUNK_ENTRIES // max(per_row, 1)))
    blocks = [todo[first : first + chunk] for first in range(0, len(todo), chunk)]
    # Each chunk of rows is independent of the others: a large collection's go to every
    # core (forked, so the matrices are shared, not sent), and come back in order.
    search = functools.partial(_search_block, features, index, total, days, settings, limit)
    small = len(todo) < parallel.MIN_PARALLEL
    found = parallel.fork_map(search, blocks, 1 if small else jobs, least=2)
    if not found:
        return Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    rows, cols, quanta = (np.concatenate(part) for part in zip(*found, strict=True))
    return Pairs(rows, cols, quanta / _QUANTUM)


def _search_block(
    features: sp.csr_matrix,
    index: sp.csr_matrix,
    total: float,
    days: np.ndarray,
    settings: RelatedSettings,
    limit: int | None,
    block: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matches of the rows ``block`` (ascending) against ``index`` (the cut or whole
    ``features.T``): rows, columns and scores in billionths."""
    floor = max(settings.threshold - max(settings.recency_weight, 0.0), 0.0) * total
    size = len(block)
    contiguous = int(block[-1]) - int(block[0]) + 1 == size
    part = features[int(block[0]) : int(block[-1]) + 1] if contiguous else features[block]
    product = sp.csr_matrix(part @ index)
    # Most entries are pairs sharing a few everyday words: drop them before anything else.
    kept = np.flatnonzero(product.data > max(floor, 1e-12))
    local = np.searchsorted(product.indptr, kept, side="right") - 1
    cols = product.indices[kept].astype(np.int64)
    dots = product.data[kept]
    del product
    keep = block[local] != cols
    local, cols, dots = local[keep], cols[keep], dots[keep]
    quanta = _score(dots, block[local], cols, total, days, settings)
    if limit is not None:
        # Scored by the cut lists only: the best candidates get their exact score.
        local, cols, _ = _leaders(local, cols, quanta, size, CANDIDATES)
        dots = _dots(features, block[local], cols)
        keep = dots > floor
        local, cols, dots = local[keep], cols[keep], dots[keep]
        quanta = _score(dots, block[local], cols, total, days, settings)
    keep = quanta >= round(settings.threshold * _QUANTUM)
    local, cols, quanta = _leaders(local[keep], cols[keep], quanta[keep], size, settings.top)
    local, cols, quanta = _top(local, cols, quanta, settings.top)
    return block[local], cols, quanta


def _score(
    dots: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    total: float,
    days: np.ndarray,
    settings: RelatedSettings,
) -> np.ndarray:
    """Scores in billionths (int64)."""
    values = dots / total
    if settings.recency_weight:
        apart = np.abs(days[rows] - days[cols])
        bonus = np.exp(-apart / max(settings.recency_days, 1e-9))
        values = values + settings.recency_weight * np.nan_to_num(bonus, nan=0.0)
    return np.rint(values * _QUANTUM).astype(np.int64)


def _top(
    rows: np.ndarray, cols: np.ndarray, quanta: np.ndarray, top: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, the ``top`` highest scores (ties: lower column), rows ascending."""
    order = np.lexsort((cols, -quanta, rows))
    rows, cols, quanta = rows[order], cols[order], quanta[order]
    first = np.searchsorted(rows, rows, side="left")
    keep = (np.arange(len(rows)) - first) < top
    return rows[keep], cols[keep], quanta[keep]


def _leaders(
    rows: np.ndarray, cols: np.ndarray, quanta: np.ndarray, size: int, top: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row (ascending, ``0 <= row < size``), the entries scoring at least its ``top``-th
    best: every row's ``top`` best and anything tied with the last of them.

    Rows are laid out side by side in a padded table so one ``np.partition`` finds every
    row's cut-off at once: linear time, where sorting all candidates would not be.
    """
    if not len(rows):
        return rows, cols, quanta
    counts = np.bincount(rows, minlength=size)
    if counts.max() <= top:
        return rows, cols, quanta
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    table = np.full((size, int(counts.max())), -1, dtype=np.int64)
    table[rows, np.arange(len(rows)) - starts[rows]] = quanta
    width = table.shape[1]
    cutoff = np.partition(table, width - top, axis=1)[:, width - top]
    keep = quanta >= cutoff[rows]
    return rows[keep], cols[keep], quanta[keep]


def _dots(features: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Exact ``features[r] . features[c]`` for each pair."""
    out = np.zeros(len(rows))
    for start in range(0, len(rows), 200_000):
        r, c = rows[start : start + 200_000], cols[start : start + 200_000]
        both = features[r].multiply(features[c])
        out[start : start + len(r)] = np.asarray(both.sum(axis=1)).ravel()
    return out
