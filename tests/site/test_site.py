"""The static site: every page parses strictly, every internal link and asset resolves,
players and chapters are right for each kind of hosting, user text is escaped, drafts are
marked only in previews, and templates and static files can be overridden by the show."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.enrich import EnrichOptions, enrich
from pipeline.link.pairing import pair
from pipeline.load import load_content
from pipeline.load.config import load_show
from pipeline.models import Linked, RelatedLink
from pipeline.notes import notes
from pipeline.render.bodies import post_bodies
from pipeline.render.links import linker
from pipeline.render.shownotes import render_notes
from pipeline.render.site import render_site
from pipeline.render.site.helpers import demote_headings
from pipeline.render.site.transcript import parse_cues
from pipeline.text.clock import format_clock
from tests.conftest import REPO, ShowMaker, episode
from tests.sitecheck import check_site, page_problems

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def tree(site: Path, page: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / page).read_bytes())


def built(root: Path, tmp_path: Path, drafts: bool = False, now: datetime = NOW) -> Path:
    out = tmp_path / ("preview" if drafts else "site")
    build(BuildOptions(root=root, out=out, now=now, offline=True, drafts=drafts))
    return out


# -- the sample show ------------------------------------------------------------------------


def test_sample_site_links_resolve_and_pages_parse(sample_site: Path) -> None:
    show = load_show(REPO)
    # podcast.toml names the hosts' own pages on the production site; the build has no
    # such pages, so those (and only those) are not followed.
    elsewhere = frozenset(h.href for h in show.hosts if h.href)
    problems, checked = check_site(sample_site, show.base_url, elsewhere)
    assert problems == []
    assert checked > 300  # navigation, feeds, CSS/JS, artwork, episodes <-> posts, tags
    pages = {p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html")}
    assert {"index.html", "404.html", "archive/index.html"} <= pages
    assert "episodes/001-waarom-kleine-winkels-toch-winnen/index.html" in pages
    assert "tags/klantcontact/index.html" in pages
    # The future episode (2027) is not in a published build.
    assert not any("007-" in p for p in pages)


def test_sample_pages_head_accessibility_and_feeds(sample_site: Path) -> None:
    show = load_show(REPO)
    page = tree(sample_site, "episodes/001-waarom-kleine-winkels-toch-winnen/index.html")
    assert page.get("lang") == "nl"
    assert page.xpath("//meta[@name='viewport']/@content") == [
        "width=device-width, initial-scale=1"
    ]
    alternates = dict(
        zip(
            page.xpath("//link[@rel='alternate']/@type"),
            page.xpath("//link[@rel='alternate']/@href"),
            strict=True,
        )
    )
    assert alternates["application/rss+xml"] == "../../feed.xml"
    if (sample_site / "posts.atom").is_file():
        assert alternates["application/atom+xml"] == "../../posts.atom"
    url = show.base_url + "episodes/001-waarom-kleine-winkels-toch-winnen/"
    assert page.xpath("//link[@rel='canonical']/@href") == [url]
    assert page.xpath("//meta[@property='og:url']/@content") == [url]
    assert page.xpath("//meta[@property='og:image']/@content") == [
        show.base_url + "media/artwork.png"
    ]
    assert page.xpath("//meta[@property='og:audio']/@content") == [
        "https://media.achterdetoonbank.example/afl-001.mp3"
    ]
    # The sample's audio is on the show's own host: our player (an <audio> element without
    # JavaScript, with the transcript as captions); chapter times seek it.
    (card,) = page.xpath("//div[@data-player]")
    assert len(card.xpath(".//audio[@controls]")) == 1
    assert card.xpath(".//track/@src") == [
        "../../transcripts/001-waarom-kleine-winkels-toch-winnen.vtt"
    ]
    assert card.get("data-chapters") == "../../chapters/001-waarom-kleine-winkels-toch-winnen.json"
    links = page.xpath("//section[@class='chapters']//a[@data-seek]")
    assert [b.get("data-seek") for b in links][:2] == ["0.0", "155.0"]
    assert links[1].get("href") == "https://media.achterdetoonbank.example/afl-001.mp3#t=155.0"
    assert {b.get("data-player") for b in links} == {card.get("id")}
    # Home: subscribe links carry the absolute feed URL for podcast apps.
    home = tree(sample_site, "index.html")
    hrefs = home.xpath("//section[@class='subscribe-strip']//a/@href")
    assert "podcast://achterdetoonbank.example/feed.xml" in hrefs
    assert "https://pcasts.in/feed/achterdetoonbank.example/feed.xml" in hrefs
    assert home.xpath("//img[@class='artwork']/@alt") == ["Hoesafbeelding van Achter de Toonbank"]


def test_post_links_to_markdown_files_become_page_links(sample_site: Path) -> None:
    page = tree(
        sample_site,
        "posts/wat-een-middag-observeren-ons-leerde-over-winkelinrichting/index.html",
    )
    hrefs = page.xpath("//div[@class='body']//a/@href")
    assert "../../posts/de-etalage-als-stille-verkoper/" in hrefs
    assert not [h for h in hrefs if h.endswith(".md")]


# -- small shows ----------------------------------------------------------------------------


SELF_HOSTED = """\
title: "Afl. 1: Zelf gehost"
number: 1
date: 2026-03-01 07:00
guid: urn:uuid:00000000-0000-4000-8000-000000000001
audio: audio/een.mp3
chapters:
  - start: "0:00"
    title: Begin
  - start: "0:30"
    title: Midden
