"""A link the notes cannot carry keeps its text, as on the post's page.

markdown-it refuses links to ``javascript:``, ``vbscript:``, ``file:`` and ``data:``
addresses and leaves their Markdown as it was, so the show notes (feed description,
content:encoded, the SoundCloud text) showed ``[klik](javascript:alert(1))`` where the page
showed "klik"; and a reference definition under a refused one was no definition, so a
good ``[tekst][b]`` lost its link too. Now the parse takes every link, and the resolver
drops the addresses a listener cannot follow.
"""

from __future__ import annotations

from pipeline.notes.source import inline_text, post_facts
from pipeline.render.shownotes import notes_for
from tests.conftest import ShowMaker, episode
from tests.notes.test_notes import linked_for

BODY = """\
Luister naar [klik](javascript:alert(1)), [dit](jav&#x61;script:x), [dat](data:text/html,x)
en [de uitleg][b] of [het begin][a].

[a]: vbscript:x
[b]: https://uitleg.example/

## [Prijzen](javascript:alert(1)) omhoog

- 03:15 [Het gesprek](javascript:alert(1))
"""


def _safe(href: str) -> str | None:
    return href if href.startswith(("https://", "http://", "mailto:")) else None


def test_a_refused_address_leaves_its_text_and_the_next_definition() -> None:
    for whole in (False, True):
        facts = post_facts(BODY, 1, _safe, whole=whole)
        assert inline_text(facts.lead) == ("Luister naar klik, dit, dat en de uitleg of het begin.")
        assert [(s.text, s.href) for s in facts.links] == [("de uitleg", "https://uitleg.example/")]
        assert facts.headings == ("Prijzen omhoog",)
        assert [(t[2], t[3]) for t in facts.timestamps] == [("Het gesprek", None)]


def test_the_notes_show_the_text_and_no_markdown(make_show: ShowMaker) -> None:
    post = '---\ntitle: "Prijzen"\ndate: 2026-03-01 09:00\n---\n' + BODY
    root = make_show(
        episodes={"001-prijzen": episode(1, post="2026-03-01-prijzen")},
        posts={"2026-03-01-prijzen": post},
    )
    linked = linked_for(root)
    notes = notes_for(linked.content.episodes[0], linked)
    for form in (notes.text, notes.description_html, notes.content_html, notes.markdown):
        assert "script:" not in form and "data:" not in form and "[klik]" not in form
        assert "[Prijzen]" not in form and "Prijzen omhoog" in form
    assert "Luister naar klik, dit, dat en de uitleg (https://uitleg.example/)" in notes.text
