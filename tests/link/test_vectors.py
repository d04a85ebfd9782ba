"""The fast analysis gives the words the plain definition gives; vectors and the search
behave at their edges (ties, huge counts, cut posting lists)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.link.markers import without_blocks
from pipeline.link.neighbours import postings_limit, top_pairs
from pipeline.link.similarity import Item, features, related_items
from pipeline.link.text import _NOISE, Analyzer, fold
from pipeline.link.vectors import count_texts, strongest, vectors_of
from pipeline.settings import RelatedSettings

DUTCH = Analyzer("nl")


def plain_words(text: str) -> Counter[str]:
    """The definition: runs of two or more letters of the cleaned, lower-cased text, accents
    folded, stop words dropped (what the analysis did before it worked on bytes)."""
    cleaned = _NOISE.sub(" ", without_blocks(text))  # without clean()'s shortcuts
    found = Counter(fold(w) for w in re.findall(r"[^\W\d_]{2,}", cleaned.lower()))
    for word in DUTCH.stop.intersection(found):
        del found[word]
    return found


@settings(derandomize=True, max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80))
@example("ÉCOLE Prijzen-Korting IDEEËN foto's mp3 2e_plaats")
@example("\u212aat İstanbul ﬁets straße Ĳsselmeer")  # Kelvin sign, dotted I, ligatures
@example("<b>vet</b> [link](https://x.nl/a) {% raw %} https://y.nl/z tekst")
@example("{{ x }} a](b) <!-- pipeline:lees-ook begin -->weg<!-- pipeline:lees-ook end --> blijft")
@example("de het een en winkel–prijs “korting”")
def test_the_byte_analysis_counts_the_words_the_plain_definition_counts(text: str) -> None:
    assert DUTCH.words(text) == plain_words(text)


def test_strongest_keeps_each_rows_largest_and_breaks_ties_by_column() -> None:
    rng = np.random.default_rng(5)
    for trial in range(20):
        matrix = sp.random(40, 60, density=0.4, format="csr", random_state=trial)
        matrix.data = np.round(matrix.data * 4) + 1.0  # few distinct values: many ties
        keep = int(rng.integers(1, 12))
        kept = strongest(matrix, keep)
        for r in range(matrix.shape[0]):
            row = matrix.getrow(r)
            order = sorted(zip(-row.data, row.indices, strict=True))[:keep]
            assert sorted(kept.getrow(r).indices) == sorted(c for _, c in order)


def test_a_word_written_more_than_65535_times_counts_as_65535() -> None:
    table = count_texts(["titel"], ["woord " * 70_000 + "ander"])
    assert int(table.bodies.counts.max()) == 65_535
    vectors = vectors_of(table, DUTCH, 3.0)
    assert vectors.matrix.shape[0] == 1


def test_a_cut_search_still_pairs_twins() -> None:
    # 60 pairs of twins: each pair has a few words of its own, and every item many of one
    # shared everyday vocabulary, whose long posting lists a small budget cuts. Each item
    # must still find its twin first, and with its exact score.
    rng = np.random.default_rng(9)
    common = [f"woord{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(4)]
    items = []
    for k in range(60):
        own = " ".join(f"eigen{chr(97 + k // 26)}{chr(97 + k % 26)}{x}" for x in "pqr")
        for twin in "ab":
            text = " ".join(rng.choice(common, 50))
            items.append(Item(f"{k:03d}{twin}", f"titel {k}", f"{own} {own} {text}"))
    chosen = RelatedSettings(recency_weight=0)
    exhaustive = related_items(items, "nl", chosen)
    assert all(found[0].index == i ^ 1 for i, found in enumerate(exhaustive))
    found = features(items, DUTCH, chosen)
    assert postings_limit(found.matrix) is None  # this small a show: exhaustive
    limit = postings_limit(found.matrix, budget=20_000)
    assert limit is not None and limit < 60
    pairs = top_pairs(found.matrix, found.total, found.days, chosen, budget=20_000)
    rows, cols, scores = pairs.rows[::-1], pairs.cols[::-1], pairs.scores[::-1]
    best = {int(r): (int(c), round(s, 4)) for r, c, s in zip(rows, cols, scores, strict=True)}
    for i, matches in enumerate(exhaustive):
        assert best[i] == (i ^ 1, matches[0].score)


def test_the_search_on_every_core_finds_the_pairs_one_process_finds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Chunks of rows searched in forked workers come back whole and in order, exhaustive
    or with cut posting lists (small chunks here: many of them per worker)."""
    from pipeline import parallel
    from pipeline.link import neighbours

    rng = np.random.default_rng(3)
    words = [f"woord{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(6)]
    items = [
        Item(f"{k:03d}", f"titel {k % 7}", " ".join(rng.choice(words, 60)), tags=(f"t{k % 5}",))
        for k in range(120)
    ]
    chosen = RelatedSettings(recency_weight=0)
    found = features(items, DUTCH, chosen)
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(neighbours, "_CHUNK_ENTRIES", 2_000)
    searched_by = tmp_path / "pids"
    search_block = neighbours._search_block

    def noted(*args: Any) -> Any:
        with searched_by.open("a") as pids:
            pids.write(f"{os.getpid()}\n")
        return search_block(*args)

    monkeypatch.setattr(neighbours, "_search_block", noted)
    for budget in (neighbours.WORK_BUDGET, 20_000):
        one = top_pairs(found.matrix, found.total, found.days, chosen, budget=budget)
        many = top_pairs(found.matrix, found.total, found.days, chosen, budget=budget, jobs=2)
        assert len(one.rows) > 3 * 120  # most items have most of their top matches
        assert np.array_equal(one.rows, many.rows)
        assert np.array_equal(one.cols, many.cols)
        assert np.array_equal(one.scores, many.scores)
    pids = searched_by.read_text().split()
    assert len(pids) > 16 and set(pids) - {str(os.getpid())}, "chunks searched in workers"


def test_stems_are_those_of_the_pinned_snowball_release() -> None:
    """Stems decide which posts share a term: a Snowball release that stems differently
    moves related links, so the pinned release's stems are pinned here too."""
    dutch, english = Analyzer("nl"), Analyzer("en")
    assert {w: dutch.stem(w) for w in DUTCH_STEMS} == DUTCH_STEMS
    assert {w: english.stem(w) for w in ENGLISH_STEMS} == ENGLISH_STEMS


DUTCH_STEMS = {
    "verkopen": "verkoop",
    "verkoop": "verkoop",
    "verkoper": "verkoper",
    "kassabonnen": "kassabon",
    "luisteraars": "luister",
    "gesprekken": "sprek",
    "opnemen": "opneem",
    "afleveringen": "afleveer",
    "duurzaamheid": "duurzaam",
    "prijzen": "prijs",
    "gevoeligheden": "voel",
    "ideeën": "ideeën",
}
ENGLISH_STEMS = {
    "selling": "sell",
    "listeners": "listen",
    "episodes": "episod",
    "conversation": "convers",
    "happiness": "happi",
    "running": "run",
    "sustainability": "sustain",
}


def test_plain_ascii_folds_as_nfkd_folds_it() -> None:
    """``fold``'s quick path for ASCII: every character as the slow path gives it."""
    every = "".join(map(chr, range(128)))
    slow = "".join(
        c for c in unicodedata.normalize("NFKD", every.lower()) if not unicodedata.combining(c)
    )
    assert fold(every) == slow
    assert fold("Één Café") == "een cafe"  # and the rest still takes the slow path
