"""Related posts and episodes: a ranked, explained top list for every item.

A post and the episode paired with it are one *unit* (same subject); units are compared,
then every post and episode gets the units closest to its own, as links to the same kind
of item where the unit has one (post -> post, episode -> episode), plus a link to its own
pair partner first.

The score of two units is, with the weights from ``[related]`` in podcast.toml::

    (text_weight * cos(text) + tag_weight * cos(tags) + guest_weight * cos(guests))
        / (text_weight + tag_weight + guest_weight)
    + recency_weight * exp(-days apart / recency_days)      (only when the first part > 0)

``text`` is TF-IDF (sublinear tf, smoothed idf) over stemmed words of title and body, title
words counted ``title_weight`` times. Each vector keeps only its ``KEEP_TERMS`` strongest
shared-vocabulary terms (divided by the full vector's norm, so the cosine is never
overstated); that keeps the similarity matrix sparse. Rows are multiplied in chunks
(never an N x N dense matrix), and each chunk keeps its top ``top`` above ``threshold``.
Ties are broken by the target's key, so the same input always gives the same links.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from pipeline.link.text import Analyzer, base_language, conflate, fold
from pipeline.models import Content, RelatedLink, RelatedSettings

KEEP_TERMS = 40  # strongest terms kept per item for comparison
REASON_TERMS = 3  # shared words named in an explanation
_CHUNK_NNZ = 4_000_000  # output entries per chunk of rows, bounds memory
_EPISODE_PREFIX = re.compile(
    r"^\s*(?:(?:afl(?:evering)?|ep(?:isode)?|s\d+e)\.?\s*\d+|#\d+)\s*[:.\-–|]?\s*", re.IGNORECASE
)


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


def related_items(
    items: Sequence[Item], language: str, settings: RelatedSettings
) -> list[list[Match]]:
    """For each item, its best matches (at most ``settings.top``, above the threshold)."""
    n = len(items)
    if n < 2 or settings.top <= 0:
        return [[] for _ in items]
    analyzer = Analyzer(language)
    text, term_names = _text_matrix(items, analyzer, settings.title_weight)
    tags, tag_sets = _label_matrix([[_tag_key(t, analyzer) for t in i.tags] for i in items])
    guests, guest_sets = _label_matrix([[fold(g).strip() for g in i.guests] for i in items])
    weights = [settings.text_weight, settings.tag_weight, settings.guest_weight]
    blocks = [
        m * math.sqrt(max(w, 0.0))
        for m, w in zip((text, tags, guests), weights, strict=True)
        if m.shape[1] and w > 0
    ]
    total = sum(max(w, 0.0) for w in weights) or 1.0
    features = sp.hstack(blocks, format="csr", dtype=np.float64) if blocks else None
    if features is None:
        return [[] for _ in items]
    days = np.array([i.date.timestamp() / 86400.0 if i.date is not None else np.nan for i in items])
    rows, cols, scores = _top_pairs(features, total, days, settings)
    # Explanations, vectorised for the shared terms.
    term_idx, term_val = _padded(text)
    shared = _shared_terms(term_idx, term_val, rows, cols)
    tag_names = [dict(zip(_tag_keys(i.tags, analyzer), i.tags, strict=True)) for i in items]
    guest_names = [{fold(g).strip(): g for g in i.guests} for i in items]
    out: list[list[Match]] = [[] for _ in items]
    for r, c, s, t in zip(rows.tolist(), cols.tolist(), scores.tolist(), shared, strict=True):
        common_tags = sorted(tag_sets[r] & tag_sets[c])
        common_guests = sorted(guest_sets[r] & guest_sets[c])
        out[r].append(
            Match(
                index=c,
                score=round(s, 4),
                terms=tuple(analyzer.display(term_names[k]) for k in t),
                tags=tuple(tag_names[r][k] for k in common_tags),
                guests=tuple(guest_names[r][k] for k in common_guests),
            )
        )
    return out


def _tag_key(tag: str, analyzer: Analyzer) -> str:
    """Tags compare by stem: ``verkoop`` and ``Verkopen`` are one tag."""
    words = re.findall(r"\w+", fold(tag))
    return " ".join(analyzer.stem(w) for w in words) or fold(tag)


def _tag_keys(tags: Sequence[str], analyzer: Analyzer) -> list[str]:
    return [_tag_key(t, analyzer) for t in tags]


def _text_matrix(
    items: Sequence[Item], analyzer: Analyzer, title_weight: float
) -> tuple[sp.csr_matrix, list[str]]:
    """TF-IDF rows pruned to each item's strongest terms, divided by the full norm."""
    counted: list[dict[str, float]] = []
    for item in items:
        counts: dict[str, float] = dict(analyzer.terms(item.text, remember=True))
        for term, k in analyzer.terms(item.title, remember=True).items():
            counts[term] = counts.get(term, 0.0) + title_weight * k
        counted.append(counts)
    vocabulary = sorted({t for c in counted for t in c})
    folded = conflate(vocabulary, analyzer.language)
    if folded:
        for term, base in folded.items():
            analyzer.surface.setdefault(base, Counter()).update(analyzer.surface.get(term, {}))
        vocabulary = sorted(set(vocabulary) - set(folded))
    ids = {t: k for k, t in enumerate(vocabulary)}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for counts in counted:
        row: dict[int, float] = {}
        for term, weight in counts.items():
            j = ids[folded.get(term, term)]
            row[j] = row.get(j, 0.0) + weight
        indices.extend(row)
        data.extend(row.values())
        indptr.append(len(indices))
    n = len(items)
    tf = sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(n, len(vocabulary)),
    )
    tf.sort_indices()
    df = np.bincount(tf.indices, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weights = tf.copy()
    weights.data = (1.0 + np.log(weights.data)) * idf[weights.indices]
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weights = sp.csr_matrix(sp.diags(1.0 / norms) @ weights)
    # Terms only one item uses connect nothing; then keep each row's strongest terms.
    weights.data[df[weights.indices] < 2] = 0.0
    weights.eliminate_zeros()
    return _keep_top(weights, KEEP_TERMS), vocabulary


def _keep_top(matrix: sp.csr_matrix, keep: int) -> sp.csr_matrix:
    """Each row's ``keep`` largest entries (ties: lower column first)."""
    counts = np.diff(matrix.indptr)
    if counts.max(initial=0) <= keep:
        return matrix
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    chosen = np.sort(order[rank < keep])
    indptr = np.concatenate(([0], np.cumsum(np.minimum(counts, keep))))
    return sp.csr_matrix((matrix.data[chosen], matrix.indices[chosen], indptr), shape=matrix.shape)


def _label_matrix(labels: Sequence[Sequence[str]]) -> tuple[sp.csr_matrix, list[frozenset[str]]]:
    """Rows of IDF-weighted, unit-length label vectors (tags, guests)."""
    sets = [frozenset(x for x in row if x) for row in labels]
    names = sorted(set().union(*sets)) if sets else []
    ids = {name: k for k, name in enumerate(names)}
    n = len(sets)
    indptr = np.cumsum([0, *(len(s) for s in sets)])
    indices = np.array([ids[x] for s in sets for x in sorted(s)], dtype=np.int64)
    df = np.bincount(indices, minlength=len(names))
    data = (np.log((1.0 + n) / (1.0 + df)) + 1.0)[indices] if len(indices) else np.zeros(0)
    matrix = sp.csr_matrix((data, indices, indptr), shape=(n, len(names)))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix), sets


