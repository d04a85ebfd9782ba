"""Related-post quality on the labelled bench corpus: precision@5 for us, Hugo and a plain
stemmed TF-IDF.

precision@5 is the share of suggested related links, from every post to other posts or
episodes (at most five per post, the post's own episode not counted), whose target is on the
post's subject; an episode counts with its post's subject (micro average over all links).
Coverage is the share of posts with at least one link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from bench._corpus import PostSpec
from pipeline.link.text import Analyzer

TOP = 5


@dataclass(frozen=True)
class Quality:
    precision: float
    coverage: float
    links: float  # per post

    def __str__(self) -> str:
        return f"{self.precision:.3f} (coverage {self.coverage:.0%}, {self.links:.1f} links/post)"


def quality(posts: Sequence[PostSpec], found: Sequence[Sequence[int]]) -> Quality:
    """``found[i]``: indices of the posts that post ``i`` links to (episodes as their post)."""
    suggested = sum(len(row[:TOP]) for row in found)
    right = sum(posts[j].topic == posts[i].topic for i, row in enumerate(found) for j in row[:TOP])
    covered = sum(bool(row) for row in found)
    n = max(len(found), 1)
    return Quality(right / max(suggested, 1), covered / n, suggested / n)


def _keys(posts: Sequence[PostSpec]) -> dict[str, int]:
    keys = {f"post:{p.slug}": p.index for p in posts}
    keys.update({f"episode:{p.episode.stem}": p.index for p in posts if p.episode})
    return keys


def ours(posts: Sequence[PostSpec], related_json: Path) -> list[list[int]]:
    """Each post's related links (not its own episode), from the ``related.json`` a build
    wrote (version 2, or version 1 where a link's target was ``target``)."""
    data = json.loads(related_json.read_text("utf-8"))
    index = _keys(posts)
    found: list[list[int]] = [[] for _ in posts]
    for key, entry in data["items"].items():
        if key.startswith("post:"):
            targets = [r.get("to", r.get("target")) for r in entry["related"]]
            kinds = [r["kind"] for r in entry["related"]]
            found[index[key]] = [
                index[t] for t, k in zip(targets, kinds, strict=True) if k == "related"
            ]
    return found


_HUGO_LINK = re.compile(r'data-key="(post|episode)-(\d+)"')


def hugo(posts: Sequence[PostSpec], public: Path) -> list[list[int]]:
    """Each post's related list from the pages of the Hugo site built with related posts.
    Hugo writes the lists in its post pages; the ``key`` front matter names the target."""
    found: list[list[int]] = []
    for post in posts:
        page = public / "posts" / post.slug / "index.html"
        text = page.read_text("utf-8") if page.exists() else ""
        aside = text[text.find("<aside>") :] if "<aside>" in text else ""
        targets = [int(m[2]) for m in _HUGO_LINK.finditer(aside)]
        found.append([t for t in targets if t != post.index])
    return found


def tfidf(posts: Sequence[PostSpec]) -> list[list[int]]:
    """The textbook baseline: title and body as Snowball-stemmed words without stop words,
    TF-IDF (smoothed idf), cosine, the five most similar posts; no tags, no threshold."""
    analyzer = Analyzer("nl")
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    data: list[float] = []
    for r, post in enumerate(posts):
        counts = analyzer.terms(post.title + "\n" + post.body)
        for term, count in counts.items():
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            rows.append(r)
            data.append(float(count))
    n = len(posts)
    tf = sp.csr_matrix((data, (rows, cols)), shape=(n, len(vocabulary)))
    df = np.bincount(tf.indices, minlength=len(vocabulary))
    tf.data *= (np.log((1.0 + n) / (1.0 + df)) + 1.0)[tf.indices]
    norms = np.sqrt(np.asarray(tf.multiply(tf).sum(axis=1)).ravel())
    tf = sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ tf)
    transposed = tf.T.tocsr()
    found: list[list[int]] = []
    for start in range(0, n, 500):
        block = (tf[start : start + 500] @ transposed).toarray()
        for k, row in enumerate(block):
            row[start + k] = -1.0
            best = np.argpartition(-row, TOP)[:TOP]
            found.append([int(j) for j in best[np.argsort(-row[best], kind="stable")]])
    return found
