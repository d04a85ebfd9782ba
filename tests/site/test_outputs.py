"""The files around the pages: sitemap.xml and robots.txt, an Atom feed per tag, the feed's
stylesheet (a page for people who open feed.xml, ignored by podcast apps), and the site's
own search index, built in memory from the pages' articles."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import podcastparser
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.render.site.links import HREF, linked_pages, page_key
from pipeline.render.site.search import page_text, search_index, term_counts
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
POST = """\
---
title: "{title}"
date: {date} 09:00
tags: [{tags}]
---

{text}
"""


def show(make_show: ShowMaker, config: str = BASIC_CONFIG) -> Path:
    return make_show(
        episodes={"001-a": episode(1, post="2026-03-01-kassa"), "002-b": episode(2)},
        posts={
            "2026-03-01-kassa": POST.format(
                title="De kassa", date="2026-03-01", tags="Kassa, Winkel", text="Over de kassa."
            ),
            "2026-02-01-etalage": POST.format(
                title="De etalage", date="2026-02-01", tags="winkel", text="Over de etalage."
            ),
            "2027-01-01-later": POST.format(
                title="Later", date="2027-01-01", tags="winkel", text="Nog niet."
            ),
        },
        config=config,
    )


def built(root: Path, tmp_path: Path, drafts: bool = False) -> Path:
    out = tmp_path / ("preview" if drafts else "site")
    build(BuildOptions(root=root, out=out, now=NOW, offline=True, drafts=drafts))
    return out


def test_sitemap_and_robots(make_show: ShowMaker, tmp_path: Path) -> None:
    site = built(show(make_show), tmp_path)
    tree = etree.parse(str(site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert locs[:3] == [
        "https://show.example/",
        "https://show.example/archive/",
        "https://show.example/subscribe/",
    ]
    assert "https://show.example/episodes/002-b/" in locs
    assert "https://show.example/posts/kassa/" in locs
    assert "https://show.example/tags/winkel/" in locs
    assert not [loc for loc in locs if "later" in loc or "404" in loc or "search" in loc]
    lastmod = tree.xpath("//s:url[s:loc='https://show.example/posts/kassa/']/s:lastmod/text()",
                         namespaces=ns)  # fmt: skip
    assert lastmod == ["2026-03-01"]
    assert (site / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\nSitemap: https://show.example/sitemap.xml\n"
    )
    # Drafts exist only in the preview, and are never in its sitemap.
    preview = built(show(make_show), tmp_path, drafts=True)
    assert (preview / "posts/later/index.html").is_file()
    assert "later" not in (preview / "sitemap.xml").read_text()


def test_a_feed_per_tag(make_show: ShowMaker, tmp_path: Path) -> None:
    site = built(show(make_show), tmp_path)
    parsed = feedparser.parse((site / "tags/winkel/feed.atom").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Testshow: Winkel"  # the tag as first written
    assert [e.title for e in parsed.entries] == ["De kassa", "De etalage"]
    assert parsed.feed.link == "https://show.example/tags/winkel/"
    kassa = feedparser.parse((site / "tags/kassa/feed.atom").read_bytes())
    assert kassa.feed.title == "Testshow: Kassa"
    assert [e.title for e in kassa.entries] == ["De kassa"]
    # The paired episode comes along, as in posts.atom.
    assert [link.href for link in kassa.entries[0].links if link.rel == "related"] == [
        "https://show.example/episodes/001-a/"
    ]
    tag = lxml_html.fromstring((site / "tags/kassa/index.html").read_bytes())
    own = "../../tags/kassa/feed.atom"
    assert tag.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")[-1] == own
    assert tag.xpath("//main//a[@type='application/atom+xml']/@href") == [own]


def test_feed_shows_as_a_page_and_apps_still_read_it(make_show: ShowMaker, tmp_path: Path) -> None:
    site = built(show(make_show), tmp_path)
    feed = (site / "feed.xml").read_bytes()
    assert feed.splitlines()[1] == b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>'
    # Podcast apps' parsers skip the processing instruction.
    parsed = feedparser.parse(feed)
    assert not parsed.bozo and len(parsed.entries) == 2
    podcast = podcastparser.parse("https://show.example/feed.xml", io.BytesIO(feed))
    assert [e["title"] for e in podcast["episodes"]] == [
        "Afl. 2: Onderwerp 2",
        "Afl. 1: Onderwerp 1",
    ]
    # A browser applies feed.xsl: a page with the feed URL to copy and the episodes.
    transform = etree.XSLT(etree.parse(str(site / "feed.xsl")))
    page = transform(etree.fromstring(feed))
    html = lxml_html.fromstring(str(page))
    assert html.get("lang") == "nl"
    assert html.xpath("//input/@value") == ["https://show.example/feed.xml"]
    assert html.xpath("//h1/text()") == ["Podcastfeed: Testshow"]
    assert html.xpath("//ul[@class='items']//a/text()") == [
        "Afl. 2: Onderwerp 2",
        "Afl. 1: Onderwerp 1",
    ]
    assert "AntennaPod" in html.xpath("//ul[@class='apps']//a/span/text()")


def test_search_index_is_built_with_the_site(make_show: ShowMaker, tmp_path: Path) -> None:
    site = built(show(make_show), tmp_path)
    data = site / "search" / "data"
    docs = json.loads((data / "docs.json").read_text("utf-8"))
    assert [path for path, _ in docs] == sorted(path for path, _ in docs)
    assert all(path.startswith(("episodes/", "posts/")) for path, _ in docs)
    terms = {p.name for p in (data / "terms").iterdir()}
    assert terms and all(re.fullmatch(r"[a-z0-9_]+\.json", name) for name in terms)
    page = lxml_html.fromstring((site / "search/index.html").read_bytes())
    assert page.xpath("//form[@data-search]/@data-index") == ["../search/data/"]
    assert page.xpath("//script/@src") == ["../static/player.js", "../static/search.js"]
    # Unchanged pages give the same bytes: a rebuild with nothing new writes nothing.
    again = built(show(make_show), tmp_path / "again")
    for path in data.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (again / path.relative_to(site)).read_bytes(), path


def test_search_can_be_switched_off(make_show: ShowMaker, tmp_path: Path) -> None:
    root = show(make_show, BASIC_CONFIG + "\n[site]\nsearch = false\n")
    site = built(root, tmp_path)
    assert not (site / "search").exists()
    home = lxml_html.fromstring((site / "index.html").read_bytes())
    assert not [h for h in home.xpath("//a/@href") if "search" in h]


def test_the_index_holds_the_article_and_not_the_skipped_parts() -> None:
    page = (
        '<!doctype html><html lang="nl"><head><title>A · Show</title></head><body>'
        "<nav>menu</nav><main><article class=post><h1>De &amp; kassa</h1>"
        "<!--search:skip--><p class=meta>4 maart</p><!--/search:skip-->"
        "<p>Éen <b>kassabon</b> naast de kassa, en nog een kassa.</p>"
        "<!--search:skip--><section class=related>Andere post</section><!--/search:skip-->"
        "</article></main><section id='dock'>speler</section></body></html>"
    )
    assert page_text(page) is not None
    title, _ = page_text(page) or ("", "")
    assert title == "De & kassa"
    out = search_index({"posts/a/index.html": page.encode()}, "nl")
    assert json.loads(out["search/data/docs.json"]) == [["posts/a/", "De & kassa"]]
    shard = json.loads(out["search/data/terms/kas.json"])  # type: ignore[arg-type]
    assert shard == {"kassa": [0, 3], "kassabon": [0, 1]}  # the title counts too
    een = (
        json.loads(out["search/data/terms/een.json"]) if "search/data/terms/een.json" in out else {}
    )
    assert een == {}  # a stop word ("een", accents folded) is not indexed
    every = b"".join(v for v in out.values() if isinstance(v, bytes))
    assert b"maart" not in every and b"andere" not in every and b"menu" not in every
    assert term_counts("Één KASSA-bon kassa") == {"een": 1, "kassa": 2, "bon": 1}


def test_shard_names_are_plain_ascii() -> None:
    out = search_index(
        {"posts/a/index.html": "<article><h1>x</h1><p>één ærø 漢字です</p></article>".encode()},
        "nl",
    )
    names = sorted(n.removeprefix("search/data/terms/") for n in out if "/terms/" in n)
    # "één" folds to the stop word "een"; "ærø" keeps its letters; "です" decomposes.
    assert names == ["_c3a6r_c3b8.json", "_e6bca2_e5ad97_e381a6.json"]


def _words_by_the_pattern(text: str) -> list[str]:
    """What ``term_counts`` counts, the slow way (and what ``static/search.js`` does)."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return re.findall(r"[^\W_]+", re.sub("[\u0300-\u036f]", "", folded))


