"""`pipeline import soundcloud URL` against the loopback fake: paging, episode files that
build, pairing with posts, idempotent re-runs, updates, and a feed with a broken item."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.errors import OutputError
from pipeline.load import load_content
from pipeline.write import user_files
from tests.conftest import ShowMaker
from tests.fake_soundcloud import FakeSoundCloud
from tests.loopback import Loopback, answer

POST = """\
---
title: "De kassa als visitekaartje"
date: 2026-03-02 09:00
---
Wat we leerden over de kassa.
"""


@pytest.fixture
def fake() -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud(page_size=2) as server:
        for n in range(1, 6):
            server.add(
                500 + n,
                f"afl-{n}",
                f"Afl. {n}: Onderwerp {n}" if n != 2 else "Afl. 2: De kassa als visitekaartje",
                datetime(2026, 3, n, 6, 0, tzinfo=UTC),
                description=f"Beschrijving van aflevering {n}.",
                artwork=f"https://i1.sndcdn.example/art-{n}.jpg",
                audio=b"ID3" + bytes(100 * n),
                duration=600 + n,
            )
        yield server


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "soundcloud", *args, "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((root / "episodes").glob("*.yaml"))}


def test_import_reads_every_page_and_writes_buildable_files(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(posts={"2026-03-02-de-kassa": POST})
    code, out, stderr = run(root, fake.feed_url)
    assert code == 0, stderr
    written = files(root)
    assert list(written) == [
        "001-afl-1-onderwerp-1.yaml",
        "002-afl-2-de-kassa-als-visitekaartje.yaml",
        "003-afl-3-onderwerp-3.yaml",
        "004-afl-4-onderwerp-4.yaml",
        "005-afl-5-onderwerp-5.yaml",
    ]
    assert fake.requests_to("/users/") == 3  # 5 items, 2 per page
    assert out.splitlines()[0] == "Created: episodes/001-afl-1-onderwerp-1.yaml"
    assert out.splitlines()[-1] == (
        "Imported 5 items: 5 created, 0 updated, 0 unchanged, 0 broken."
    )
    three = written["003-afl-3-onderwerp-3.yaml"]
    assert 'title: "Afl. 3: Onderwerp 3"' in three
    assert "guid: tag:soundcloud,2010:tracks/503" in three
    assert f"audio: {fake.stream_url(fake.tracks[503])}" in three
    assert "length: 303" in three
    assert "duration: 603" in three
    assert "date: 2026-03-03 07:00+01:00" in three
    assert "image: https://i1.sndcdn.example/art-3.jpg" in three
    assert 'summary: "Beschrijving van aflevering 3."' in three
    assert "soundcloud: https://soundcloud.com/fakeshow/afl-3" in three
    # paired with the post of the same day and title, the build's own rule
    assert 'post: "2026-03-02-de-kassa"' in written["002-afl-2-de-kassa-als-visitekaartje.yaml"]
    assert "post:" not in three

    # what was written builds offline into a feed with the same GUIDs and enclosures
    content = load_content(root)
    assert len(content.episodes) == 5
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--now", "2026-04-01T00:00Z", "--offline", "-q"],
    )
    assert result.exit_code == 0, result.stderr
    feed = etree.parse(str(root / "site" / "feed.xml"))
    guids = feed.xpath("//item/guid/text()")
    assert guids == [f"tag:soundcloud,2010:tracks/{500 + n}" for n in range(5, 0, -1)]
    lengths = feed.xpath("//item/enclosure/@length")
    assert lengths == [str(3 + 100 * n) for n in range(5, 0, -1)]


def test_second_run_changes_nothing_and_never_duplicates(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show()
    assert run(root, fake.feed_url)[0] == 0
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (root / "episodes").iterdir()}
    code, out, _ = run(root, fake.feed_url)
    assert code == 0
    assert out.splitlines()[0] == "Skipped: episodes/001-afl-1-onderwerp-1.yaml (unchanged)"
    assert out.splitlines()[-1] == (
        "Imported 5 items: 0 created, 0 updated, 5 unchanged, 0 broken."
    )
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (root / "episodes").iterdir()}
    assert after == before


def test_new_and_changed_items_on_a_later_run(make_show: ShowMaker, fake: FakeSoundCloud) -> None:
    root = make_show()
    assert run(root, fake.feed_url)[0] == 0
    # the user edits a title; SoundCloud replaces the audio of episode 1 and adds episode 6
    path = root / "episodes" / "001-afl-1-onderwerp-1.yaml"
    path.write_text(path.read_text("utf-8").replace("Onderwerp 1", "Onze titel"), "utf-8")
    fake.tracks[501].audio = b"ID3" + bytes(999)
    fake.tracks[501].title = "Afl. 1: Nieuwe titel bij SoundCloud"
    fake.add(506, "afl-6", "Afl. 6: Nieuw", datetime(2026, 3, 6, 6, 0, tzinfo=UTC))
    code, out, stderr = run(root, fake.feed_url)
    assert code == 0, stderr
    lines = out.splitlines()
    assert "Updated: episodes/001-afl-1-onderwerp-1.yaml (length)" in lines
    assert "Created: episodes/006-afl-6-nieuw.yaml" in lines
    assert lines[-1] == "Imported 6 items: 1 created, 1 updated, 4 unchanged, 0 broken."
    text = path.read_text("utf-8")
    assert "length: 1002" in text
    assert 'title: "Afl. 1: Onze titel"' in text  # what the user wrote wins


def test_existing_episode_is_matched_by_track_not_duplicated(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    mine = """\
title: "Afl. 1: Al gemaakt met pipeline new"
number: 1
date: 2026-03-01 07:00
guid: urn:uuid:11111111-2222-4333-8444-555555555555
soundcloud: https://soundcloud.com/fakeshow/afl-1
summary: "Van ons."
"""
    root = make_show(episodes={"001-eigen": mine})
    code, out, stderr = run(root, fake.feed_url)
    assert code == 0, stderr
    assert "Updated: episodes/001-eigen.yaml (image, length, mime_type, duration)" in out
    assert "GUID urn:uuid:11111111-2222-4333-8444-555555555555 differs" in stderr
    assert len(files(root)) == 5
    text = (root / "episodes" / "001-eigen.yaml").read_text("utf-8")
    assert text.startswith(mine)  # every written byte kept; fields appended


def test_broken_item_fails_the_import_or_is_skipped(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    fake.tracks[503].broken = True
    root = make_show()
    code, out, stderr = run(root, fake.feed_url)
    assert code == 1
    assert [line for line in stderr.splitlines() if line.startswith("Error:")] == [
        f"Error: {fake.feed_url}?before=504, item 1 (Afl. 3: Onderwerp 3): item: got no "
        "<enclosure url>, expected a complete item",
        "Error: 1 problem found; nothing was written.",
    ]
    assert files(root) == {}

    code, out, stderr = run(root, fake.feed_url, "--skip-failed")
    assert code == 0, stderr
    assert len(files(root)) == 4
    assert "broken item: no <enclosure url>" in out
    assert out.splitlines()[-1] == "Imported 4 items: 4 created, 0 updated, 0 unchanged, 1 broken."


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("404", "HTTP 404 Not Found, expected a podcast feed"),
        ("html", "got a <html> document, expected an RSS feed"),
        ("malformed", "not a readable RSS feed"),
    ],
)
def test_unreadable_feed_is_an_error(
    make_show: ShowMaker, fake: FakeSoundCloud, fault: str, message: str
) -> None:
    fake.always("feed", fault)
    root = make_show()
    code, _, stderr = run(root, fake.feed_url)
    assert code == 1
    assert stderr.startswith(f"Error: {fake.feed_url}: ")
    assert message in stderr
    assert files(root) == {}


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_a_write_that_stops_half_way_leaves_every_file_as_it_was(
    make_show: ShowMaker,
    fake: FakeSoundCloud,
    monkeypatch: pytest.MonkeyPatch,
    stop: BaseException,
) -> None:
    """Ctrl-C or a full disk at the third file: the files before it stayed created or
    updated, while the command said "nothing was written"."""
    mine = (
        'title: "Afl. 1: mijn eigen titel"\nnumber: 1\ndate: 2026-03-01 07:00\n'
        "soundcloud: https://soundcloud.com/fakeshow/afl-1\n"
    )
    root = make_show(episodes={"001-eigen": mine})
    before = files(root)
    real = user_files.replace_file
    calls: list[Path] = []

    def failing(path: Path, data: bytes, through_link: bool = False) -> None:
        calls.append(path)
        if len(calls) == 3:
            if isinstance(stop, OSError):  # as replace_file says it
                raise OutputError(f"could not write {path}: {stop}")
            raise stop
        real(path, data, through_link)

    monkeypatch.setattr(user_files, "replace_file", failing)
    code, _, stderr = run(root, fake.feed_url)
    assert code == (130 if isinstance(stop, KeyboardInterrupt) else 1), stderr
    assert len(calls) == 3
    assert files(root) == before
    monkeypatch.setattr(user_files, "replace_file", real)
    code, out, _ = run(root, fake.feed_url)  # run again: everything is written
    assert code == 0
    assert out.splitlines()[-1] == "Imported 5 items: 4 created, 1 updated, 0 unchanged, 0 broken."


@pytest.mark.parametrize("url", ["", "file:///etc/passwd", "feeds.soundcloud.com/x.rss"])
def test_a_url_that_is_no_web_address_is_an_error_line(make_show: ShowMaker, url: str) -> None:
    """An empty URL read no page and said "Imported 0 items" with status 0 (a typo in a
    script's variable went unnoticed); file:/// was called a redirect."""
    root = make_show()
    for dry_run in ((), ("--dry-run",)):
        code, out, stderr = run(root, url, *dry_run)
        assert code == 1
        assert stderr.splitlines() == [
            f"Error: pipeline import soundcloud: URL: got {url!r}, expected the web address of "
            "a podcast feed (http or https, without a user name or password), e.g. "
            "https://feeds.soundcloud.com/users/soundcloud:users:ID/sounds.rss",
            "Error: 1 problem found; nothing was written.",
        ]
        assert out == ""
    assert files(root) == {}


# ---------------------------------------------------------------------------------------
# `pipeline import soundcloud` against odd feeds served on 127.0.0.1: the same item on two
# pages, "next" links that loop (to the page itself, or through ever-changing URLs), a Latin-1
# feed, an enclosure without length, an empty 200 and a 2 GB page.


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


def test_numbers_the_loader_refuses_are_left_out(make_show: ShowMaker) -> None:
    """An itunes:episode of 30 digits or an enclosure length past 2**53 would be written and
    then refused by the next build: what an import writes must load."""
    numbered = item(1, length="1" + "0" * 20).replace(
        "</item>", "<itunes:episode>1" + "0" * 29 + "</itunes:episode></item>"
    )
    body = feed(numbered).replace(
        "<rss ", '<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    )
    with Loopback({"/f.rss": page(body)}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    [episode] = load_content(root).episodes  # loads: before, the build refused the file
    assert (episode.number, episode.length) == (1, None)  # the number from "Afl. 1"


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