post: 2026-03-01-zelf-gehost
"""
ON_SOUNDCLOUD = """\
title: "Afl. 2: Op SoundCloud"
number: 2
date: 2026-03-08 07:00
guid: tag:soundcloud,2010:tracks/123456
soundcloud: https://api.soundcloud.com/tracks/123456
audio: https://feeds.soundcloud.com/stream/123456-show-afl-2.mp3
length: 1000
summary: Een aflevering die alleen op SoundCloud staat.
chapters:
  - start: "1:00"
    title: Een hoofdstuk
"""
POST = """\
---
title: "Zelf gehost"
date: 2026-03-01 07:00
tags: [Winkel, audio]
---

Over prijzen < 10 euro & korting: <b>vet</b> mag, <script>alert("x")</script> niet.

# Een kop van niveau een
"""


@pytest.fixture(scope="session")
def tiny_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One second of a sine tone as a real MP3, made by ffmpeg."""
    path = tmp_path_factory.mktemp("audio") / "tone.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
         "-ac", "1", "-b:a", "32k", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture
def small_show(make_show: ShowMaker, tiny_mp3: bytes) -> Path:
    return make_show(
        episodes={"001-zelf": SELF_HOSTED, "002-sc": ON_SOUNDCLOUD, "003-later": episode(3)},
        posts={"2026-03-01-zelf-gehost": POST},
        files={"audio/een.mp3": tiny_mp3},
    )


def test_players_for_self_hosted_and_soundcloud(small_show: Path, tmp_path: Path) -> None:
    site = built(small_show, tmp_path)
    own = tree(site, "episodes/001-zelf/index.html")
    (source,) = own.xpath("//audio/source/@src")
    assert source == "../../audio/een.mp3"
    assert (site / "audio/een.mp3").is_file()
    assert own.xpath("//a[@data-seek]/@data-seek") == ["0.0", "30.0"]
    assert own.xpath("//a[@data-seek]/@aria-label")[1] == "Speel af vanaf 0:30: Midden"
    # Chapters appear once on the page: as the seek buttons, not again in the notes.
    assert own.xpath("count(//body//text()[contains(., 'Midden')])") == 1

    sc = tree(site, "episodes/002-sc/index.html")
    assert sc.xpath("//main//audio") == []
    (iframe,) = sc.xpath("//iframe[contains(@class, 'player')]")
    assert iframe.get("src").startswith("https://w.soundcloud.com/player/?url=")
    assert "api.soundcloud.com%2Ftracks%2F123456" in iframe.get("src")
    assert iframe.get("title") == "Speler: Afl. 2: Op SoundCloud"
    # Chapters are listed but cannot seek inside SoundCloud's player.
    assert sc.xpath("//*[@data-seek]") == []
    assert sc.xpath("//section[@class='chapters']//li/time/text()") == ["1:00"]

    # The post shows its episode's player and chapters.
    post = tree(site, "posts/zelf-gehost/index.html")
    assert post.xpath("//section[@class='listen']/p/a/@href") == ["../../episodes/001-zelf/"]
    assert post.xpath("//audio/source/@src") == ["../../audio/een.mp3"]
    assert post.xpath("//a[@rel='tag']/@href") == ["../../tags/winkel/", "../../tags/audio/"]
    # The test config's artwork is a URL under the base URL that the build does not hold.
    problems, _ = check_site(
        site, "https://show.example/", frozenset(["https://show.example/art.jpg"])
    )
    assert problems == []


