"""Show notes: what they contain, in every form, from a post or from the episode alone."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from markdown_it import MarkdownIt

from pipeline.build import BuildOptions, build
from pipeline.labels import LANGUAGES, labels_for
from pipeline.link.pairing import pair
from pipeline.load import load_content
from pipeline.models import Linked, RelatedLink
from pipeline.notes import notes, notes_of
from pipeline.render.fit import description_html, fit_text
from pipeline.render.shownotes import SOUNDCLOUD_LIMIT, ShowNotes, notes_for, render_notes
from tests.conftest import BASIC_CONFIG, SAMPLE_NOW, ShowMaker, episode

NOW = SAMPLE_NOW


class _Tags(HTMLParser):
    """Start tags, attribute names and link targets of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


POST = """\
---
title: "Koffie aan de toonbank"
date: 2026-03-01 09:00
---
<iframe src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1234"></iframe>

Wie koffie schenkt, krijgt [gesprekken](https://koffie.example/gesprek). Dat merkten we
meteen. Lees ook [ons vorige stuk](2026-02-01-eerder.md).

## Waarom koffie werkt

Het [apparaat](https://koffie.example/gesprek) staat naast de kassa, zie
[de handleiding](https://koffie.example/handleiding "uitleg").

## Wat het kost

- 00:00 Welkom
- 04:30 [Het apparaat](https://koffie.example/apparaat)
- 1:02:03 Afsluiting
"""

EARLIER = """\
---
title: "Eerder stuk"
date: 2026-02-01 09:00
---
Iets van vroeger.
"""


def linked_for(root: Path, **related: tuple[RelatedLink, ...]) -> Linked:
    content = load_content(root)
    return Linked(content=content, pairs=pair(content).pairs, related=related)


@pytest.fixture
def koffie(make_show: ShowMaker) -> Path:
    return make_show(
        episodes={"001-koffie": episode(1, post="2026-03-01-koffie")},
        posts={"2026-03-01-koffie": POST, "2026-02-01-eerder": EARLIER},
    )


def test_notes_are_drawn_from_the_post(koffie: Path) -> None:
    linked = linked_for(koffie)
    notes = notes_for(linked.content.episodes[0], linked)
    data = notes.data
    assert data is not None
    assert not notes.thin
    # The lead is the first real paragraph (the player iframe is not text).
    assert data.lead[0].text.startswith("Wie koffie schenkt, krijgt")
    assert data.points == ("Waarom koffie werkt", "Wat het kost")
    assert [(c.clock, c.title, c.url) for c in data.chapters] == [
        ("0:00", "Welkom", None),
        ("4:30", "Het apparaat", "https://koffie.example/apparaat"),
        ("1:02:03", "Afsluiting", None),
    ]
    # Every link once, with the text it first had; a link to a post file becomes its page.
    assert [(s.text, s.href) for s in data.links] == [
        ("gesprekken", "https://koffie.example/gesprek"),
        ("ons vorige stuk", "https://show.example/posts/eerder/"),
        ("de handleiding", "https://koffie.example/handleiding"),
        ("Het apparaat", "https://koffie.example/apparaat"),
    ]
    assert data.article is not None
    assert data.article.href == "https://show.example/posts/koffie/"
    assert data.subscribe_url == "https://show.example/feed.xml"


def test_summary_is_the_lead_and_episode_chapters_win(make_show: ShowMaker) -> None:
    chapters = '\n  - start: "0:00"\n    title: "Eigen intro"'
    root = make_show(
        episodes={
            "001-koffie": episode(
                1, post="2026-03-01-koffie", summary="Een korte samenvatting.", chapters=chapters
            )
        },
        posts={"2026-03-01-koffie": POST, "2026-02-01-eerder": EARLIER},
    )
    linked = linked_for(root)
    data = notes_for(linked.content.episodes[0], linked).data
    assert data is not None
    assert [s.text for s in data.lead] == ["Een korte samenvatting."]
    assert [c.title for c in data.chapters] == ["Eigen intro"]