def _top_pairs(
    features: sp.csr_matrix, total: float, days: np.ndarray, settings: RelatedSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, cols, scores) of every item's best matches, rows ascending, best first."""
    n = features.shape[0]
    transposed = features.T.tocsr()
    # A match needs content in common; recency only reorders and lifts close calls.
    floor = max(settings.threshold - max(settings.recency_weight, 0.0), 0.0) * total
    per_row = max(1, int(features.getnnz() / max(n, 1)))
    chunk = max(64, min(n, _CHUNK_NNZ // max(per_row * 64, 1)))
    found_rows: list[np.ndarray] = []
    found_cols: list[np.ndarray] = []
    found_scores: list[np.ndarray] = []
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        product = (features[start:stop] @ transposed).tocoo()
        rows = product.row.astype(np.int64) + start
        cols = product.col.astype(np.int64)
        values = product.data
        keep = (values > floor) & (values > 1e-12) & (rows != cols)
        rows, cols, values = rows[keep], cols[keep], values[keep] / total
        if settings.recency_weight:
            apart = np.abs(days[rows] - days[cols])
            bonus = np.exp(-apart / max(settings.recency_days, 1e-9))
            values = values + settings.recency_weight * np.nan_to_num(bonus, nan=0.0)
        values = np.round(values, 9)  # same ranking however the sums were ordered
        keep = values >= settings.threshold
        rows, cols, values = rows[keep], cols[keep], values[keep]
        order = np.lexsort((cols, -values, rows))
        rows, cols, values = rows[order], cols[order], values[order]
        first = np.searchsorted(rows, rows, side="left")
        keep = (np.arange(len(rows)) - first) < settings.top
        found_rows.append(rows[keep])
        found_cols.append(cols[keep])
        found_scores.append(values[keep])
    return (
        np.concatenate(found_rows) if found_rows else np.zeros(0, np.int64),
        np.concatenate(found_cols) if found_cols else np.zeros(0, np.int64),
        np.concatenate(found_scores) if found_scores else np.zeros(0),
    )


def _padded(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a CSR matrix as fixed-width arrays (column -1 / value 0 as padding)."""
    n = matrix.shape[0]
    counts = np.diff(matrix.indptr)
    width = max(int(counts.max(initial=0)), 1)
    idx = np.full((n, width), -1, dtype=np.int64)
    val = np.zeros((n, width))
    rows = np.repeat(np.arange(n), counts)
    pos = np.arange(matrix.nnz) - matrix.indptr[rows]
    idx[rows, pos] = matrix.indices
    val[rows, pos] = matrix.data
    return idx, val


def _shared_terms(
    idx: np.ndarray, val: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> list[tuple[int, ...]]:
    """For each pair, the vocabulary ids contributing most to its text similarity."""
    out: list[tuple[int, ...]] = []
    for start in range(0, len(rows), 20_000):
        r, c = rows[start : start + 20_000], cols[start : start + 20_000]
        a_idx, b_idx = idx[r], idx[c]  # (P, w)
        same = (a_idx[:, :, None] == b_idx[:, None, :]) & (a_idx[:, :, None] >= 0)
        contrib = np.where(same, val[r][:, :, None] * val[c][:, None, :], 0.0).max(axis=2)
        order = np.argsort(-contrib, axis=1, kind="stable")[:, :REASON_TERMS]
        best = np.take_along_axis(contrib, order, axis=1)
        terms = np.take_along_axis(a_idx, order, axis=1)
        for t_row, b_row in zip(terms.tolist(), best.tolist(), strict=True):
            out.append(tuple(t for t, b in zip(t_row, b_row, strict=True) if b > 0))
    return out


# --- From content to links -------------------------------------------------------------

_WORDS = {
    "nl": {
        "about": "over",
        "tags": "tags",
        "guest": "gast",
        "post": "het artikel bij deze aflevering",
        "episode": "de aflevering bij dit artikel",
    },
    "en": {
        "about": "about",
        "tags": "tags",
        "guest": "guest",
        "post": "the post behind this episode",
        "episode": "the episode of this post",
    },
}


def explain(match: Match, language: str) -> str:
    """``over: prijzen, korting; tags: prijzen; gast: Noor Hendriks``."""
    words = _WORDS[base_language(language)]
    parts = []
    if match.terms:
        parts.append(f"{words['about']}: {', '.join(match.terms)}")
    if match.tags:
        parts.append(f"{words['tags']}: {', '.join(match.tags)}")
    if match.guests:
        parts.append(f"{words['guest']}: {', '.join(match.guests)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class _Unit:
    post: str | None
    episode: str | None

    @property
    def key(self) -> str:
        return f"post:{self.post}" if self.post else f"episode:{self.episode}"

    def target(self, kind: str) -> str:
        if (kind == "post" and self.post) or not self.episode:
            return f"post:{self.post}"
        return f"episode:{self.episode}"


def relate(
    content: Content, pairs: Mapping[str, str], settings: RelatedSettings | None = None
) -> dict[str, tuple[RelatedLink, ...]]:
    """Related links of every post and episode, keyed ``post:<slug>`` / ``episode:<slug>``.

    ``pairs`` is episode slug -> post slug; each partner is linked first (kind ``pair``),
    then up to ``top`` related items (kind ``related``) with score and explanation.
    """
    settings = settings or content.show.related
    language = content.show.language
    words = _WORDS[base_language(language)]
    posts = content.posts_by_slug
    episodes = content.episodes_by_slug
    paired_posts = {p: e for e, p in pairs.items() if e in episodes and p in posts}
    units = [_Unit(p.slug, paired_posts.get(p.slug)) for p in content.posts]
    units += [_Unit(None, e.slug) for e in content.episodes if e.slug not in pairs]
    units = sorted({u.key: u for u in units}.values(), key=lambda u: u.key)
    items = []
    for unit in units:
        post = posts.get(unit.post) if unit.post else None
        ep = episodes.get(unit.episode) if unit.episode else None
        title = post.title if post else _EPISODE_PREFIX.sub("", ep.title if ep else "")
        body = [post.body if post else ""]
        if ep is not None:
            body += [ep.summary or "", *(c.title for c in ep.chapters)]
        items.append(
            Item(
                key=unit.key,
                title=title,
                text="\n".join(body),
                tags=post.tags if post else (),
                guests=tuple(g.name for g in ep.guests) if ep else (),
                date=post.date if post else (ep.date if ep else None),
            )
        )
    matches = related_items(items, language, settings)
    out: dict[str, tuple[RelatedLink, ...]] = {}
    for unit, found in zip(units, matches, strict=True):
        for kind, slug in (("post", unit.post), ("episode", unit.episode)):
            if slug is None:
                continue
            links: list[RelatedLink] = []
            if unit.post and unit.episode:
                other = "episode" if kind == "post" else "post"
                partner = unit.episode if kind == "post" else unit.post
                links.append(RelatedLink(f"{other}:{partner}", 1.0, words[other], kind="pair"))
            for m in found:
                target = units[m.index]
                links.append(
                    RelatedLink(
                        target.target(kind),
                        m.score,
                        explain(m, language),
                        kind="related",
                        terms=m.terms,
                        tags=m.tags,
                        guests=m.guests,
                    )
                )
            out[f"{kind}:{slug}"] = tuple(links)
    return dict(sorted(out.items()))
