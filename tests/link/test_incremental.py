"""Related items computed again from a snapshot equal a full computation, for the cost of
what changed: edits, additions, removals, tags, guests, dates, and words that change what
other items' words mean (Dutch agent nouns)."""

from __future__ import annotations

import pickle
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.link.incremental import related_again
from pipeline.link.pairing import pair
from pipeline.link.related import relate, relate_again
from pipeline.link.similarity import Item, related_items
from pipeline.load import load_content
from pipeline.settings import RelatedSettings
from tests.conftest import REPO

SUBJECTS = {
    "prijs": "prijzen korting marge kassabon afprijzen duurder goedkoper aanbieding",
    "etalage": "etalages licht ramen voorbijgangers decor kleuren paspop blikvanger",
    "personeel": "collega rooster inwerken salaris vacature team sollicitatie contract",
    "webshop": "pakket verzending retour bezorger website winkelwagen zoekmachine",
    "kassa": "pinautomaat bonnetje wisselgeld storing betaling terminal dagafsluiting",
}
EVERYDAY = ["winkel", "klant", "dag", "week", "eigenaar", "straat", "mensen", "tijd", "werk"]
TAGS = ["tips", "ondernemen", "winkel", "interview"]
SETTINGS = RelatedSettings()


def corpus(n: int, seed: int = 3) -> list[Item]:
    rng = random.Random(seed)
    names = sorted(SUBJECTS)
    items = []
    for k in range(n):
        subject = names[k % len(names)]
        own = SUBJECTS[subject].split()
        words = [rng.choice(own) if rng.random() < 0.3 else rng.choice(EVERYDAY) for _ in range(80)]
        guests = (f"Gast {rng.randrange(40)}",) if rng.random() < 0.2 else ()
        items.append(
            Item(
                key=f"post:{k:04d}",
                title=f"{rng.choice(own).capitalize()} en {rng.choice(own)}",
                text=" ".join(words) + ".",
                tags=tuple(dict.fromkeys([subject, *rng.sample(TAGS, rng.randint(0, 2))])),
                guests=guests,
                date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=k),
            )
        )
    return items


def check(items: list[Item], previous: object) -> int:
    """The incremental result equals the full one; returns how many rows were searched."""
    again, snapshot, searched = related_again(items, "nl", SETTINGS, previous)  # type: ignore[arg-type]
    assert again == related_items(items, "nl", SETTINGS)
    assert snapshot.keys == tuple(i.key for i in items)
    return searched


def test_nothing_changed_searches_nothing() -> None:
    items = corpus(300)
    first, snapshot, searched = related_again(items, "nl", SETTINGS)
    assert searched == 300 and first == related_items(items, "nl", SETTINGS)
    assert check(items, snapshot) == 0


def test_an_edited_text_searches_a_few_rows_and_matches_a_full_run() -> None:
    items = corpus(300)
    _, snapshot, _ = related_again(items, "nl", SETTINGS)
    edited = list(items)
    edited[120] = replace(items[120], text=items[120].text + " Korting en marge op de kassabon.")
    assert 0 < check(edited, snapshot) < 300 // 4


def _copy_of_10(items: list[Item]) -> list[Item]:
    """Item 215 (same tags as item 10) takes item 10's title, text and date: it becomes
    item 10's best match, though item 10 itself did not change."""
    assert items[215].tags == items[10].tags
    items[215] = replace(
        items[215], title=items[10].title, text=items[10].text, date=items[10].date
    )
    return items


def _later(items: list[Item]) -> list[Item]:
    items[110] = replace(items[110], date=datetime(2026, 6, 1, tzinfo=UTC))
    return items


CHANGES = {
    "a near copy": _copy_of_10,
    "a guest": lambda items: [*items[:90], replace(items[90], guests=("Gast 1",)), *items[91:]],
    "no date": lambda items: [*items[:100], replace(items[100], date=None), *items[101:]],
    "a later date": _later,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_one_change_searches_a_few_rows_and_matches_a_full_run(change: str) -> None:
    items = corpus(300)
    _, snapshot, _ = related_again(items, "nl", SETTINGS)
    changed = CHANGES[change](list(items))
    assert 0 < check(changed, snapshot) < 300 // 4
    if change == "a near copy":
        assert related_items(changed, "nl", SETTINGS)[10][0].index == 215


def test_additions_removals_and_tags_together() -> None:
    items = corpus(300)
    _, snapshot, _ = related_again(items, "nl", SETTINGS)
    changed = list(items)
    del changed[7]
    changed.insert(50, replace(items[50], key="post:0050a", text="Pakket en retour " * 5))
    changed[80] = replace(changed[80], tags=("kassa", "nieuw"))
    check(changed, snapshot)


def test_a_new_word_that_changes_what_other_words_mean() -> None:
    # "winkelier" counts as "winkel" only once "winkel" occurs: here it does not, at first.
    base = [
        Item(f"post:{k}", f"Titel {k}", f"de winkelier en de {w} {w}", date=None)
        for k, w in enumerate(["korting", "marge", "korting", "marge", "pakket", "retour"] * 4)
    ]
    base = [replace(i, text=i.text.replace("winkel ", "")) for i in base]
    _, snapshot, _ = related_again(base, "nl", SETTINGS)
    edited = list(base)
    edited[3] = replace(base[3], text=base[3].text + " in de winkel")
    check(edited, snapshot)


def test_a_chain_of_random_edits_stays_equal_to_full_runs() -> None:
    rng = random.Random(11)
    items = corpus(250, seed=5)
    _, snapshot, _ = related_again(items, "nl", SETTINGS)
    for _ in range(6):
        k = rng.randrange(len(items))
        extra = " ".join(
            rng.choice(SUBJECTS[rng.choice(sorted(SUBJECTS))].split()) for _ in range(8)
        )
        items = list(items)
        items[k] = replace(items[k], text=f"{items[k].text} {extra}")
        if rng.random() < 0.5:
            items.pop(rng.randrange(len(items)))
        again, snapshot, _ = related_again(items, "nl", SETTINGS, snapshot)
        assert again == related_items(items, "nl", SETTINGS)


def test_other_settings_start_afresh_and_a_snapshot_survives_pickling() -> None:
    items = corpus(200)
    _, snapshot, _ = related_again(items, "nl", SETTINGS)
    stored = pickle.loads(pickle.dumps(snapshot))
    assert check(items, stored) == 0
    other = replace(SETTINGS, tag_weight=0.5)
    again, _, searched = related_again(items, "nl", other, stored)
    assert searched == 200 and again == related_items(items, "nl", other)


def test_relate_again_gives_the_sample_shows_links() -> None:
    content = load_content(Path(REPO))
    pairs = pair(content).pairs
    links, snapshot = relate_again(content, pairs, None)
    assert links == relate(content, pairs)
    post = content.posts[3]
    edited = replace(
        content,
        posts=tuple(
            replace(p, body=p.body + "\nPrijzen en korting.") if p is post else p
            for p in content.posts
        ),
    )
    again, _ = relate_again(edited, pairs, snapshot)
    assert again == relate(edited, pairs)
