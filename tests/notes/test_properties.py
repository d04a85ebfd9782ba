"""Properties of the Apple description and the SoundCloud text, for arbitrary Unicode posts.

Whatever a post holds, the description is at most 4000 UTF-8 bytes and well-formed HTML of
only ``p ol ul li a`` (links with ``href`` alone), and the text keeps to SoundCloud's box.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.errors import ContentError
from pipeline.models import Category, Content, Episode, Linked, Person, Post, Show
from pipeline.render.fit import description_html
from pipeline.render.shownotes import SOUNDCLOUD_LIMIT, notes_for
from pipeline.spec.apple import DESCRIPTION_LIMIT, DESCRIPTION_TAGS

ROOT = Path("/nonexistent-show")  # no templates/ folder: the package's templates
WHEN = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
VOID = {"br", "hr", "img"}

# Any Unicode a UTF-8 file can hold (lone surrogates cannot be in one), controls included.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=700)
words = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n"), max_size=80)
markdown_bits = st.one_of(
    text,
    words.map(lambda w: f"## {w}"),
    st.tuples(words, words).map(lambda p: f"[{p[0]}](https://x.example/{p[1]})"),
    st.tuples(st.integers(0, 200), st.integers(0, 59), words).map(
        lambda t: f"- {t[0]}:{t[1]:02d} {t[2]}"
    ),
    words.map(lambda w: f"<p onclick='x'>{w}</p><script>{w}</script>"),
    st.just("Een zin. Nog een zin! En een vraag? " * 40),
)
bodies = st.lists(markdown_bits, max_size=14).map("\n\n".join)


def show(language: str = "nl") -> Show:
    return Show(
        source=ROOT / "podcast.toml",
        title="Eigenschappen",
        description="Een show voor eigenschappen.",
        author="Host",
        owner_name="Host",
        owner_email="host@show.example",
        language=language,
        base_url="https://show.example/",
        artwork="https://show.example/art.jpg",
        categories=(Category("Business"),),
        hosts=(Person("Host Één", "host", "https://show.example/host"),),
    )


def linked_with(body: str, summary: str | None, guest: str) -> tuple[Episode, Linked]:
    post = Post(
        source=ROOT / "posts/2026-03-01-p.md",
        slug="p",
        title="Stuk",
        date=WHEN,
        body=body,
        body_line=5,
    )
    episode = Episode(
        source=ROOT / "episodes/001-e.yaml",
        slug="001-e",
        title="Afl. 1",
        date=WHEN,
        summary=summary,
        guests=(Person(guest or "Gast", "guest", "https://gast.example/"),),
    )
    content = Content(root=ROOT, show=show(), posts=(post,), episodes=(episode,))
    return episode, Linked(content=content, pairs={"001-e": "p"})


class _Checker(HTMLParser):
    """Fails on any tag outside the subset, any attribute but a link's href, or bad nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in DESCRIPTION_TAGS, tag
        assert all(name == "href" and tag == "a" for name, _ in attrs), (tag, attrs)
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise AssertionError(f"self-closing {tag}")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()


def assert_allowed_subset(html: str) -> None:
    assert len(html.encode("utf-8")) <= DESCRIPTION_LIMIT
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    # Also well-formed XML once wrapped: no stray "<" or "&" inside text or attributes.
    etree.fromstring(f"<div>{html}</div>".encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, summary=st.none() | text, guest=words)
def test_description_and_text_keep_to_their_limits(
    body: str, summary: str | None, guest: str
) -> None:
    episode, linked = linked_with(body, summary, guest)
    try:
        notes = notes_for(episode, linked)
    except ContentError as exc:  # random text can start like a time ("0:0"): reported, by line
        assert {(p.path, p.field) for p in exc.problems} == {("posts/2026-03-01-p.md", "timestamp")}
        return
    assert_allowed_subset(notes.description_html)
    assert len(notes.text) <= SOUNDCLOUD_LIMIT
    assert "<script" not in notes.content_html
    # content:encoded must survive XML: no characters a feed cannot carry.
    etree.fromstring(f"<div>{notes.content_html.replace('<br>', '<br/>')}</div>".encode())


html_bits = st.one_of(
    text,
    st.sampled_from(
        ["<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>", "<ol>", "<h2>", "</h2>", "<br>"]
    ),
    words.map(lambda w: f'<a href="https://x.example/{w}" onclick="y">{w}</a>'),
    words.map(lambda w: f"<script>{w}</script><img src=x onerror=y><b>{w}</b>"),
    st.just("<p>" + "Lange zin met één ë en € erin. " * 150 + "</p>"),
)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(html_bits, max_size=20), limit=st.integers(0, DESCRIPTION_LIMIT))
def test_any_html_fits_any_limit(parts: list[str], limit: int) -> None:
    result = description_html("".join(parts), limit)
    assert len(result.encode("utf-8")) <= limit
    assert_allowed_subset(result)


@settings(max_examples=60, deadline=None)
@given(sentences=st.lists(words.filter(lambda w: w.strip()), min_size=1, max_size=300))
def test_a_long_paragraph_ends_at_a_sentence(sentences: list[str]) -> None:
    paragraph = " ".join(f"{s.strip().rstrip('.!?…')}." for s in sentences)
    result = description_html(f"<p>{html.escape(paragraph)}</p>", 600)
    if result:
        assert re.fullmatch(r"<p>.*[.!?…]+['\"”’)»\]]*</p>", result, re.DOTALL), result[-40:]
