"""Show notes link the site's own pages (the article, the episode page, related posts, a
post's ``.md`` link) as the feed links them: percent-encoded. A post named with a space
("posts/2026-03-01-koffie aan de toonbank.md") went into every episode's description as
``<a href="https://show.example/posts/koffie aan de toonbank/">``, an address browsers
forgive but feed readers and Apple do not, beside the feed's own ``%20`` for that page."""

from __future__ import annotations

from pathlib import Path

from pipeline.models import RelatedLink
from pipeline.render.shownotes import notes_for
from tests.conftest import ShowMaker, episode
from tests.notes.test_notes import EARLIER, POST, _Tags, linked_for

KOFFIE = "koffie aan de toonbank"
EERDER = "eerder café"


def _show(make_show: ShowMaker) -> Path:
    # A link to a file name with a space is a link in Markdown only between < and >.
    koffie = POST.replace("(2026-02-01-eerder.md)", f"(<2026-02-01-{EERDER}.md>)")
    return make_show(
        episodes={"001-koffie": episode(1, post=f"2026-03-01-{KOFFIE}")},
        posts={f"2026-03-01-{KOFFIE}": koffie, f"2026-02-01-{EERDER}": EARLIER},
    )


def test_pages_with_a_space_or_an_accent_are_linked_percent_encoded(
    make_show: ShowMaker,
) -> None:
    related = (RelatedLink(f"post:{EERDER}", 0.5, "tags"),)
    linked = linked_for(_show(make_show), **{"episode:001-koffie": related})

    notes = notes_for(linked.content.episodes[0], linked)

    data = notes.data
    assert data is not None
    koffie = "https://show.example/posts/koffie%20aan%20de%20toonbank/"
    eerder = "https://show.example/posts/eerder%20caf%C3%A9/"
    assert data.article is not None and data.article.href == koffie
    assert [s.href for s in data.related] == [eerder]
    assert ("ons vorige stuk", eerder) in [(s.text, s.href) for s in data.links]
    tags = _Tags()
    tags.feed(notes.description_html)
    assert tags.hrefs and not [href for href in tags.hrefs if " " in href], tags.hrefs
