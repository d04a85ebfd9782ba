"""A web address with a user name or password in a post's text is refused, as in every field
the feed or the site publishes: the page, the feeds and the show notes carry the post's
links as written, and every reader would be handed the password. Before, a
``[x](https://u:p@x.example/)`` in a post built without a word.

Addresses shown as code are the author's example (a post may teach ``git clone
https://user:token@host/repo``); e-mail addresses and an ``@`` in a path or query are no
login."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.render.markdown import to_html
from pipeline.text.urls import addresses_with_login, has_login
from tests.conftest import ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]
NO_LOGIN = "expected a web address without a user name or password (it would be published)"


@pytest.mark.parametrize(
    ("markdown", "found"),
    [
        ("[x](https://u:p@x.example/)", [(1, "https://u:p@x.example/")]),
        (
            'Tekst.\n\n![foto](https://u:p@beeld.example/a.png "Een foto")',
            [(3, "https://u:p@beeld.example/a.png")],
        ),
        ("[pad](<https://u:p@x.example/met spatie>)", [(1, "https://u:p@x.example/met spatie")]),
        ("[x](https://:geheim@x.example/)", [(1, "https://:geheim@x.example/")]),
        ("[x](//u:p@x.example/)", [(1, "//u:p@x.example/")]),  # the page's own scheme
        ("[x](https://u:p&#64;x.example/)", [(1, "https://u:p&#64;x.example/")]),  # an @ there
        ("R&D: [x](https://u:p&#x40;x.example/)", [(1, "https://u:p&#x40;x.example/")]),
        ("[x](https://u:p&commat;x.example/)", [(1, "https://u:p&commat;x.example/")]),
        ("[x](https://u:p\\@x.example/)", [(1, "https://u:p\\@x.example/")]),  # an @ there too
        ("Zie <https://u:p@auto.example/>.", [(1, "https://u:p@auto.example/")]),
        (
            '[bron][1]\n\n[1]: https://u:p@ref.example/ "Titel"',
            [(3, "https://u:p@ref.example/")],
        ),
        ("[bron][1]\n\n[1]:\n  https://u:p@ref.example/", [(4, "https://u:p@ref.example/")]),
        ('<a href="https://u:p@dq.example/">a</a>', [(1, "https://u:p@dq.example/")]),
        ("<a href='https://u:p@sq.example/'>a</a>", [(1, "https://u:p@sq.example/")]),
        ("<a href=https://u:p@uq.example/>a</a>", [(1, "https://u:p@uq.example/")]),
        ('<A HREF =\n "https://u:p@caps.example/">a</A>', [(2, "https://u:p@caps.example/")]),
        ('<img src="https://u:p@beeld.example/a.png">', [(1, "https://u:p@beeld.example/a.png")]),
        (
            '<img srcset="https://beeld.example/1.png 1x,\n  https://u:p@beeld.example/2.png 2x">',
            [(2, "https://u:p@beeld.example/2.png")],
        ),
        ("Luister op https://u:p@kaal.example/afl-1.", [(1, "https://u:p@kaal.example/afl-1")]),
        ("(zie http://gebruiker@kaal.example/pad)", [(1, "http://gebruiker@kaal.example/pad")]),
        ("Op www.u:p@www.example/ staat het.", [(1, "www.u:p@www.example/")]),
        ("> Een citaat: https://u:p@citaat.example/", [(1, "https://u:p@citaat.example/")]),
        ("- punt\n- HTTPS://u:p@lijst.example/", [(2, "HTTPS://u:p@lijst.example/")]),
        ("`code` en dan https://u:p@na.example/", [(1, "https://u:p@na.example/")]),
        # The page links the first address backticks and all: "``, daarna ... ``" is no code.
        (
            "Zie https://a.example/``, daarna https://u:p@b.example/ en ``code``",
            [(1, "https://u:p@b.example/")],
        ),
        # A fence left open in a list item ends with the item.
        ("- ```\n  code\n\nhttps://u:p@na.example/", [(4, "https://u:p@na.example/")]),
        (
            "[een](https://a:b@een.example/) en\n\ntwee: <https://c@twee.example/>",
            [(1, "https://a:b@een.example/"), (3, "https://c@twee.example/")],
        ),
        # One problem for an address written as the text of its own link.
        ("[https://u:p@x.example/](https://u:p@x.example/)", [(1, "https://u:p@x.example/")]),
    ],
)
def test_each_shape_of_link_is_found_with_its_line(
    markdown: str, found: list[tuple[int, str]]
) -> None:
    assert addresses_with_login(markdown) == found


@pytest.mark.parametrize(
    "markdown",
    [
        "Mail iemand@voorbeeld.nl, [mij](mailto:iemand@voorbeeld.nl) of <mailto:ik@voorbeeld.nl>.",
        "Volg https://x.example/@gebruiker en [mij](https://social.example/@ik).",
        "Zoek op https://x.example/?a=b@c of <https://x.example/#over@ons>.",
        '[x](https://x.example/ "door @iemand") en <a href="https://x.example/">ook</a>',
        "Typ `git clone https://user:token@git.example/repo` in een terminal.",
        "`` een `https://u:p@x.example/` in dubbele ``",
        "```sh\ngit clone https://user:token@git.example/repo\n```",
        "~~~\n[x](https://u:p@x.example/)\n<a href='https://u:p@x.example/'>\n~~~",
        "Ingesprongen:\n\n    git clone https://user:token@git.example/repo",
        "- stap 1:\n\n  ```\n  git clone https://user:token@git.example/repo\n  ```",
        "> ```\n> https://u:p@x.example/\n> ```",
        "```\nnooit gesloten: https://u:p@x.example/",
    ],
)
def test_no_login_and_code_are_not_found(markdown: str) -> None:
    assert addresses_with_login(markdown) == []


_PIECES = st.sampled_from(
    ["`", "``", "```", "~~~", "\n", "\n\n", " ", "> ", "- ", "    ", "\\", "[", "]", "(", ")",
     "<", ">", '"', "'", "x", "*", "_", "<a href=", "<img src=", "](", "]: ", "&#64;", "@",
     ":", "/", "mailto:", "iemand@voorbeeld.nl"]
)  # fmt: skip
_ADDRESS = st.tuples(
    st.sampled_from(["https://u:p@", "http://u@", "//u:p@", "www.u:p@", "HTTPS://u:p@"]),
    st.sampled_from(["/", "/a", "", ")", "/a.b.", "?q=1"]),
)


def _text(parts: list[str | tuple[str, str]]) -> str:
    """The pieces joined, each address with a host of its own: h0.example, h1.example..."""
    hosts = iter(range(len(parts)))
    return "".join(
        p if isinstance(p, str) else f"{p[0]}h{next(hosts)}.example{p[1]}" for p in parts
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def _host(address: str) -> str:
    """The first host an address names: the one the page's link starts with."""
    m = re.search(r"h\d+\.example", address)
    return m[0] if m else ""


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES | _ADDRESS, max_size=14).map(_text))
@example("www.u:p@h0.example/a]``    `http://u@h1.example/a``")  # a link takes the ``
@example("[HTTPS://u:p@h0.example/[https://u:p@h1.example/](\n](//u:p@h2.example)")
@example("`](HTTPS://u:p@h0.example/a.b.- /\n- ```'`\n\n")  # a list item ends the paragraph
@example("    ~~~__ <\n\n> http://u@h0.example)    `https://u:p@h1.example)> ")  # no fence
@example(
    "https://x/@h0.example/a.b.```](`]: https://u:p@h1.example/a.b.<img src=HTTPS://u:p@h2"
    '.example)&#64;`"http://u@h3.example/ahttp://u@h4.example)//u:p@h5.example'
)
def test_every_link_with_a_login_on_the_page_is_found(markdown: str) -> None:
    page = _Links()
    page.feed(to_html(markdown))
    linked = {_host(url) for url in page.found if has_login(url)}
    found = addresses_with_login(markdown)
    assert linked <= {_host(address) for _, address in found}
    assert all(1 <= line <= markdown.count("\n") + 1 for line, _ in found)


