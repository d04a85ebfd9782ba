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

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import scipy.sparse as sp

from pipeline.link.text import Analyzer, base_language, conflate, fold
from pipeline.models import Content, RelatedLink
from pipeline.settings import RelatedSettings

KEEP_TERMS = 40  # strongest terms kept per item for comparison
MAX_DF_FLOOR = 1000  # below this many items, no feature is too common to compare on
MAX_DF_SHARE = 0.02  # above it, features in more than 2% of items are left out
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
    shared = _shared_terms(text, rows, cols)
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
                terms=tuple(term_names[k] for k in t),
                tags=tuple(tag_names[r][k] for k in common_tags),
                guests=tuple(guest_names[r][k] for k in common_guests),
            )
        )
    return out


@functools.lru_cache(maxsize=4096)
def _tag_words(tag: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(tag)))


def _tag_key(tag: str, analyzer: Analyzer) -> str:
    """Tags compare by stem: ``verkoop`` and ``Verkopen`` are one tag."""
    words = _tag_words(tag)
    return " ".join(analyzer.stem(w) for w in words) or fold(tag)


def _tag_keys(tags: Sequence[str], analyzer: Analyzer) -> list[str]:
    return [_tag_key(t, analyzer) for t in tags]


def _text_matrix(
    items: Sequence[Item], analyzer: Analyzer, title_weight: float
) -> tuple[sp.csr_matrix, list[str]]:
    """TF-IDF rows pruned to each item's strongest terms, divided by the full norm.

    Returns the matrix and, per column, the word people wrote most often for that term.
    """
    word_id: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for r, item in enumerate(items):
        for text, weight in ((item.text, 1.0), (item.title, title_weight)):
            counts = analyzer.words(text)
            cols.extend([word_id.setdefault(w, len(word_id)) for w in counts])
            data.extend([v * weight for v in counts.values()])
            rows.extend([r] * len(counts))
    words = list(word_id)
    stems = [analyzer.stem(w) for w in words]
    folded = conflate(set(stems), analyzer.language)
    terms = [folded.get(stem, stem) for stem in stems]
    vocabulary = sorted(set(terms))
    term_id = {t: k for k, t in enumerate(vocabulary)}
    word_term = np.array([term_id[t] for t in terms], dtype=np.int64)
    word_cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(data, dtype=np.float64)
    # The written form shown for a term: the most used word (ties: alphabetical).
    used = np.bincount(word_cols, weights=values, minlength=len(words))
    shown: dict[int, tuple[float, str]] = {}
    for word, k, n in zip(words, word_term.tolist(), used.tolist(), strict=True):
        best = shown.get(k)
        if best is None or (-n, word) < (-best[0], best[1]):
            shown[k] = (n, word)
    n = len(items)
    tf = sp.csr_matrix(
        (values, (np.asarray(rows, dtype=np.int64), word_term[word_cols])),
        shape=(n, len(vocabulary)),
    )  # duplicates (title and body, two words of one term) are summed
    tf.sum_duplicates()
    df = np.bincount(tf.indices, minlength=len(vocabulary))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    weights = tf.copy()
    weights.data = (1.0 + np.log(weights.data)) * idf[weights.indices]
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weights = sp.csr_matrix(sp.diags(1.0 / norms) @ weights)
    # Terms only one item uses connect nothing, and terms in a large share of all items
    # say little about a subject (a corpus-specific stop word, like sklearn's max_df);
    # then keep each row's strongest terms.
    weights.data[(df[weights.indices] < 2) | (df[weights.indices] > max_df(n))] = 0.0
    weights.eliminate_zeros()
    names = [shown[k][1] if k in shown else t for k, t in enumerate(vocabulary)]
    return _keep_top(weights, KEEP_TERMS), names


def max_df(n: int) -> int:
    """Items a feature may occur in and still be compared on (all of them up to 1,000)."""
    return max(MAX_DF_FLOOR, int(n * MAX_DF_SHARE))


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
    data = np.where(df[indices] > max_df(n), 0.0, data)  # see _text_matrix
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
        product = features[start:stop] @ transposed
        product.sort_indices()  # columns ascending within each row: ties go by target
        product = product.tocoo()
        rows = product.row.astype(np.int64) + start
        cols = product.col.astype(np.int64)
        values = product.data
        keep = (values > floor) & (values > 1e-12) & (rows != cols)
        rows, cols, values = rows[keep], cols[keep], values[keep] / total
        if settings.recency_weight:
            apart = np.abs(days[rows] - days[cols])
            bonus = np.exp(-apart / max(settings.recency_days, 1e-9))
            values = values + settings.recency_weight * np.nan_to_num(bonus, nan=0.0)
        # Scores in whole billionths: the same ranking however the sums were ordered.
        quanta = np.rint(values * 1e9).astype(np.int64)
        keep = quanta >= round(settings.threshold * 1e9)
        rows, cols, quanta = rows[keep], cols[keep], quanta[keep]
        values = quanta / 1e9
        # One stable integer sort: row ascending, score descending, then column order.
        key = (rows - start) * (1 << 34) + ((1 << 34) - 1 - np.minimum(quanta, (1 << 34) - 1))
        order = np.argsort(key, kind="stable")
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


def _shared_terms(text: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> list[tuple[int, ...]]:
    """For each pair, the vocabulary ids contributing most to its text similarity."""
    out: list[tuple[int, ...]] = []
    for start in range(0, len(rows), 50_000):
        r, c = rows[start : start + 50_000], cols[start : start + 50_000]
        both = sp.csr_matrix(text[r].multiply(text[c]))
        both.eliminate_zeros()
        pair = np.repeat(np.arange(both.shape[0]), np.diff(both.indptr))
        order = np.lexsort((both.indices, -both.data, pair))
        rank = np.arange(len(order)) - both.indptr[pair[order]]
        chosen = order[rank < REASON_TERMS]
        terms: list[list[int]] = [[] for _ in range(len(r))]
        for p, t in zip(pair[chosen].tolist(), both.indices[chosen].tolist(), strict=True):
            terms[p].append(t)
        out.extend(tuple(t) for t in terms)
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
