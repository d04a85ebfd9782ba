"""A link to another post copied from the browser's address bar carries the page's
address percent-encoded: ``https://show.example/posts/caf%C3%A9-open/`` for the post
``café-open``, ``/posts/mijn%20eerste%20stuk/`` for one named with a space. Such a link
matched no post (a notice naming, as closest, the very post it meant); it now resolves as
the address written out does."""

from __future__ import annotations

from pipeline.link.pointers import resolve_pointers
from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.link.test_related import post

POSTS = {
    "2026-01-05-café-open": post("Het café gaat open", "Koffie en taart.", "2026-01-05"),
    "2026-01-12-mijn eerste stuk": post("Mijn eerste stuk", "Hallo allemaal.", "2026-01-12"),
    "2026-01-19-verwijzingen": post(
        "Verwijzingen",
        "\n".join(
            [
                "Lees ook: [het café](https://show.example/posts/caf%C3%A9-open/)",  # line 7
                "Meer in [mijn stuk](/posts/mijn%20eerste%20stuk/) en",
                "[het oude](/2026/01/05/caf%c3%a9-open.html).",
            ]
        ),
        "2026-01-19",
    ),
}


def test_percent_encoded_addresses_resolve_to_their_post(make_show: ShowMaker) -> None:
    report = resolve_pointers(load_content(make_show(posts=POSTS)))

    assert [(p.line, p.target) for p in report.pointers] == [
        (7, "post:café-open"),
        (8, "post:mijn eerste stuk"),
        (9, "post:café-open"),
    ]
    assert report.notices == ()