# Typographic marks (guillemets, dashes, curly quotes, bullet) and letters that fold.
MARKS = "\u00ab\u00b7\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2022"


@given(st.text(st.characters(codec="utf-8") | st.sampled_from(MARKS + "_-'é ΣΑ")))
@example("Één KASSA-bon_2 ‘quote’ — en… Straße ærø 漢字です ½ \u00a0x\u2009y")
@example("plain ascii, with_underscores and 3.14 numbers")
@example("\ud800 surrogate")  # not in UTF-8, but str allows it
@example("ﬁ ligature, Ⅻ numeral, ² superscript")  # NFKD turns them into letters, digits
@example("ΟΔΟΣ ΟΔΟΣ.")  # final sigma: lower case depends on what follows the letter
@example("a-\u0301b café CAFÉ\u00a0x \ufb01x ½")  # a lone accent; NFKD making spaces, letters
def test_term_counts_count_the_runs_of_letters_and_digits(text: str) -> None:
    assert term_counts(text) == Counter(_words_by_the_pattern(text))


@given(
    st.lists(
        st.sampled_from([' href="', 'href="', '"', " ", "\t", "\u00a0", "a", "/", "#x", "x/"]),
        max_size=30,
    ).map("".join)
)
@example(' href="a" href="b"')
@example('xhref="a" href="b"')
@example(' href="a href="b"')
@example('\u2003href="../x/index.html#y" href="')
def test_linked_pages_are_the_href_pattern_s(html: str) -> None:
    assert linked_pages(html) == {page_key(h) for h in HREF.findall(html)}
