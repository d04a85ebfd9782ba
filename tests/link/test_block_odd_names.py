"""The "Lees ook" block `pipeline link --write` writes links to a post whose file name has
a space or a parenthesis (``posts/2026-01-05-verkopen aan de toonbank.md``, as a Windows
user names files). The block wrote the address as it was, ``](https://show.example/posts/
verkopen aan de toonbank/)``, which Markdown reads as no link at all: the post's page showed
the bracketed text. The address is now percent-encoded where Markdown needs it, so each
line of the block is a link to the post's page, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from pipeline.link.text import BLOCK_BEGIN, BLOCK_END
from tests.conftest import ShowMaker
from tests.link.test_command import files, run
from tests.link.test_related import SELLING

RENAMED = {
    "2026-01-05-verkopen-aan-de-toonbank": "2026-01-05-verkopen aan de toonbank",
    "2026-01-12-de-verkoop-van-vulpennen": "2026-01-12-verkoop (vulpennen",
    "2026-01-19-een-goede-verkoper": "2026-01-19-een goede <verkoper>",
}


def _links(markdown: str) -> list[str]:
    """The hrefs of the links Markdown finds in ``markdown``."""
    found = []
    for token in MarkdownIt().parse(markdown):
        for child in token.children or ():
            if child.type == "link_open":
                found.append(str(child.attrs["href"]))
    return found


def _block(text: str) -> str:
    return text[text.index(BLOCK_BEGIN) : text.index(BLOCK_END)]


def test_links_to_posts_with_spaces_and_parentheses_are_links(make_show: ShowMaker) -> None:
    root = make_show(posts={RENAMED.get(name, name): text for name, text in SELLING.items()})

    status, out, err = run(root, "--write")
    assert status == 0, out + err

    slugs = {name[len("2026-01-05-") :] for name in RENAMED.values()}
    for name in RENAMED.values():
        block = _block((root / "posts" / f"{name}.md").read_text("utf-8"))
        hrefs = _links(block)
        assert len(hrefs) == 2, block  # the other two posts on selling, each a link
        for href in hrefs:
            path = unquote(urlsplit(href).path)
            assert path.startswith("/posts/") and path.endswith("/"), href
            assert path[len("/posts/") : -1] in slugs - {name[len("2026-01-05-") :]}, href

    before = files(root)
    status, out, err = run(root, "--write")
    assert status == 0, out + err
    assert files(root) == before


def test_an_address_without_odd_characters_is_written_as_it_was(make_show: ShowMaker) -> None:
    root = make_show(posts=dict(SELLING))

    status, out, err = run(root, "--write")
    assert status == 0, out + err

    text = Path(root / "posts" / "2026-01-19-een-goede-verkoper.md").read_text("utf-8")
    assert "](https://show.example/posts/verkopen-aan-de-toonbank/)" in _block(text)
