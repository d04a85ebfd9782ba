"""Related posts and episodes: stemming, threshold, pairing links, explanations, determinism."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

from pipeline.build import BuildOptions, build
from pipeline.link.pairing import pair
from pipeline.link.related import Item, relate, related_items
from pipeline.link.text import Analyzer, conflate
from pipeline.load import load_content
from pipeline.models import Content
from pipeline.settings import RelatedSettings
from tests.conftest import SAMPLE_NOW, ShowMaker, episode


def post(title: str, body: str, date: str = "2026-02-01", tags: str = "[]") -> str:
    return f'---\ntitle: "{title}"\ndate: {date} 09:00\ntags: {tags}\n---\n\n{body}\n'


# Three posts on selling, each using another form of the word; one on baking; one on bikes.
SELLING = {
    "2026-01-05-verkopen-aan-de-toonbank": post(
        "Verkopen aan de toonbank",
        "Verkopen is een vak. Wie wil verkopen, moet eerst luisteren naar de klant.",
        "2026-01-05",
    ),
    "2026-01-12-de-verkoop-van-vulpennen": post(
        "De verkoop van vulpennen",
        "Onze verkoop van vulpennen groeide toen we de klant lieten proberen.",
        "2026-01-12",
    ),
    "2026-01-19-een-goede-verkoper": post(
        "Een goede verkoper",
        "Een verkoper luistert naar de klant voordat hij iets aanraadt.",
        "2026-01-19",
    ),
    "2026-01-26-appeltaart-bakken": post(
        "Appeltaart bakken op vrijdag",
        "Deeg, appels, kaneel en rozijnen: het recept van oma gaat de oven in.",
        "2026-01-26",
    ),
    "2026-02-02-fietsen-repareren": post(
        "Fietsen repareren in de schuur",
        "Een lekke band plakken, de ketting smeren en remblokjes vervangen.",
        "2026-02-02",
    ),
}


def linked_show(root: Path) -> tuple[Content, dict[str, tuple]]:  # type: ignore[type-arg]
    content = load_content(root)
    return content, relate(content, pair(content).pairs)


def targets(links: tuple) -> list[str]:  # type: ignore[type-arg]
    return [link.target for link in links]


def test_dutch_stemming_joins_verkopen_verkoop_and_verkoper() -> None:
    analyzer = Analyzer("nl")
    terms = analyzer.terms("verkopen verkoop verkoper verkopers")
    folded = conflate(terms, "nl")
    assert {folded.get(t, t) for t in terms} == {"verkoop"}
    assert "de" not in analyzer.terms("de verkoop")  # stop words go


def test_posts_on_selling_find_each_other_through_stemming(make_show: ShowMaker) -> None:
    _, related = linked_show(make_show(posts=SELLING))
    for slug in ("verkopen-aan-de-toonbank", "de-verkoop-van-vulpennen", "een-goede-verkoper"):
        found = targets(related[f"post:{slug}"])
        others = {"verkopen-aan-de-toonbank", "de-verkoop-van-vulpennen", "een-goede-verkoper"}
        assert set(found) == {f"post:{s}" for s in others - {slug}}, (slug, found)


def test_a_post_on_a_lone_subject_gets_no_links(make_show: ShowMaker) -> None:
    _, related = linked_show(make_show(posts=SELLING))
    assert related["post:appeltaart-bakken"] == ()
    assert related["post:fietsen-repareren"] == ()
    assert all("post:appeltaart-bakken" not in targets(links) for links in related.values())


def test_links_explain_themselves_with_shared_words_and_tags(make_show: ShowMaker) -> None:
    posts = {
        "2026-01-05-a": post(
            "Prijzen verhogen", "Prijzen verhogen doe je eerlijk.", tags="[prijzen]"
        ),
        "2026-01-06-b": post(
            "Nieuwe prijzen", "De prijzen gaan omhoog in maart.", tags="[Prijzen]"
        ),
    }
    _, related = linked_show(make_show(posts=posts))
    (link,) = related["post:a"]
    assert link.target == "post:b"
    assert link.terms[0] == "prijzen"
    assert link.tags == ("prijzen",)
    assert link.reason == "over: prijzen; tags: prijzen"
    assert 0 < link.score <= 1


def test_episode_and_post_link_each_other_first(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={
            "001-verkopen": episode(1, post="2026-01-05-verkopen-aan-de-toonbank"),
            "002-vulpennen": episode(2, summary='"De verkoop van vulpennen, met een verkoper."'),
        },
        posts=SELLING,
    )
    _, related = linked_show(root)
    first = related["post:verkopen-aan-de-toonbank"][0]
    assert (first.target, first.kind) == ("episode:001-verkopen", "pair")
    back = related["episode:001-verkopen"][0]
    assert (back.target, back.kind) == ("post:verkopen-aan-de-toonbank", "pair")
    # An episode without a post is compared on its own title and summary, and links to
    # other episodes where the related unit has one.
    lone = targets(related["episode:002-vulpennen"])
    assert "episode:001-verkopen" in lone
    assert "post:de-verkoop-van-vulpennen" in lone


def test_top_limits_the_list_and_threshold_cuts_weak_links() -> None:
    items = [Item(f"k{i}", "winkel kassa", f"winkel kassa bon {i % 2}") for i in range(9)]
    assert all(len(m) == 3 for m in related_items(items, "nl", RelatedSettings(top=3)))
    strict = RelatedSettings(threshold=1.01)
    assert all(m == [] for m in related_items(items, "nl", strict))


def test_same_input_same_links_in_same_order_ties_by_key(make_show: ShowMaker) -> None:
    # Three identical posts: every score ties, so order falls back to the target's key.
    same = post("Klanten groeten", "Groet elke klant bij de deur, ook op drukke dagen.")
    root = make_show(posts={"2026-01-01-c": same, "2026-01-01-a": same, "2026-01-01-b": same})
    content, first = linked_show(root)
    assert targets(first["post:b"]) == ["post:a", "post:c"]
    assert first["post:a"][0].score == first["post:a"][1].score
    shuffled = list(content.posts)
    random.Random(4).shuffle(shuffled)
    again = relate(replace(content, posts=tuple(shuffled)), {})
    assert again == first
    assert relate(content, {}) == first


def test_build_writes_related_json(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(posts=SELLING)
    out = tmp_path / "site"
    build(BuildOptions(root=root, out=out, now=SAMPLE_NOW, offline=True))
    text = (out / "related.json").read_text("utf-8")
    data = json.loads(text)
    assert data["version"] == 2
    entry = data["items"]["post:een-goede-verkoper"]
    assert entry["url"] == "https://show.example/posts/een-goede-verkoper/"
    # Links name their target by key; title and URL are in the target's own item.
    targets = [data["items"][link["to"]] for link in entry["related"]]
    assert {t["slug"] for t in targets} == {"verkopen-aan-de-toonbank", "de-verkoop-van-vulpennen"}
    assert all(t["url"].startswith("https://show.example/posts/") for t in targets)
    assert all(r["score"] > 0 and r["reason"] and r["kind"] == "related" for r in entry["related"])
    assert all(round(r["score"], 3) == r["score"] for r in entry["related"])
    assert data["items"]["post:appeltaart-bakken"]["related"] == []
    # One item per line: a changed link shows up in a diff as its item's line.
    lines = text.splitlines()
    assert sum(line.startswith('"post:') for line in lines) == len(data["items"]) == 5


def test_agent_nouns_fold_only_onto_words_the_corpus_has() -> None:
    assert conflate({"winkelier", "winkel", "bakker"}, "nl") == {"winkelier": "winkel"}
    assert conflate({"verkoper", "verkoop"}, "en") == {}


def test_english_shows_use_english_stemming_and_stop_words() -> None:
    analyzer = Analyzer("en-GB")
    assert analyzer.terms("The prices of pricing") == {"price": 2}
    items = [
        Item("a", "Raising prices", "We raised our prices in March."),
        Item("b", "Pricing for small shops", "How to price a product."),
        Item("c", "Baking bread", "Flour, water, salt and an oven."),
    ]
    found = related_items(items, "en", RelatedSettings())
    assert [m.index for m in found[0]] == [1]
    assert found[0][0].terms[0] in {"prices", "pricing", "price"}
    assert found[2] == []