def test_every_form_carries_the_notes(koffie: Path) -> None:
    linked = linked_for(koffie)
    notes = notes_for(linked.content.episodes[0], linked)
    for form in (notes.description_html, notes.content_html, notes.page_html):
        assert '<a href="https://koffie.example/handleiding"' in form
    for form in (notes.description_html, notes.content_html):
        assert "Afsluiting" in form
    assert notes.page_html.startswith('<section class="shownotes">')
    # The page lists chapters itself (as seek buttons for self-hosted audio): not twice.
    assert "Hoofdstukken" not in notes.page_html
    assert "Afsluiting" not in notes.page_html
    assert "<h3>Hoofdstukken</h3>" in notes.content_html
    # Plain text: links written out, no markup at all.
    assert "- de handleiding: https://koffie.example/handleiding" in notes.text.splitlines()
    assert "1:02:03 Afsluiting" in notes.text.splitlines()
    assert "gesprekken (https://koffie.example/gesprek)" in notes.text
    assert "<" not in notes.text
    # Markdown renders back to the same links.
    html = MarkdownIt("commonmark").render(notes.markdown)
    assert '<a href="https://koffie.example/handleiding">de handleiding</a>' in html
    assert "<h2>Hoofdstukken</h2>" in html


def test_related_items_are_listed(koffie: Path) -> None:
    related = (
        RelatedLink("post:eerder", 0.5, "tags"),
        RelatedLink("post:koffie", 0.9, "paired post: already the article link"),
        RelatedLink("episode:001-koffie", 0.9, "itself"),
        RelatedLink("post:weg", 0.4, "no such post (not due)"),
    )
    linked = linked_for(koffie, **{"episode:001-koffie": related})
    notes = notes_for(linked.content.episodes[0], linked)
    assert notes.data is not None
    assert [(s.text, s.href) for s in notes.data.related] == [
        ("Eerder stuk", "https://show.example/posts/eerder/")
    ]
    assert "Lees en luister ook:" in notes.text