def test_user_text_is_escaped_and_scripts_removed(small_show: Path, tmp_path: Path) -> None:
    site = built(small_show, tmp_path)
    raw = (site / "posts/zelf-gehost/index.html").read_text("utf-8")
    assert "prijzen &lt; 10 euro &amp; korting" in raw
    page = lxml_html.fromstring(raw)
    body = page.xpath("//div[@class='body']")[0]
    assert body.xpath(".//b/text()") == ["vet"]
    # The writer's sentence stays whole: the script shows as the text it is, never runs.
    assert '<script>alert("x")</script> niet.' in body.text_content()
    assert "<script>alert" not in raw
    assert page.xpath("//script/@src") == ["../../static/player.js"]  # only our own
    # The body's "# heading" is demoted below the page's single h1.
    assert body.xpath(".//h2/text()") == ["Een kop van niveau een"]
    assert page_problems(raw.encode()) == []


def test_script_title_renders_as_text(small_show: Path) -> None:
    """The loader rejects titles with tags; the templates escape them anyway."""
    content = load_content(small_show)
    content = enrich(content, content.episodes, EnrichOptions(offline=True))
    evil = '<script>alert("t")</script> & co'
    ep = replace(content.episodes_by_slug["002-sc"], title=evil, summary=evil)
    linked = Linked(content=content, pairs={})
    shown = render_notes(linked, notes(linked, [ep]))
    out = render_site(linked, [ep], content.posts, shown, post_bodies(linked, content.posts)).files
    raw = out["episodes/002-sc/index.html"]
    assert isinstance(raw, bytes)
    page = lxml_html.fromstring(raw)
    assert page.xpath("//h1/text()") == [evil]
    assert page.xpath("//title/text()")[0].startswith(evil)
    assert b"<script>alert" not in raw
    assert b"&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; co" in raw
    home = out["index.html"]
    assert isinstance(home, bytes)
    assert b"<script>alert" not in home


def test_related_items_are_linked_relatively(small_show: Path) -> None:
    content = load_content(small_show)
    content = enrich(content, content.episodes, EnrichOptions(offline=True))
    related = {
        "episode:002-sc": (
            RelatedLink("post:zelf-gehost", 0.4, "tags"),
            RelatedLink("episode:001-zelf", 0.9, "title"),
            RelatedLink("post:bestaat-niet", 1.0, "gone"),
        )
    }
    linked = Linked(content=content, pairs=pair(content).pairs, related=related)
    shown = render_notes(linked, notes(linked))
    out = render_site(
        linked, content.episodes, content.posts, shown, post_bodies(linked, content.posts)
    ).files
    page = lxml_html.fromstring(out["episodes/002-sc/index.html"])  # type: ignore[arg-type]
    # Listed once: by the show notes section when it has one, else by the page itself.
    hrefs = page.xpath("//h2[text()='Lees en luister ook']/following-sibling::ul[1]//a/@href")
    assert sorted(hrefs) == ["../../episodes/001-zelf/", "../../posts/zelf-gehost/"]
    assert len(page.xpath("//h2[text()='Lees en luister ook']")) == 1


def test_base_url_with_a_path(make_show: ShowMaker, tmp_path: Path) -> None:
    from tests.conftest import BASIC_CONFIG

    config = BASIC_CONFIG.replace(
        'base_url = "https://show.example/"', 'base_url = "https://x.example/podcast/"'
    )
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-zelf-gehost")},
        posts={"2026-03-01-zelf-gehost": POST},
        config=config,
    )
    site = built(root, tmp_path)
    problems, checked = check_site(site, "https://x.example/podcast/")
    assert problems == []
    assert checked > 20
    # The 404 page is shown at any depth, so its links are absolute paths.
    missing = tree(site, "404.html")
    assert missing.xpath("//main//a/@href") == ["/podcast/", "/podcast/archive/"]
    assert missing.xpath("//link[@rel='stylesheet']/@href") == ["/podcast/static/style.css"]
    ep = tree(site, "episodes/001-a/index.html")
    assert ep.xpath("//link[@rel='canonical']/@href") == [
        "https://x.example/podcast/episodes/001-a/"
    ]
    # The paired article is on the episode page, with a relative link to its own page.
    assert "../../posts/zelf-gehost/" in ep.xpath("//section[@class='article']//a/@href")


