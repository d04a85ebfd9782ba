"""Term vectors for related content: TF-IDF over stems, for 10 or 100,000 items alike.

Text becomes vectors in three passes, none of which keeps a Python object per word:

1. every item's title and body are counted as byte tokens (:func:`~pipeline.link.text.
   count_tokens`); the counts go into compact arrays, token ids from one shared vocabulary;
2. each distinct token is analysed once (split into words, accents folded, stop words
   dropped, stemmed, Dutch agent nouns conflated): a sparse token -> term matrix;
3. rows are turned into term counts a chunk at a time (a sparse product), first to count
   document frequencies, then to weigh and prune them.

Weights are sublinear TF (``1 + ln tf``) times IDF, and each row keeps only its
``KEEP_TERMS`` strongest terms, divided by the norm of the whole row (so a cosine is never
overstated). The IDF is read from a grid (:func:`idf`): ``n`` and each document frequency
are rounded down to one of sixteen steps per doubling, so adding or editing one item leaves
every other item's vector unchanged unless a term it uses crosses a step. That is what lets
an incremental build recompute the vectors of changed items only (see ``incremental.py``).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pipeline.link.text import Analyzer, conflate, count_tokens, token_words

KEEP_TERMS = 40  # strongest terms kept per item for comparison
MAX_DF_FLOOR = 1000  # below this many items, no term is too common to compare on
MAX_DF_SHARE = 0.25  # above it, terms in more than a quarter of all items are left out
STEPS_PER_DOUBLING = 16  # resolution of the IDF grid
_CHUNK_ROWS = 4096
_MAX_COUNT = 65_535  # per token and item (array type "H"); more says nothing new
_TABLE_CELLS = 4_000_000  # entries of one padded table in strongest()


def max_df(n: int) -> int:
    """Items a term may occur in and still be compared on (all of them up to 1,000)."""
    return max(MAX_DF_FLOOR, int(n * MAX_DF_SHARE))


_GRID = np.array(
    [math.ceil(2 ** (k / STEPS_PER_DOUBLING)) for k in range(62 * STEPS_PER_DOUBLING)],
    dtype=np.int64,
)


def step(count: np.ndarray) -> np.ndarray:
    """The grid step of ``1 + count``: how many of ``ceil(2 ** (k / 8))`` it reaches (an
    integer search, so no platform's logarithm can put a count on another step)."""
    found: np.ndarray = np.searchsorted(_GRID, np.asarray(count, dtype=np.int64) + 1, side="right")
    return found


def idf(n: int, df: np.ndarray) -> np.ndarray:
    """Smoothed IDF, ``ln((1 + n) / (1 + df)) + 1``, with both counts on the grid."""
    steps: np.ndarray = step(np.array(n)) - step(df)
    return steps * (math.log(2) / STEPS_PER_DOUBLING) + 1.0


@dataclass(frozen=True)
class TextVectors:
    matrix: sp.csr_matrix  # items x terms, pruned rows, float64
    terms: list[str]  # per column: the term (a stem), alphabetical
    names: list[str]  # per term: the word people wrote most for it (ties: alphabetical)
    df: np.ndarray  # per term: items using it


@dataclass(frozen=True)
class Counts:
    """Token counts of many texts: text ``i`` has ``ids[indptr[i]:indptr[i + 1]]``, in the
    order its tokens first occur, and their ``counts``."""

    ids: np.ndarray  # uint32, into a vocabulary
    counts: np.ndarray  # uint16
    indptr: np.ndarray  # int64, one more than there are texts

    def rows(self, start: int, stop: int, width: int, remap: np.ndarray) -> sp.csr_matrix:
        """Texts ``start`` to ``stop`` as a sparse matrix, token ids through ``remap``."""
        indptr = self.indptr[start : stop + 1]
        lo, hi = int(indptr[0]), int(indptr[-1])
        ids = remap[self.ids[lo:hi]]
        counts = self.counts[lo:hi].astype(np.float64)
        return sp.csr_matrix((counts, ids, indptr - lo), shape=(stop - start, width))

    def take(self, texts: np.ndarray) -> Counts:
        """The counts of ``texts`` (indices), in that order."""
        lengths = np.diff(self.indptr)[texts]
        starts = np.repeat(self.indptr[texts] - np.cumsum(lengths) + lengths, lengths)
        where = starts + np.arange(int(lengths.sum()))
        indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
        return Counts(self.ids[where], self.counts[where], indptr)


def _join(parts: Sequence[Counts]) -> Counts:
    offsets = np.cumsum([0, *(int(p.indptr[-1]) for p in parts)])
    return Counts(
        np.concatenate([p.ids for p in parts]),
        np.concatenate([p.counts for p in parts]),
        np.concatenate([[0], *(p.indptr[1:] + o for p, o in zip(parts, offsets, strict=False))]),
    )


@dataclass(frozen=True)
class TokenTable:
    """The counted titles and bodies of items, over one vocabulary of byte tokens."""

    vocabulary: tuple[bytes, ...]
    titles: Counts
    bodies: Counts


class _Vocabulary(dict[bytes, int]):
    def __missing__(self, token: bytes) -> int:
        self[token] = value = len(self)
        return value


def _count(texts: Sequence[str], vocabulary: _Vocabulary) -> Counts:
    ids = array("I")
    counts = array("H")
    indptr = array("q", [0])
    lookup = vocabulary.__getitem__
    for text in texts:
        found = count_tokens(text)  # stop words and all: dropped per token, later
        ids.extend(map(lookup, found))
        size = len(counts)
        try:
            counts.extend(found.values())
        except OverflowError:  # a token written more than 65,535 times in one text
            del counts[size:]
            counts.extend(min(c, _MAX_COUNT) for c in found.values())
        indptr.append(len(ids))
    return Counts(
        np.frombuffer(ids, dtype=np.uint32) if ids else np.zeros(0, np.uint32),
        np.frombuffer(counts, dtype=np.uint16) if counts else np.zeros(0, np.uint16),
        np.frombuffer(indptr, dtype=np.int64),
    )


def count_texts(
    titles: Sequence[str],
    texts: Sequence[str],
    previous: TokenTable | None = None,
    same: Sequence[int | None] = (),
) -> TokenTable:
    """Count the tokens of every item's title and body (the slow part of the analysis).

    With ``previous``, item ``i`` whose ``same[i]`` is an index into it takes its counts
    from there instead of being counted again (its title and text must be unchanged).
    """
    vocabulary = _Vocabulary()
    if previous is None or not same:
        title_counts = _count(titles, vocabulary)
        body_counts = _count(texts, vocabulary)
        return TokenTable(tuple(vocabulary), title_counts, body_counts)
    vocabulary.update((token, k) for k, token in enumerate(previous.vocabulary))
    new = [i for i, j in enumerate(same) if j is None]
    kept = np.array([j for j in same if j is not None], dtype=np.int64)
    fresh_titles = _count([titles[i] for i in new], vocabulary)
    fresh_bodies = _count([texts[i] for i in new], vocabulary)
    # Reused rows first, then fresh ones; then everything back in the items' order.
    order = np.empty(len(same), dtype=np.int64)
    reused = [i for i, j in enumerate(same) if j is not None]
    order[reused] = np.arange(len(reused))
    order[new] = len(reused) + np.arange(len(new))
    return TokenTable(
        tuple(vocabulary),
        _join([previous.titles.take(kept), fresh_titles]).take(order),
        _join([previous.bodies.take(kept), fresh_bodies]).take(order),
    )


def text_vectors(
    titles: Sequence[str], texts: Sequence[str], analyzer: Analyzer, title_weight: float
) -> TextVectors:
    """Pruned TF-IDF rows of ``title_weight`` x title + body, one per item."""
    return vectors_of(count_texts(titles, texts), analyzer, title_weight)


def vectors_of(table: TokenTable, analyzer: Analyzer, title_weight: float) -> TextVectors:
    """The pruned TF-IDF rows of counted items (see :func:`count_texts`).

    Only the tokens the items use are analysed, in byte order, so the result depends on the
    items alone, not on the order the vocabulary grew in.
    """
    n = len(table.bodies.indptr) - 1
    used = np.unique(np.concatenate([table.titles.ids, table.bodies.ids]))
    tokens = sorted((table.vocabulary[int(k)], int(k)) for k in used)
    remap = np.zeros(len(table.vocabulary), dtype=np.int32)
    remap[[k for _, k in tokens]] = np.arange(len(tokens), dtype=np.int32)
    analysis = _Analysis([token for token, _ in tokens], analyzer)
    width = len(tokens)

    def term_counts(start: int, stop: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        body = table.bodies.rows(start, stop, width, remap)
        counts = body + title_weight * table.titles.rows(start, stop, width, remap)
        return counts, sp.csr_matrix(counts @ analysis.token_terms)

    terms = len(analysis.terms)
    df = np.zeros(terms, dtype=np.int64)
    used = np.zeros(len(analysis.words))  # how often each word was written (title weighed)
    for start in range(0, n, _CHUNK_ROWS):
        tokens, counts = term_counts(start, min(n, start + _CHUNK_ROWS))
        df += np.bincount(counts.indices, minlength=terms)
        used += analysis.token_words.T @ np.asarray(tokens.sum(axis=0)).ravel()
    weights = idf(n, df)
    useless = (df < 2) | (df > max_df(n))
    chunks = []
    for start in range(0, n, _CHUNK_ROWS):
        _, chunk = term_counts(start, min(n, start + _CHUNK_ROWS))
        chunk.data = (1.0 + np.log(chunk.data)) * weights[chunk.indices]
        norms = np.sqrt(np.asarray(chunk.multiply(chunk).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        chunk = sp.csr_matrix(sp.diags(1.0 / norms) @ chunk)
        # Terms only one item uses connect nothing; terms in a large share of all items say
        # little about a subject (a corpus-specific stop word, like sklearn's max_df).
        chunk.data[useless[chunk.indices]] = 0.0
        chunk.eliminate_zeros()
        chunks.append(strongest(chunk, KEEP_TERMS))
    matrix = sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, terms))
    return TextVectors(sp.csr_matrix(matrix), analysis.terms, analysis.shown(used), df)


class _Analysis:
    """What each distinct token means: its words (folded, no stop words) and their terms
    (stems, Dutch agent nouns conflated)."""

    def __init__(self, tokens: list[bytes], analyzer: Analyzer):
        word_id: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for k, token in enumerate(tokens):
            for word in token_words(token, analyzer.stop):
                rows.append(k)
                cols.append(word_id.setdefault(word, len(word_id)))
        self.words = list(word_id)
        stems = [analyzer.stem(w) for w in self.words]
        folded = conflate(set(stems), analyzer.language)
        self.terms = sorted({folded.get(s, s) for s in stems})
        term_id = {t: k for k, t in enumerate(self.terms)}
        self.word_term = np.array([term_id[folded.get(s, s)] for s in stems], dtype=np.int64)
        self.token_words = sp.csr_matrix(
            (np.ones(len(rows)), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
            shape=(len(tokens), len(self.words)),
        )
        word_terms = sp.csr_matrix(
            (np.ones(len(self.words)), (np.arange(len(self.words)), self.word_term)),
            shape=(len(self.words), len(self.terms)),
        )
        self.token_terms = sp.csr_matrix(self.token_words @ word_terms)

    def shown(self, used: np.ndarray) -> list[str]:
        """Per term, the word written most often for it (ties: alphabetical)."""
        best: dict[int, tuple[float, str]] = {}
        for word, k, count in zip(self.words, self.word_term.tolist(), used.tolist(), strict=True):
            seen = best.get(k)
            if seen is None or (-count, word) < (-seen[0], seen[1]):
                best[k] = (count, word)
        return [best[k][1] if k in best else t for k, t in enumerate(self.terms)]


def strongest(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row's ``keep`` largest entries (ties: lower column first).

    Rows longer than ``keep`` are laid out side by side in padded tables, rows of similar
    length together, and one ``np.partition`` per table finds every row's cut-off: linear
    time, where sorting all entries would not be.
    """
    matrix = sp.csr_matrix(matrix)
    matrix.sum_duplicates()  # sorted columns: equal values then keep the lower column
    counts = np.diff(matrix.indptr)
    long_rows = np.flatnonzero(counts > keep)
    if not len(long_rows):
        return matrix
    chosen = np.ones(matrix.nnz, dtype=bool)
    size = np.ceil(np.log2(counts[long_rows])).astype(np.int64)
    for bucket in np.unique(size):
        rows = long_rows[size == bucket]
        width = int(counts[rows].max())
        step = max(1, _TABLE_CELLS // width)
        for first in range(0, len(rows), step):
            _choose(matrix, rows[first : first + step], width, keep, chosen)
    kept = matrix.data[chosen], matrix.indices[chosen]
    indptr = np.concatenate(([0], np.cumsum(np.minimum(counts, keep))))
    return sp.csr_matrix((*kept, indptr), shape=matrix.shape)


def _choose(
    matrix: sp.csr_matrix, rows: np.ndarray, width: int, keep: int, chosen: np.ndarray
) -> None:
    """Mark in ``chosen`` all but the ``keep`` strongest entries of ``rows`` as dropped."""
    lengths = np.diff(matrix.indptr)[rows]
    row = np.repeat(np.arange(len(rows)), lengths)
    column = np.arange(len(row)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    where = matrix.indptr[rows][row] + column
    table = np.full((len(rows), width), -np.inf)
    table[row, column] = matrix.data[where]
    cutoff = np.partition(table, width - keep, axis=1)[:, width - keep][:, None]
    above = table > cutoff
    tied = table == cutoff
    room = keep - above.sum(axis=1, keepdims=True)
    chosen[where] = (above | (tied & (np.cumsum(tied, axis=1) <= room)))[row, column]


def label_vectors(
    labels: Sequence[Sequence[str]],
) -> tuple[sp.csr_matrix, list[frozenset[str]], list[str]]:
    """Rows of IDF-weighted, unit-length label vectors (tags, guests), the label sets, and
    the label of each column (alphabetical)."""
    sets = [frozenset(x for x in row if x) for row in labels]
    names = sorted(set().union(*sets)) if sets else []
    ids = {name: k for k, name in enumerate(names)}
    n = len(sets)
    indptr = np.cumsum([0, *(len(s) for s in sets)])
    indices = np.array([ids[x] for s in sets for x in sorted(s)], dtype=np.int64)
    df = np.bincount(indices, minlength=len(names))
    data = idf(n, df)[indices] if len(indices) else np.zeros(0)
    data = np.where(df[indices] > max_df(n), 0.0, data)  # see text_vectors
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, len(names)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix), sets, names