def test_episode_without_post_gets_thin_notes_and_a_notice(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    guests = '\n  - name: "Gast Een"\n    href: https://gast.example/'
    root = make_show(episodes={"001-a": episode(1, guests=guests), "002-b": episode(2)})
    linked = linked_for(root)
    notes = notes_for(linked.content.episodes[0], linked)
    assert notes.thin
    assert notes.data is not None and notes.data.article is None
    assert '<a href="https://gast.example/">Gast Een</a>' in notes.description_html
    assert "Deze aflevering op de website: https://show.example/episodes/001-a/" in notes.text
    report = build(BuildOptions(root=root, out=tmp_path / "site", now=NOW))
    thin = [n for n in report.notices if "thin show notes" in n]
    assert thin == [
        "episodes/001-a.yaml: thin show notes (no post; add one or a summary)",
        "episodes/002-b.yaml: thin show notes (no post; add one or a summary)",
    ]
    files = sorted(p.name for p in (tmp_path / "site" / "shownotes").iterdir())
    assert files == ["001-a.md", "001-a.txt", "002-b.md", "002-b.txt"]


HOSTILE = """\
---
title: "Gevaarlijk"
date: 2026-03-01 09:00
---
Hallo <script>alert('xss')</script> <img src=x onerror="alert(2)"> en
[klik](javascript:alert(3)) of [dit](https://ok.example/?a=1&b=<2>).

## Kop met <script>alert(4)</script> erin

<script>alert(5)</script>

- 00:00 Intro <script>alert(6)</script>
"""


def test_user_text_is_escaped_or_sanitised_everywhere(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-gevaarlijk")},
        posts={"2026-03-01-gevaarlijk": HOSTILE},
    )
    linked = linked_for(root)
    notes = notes_for(linked.content.episodes[0], linked)
    for form in (notes.description_html, notes.content_html, notes.page_html):
        assert "<script" not in form
        assert "<img" not in form
        parser = _Tags()
        parser.feed(form)
        assert "https://ok.example/?a=1&b=%3C2%3E" in parser.hrefs
        assert all(href.startswith("https://") for href in parser.hrefs)
        assert all(name in {"href", "rel", "class"} for name in parser.attributes)
    # Raw HTML is neither markup nor text; a refused javascript: link stays visible as text.
    assert "alert('xss')" not in notes.text
    assert "0:00 Intro\n" in notes.text
    rendered = MarkdownIt("commonmark", {"html": True}).render(notes.markdown)
    assert "<script" not in rendered
    assert 'href="javascript' not in rendered
    build(BuildOptions(root=root, out=tmp_path / "site", now=NOW))
    for path in (tmp_path / "site").rglob("*"):
        if path.suffix in {".xml", ".html", ".md", ".txt"}:
            assert "<script>alert" not in path.read_text("utf-8"), path


def test_labels_follow_the_show_language(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace('language = "nl"', 'language = "en"')
    root = make_show(
        episodes={"001-koffie": episode(1, post="2026-03-01-koffie")},
        posts={"2026-03-01-koffie": POST, "2026-02-01-eerder": EARLIER},
        config=config,
    )
    linked = linked_for(root)
    notes = notes_for(linked.content.episodes[0], linked)
    assert "<p>Chapters:</p>" in notes.description_html
    assert "Read the full article" in notes.text
    assert labels_for("nl-BE") is LANGUAGES["nl"]
    assert labels_for("fr") is LANGUAGES["en"]
    assert labels_for("EN_gb") is LANGUAGES["en"]


def test_templates_can_be_overridden_by_the_show(koffie: Path) -> None:
    own = koffie / "templates" / "shownotes"
    own.mkdir(parents=True)
    (own / "notes.txt").write_text("Eigen tekst: {{ notes.title }}\n", "utf-8")
    linked = linked_for(koffie)
    notes = notes_for(linked.content.episodes[0], linked)
    assert notes.text == "Eigen tekst: Afl. 1: Onderwerp 1\n"
    assert "Hoofdstukken" in notes.markdown  # the other templates are still the package's


def test_notes_are_one_stage_deterministic_and_kept_nowhere(koffie: Path) -> None:
    linked = linked_for(koffie)
    ep = linked.content.episodes[0]
    facts = notes(linked)  # the stage: every episode's facts, once per build
    assert facts["001-koffie"] == notes_of(ep, linked)
    shown = render_notes(linked, facts)
    first = shown["001-koffie"]
    assert first == notes_for(ep, linked)
    again = notes_for(ep, linked_for(koffie))  # a new build: computed afresh, same bytes
    assert again is not first
    assert again == first


def test_built_files_are_identical_between_builds(koffie: Path, tmp_path: Path) -> None:
    def files(out: Path) -> dict[str, bytes]:
        build(BuildOptions(root=koffie, out=out, now=NOW))
        return {p.name: p.read_bytes() for p in sorted((out / "shownotes").iterdir())}

    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_feedparser_reads_content_encoded_back(sample_site: Path) -> None:
    parsed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert not parsed.bozo
    for entry in parsed.entries:
        (content,) = entry.content
        assert content.type == "text/html"
        assert "Abonneer je op de podcast" in content.value
        assert "https://achterdetoonbank.example/feed.xml" in content.value
        assert len(entry.summary.encode("utf-8")) <= 4000
    by_title = {e.title: e for e in parsed.entries}
    etalage = by_title["Afl. 2: De etalage als stille verkoper"].content[0].value
    assert "11:15 De drie-secondenregel" in etalage
    assert "https://studionoor.example/" in etalage
    assert "https://achterdetoonbank.example/posts/de-etalage-als-stille-verkoper/" in etalage


def test_description_is_cut_at_a_sentence_inside_the_limit() -> None:
    sentence = "Dit is een zin met één ë en een € erin. "
    html = f"<p>{sentence * 200}</p><p>Kort slot.</p><h2>Kop</h2><script>x()</script>"
    result = description_html(html)
    assert len(result.encode("utf-8")) <= 4000
    first = result.split("\n")[0]
    assert first.endswith("erin.</p>")
    assert result.endswith("<p>Kort slot.</p>\n<p>Kop</p>")  # later short blocks still fit
    parser = _Tags()
    parser.feed(result)
    assert set(parser.tags) <= {"p"}


def test_a_list_is_cut_between_items_and_keeps_its_heading() -> None:
    items = "".join(f"<li>Onderdeel {i} met wat tekst erbij</li>" for i in range(300))
    result = description_html(f"<p>Hoofdstukken:</p><ul>{items}</ul>", limit=500)
    assert result.startswith("<p>Hoofdstukken:</p>\n<ul><li>Onderdeel 0")
    assert result.endswith("</li></ul>")
    assert len(result.encode("utf-8")) <= 500
    assert description_html("<p>Kop:</p><ul><li>" + "x" * 600 + "</li></ul>", 500) == ""


def test_soundcloud_text_keeps_to_its_limit(make_show: ShowMaker) -> None:
    long_post = POST + "\n".join(
        f"\n## Punt {i} over iets heel anders dan ervoor" for i in range(300)
    )
    root = make_show(
        episodes={"001-koffie": episode(1, post="2026-03-01-koffie")},
        posts={"2026-03-01-koffie": long_post, "2026-02-01-eerder": EARLIER},
    )
    linked = linked_for(root)
    notes: ShowNotes = notes_for(linked.content.episodes[0], linked)
    assert len(notes.text) <= SOUNDCLOUD_LIMIT
    assert "Punt 0 over" in notes.text
    assert notes.text.rstrip().endswith("https://show.example/feed.xml")  # the tail survives
    assert fit_text("Een. Twee. Drie.", 10) == "Een. Twee.\n"