def test_drafts_only_in_preview(small_show: Path, tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # episodes 2 and 3 are still to come
    published = built(small_show, tmp_path, now=now)
    assert not (published / "episodes/002-sc/index.html").exists()
    assert tree(published, "episodes/001-zelf/index.html").xpath("//*[@role='status']") == []

    preview = built(small_show, tmp_path, drafts=True, now=now)
    page = tree(preview, "episodes/002-sc/index.html")
    assert page.xpath("//*[@role='status']/text()") == ["Concept: nog niet gepubliceerd"]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    home = tree(preview, "index.html")
    drafts = home.xpath("//*[contains(@class, 'draft')]//*[self::h2 or self::h3]/a/text()")
    assert drafts == ["Afl. 2: Op SoundCloud", "Afl. 3: Onderwerp 3"]
    assert tree(preview, "episodes/001-zelf/index.html").xpath("//*[@role='status']") == []


def test_show_templates_and_static_override(small_show: Path, tmp_path: Path) -> None:
    (small_show / "templates").mkdir()
    (small_show / "templates/tag.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Eigen: {{ tag.name }}</h1>{% endblock %}',
        "utf-8",
    )
    (small_show / "static").mkdir()
    (small_show / "static/style.css").write_text("body { color: teal; }\n", "utf-8")
    (small_show / "static/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    site = built(small_show, tmp_path)
    assert tree(site, "tags/winkel/index.html").xpath("//h1/text()") == ["Eigen: Winkel"]
    assert (site / "static/style.css").read_text("utf-8") == "body { color: teal; }\n"
    assert (site / "static/logo.svg").is_file()
    assert (site / "static/player.js").is_file()  # package files stay unless replaced


def test_a_show_s_own_dock_may_use_what_pages_use(small_show: Path, tmp_path: Path) -> None:
    """The package's dock is rendered once per build; a show's own _dock.html is included
    in each page as before, with the show and the page's links."""
    (small_show / "templates").mkdir()
    (small_show / "templates/_dock.html").write_text(
        '<aside id="eigen-dock">{{ show.title }} <a href="{{ link(\'archive/\') }}">a</a></aside>',
        "utf-8",
    )
    site = built(small_show, tmp_path)
    dock = tree(site, "tags/winkel/index.html").xpath("//aside[@id='eigen-dock']")[0]
    assert dock.xpath("a/@href") == ["../../archive/"]
    assert tree(site, "index.html").xpath("//aside[@id='eigen-dock']/a/@href") == ["archive/"]


def test_archive_and_tags(small_show: Path, tmp_path: Path) -> None:
    site = built(small_show, tmp_path)
    archive = tree(site, "archive/index.html")
    assert archive.xpath("//section[@aria-labelledby='archive-episodes']//a/text()") == [
        "Afl. 2: Op SoundCloud",
        "Afl. 3: Onderwerp 3",
        "Afl. 1: Zelf gehost",
    ]
    assert archive.xpath("//section[@aria-labelledby='archive-tags']//a/@href") == [
        "../tags/audio/",
        "../tags/winkel/",
    ]
    tag = tree(site, "tags/audio/index.html")
    assert tag.xpath("//main//li/a/@href") == ["../../posts/zelf-gehost/"]


# -- helpers --------------------------------------------------------------------------------


def test_relative_links_from_each_depth() -> None:
    assert linker("index.html")("") == "./"
    assert linker("index.html")("posts/a/") == "posts/a/"
    assert linker("episodes/x/index.html")("") == "../../"
    assert linker("archive/index.html")("static/style.css") == "../static/style.css"
    assert linker("404.html", "/podcast/")("archive/") == "/podcast/archive/"


def test_strict_checker_catches_broken_pages() -> None:
    good = b'<!doctype html><html lang="nl"><body><h1>A</h1><h2>B</h2></body></html>'
    assert page_problems(good) == []
    bad = b"<!doctype html><html><body><h1>A</h1><h3>C</h3><p><b>x</p><img src=a></body>"
    problems = page_problems(bad)
    assert "<html> without lang" in problems
    assert "heading h3 follows h1" in problems
    assert "</p> closes <b>" in problems
    assert "<img src='a'> without alt text" in problems


def test_headings_demoted_and_clock() -> None:
    assert demote_headings("<h1>a</h1><h3>b</h3>") == "<h2>a</h2><h4>b</h4>"
    assert demote_headings("<h2>a</h2>") == "<h2>a</h2>"
    assert format_clock(155) == "2:35"
    assert format_clock(3723) == "1:02:03"


def test_transcript_cues_from_srt_and_vtt() -> None:
    srt = (
        "1\n00:00:01,500 --> 00:00:03,000\nHallo\nwereld\n\n2\n00:01:02,000 --> 00:01:04,000\nDag\n"
    )
    assert [(c.start, c.text) for c in parse_cues(srt)] == [(1.5, "Hallo wereld"), (62.0, "Dag")]
    vtt = "WEBVTT\n\nNOTE iets\n\n00:05.000 --> 00:07.000\n<v Fenna>Goedemorgen &amp; welkom\n"
    (cue,) = parse_cues(vtt)
    assert (cue.start, cue.speaker, cue.text) == (5.0, "Fenna", "Goedemorgen &amp; welkom")
