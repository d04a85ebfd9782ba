"""Show notes parse the inline content of only the blocks their facts come from (headings,
the paragraphs up to the lead, blocks with a ``[`` or ``<``): the facts are the same as
from a parse of every block, and each block parsed alone is what a whole parse makes of it."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from pipeline.notes.source import _block_parser, _parser, post_facts

WORDS = st.text(st.sampled_from("abc xyz\\*_`&;#[]()<>!:/.é\t"), max_size=30)
BLOCKS = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"## {w}"),
    WORDS.map(lambda w: f"### {w}\n"),
    WORDS.map(lambda w: f"# {w} [kop](https://x.example/k)"),
    st.tuples(WORDS, WORDS).map(lambda p: f"[{p[0]}](https://x.example/{p[1]}) en {p[1]}"),
    WORDS.map(lambda w: f"[{w}][ref] of [ref]"),
    st.just("[ref]: https://x.example/ref"),
    WORDS.map(lambda w: f"<https://x.example/{w}> {w}"),
    WORDS.map(lambda w: f"- {w}\n- [l](../andere.md) {w}"),
    WORDS.map(lambda w: f"> {w}\n> *{w}*"),
    WORDS.map(lambda w: f"    code {w}"),
    WORDS.map(lambda w: f"<div>{w}</div>"),
    WORDS.map(lambda w: f"tekst <style>{w}</style> <b>{w}</b> \\[niet\\] `a[b]`"),
    WORDS.map(lambda w: f"![beeld {w}](b.png) {w}"),
    st.just("- 12:30 Het gesprek\n- 1:02:03 [Slot](https://x.example/s)"),
)
BODIES = st.lists(BLOCKS, max_size=8).map("\n\n".join)


def _resolve(href: str) -> str | None:
    return href or None


def _shape(tokens: list[Token] | None) -> list[Any]:
    return [(t.type, t.tag, t.content, t.attrs, t.markup, _shape(t.children)) for t in tokens or []]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(BODIES)
@example("Eerst ![alleen een beeld](b.png)\n\nDan de [inleiding](https://x.example/i).")
@example("[ref]: https://x.example/r\n\nTekst met [ref] zonder haken erin.\n\n## Kop")
@example("<b>html</b>\n\nGewone zin\n\n- lijst [x](y)\n\n#### Diep [z](q)")
def test_the_facts_are_those_of_a_parse_of_every_block(body: str) -> None:
    assert post_facts(body, 5, _resolve) == post_facts(body, 5, _resolve, whole=True)
    # ...and a block parsed alone (with the block parse's references) is the whole parse's
    whole = [t for t in _parser().parse(body) if t.type == "inline"]
    env: dict[str, Any] = {}
    blocks = [t for t in _block_parser().parse(body, env) if t.type == "inline"]
    assert [t.content for t in blocks] == [t.content for t in whole]
    for alone, together in zip(blocks, whole, strict=True):
        children = _parser().parseInline(alone.content, env)[0].children
        assert _shape(children) == _shape(together.children)
