"""What each page holds, read from the built HTML: the episode page in a listener's order
(artwork, play, summary, chapters, people, article, related, transcript once), the home
page's newest episode first, "Lees ook" lines as links and no link twice, numbered lists
that keep their numbers, social cards with the episode's artwork, captions from SRT, and
SoundCloud episodes in our player when the show allows it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from pipeline.link.text import BLOCK_BEGIN
from pipeline.render.markdown import to_html
from tests.audiogen import mp3_frames
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker, episode
from tests.sitecheck import check_site

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
EPISODE = """\
title: "Afl. 1: De kassa"
number: 1
date: 2026-03-04 07:00
guid: urn:uuid:5b0e8a52-4c1e-4d55-9d0e-1f6a1d2c3b01
audio: audio/kassa.mp3
duration: "1:00"
image: art/kassa.png
summary: Over de plek waar elke klant eindigt.
transcript: transcripts/kassa.srt
guests:
  - name: Ilse de Wit
    href: https://ilse.example/
    img: https://ilse.example/ilse.jpg
  - name: Bram Kok
chapters:
  - start: "0:00"
    title: Welkom
  - start: "0:20"
    title: Naast de kassa
post: 2026-03-04-de-kassa
"""
SRT = """\
1
00:00:01,500 --> 00:00:04,000
Welkom bij de kassa.

2
00:00:20,000 --> 00:00:24,000
Hier ligt het kauwgomrekje.
"""
KASSA = """\
---
title: "De kassa"
date: 2026-03-04 07:00
tags: [kassa]
---

De kassa is de laatste plek die een klant ziet.

## Drie dingen

Eerst dit.

3. derde punt
4. vierde punt

Lees ook: Drukte in december
"""
DRUKTE = """\
---
title: "Drukte in december"
date: 2026-02-10 09:00
tags: [kassa]
---

In december staat er een rij bij de kassa, en de klant wil snel afrekenen.
"""
PINNEN = """\
---
title: "Pinnen aan de kassa"
date: 2026-02-20 09:00
tags: [kassa]
---

