"""The feeds against the specifications: Apple's RSS rules, Podcasting 2.0, JSON chapters,
Atom and XML itself, checked with XPath on feeds built from small shows of our own."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import podcastparser
from lxml import etree

from pipeline.build import BuildOptions, build
from pipeline.spec.podcasting20 import PODCAST_NS, ROLE_EXPECTED
from tests.audiogen import mp3_frames
from tests.build.test_bad_input import errors, run
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
    "podcast": PODCAST_NS,
}
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def built(root: Path) -> Path:
    out = root / "site"
    build(BuildOptions(root=root, out=out, now=NOW))
    return out


def parse(path: Path) -> etree._Element:
    """Parse strictly: a feed that is not well-formed XML fails here."""
    return etree.fromstring(path.read_bytes(), etree.XMLParser(recover=False))


# -- XML well-formedness under hostile text ---------------------------------------------


def test_control_characters_in_a_post_do_not_break_the_feeds(make_show: ShowMaker) -> None:
    # Word's manual line break (vertical tab), a terminal escape, a bell and a non-character.
    body = (
        "Eerste alinea met een\x0bzachte regelovergang, een \x1b[1mescape\x1b[0m, een bel\x07"
        " en \ufffe, 🎙️ en עברית.\n\n## Wat we leerden\x0c\n\nMeer tekst.\n"
    )
    root = make_show(
        episodes={"001-a": episode(1, post="a", summary='"Kort\\vmaar \\e goed"')},
        posts={"2026-03-01-a": f'---\ntitle: "Afl. 1"\ndate: 2026-03-01\n---\n\n{body}'},
    )
    site = built(root)
    feed, atom = parse(site / "feed.xml"), parse(site / "posts.atom")
    assert feed.xpath("string(//item/description)").startswith("<p>Kort maar goed</p>")
    assert feed.xpath("string(//item/itunes:summary)", namespaces=NS).startswith("Kort maar goed\n")
    atom_html = atom.xpath("string(//atom:entry/atom:content)", namespaces=NS)
    assert "Eerste alinea met een zachte regelovergang, een [1mescape[0m, een bel en ," in atom_html
    assert "🎙️ en עברית" in atom_html
    assert not feedparser.parse((site / "feed.xml").read_bytes()).bozo
    assert not feedparser.parse((site / "posts.atom").read_bytes()).bozo


# -- posts.atom ----------------------------------------------------------------------------


def test_atom_entry_links_are_absolute(make_show: ShowMaker) -> None:
    # A feed reader resolves relative links against posts.atom, not against the post page.
    body = (
        "Zie [de vorige post](2026-03-01-eerste.md#slot), [een pagina](../eerste/) en\n"
        "[een anker](#kop).\n\n![De etalage](etalage.jpg)\n\n[Extern](https://elders.example/x)\n"
    )
    root = make_show(
        posts={
            "2026-03-01-eerste": '---\ntitle: "Eerste"\ndate: 2026-03-01\n---\n\nTekst.\n',
            "2026-03-08-tweede": f'---\ntitle: "Tweede"\ndate: 2026-03-08\n---\n\n{body}',
        },
    )
    atom = parse(built(root) / "posts.atom")
    (content,) = atom.xpath("//atom:entry[atom:title='Tweede']/atom:content/text()", namespaces=NS)
    html = etree.HTML(content)
    assert html.xpath("//a/@href") == [
        "https://show.example/posts/eerste/#slot",
        "https://show.example/posts/eerste/",
        "https://show.example/posts/tweede/#kop",
        "https://elders.example/x",
    ]
    assert html.xpath("//img/@src") == ["https://show.example/posts/tweede/etalage.jpg"]
    # feedparser (as a reader would) sees the same absolute targets
    entry = next(e for e in feedparser.parse(etree.tostring(atom)).entries if e.title == "Tweede")
    assert "https://show.example/posts/eerste/#slot" in entry.content[0].value


# -- Podcasting 2.0 ------------------------------------------------------------------------


def test_person_roles_and_groups_follow_the_taxonomy(make_show: ShowMaker) -> None:
    guests = (
        "\nguests:\n"
        "  - {name: Anna, role: Guest}\n"
        "  - {name: Bram, role: Co-Host}\n"
        "  - {name: Cas, role: Producer}\n"
        "  - {name: Dewi, role: audio  engineer}\n"
        "  - {name: Eva, role: editor}\n"
    )
    root = make_show(episodes={"001-a": episode(1) + guests})
    item = parse(built(root) / "feed.xml").xpath("//item")[0]
    people = [
        (p.text, p.get("role"), p.get("group")) for p in item.xpath("podcast:person", namespaces=NS)
    ]
    # Without a group attribute readers assume "cast": a producer must say otherwise.
    assert people == [
        ("Anna", "guest", None),
        ("Bram", "co-host", None),
        ("Cas", "producer", "creative direction"),
        ("Dewi", "audio engineer", "audio production"),
        ("Eva", "editor", "writing"),
    ]
    parsed = podcastparser.parse("feed.xml", (root / "site" / "feed.xml").open("rb"))
    groups = {p["name"]: p["group"] for p in parsed["episodes"][0]["persons"]}
    assert groups == {
        "Anna": "cast",
        "Bram": "cast",
        "Cas": "creative direction",
        "Dewi": "audio production",
        "Eva": "writing",
    }


def test_chapters_from_the_post_reach_the_feed(make_show: ShowMaker) -> None:
    # The episode file has no chapters:, its post lists them as timestamp lines. The show
    # notes and the episode page show them; apps read podcast:chapters, so it must be there.
    post = (
        '---\ntitle: "Afl. 1"\ndate: 2026-03-01\n---\n\nWaar het over gaat.\n\n'
        "0:00 Intro\n3:15 [De winkel](https://winkel.example/)\n1:02:03.5 Vragen\n"
    )
    root = make_show(episodes={"001-a": episode(1, post="a")}, posts={"2026-03-01-a": post})
    site = built(root)
    (url,) = parse(site / "feed.xml").xpath(
        "//item/podcast:chapters[@type='application/json+chapters']/@url", namespaces=NS
    )
    assert url == "https://show.example/chapters/001-a.json"
    document = json.loads((site / "chapters" / "001-a.json").read_bytes())
    assert document == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Intro"},
            {"startTime": 195, "title": "De winkel", "url": "https://winkel.example/"},
            {"startTime": 3723.5, "title": "Vragen"},
        ],
    }
    parsed = podcastparser.parse("feed.xml", (site / "feed.xml").open("rb"))
    assert parsed["episodes"][0]["chapters_json_url"] == url


def test_no_chapters_no_chapters_tag(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    site = built(root)
    assert parse(site / "feed.xml").xpath("//podcast:chapters", namespaces=NS) == []
    assert not (site / "chapters").exists()


# -- RSS 2.0 and Apple ---------------------------------------------------------------------


def test_channel_links(make_show: ShowMaker) -> None:
    channel = parse(built(make_show(episodes={"001-a": episode(1)})) / "feed.xml")[0]
    assert channel.xpath("link/text()") == ["https://show.example/"]
    (self_link,) = channel.xpath("atom:link[@rel='self']", namespaces=NS)
    # The RSS Advisory Board's rule for a feed's link to itself: href and its media type.
    assert dict(self_link.attrib) == {
        "href": "https://show.example/feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }


def test_itunes_title_leaves_the_number_to_itunes_episode(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1),  # "Afl. 1: Onderwerp 1"
            "002-b": episode(2, season=1).replace('"Afl. 2: Onderwerp 2"', '"S1E2 - Kassa"'),
            "003-c": episode(3).replace('"Afl. 3: Onderwerp 3"', '"3 tips voor de kassa"'),
        }
    )
    items = parse(built(root) / "feed.xml").xpath("//item")
    titles = [
        (
            i.findtext("title"),
            i.findtext("itunes:title", namespaces=NS),
            i.findtext("itunes:episode", namespaces=NS),
        )
        for i in items
    ]
    # Apple shows the number from itunes:episode; <title> keeps it for every other app.
    assert titles == [
        ("3 tips voor de kassa", "3 tips voor de kassa", "3"),
        ("S1E2 - Kassa", "Kassa", "2"),
        ("Afl. 1: Onderwerp 1", "Onderwerp 1", "1"),
    ]


def test_cdata_terminator_in_content_stays_text(make_show: ShowMaker) -> None:
    # content:encoded is a CDATA section: a literal "]]>" inside would end it early.
    extra = (
        'summary: "Code als a[b[0]]> 1 en ]]> los"\n'
        'guests:\n  - {name: "Gast ]]> Een", href: "https://gast.example/a]]>b"}\n'
        'chapters:\n  - {start: 0, title: "Begin ]]> hier"}\n'
    )
    root = make_show(episodes={"001-a": episode(1) + extra})
    site = built(root)
    item = parse(site / "feed.xml").xpath("//item")[0]
    html = etree.HTML(item.findtext("content:encoded", namespaces=NS))
    text = "".join(html.itertext())
    assert "Code als a[b[0]]> 1 en ]]> los" in text
    assert "Begin ]]> hier" in text
    assert "Gast ]]> Een" in text
    assert item.xpath("podcast:person/text()", namespaces=NS) == ["Gast ]]> Een"]
    chapters = json.loads((site / "chapters" / "001-a.json").read_bytes())["chapters"]
    assert chapters[0]["title"] == "Begin ]]> hier"


def test_roles_outside_the_taxonomy_are_reported(make_show: ShowMaker) -> None:
    # "gast" would reach apps as an unknown role and be dropped: say so, with the line.
    config = BASIC_CONFIG + '\n[[hosts]]\nname = "Fenna"\nrole = "presentator"\n'
    root = make_show(
        episodes={"001-a": episode(1) + "guests:\n  - name: Noor\n    role: gast\n"},
        config=config,
    )
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr)[:2] == [
        f"Error: episodes/001-a.yaml:10: guests.role: got 'gast', expected {ROLE_EXPECTED}",
        f"Error: podcast.toml:17: hosts[0].role: got 'presentator', expected {ROLE_EXPECTED}",
    ]


def test_episode_artwork_from_soundcloud_is_the_large_rendition(make_show: ShowMaker) -> None:
    # oEmbed answers with the 500 px artwork; Apple wants episode art of 1400-3000 px.
    art = "https://i1.sndcdn.com/artworks-000042-kassa-t500x500.jpg"
    root = make_show(episodes={"001-a": episode(1, image=art)})
    feed = parse(built(root) / "feed.xml")
    assert feed.xpath("//item/itunes:image/@href", namespaces=NS) == [
        "https://i1.sndcdn.com/artworks-000042-kassa-t3000x3000.jpg"
    ]


def test_episode_zero_has_no_itunes_episode_and_the_build_says_so(make_show: ShowMaker) -> None:
    # Apple's itunes:episode is 1, 2, 3...; podcast:episode takes any number. A pilot
    # numbered 0 builds, and the build names what it left out.
    root = make_show(
        episodes={"000-a": episode(1).replace("number: 1", "number: 0").replace("Afl. 1", "Afl. 0")}
    )
    code, _, stderr = run(root, "--out", str(root / "site"), "--offline")
    assert code == 0, stderr
    assert (
        "Notice: episodes/000-a.yaml: number 0 has no itunes:episode (Apple counts from 1);"
        " podcast:episode 0 is kept" in stderr
    )
    item = parse(root / "site" / "feed.xml").xpath("//item")[0]
    assert item.xpath("itunes:episode", namespaces=NS) == []
    assert item.xpath("podcast:episode/text()", namespaces=NS) == ["0"]
    assert item.findtext("itunes:title", namespaces=NS) == "Afl. 0: Onderwerp 1"


def test_urls_with_spaces_and_accents_are_percent_encoded(make_show: ShowMaker) -> None:
    # Names people give files ("afl 2 ü.mp3") make URLs that feed readers and Apple refuse.
    local = episode(2).replace(
        "audio: https://media.show.example/2.mp3", "audio: audio/afl 2 ü.mp3"
    )
    root = make_show(
        episodes={"001 mijn ü afl": episode(1), "002-b": local.replace("length: 1234567\n", "")},
        files={"audio/afl 2 ü.mp3": mp3_frames()},
    )
    site = built(root)
    items = parse(site / "feed.xml").xpath("//item")
    urls = {i.findtext("link"): i.xpath("string(enclosure/@url)") for i in items}
    assert urls == {
        "https://show.example/episodes/002-b/": "https://show.example/audio/afl%202%20%C3%BC.mp3",
        "https://show.example/episodes/001%20mijn%20%C3%BC%20afl/": "https://media.show.example/1.mp3",
    }
    # the encoded URLs name the files the build wrote
    for url in urls:
        assert (site / unquote(urlsplit(url).path).lstrip("/") / "index.html").is_file()
    audio_url = urls["https://show.example/episodes/002-b/"]
    assert (site / unquote(urlsplit(audio_url).path).lstrip("/")).is_file()


def test_itunes_summary_is_plain_text_within_apples_bytes(make_show: ShowMaker) -> None:
    """itunes:summary takes no HTML (the W3C validator warns on it, apps show it raw): the
    notes as plain text, links written out, cut to 4000 bytes even when every letter is
    two bytes (ë) and the post is far longer."""
    body = "\n\n".join(
        f"Alinea {i}: één ëëëë ëëë met *nadruk* en [een link](https://x.example/{i})."
        for i in range(400)
    )
    root = make_show(
        episodes={"001-a": episode(1, post="a")},
        posts={"2026-03-01-a": f'---\ntitle: "Afl. 1"\ndate: 2026-03-01\n---\n\n{body}'},
    )
    feed = parse(built(root) / "feed.xml")
    summary = feed.xpath("string(//item/itunes:summary)", namespaces=NS)
    assert "<" not in summary and "&lt;" not in summary
    assert summary.startswith("Alinea 0: één ëëëë ëëë met nadruk en een link")
    assert 3000 < len(summary.encode("utf-8")) <= 4000
    assert "<p>" in feed.xpath("string(//item/description)")  # description keeps its HTML
