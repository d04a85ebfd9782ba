"""`pipeline import soundcloud` against odd feeds served on 127.0.0.1: the same item on two
pages, "next" links that loop (to the page itself, or through ever-changing URLs), a Latin-1
feed, an enclosure without length, an empty 200 and a 2 GB page."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.loopback import Loopback, answer

RSS = "application/rss+xml; charset=utf-8"


def item(n: int, title: str | None = None, length: str | None = "{n}000") -> str:
    size = f' length="{length.format(n=n)}"' if length is not None else ""
    return (
        f"<item><guid>tag:soundcloud,2010:tracks/{n}</guid>"
        f"<title>{title or f'Afl. {n}'}</title>"
        f"<pubDate>Mon, 0{n} Mar 2026 06:00:00 +0000</pubDate>"
        f"<link>https://soundcloud.com/fakeshow/afl-{n}</link>"
        f'<enclosure type="audio/mpeg" url="https://feeds.example/stream/{n}.mp3"{size}/>'
        "</item>"
    )


def feed(items: str, next_href: str | None = None, declaration: str = "") -> str:
    link = f'<atom:link rel="next" href="{next_href}"/>' if next_href else ""
    return (
        f'{declaration}<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>Nep</title>{link}{items}</channel></rss>"
    )


def page(body: str | bytes, ctype: str = RSS) -> Callable[[BaseHTTPRequestHandler], None]:
    data = body.encode() if isinstance(body, str) else body
    return lambda h: answer(h, 200, data, ctype)


def run(root: Path, url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "soundcloud", url, "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def guids(root: Path) -> list[str | None]:
    return sorted(e.guid for e in load_content(root).episodes)  # type: ignore[type-var]


def test_the_same_item_on_two_pages_is_imported_once(make_show: ShowMaker) -> None:
    with Loopback() as server:
        server.routes["/p1.rss"] = page(feed(item(3) + item(2), f"{server.url}/p2.rss"))
        server.routes["/p2.rss"] = page(feed(item(2) + item(1), f"{server.url}/p2.rss"))
        root = make_show()
        code, out, stderr = run(root, server.url + "/p1.rss")
        assert code == 0, stderr
        assert server.hits("/p2.rss") == 1  # "next" pointing at itself ends the loop
    assert out.splitlines()[-1] == "Imported 3 items: 3 created, 0 updated, 0 unchanged, 0 broken."
    assert guids(root) == [f"tag:soundcloud,2010:tracks/{n}" for n in (1, 2, 3)]


def test_next_links_through_ever_changing_urls_stop(make_show: ShowMaker) -> None:
    with Loopback() as server:
        hops: list[int] = []

        def endless(h: BaseHTTPRequestHandler) -> None:
            hops.append(1)
            href = f"{server.url}/loop.rss?n={len(hops)}"
            answer(h, 200, feed(item(1) + item(2), href).encode(), RSS)

        server.routes["/loop.rss"] = endless
        root = make_show()
        code, out, stderr = run(root, server.url + "/loop.rss")
        assert code == 0, stderr
    assert len(hops) == 2  # the second page brought nothing new: stop (was: 500 pages)
    assert out.splitlines()[-1] == "Imported 2 items: 2 created, 0 updated, 0 unchanged, 0 broken."


def test_a_latin1_feed_named_by_its_charset(make_show: ShowMaker) -> None:
    body = feed(item(1, title="Afl. 1: Café en crème")).encode("latin-1")
    with Loopback({"/f.rss": page(body, "application/rss+xml; charset=ISO-8859-1")}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    [episode] = load_content(root).episodes
    assert episode.title == "Afl. 1: Café en crème"


def test_a_latin1_feed_with_a_declaration_and_no_charset(make_show: ShowMaker) -> None:
    declaration = '<?xml version="1.0" encoding="ISO-8859-1"?>'
    body = feed(item(1, title="Afl. 1: Café"), declaration=declaration).encode("latin-1")
    with Loopback({"/f.rss": page(body, "application/rss+xml")}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    assert load_content(root).episodes[0].title == "Afl. 1: Café"


def test_undeclared_latin1_is_an_error_line_not_mojibake(make_show: ShowMaker) -> None:
    body = feed(item(1, title="Afl. 1: Café")).encode("latin-1")
    with Loopback({"/f.rss": page(body, "application/rss+xml")}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 1
    assert stderr.startswith(f"Error: {server.url}/f.rss: not a readable RSS feed (")
    assert list((root / "episodes").iterdir()) == []


def test_enclosure_without_length_is_imported_without_one(make_show: ShowMaker) -> None:
    items = item(1, length=None) + item(2, length="") + item(3, length="veel")
    with Loopback({"/f.rss": page(feed(items))}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    assert [e.length for e in load_content(root).episodes] == [None, None, None]
    assert not any("length" in p.read_text() for p in (root / "episodes").iterdir())


def test_empty_and_huge_pages_are_error_lines(make_show: ShowMaker) -> None:
    def huge(h: BaseHTTPRequestHandler) -> None:
        answer(h, 200, b"", RSS, Content_Length=str(2 * 1024**3))

    with Loopback({"/leeg.rss": page(b""), "/groot.rss": huge}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/leeg.rss")
        assert (code, stderr.splitlines()[0]) == (
            1,
            f"Error: {server.url}/leeg.rss: not a readable RSS feed (Document is empty, "
            "line 1, column 1)",
        )
        code, _, stderr = run(root, server.url + "/groot.rss")
        assert code == 1
        assert stderr.splitlines()[0] == (
            f"Error: {server.url}/groot.rss: the server announced 2,147,483,648 bytes, more "
            "than the 67,108,864 bytes accepted"
        )
    assert list((root / "episodes").iterdir()) == []