Pinnen gaat sneller dan contant betalen bij de kassa, zegt elke klant.
"""


def page(site: Path, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / path).read_bytes())


def make(make_show: ShowMaker, tiny_png: bytes, config: str = BASIC_CONFIG) -> Path:
    return make_show(
        episodes={"001-kassa": EPISODE},
        posts={
            "2026-03-04-de-kassa": KASSA,
            "2026-02-10-drukte": DRUKTE,
            "2026-02-20-pinnen": PINNEN,
        },
        files={
            "audio/kassa.mp3": mp3_frames(),
            "art/kassa.png": tiny_png,
            "transcripts/kassa.srt": SRT,
        },
        config=config,
    )


def built(root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, now=NOW, offline=True))
    return out


def test_episode_page_in_a_listeners_order(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    site = built(make(make_show, tiny_png), tmp_path)
    ep = page(site, "episodes/001-kassa/index.html")
    article = ep.xpath("//main/article")[0]
    # Artwork (a small copy of the episode's own), title, then the play button.
    art = article.xpath("./header/img")[0]
    assert art.get("src") == "../../media/kassa-png-320.webp"
    assert (
        art.get("srcset") == "../../media/kassa-png-320.webp 1x, ../../media/kassa-png-480.webp 2x"
    )
    assert (site / "media/kassa-png-320.webp").read_bytes()[8:12] == b"WEBP"
    assert article.xpath("./header//h1/text()") == ["Afl. 1: De kassa"]
    assert article.xpath("./header//button[@class='play-button']/@hidden") == [""]
    # Then the summary before the chapters, who you hear, the article, the transcript.
    sections = [s.get("class") or s.tag for s in article.xpath("./*[self::div or self::section]")]
    assert sections == ["summary", "chapters", "people", "article", "related", "transcript"]
    assert article.xpath("./div[@class='summary']/p/text()") == [
        "Over de plek waar elke klant eindigt."
    ]
    # Guests with their link and picture; a guest without one gets an initial.
    people = article.xpath(".//section[@class='people']//li")
    assert [p.xpath("string(.//*[@class='name'])") for p in people] == [
        "Ilse de Wit",
        "Bram Kok",
    ]
    assert people[0].xpath(".//img/@src") == ["https://ilse.example/ilse.jpg"]
    assert people[0].xpath(".//a/@href") == ["https://ilse.example/"]
    assert people[1].xpath(".//span[@class='initials']/text()") == ["B"]
    # The article itself, its headings below the page's own.
    body = article.xpath(".//section[@class='article']/div[@class='body']")[0]
    assert body.xpath(".//h3/text()") == ["Drie dingen"]
    # The transcript's label appears once; its lines seek the player.
    assert ep.xpath("count(//*[normalize-space(text())='Uitgeschreven tekst'])") == 1
    cues = article.xpath(".//div[@class='cues']/p[@class='cue']")
    assert [c.get("data-start") for c in cues] == ["1.5", "20.0"]
    assert cues[1].xpath("./a/@href") == ["../../audio/kassa.mp3#t=20.0"]
    problems, _ = check_site(
        site, "https://show.example/", frozenset(["https://show.example/art.jpg"])
    )
    assert problems == []


def test_player_without_javascript_and_captions_from_srt(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    site = built(make(make_show, tiny_png), tmp_path)
    ep = page(site, "episodes/001-kassa/index.html")
    (card,) = ep.xpath("//main//div[@data-player]")
    # A plain <audio> with the transcript as captions, for browsers without JavaScript.
    assert card.xpath(".//audio[@controls]/source/@src") == ["../../audio/kassa.mp3"]
    (track,) = card.xpath(".//track")  # libxml2 nests it in <source>: a void it does not know
    assert (track.get("kind"), track.get("src"), track.get("srclang")) == (
        "captions",
        "../../transcripts/001-kassa.vtt",
        "nl",
    )
    # <track> reads WebVTT only: the SRT transcript gets a WebVTT copy; the feed keeps its SRT.
    vtt = (site / "transcripts/001-kassa.vtt").read_text("utf-8")
    assert vtt.startswith("WEBVTT\n\n1\n00:00:01.500 --> 00:00:04.000\nWelkom bij de kassa.")
    assert (site / "transcripts/001-kassa.srt").is_file()
    assert card.get("data-chapters") == "../../chapters/001-kassa.json"
    assert card.get("data-captions") == "../../transcripts/001-kassa.vtt"
    # The dock is there for JavaScript to fill, hidden until then.
    assert ep.xpath("//section[@id='dock']/@hidden") == [""]
    assert ep.xpath("//section[@id='dock']//audio/@src") == []


def test_home_page_opens_with_the_newest_episode(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    root = make(make_show, tiny_png)
    (root / "episodes/005-later.yaml").write_text(episode(5, summary="Nieuwer."), "utf-8")
    site = built(root, tmp_path)
    home = page(site, "index.html")
    main = home.xpath("//main")[0]
    first = main.xpath("./*")[:2]
    assert first[0].tag == "h1"
    assert first[1].get("class") == "head-grid newest"
    assert first[1].xpath(".//h2/a/text()") == ["Afl. 5: Onderwerp 5"]
    assert first[1].xpath(".//button[@class='play-button']")
    assert main.xpath(".//section[@aria-labelledby='latest-episodes']//h3/a/text()") == [
        "Afl. 1: De kassa"
    ]


def test_social_cards_carry_the_episode_artwork(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    site = built(make(make_show, tiny_png), tmp_path)
    for path in ("episodes/001-kassa/index.html", "posts/de-kassa/index.html"):
        head = page(site, path)
        assert head.xpath("//meta[@property='og:image']/@content") == [
            "https://show.example/media/kassa.png"
        ]
        assert head.xpath("//meta[@name='twitter:image']/@content") == [
            "https://show.example/media/kassa.png"
        ]
        assert head.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
        assert head.xpath("//meta[@property='og:image:alt']/@content")[0].startswith(
            "Hoesafbeelding van"
        )
    home = page(site, "index.html")
    assert home.xpath("//meta[@name='twitter:image']/@content") == ["https://show.example/art.jpg"]


def test_numbered_lists_keep_their_start() -> None:
    assert '<ol start="4">' in to_html("Tekst\n\n4. vier\n5. vijf\n")
    assert "<ol>" in to_html("1. een\n2. twee\n")
    # Only a number survives the sanitiser.
    assert to_html('<ol start="x" onclick="y"><li>a</li></ol>').strip() == "<ol><li>a</li></ol>"


def test_lees_ook_lines_link_and_nothing_is_listed_twice(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    root = make(make_show, tiny_png)
    post = page(built(root, tmp_path / "a"), "posts/de-kassa/index.html")
    body = post.xpath("//div[@class='body']")[0]
    # "Lees ook: Drukte in december" resolved to that post: the title is now its link.
    assert body.xpath(".//p[starts-with(., 'Lees ook')]/a/@href") == ["../../posts/drukte/"]
    assert body.xpath(".//ol/@start") == ["3"]
    related = post.xpath("//section[@class='related']//a/@href")
    assert "../../posts/drukte/" not in related  # linked above already
    assert "../../posts/pinnen/" in related

    # After `pipeline link --write` the post holds its own "Lees ook" block: still one link
    # per post on the page.
    result = CliRunner().invoke(
        main, ["link", "--root", str(root), "--now", "2026-06-01T12:00+02:00", "--write"]
    )
    assert result.exit_code == 0, result.output
    assert BLOCK_BEGIN in (root / "posts/2026-03-04-de-kassa.md").read_text("utf-8")
    post = page(built(root, tmp_path / "b"), "posts/de-kassa/index.html")
    hrefs = [h for h in post.xpath("//main//a/@href") if h.startswith("../../posts/")]
    assert "../../posts/pinnen/" in hrefs
    assert len(hrefs) == len(set(hrefs)), hrefs


def test_soundcloud_episodes_use_our_player_when_the_show_streams(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    sc = (
        'title: "Afl. 2: Op SoundCloud"\nnumber: 2\ndate: 2026-03-08 07:00\n'
        "guid: tag:soundcloud,2010:tracks/123456\n"
        "soundcloud: https://api.soundcloud.com/tracks/123456\n"
        "audio: https://feeds.soundcloud.com/stream/123456-show-afl-2.mp3\nlength: 1000\n"
    )
    embed = built(make_show(episodes={"002-sc": sc}), tmp_path / "a")
    assert (
        page(embed, "episodes/002-sc/index.html")
        .xpath("//main//iframe/@src")[0]
        .startswith("https://w.soundcloud.com/player/?url=")
    )
    config = BASIC_CONFIG + '\n[site]\nsoundcloud_player = "stream"\n'
    root = make_show(episodes={"002-sc": sc}, config=config)
    stream = page(built(root, tmp_path / "b"), "episodes/002-sc/index.html")
    assert stream.xpath("//main//iframe") == []
    assert stream.xpath("//main//div[@data-player]/@data-src") == [
        "https://feeds.soundcloud.com/stream/123456-show-afl-2.mp3"
    ]


def test_sample_show_pages_have_no_inline_script_or_style(sample_site: Path) -> None:
    """A strict Content-Security-Policy (script-src 'self', no inline styles) can be set."""
    for path in sample_site.rglob("*.html"):
        tree = lxml_html.fromstring(path.read_bytes())
        assert tree.xpath("//script[not(@src)]") == [], path
        assert tree.xpath("//*[@style]") == [], path
        assert not [a for a in tree.xpath("//@*") if a.attrname.startswith("on")], path
    # Page weight: our scripts and styles, unminified, with their comments.
    static = REPO / "pipeline/render/static"
    assert sum(p.stat().st_size for p in static.glob("*.[jc]s*")) < 50_000


def test_a_shows_own_templates_from_before_still_build(
    make_show: ShowMaker, tiny_png: bytes, tmp_path: Path
) -> None:
    root = make(make_show, tiny_png)
    (root / "templates").mkdir()
    (root / "templates/episode.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ episode.title }}</h1>'
        '<div class="notes">{{ notes_html | safe }}</div>{% endblock %}',
        "utf-8",
    )
    (root / "templates/index.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>{{ show.title }}</h1>'
        "{% for entry in latest %}<h2>{{ entry.episode.title }}</h2>"
        '{% with player = entry.player %}{% include "_player.html" %}{% endwith %}'
        "{% endfor %}{% endblock %}",
        "utf-8",
    )
    site = built(root, tmp_path)
    ep = page(site, "episodes/001-kassa/index.html")
    assert ep.xpath("//div[@class='notes']//a/@href")  # the show notes, links relative
    assert all(not h.startswith("https://show.example/posts/") for h in ep.xpath("//a/@href"))
    home = page(site, "index.html")
    assert home.xpath("//h2/text()") == ["Afl. 1: De kassa"]
    assert home.xpath("//div[@data-player]//audio/source/@src") == ["audio/kassa.mp3"]


def test_old_addresses_of_posts_point_at_their_pages(make_show: ShowMaker, tmp_path: Path) -> None:
    """A pointer written as a link, and a link to an old (Jekyll) address, both resolved by
    the linker, lead to the posts' pages on this site."""
    text = KASSA.replace(
        "Lees ook: Drukte in december",
        "Lees ook: [Drukte](/2026/02/10/drukte.html)\n\n"
        "Zie [de pinautomaat](/2026/02/20/pinnen.html) en [elders](https://elders.example/).",
    )
    root = make_show(
        posts={
            "2026-03-04-de-kassa": text,
            "2026-02-10-drukte": DRUKTE,
            "2026-02-20-pinnen": PINNEN,
        }
    )
    post = page(built(root, tmp_path), "posts/de-kassa/index.html")
    links = dict(zip(post.xpath("//div[@class='body']//a/text()"),
                     post.xpath("//div[@class='body']//a/@href"), strict=True))  # fmt: skip
    assert links == {
        "Drukte": "../../posts/drukte/",
        "de pinautomaat": "../../posts/pinnen/",
        "elders": "https://elders.example/",
    }
    assert post.xpath("//section[@class='related']") == []  # both related posts linked above
