"""Raw HTML in a post that an HTML parser or the sanitiser would hide, text and all.

Each of these lost a writer's words on the post's page, the episode page and the Atom
feeds: a tag named as one of SVG's or MathML's (``<set>``, ``<text>``, ``<g>``: ammonia
drops such an element with its content, to the end of the paragraph when it is not
closed), ``<?php ?>`` and ``<![CDATA[`` (comments to a parser), a ``<!--`` never closed,
and a SoundCloud player iframe whose end tag is missing (the rest of the post became its
content, which no browser shows; also when a quoted ">" in it hid where the tag ends).
"""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from pipeline.render.markdown import to_html
from tests.conftest import ShowMaker
from tests.security.support import build, post

PLAYER = (
    '<iframe width="100%" height="166" '
    'src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1">'
)


def _text(html: str) -> str:
    """What a browser shows of ``html``: its text, without what a raw-text element (an
    iframe's content) or a comment holds."""
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for hidden in root.xpath("//iframe | //script | //style | //comment()"):
        hidden.drop_tree()
    return " ".join(root.text_content().split())


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("We schrijven <set> als voorbeeld en dit blijft.", "als voorbeeld en dit blijft."),
        ("Een <text> in de zin, en de rest.", "in de zin, en de rest."),
        ("Appels <g> en peren.\n\nVolgende alinea.", "en peren. Volgende alinea."),
        ("<desc>\nBeschrijving\n</desc>", "Beschrijving"),
        ("Formule: <math><mi>x</mi><mo>=</mo><mn>2</mn></math>.", "Formule: x=2."),
        ("<svg><text>In het plaatje</text></svg> en erna.", "In het plaatje en erna."),
        ("Zie <?php echo 'hallo'; ?> hier.", "<?php echo 'hallo'; ?> hier."),
        ("Een <![CDATA[ blok ]]> in tekst.", "<![CDATA[ blok ]]> in tekst."),
        ("<![CDATA[\n\nDe rest van de post.", "De rest van de post."),
        ("<?xml version='1.0'\n\nDe rest van de post.", "De rest van de post."),
        ("<!-- nog doen\n\nDe rest van de post.", "De rest van de post."),
        ("<div>\nIk </3 maandagen.\n</div>", "Ik </3 maandagen."),
        (f"Luister:\n\n{PLAYER}\n\nDe rest van de post.", "De rest van de post."),
        (f"{PLAYER}Luister op SoundCloud.</iframe>\n\nVerder.", "Luister op SoundCloud."),
        (PLAYER[:-1] + ' title="a>b">\n\nDe rest van de post.', "De rest van de post."),
    ],
    ids=[
        "set",
        "text",
        "g-unclosed",
        "desc-block",
        "mathml",
        "svg-text",
        "php",
        "cdata",
        "cdata-block",
        "processing-block",
        "comment-unclosed",
        "broken-heart",
        "player-unclosed",
        "player-fallback",
        "player-quoted-gt",
    ],
)
def test_raw_html_hides_no_text(markdown: str, shown: str) -> None:
    assert shown in _text(to_html(markdown))


def test_a_closed_comment_stays_a_note_to_self() -> None:
    html = to_html("Zichtbaar <!-- alleen voor mij --> en verder.\n\n<!--\nblok\n-->\n\nEinde.")
    assert _text(html) == "Zichtbaar en verder. Einde."


def test_renamed_tags_carry_no_script() -> None:
    html = to_html(
        '<svg><a href="javascript:alert(1)" onclick="alert(1)">x</a><script>alert(1)</script>'
        "<set onbegin=alert(1)>y</set></svg><math><mtext><table><mglyph><style>"
        "<img src=x onerror=alert(1)>z"
    )
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert not root.xpath("//script | //style | //svg | //math | //*[@onclick or @onerror]")
    assert not root.xpath("//a[@href]")
    assert all(word in _text(html) for word in "xyz")


def test_a_player_without_its_end_tag_keeps_the_post_on_page_and_feed(
    make_show: ShowMaker,
) -> None:
    body = f"Luister:\n\n{PLAYER}\n\nDeze alinea blijft. Een <set> en deze zin ook.\n"
    root = make_show(posts={"2026-03-01-speler": post(body)})
    code, _, stderr = build(root)
    assert code == 0, stderr
    page = etree.parse(str(root / "site/posts/speler/index.html"), etree.HTMLParser())
    main = page.xpath("//main")[0]
    assert [i.text for i in main.iter("iframe")] == [None]  # the player, and nothing in it
    shown = " ".join(" ".join(main.xpath(".//text()[not(ancestor::iframe)]")).split())
    assert "Deze alinea blijft. Een en deze zin ook." in shown
    atom = (root / "site/posts.atom").read_text("utf-8")
    assert "Deze alinea blijft. Een  en deze zin ook." in atom
