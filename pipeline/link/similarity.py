"""Items -> their most similar other items, each match explained.

The score of two items is, with the weights from ``[related]`` in podcast.toml::

    (text_weight * cos(text) + tag_weight * cos(tags) + guest_weight * cos(guests))
        / (text_weight + tag_weight + guest_weight)
    + recency_weight * exp(-days apart / recency_days)      (only when the first part > 0)

``text`` is TF-IDF over the stems of title and body (``vectors.py``), ``tags`` and
``guests`` IDF-weighted label vectors (tags compare by stem: ``verkoop`` is ``Verkopen``).
The search for each item's best matches is ``neighbours.py``. An explanation names the
shared words that weigh most in the text cosine (as people wrote them), and the shared tags
and guests.

For an incremental build, :func:`features` is the part that depends on every item (through
document frequencies, which only move the vectors they touch once they cross a step of the
IDF grid); its rows for unchanged items are unchanged, so neighbours need recomputing only
for changed rows and for rows whose matches included them (see ``neighbours.py``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from pipeline.link.neighbours import top_pairs
from pipeline.link.text import Analyzer, fold
from pipeline.link.vectors import TokenTable, count_texts, label_vectors, strongest, vectors_of
from pipeline.settings import RelatedSettings

REASON_TERMS = 3  # shared words named in an explanation
_PAIR_CHUNK = 100_000


@dataclass(frozen=True)
class Item:
    """What the scorer sees of one unit (a post, an episode, or a paired post + episode)."""

    key: str
    title: str
    text: str
    tags: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    date: datetime | None = None


@dataclass(frozen=True)
class Match:
    """One related item found for another, with what connects them."""

    index: int  # position in the items given to :func:`related_items`
    score: float
    terms: tuple[str, ...]  # shared words, strongest first, as people wrote them
    tags: tuple[str, ...]
    guests: tuple[str, ...]


@dataclass(frozen=True)
class Features:
    """Everything the scorer compares, for every item."""

    matrix: sp.csr_matrix  # text, tags and guests side by side, each scaled by its weight
    total: float  # the sum of the weights: row products / total are in 0..1
    days: np.ndarray  # per item, its date in days since 1970 (NaN: none)
    text: sp.csr_matrix  # the text part alone, for explanations
    term_names: list[str]
    columns: list[str]  # what each column of ``matrix`` is: "t:<term>", "g:<tag>", "p:<guest>"
    tag_keys: list[list[str]]  # per item, per tag as written: the key it compares by
    tag_sets: list[frozenset[str]]
    guest_sets: list[frozenset[str]]


def features(
    items: Sequence[Item],
    analyzer: Analyzer,
    settings: RelatedSettings,
    tokens: TokenTable | None = None,
) -> Features:
    """The feature rows of ``items`` (see the module docstring); ``tokens``: their titles and
    texts counted already (:func:`~pipeline.link.vectors.count_texts`)."""
    if tokens is None:
        tokens = count_texts([i.title for i in items], [i.text for i in items])
    vectors = vectors_of(tokens, analyzer, settings.title_weight)
    tag_keys = [[_tag_key(t, analyzer) for t in i.tags] for i in items]
    tags, tag_sets, tag_names = label_vectors(tag_keys)
    guests, guest_sets, guest_names = label_vectors(
        [[fold(g).strip() for g in i.guests] for i in items]
    )
    weights = [settings.text_weight, settings.tag_weight, settings.guest_weight]
    parts = (
        (vectors.matrix, [f"t:{t}" for t in vectors.terms]),
        (tags, [f"g:{t}" for t in tag_names]),
        (guests, [f"p:{g}" for g in guest_names]),
    )
    chosen = [
        (m, names, w) for (m, names), w in zip(parts, weights, strict=True) if m.shape[1] and w > 0
    ]
    blocks = [m * math.sqrt(w) for m, _, w in chosen]
    matrix = (
        sp.hstack(blocks, format="csr", dtype=np.float64)
        if blocks
        else sp.csr_matrix((len(items), 0))
    )
    days = np.array([i.date.timestamp() / 86400.0 if i.date is not None else np.nan for i in items])
    return Features(
        matrix=sp.csr_matrix(matrix),
        total=sum(max(w, 0.0) for w in weights) or 1.0,
        days=days,
        text=vectors.matrix,
        term_names=vectors.names,
        columns=[name for _, names, _ in chosen for name in names],
        tag_keys=tag_keys,
        tag_sets=tag_sets,
        guest_sets=guest_sets,
    )


def related_items(
    items: Sequence[Item], language: str, settings: RelatedSettings, jobs: int = 1
) -> list[list[Match]]:
    """For each item, its best matches (at most ``settings.top``, above the threshold);
    ``jobs``: processes for the search of a large collection."""
    if len(items) < 2 or settings.top <= 0:
        return [[] for _ in items]
    analyzer = Analyzer(language)
    found = features(items, analyzer, settings)
    if not found.matrix.shape[1]:
        return [[] for _ in items]
    pairs = top_pairs(found.matrix, found.total, found.days, settings, jobs=jobs)
    return explained(items, found, pairs.rows, pairs.cols, pairs.scores)


def explained(
    items: Sequence[Item],
    found: Features,
    rows: np.ndarray,
    cols: np.ndarray,
    scores: np.ndarray,
) -> list[list[Match]]:
    """Matches from ``(rows, cols, scores)``, with the words, tags and guests they share."""
    names = np.array([*found.term_names, ""], dtype=object)  # -1: no word
    shared = _shared_terms(found.text, rows, cols)
    words = names[shared].tolist()
    counts = (shared >= 0).sum(axis=1).tolist()
    tag_sets, guest_sets = found.tag_sets, found.guest_sets
    out: list[list[Match]] = [[] for _ in items]
    for r, c, s, w, k in zip(
        rows.tolist(), cols.tolist(), np.round(scores, 4).tolist(), words, counts, strict=True
    ):
        tags: tuple[str, ...] = ()
        if tag_sets[r] and tag_sets[c] and (common := tag_sets[r] & tag_sets[c]):
            spelled = dict(zip(found.tag_keys[r], items[r].tags, strict=True))
            tags = tuple(spelled[key] for key in sorted(common))
        guests: tuple[str, ...] = ()
        if guest_sets[r] and guest_sets[c] and (common := guest_sets[r] & guest_sets[c]):
            spelled = {fold(g).strip(): g for g in items[r].guests}
            guests = tuple(spelled[key] for key in sorted(common))
        out[r].append(Match(c, s, tuple(w[:k]), tags, guests))
    return out


@functools.lru_cache(maxsize=4096)
def _tag_words(tag: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(tag)))


def _tag_key(tag: str, analyzer: Analyzer) -> str:
    """Tags compare by stem: ``verkoop`` and ``Verkopen`` are one tag."""
    words = _tag_words(tag)
    return " ".join(analyzer.stem(w) for w in words) or fold(tag)


def _shared_terms(text: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Per pair, the term ids weighing most in its text similarity, strongest first
    (ties: lower id), ``-1`` where fewer are shared: an array of ``(pairs, REASON_TERMS)``."""
    out = np.full((len(rows), REASON_TERMS), -1, dtype=np.int64)
    for start in range(0, len(rows), _PAIR_CHUNK):
        r, c = rows[start : start + _PAIR_CHUNK], cols[start : start + _PAIR_CHUNK]
        both = sp.csr_matrix(text[r].multiply(text[c]))
        both.eliminate_zeros()
        both = strongest(both, REASON_TERMS)
        pair = np.repeat(np.arange(both.shape[0]), np.diff(both.indptr))
        order = np.lexsort((both.indices, -both.data, pair))
        rank = np.arange(len(order)) - both.indptr[pair[order]]
        out[start + pair[order], rank] = both.indices[order]
    return out
