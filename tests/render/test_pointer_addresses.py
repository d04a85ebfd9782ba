"""A "Lees ook" line links to a post whose address holds a space or a bracket.

A slug may hold them (``posts/2026-03-01-a (b).md``); the line became
``[Haakjes](https://show.example/posts/a (b)/)``, which Markdown reads as no link (the
page showed that source) or, for ``a)b``, as a link to ``.../posts/a`` followed by the
text ``b/)``.
"""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import ShowMaker
from tests.security.support import build, post


@pytest.mark.parametrize(
    ("name", "href"),
    [
        ("a (b)", "https://show.example/posts/a%20%28b%29/"),
        ("a)b", "https://show.example/posts/a%29b/"),
        ("met spatie", "https://show.example/posts/met%20spatie/"),
    ],
    ids=["brackets", "closing-bracket", "space"],
)
def test_a_pointer_to_an_odd_address_is_one_link(
    make_show: ShowMaker, name: str, href: str
) -> None:
    root = make_show(
        posts={
            f"2026-03-01-{name}": post("Het doel.\n", title='"Het andere stuk"'),
            "2026-03-02-bron": post(
                "Begin.\n\nLees ook: Het andere stuk\n\nEinde.\n", date="2026-03-02"
            ),
        }
    )
    code, _, stderr = build(root)
    assert code == 0, stderr
    page = etree.parse(str(root / "site/posts/bron/index.html"), etree.HTMLParser())
    line = page.xpath("//main//p[starts-with(., 'Lees ook')]")[0]
    assert "".join(line.itertext()) == "Lees ook: Het andere stuk"
    assert line.xpath(".//a/@href") == [href]
    atom = (root / "site/posts.atom").read_text("utf-8")
    assert f'Lees ook: &lt;a href="{href}"' in atom