POST = """\
---
title: "Inloggen op de server"
date: 2026-03-01
---

Onze opnames staan op [de server](https://u:p@x.example/).

Zo haal je de code op:

```sh
git clone https://user:token@git.example/show.git
```

Of typ `git clone https://user:token@git.example/show.git` zelf. Vragen? Mail
iemand@voorbeeld.nl of volg https://social.example/@winkel.
<img src='https://beheer:geheim@cdn.example/logo.png' alt="logo">
"""


def test_a_login_in_a_post_stops_the_build_with_its_line(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-inloggen": POST})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--offline", *NOW])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert not (root / "site").exists()
    where = "Error: posts/2026-03-01-inloggen.md"
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == [
        f"{where}:6: body: got 'https://u:p@x.example/', {NO_LOGIN}",
        f"{where}:16: body: got 'https://beheer:geheim@cdn.example/logo.png', {NO_LOGIN}",
        "Error: 2 problems found; nothing was written.",
    ]


def test_a_login_shown_as_code_builds(make_show: ShowMaker, tmp_path: Path) -> None:
    post = POST.replace("u:p@", "").replace("beheer:geheim@", "")
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-inloggen": post})
    out = tmp_path / "site"
    args = ["build", "--root", str(root), "--out", str(out), "-q", "--offline", *NOW]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    page = (out / "posts" / "inloggen" / "index.html").read_text("utf-8")
    assert "git clone https://user:token@git.example/show.git" in page
