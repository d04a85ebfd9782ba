"""`pipeline import soundcloud URL` against feeds with several things wrong, served on
127.0.0.1: a second, different item under an earlier item's GUID or matching the episode
file another item updates is reported (never dropped unsaid), new names never meet an
existing file's, every problem names its feed item on one line, and every problem of a feed
comes out in one run, not one round at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.load import load_content
from pipeline.spec.apple import ITUNES_NS
from tests.conftest import ShowMaker
from tests.imports.test_soundcloud import feed, files, guids, item, page, run
from tests.loopback import Loopback

GUID_2 = "tag:soundcloud,2010:tracks/2"


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


def test_a_different_item_under_an_earlier_guid_is_a_problem_at_that_item(
    make_show: ShowMaker,
) -> None:
    """A feed reader shows one item per GUID: the second would have been lost in silence."""
    other = item(2, title="Afl. 2b: Een andere aflevering").replace("/2.mp3", "/2b.mp3")
    with Loopback() as server:
        p2 = f"{server.url}/p2.rss"
        server.routes["/p1.rss"] = page(feed(item(1) + item(2), p2))
        server.routes["/p2.rss"] = page(feed(other + item(3)))
        root = make_show()
        code, out, stderr = run(root, server.url + "/p1.rss")
        assert code == 1
        assert errors(stderr) == [
            f"Error: {p2}, item 1 (Afl. 2b: Een andere aflevering): guid: got '{GUID_2}', "
            f"expected a GUID no other item has (also used by {server.url}/p1.rss, item 2: "
            "Afl. 2)",
            "Error: 1 problem found; nothing was written.",
        ]
        assert files(root) == {}

        code, out, stderr = run(root, server.url + "/p1.rss", "--skip-failed")
    assert code == 0, stderr
    assert f"Skipped: {p2}, item 1 (Afl. 2b: Een andere aflevering): broken item: guid: " in out
    assert out.splitlines()[-1] == "Imported 3 items: 3 created, 0 updated, 0 unchanged, 1 broken."
    # the first item under the GUID is the one imported, with its own audio
    assert guids(root) == [f"tag:soundcloud,2010:tracks/{n}" for n in (1, 2, 3)]
    assert "audio: https://feeds.example/stream/2.mp3" in "".join(files(root).values())
    assert "2b.mp3" not in "".join(files(root).values())


def test_every_problem_of_a_feed_in_one_run(make_show: ShowMaker) -> None:
    """An item without enclosure, a GUID the loader refuses, a second item under one GUID:
    all reported at once (the first used to hide the others until it was fixed)."""
    no_audio = item(1).replace("<enclosure", "<not-an-enclosure")
    spaced = item(2).replace(f"{GUID_2}<", f"{GUID_2} bis<")
    again = item(3, title="Afl. 3 opnieuw").replace("/3.mp3", "/3b.mp3")
    with Loopback({"/f.rss": page(feed(no_audio + spaced + item(3) + again))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        code, _, stderr = run(root, url)
    assert code == 1
    assert errors(stderr) == [
        f"Error: {url}, item 1 (Afl. 1): item: got no <enclosure url>, expected a complete item",
        f"Error: {url}, item 4 (Afl. 3 opnieuw): guid: got 'tag:soundcloud,2010:tracks/3', "
        f"expected a GUID no other item has (also used by {url}, item 3: Afl. 3)",
        # named by its feed item: the file it would have become exists nowhere
        f"Error: {url}, item 2 (Afl. 2): guid: got '{GUID_2} bis', expected a permanent id "
        "of at most 256 characters, without spaces",
        "Error: 3 problems found; nothing was written.",
    ]
    assert files(root) == {}


@pytest.mark.parametrize("nxt", ["file:///etc/passwd", "http://[::1/f.rss"])
def test_a_next_link_that_is_no_web_address_comes_with_the_items_problems(
    make_show: ShowMaker, nxt: str
) -> None:
    """The pages after it cannot be read, so even --skip-failed imports nothing; the broken
    items read before it are listed with it, not after it is fixed. An unclosed IPv6 host
    was a ValueError traceback from joining it to the page's address."""
    no_audio = item(1).replace("<enclosure", "<not-an-enclosure")
    with Loopback({"/f.rss": page(feed(no_audio + item(2), nxt))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        for flags in ((), ("--skip-failed",)):
            code, _, stderr = run(root, url, *flags)
            assert code == 1
            assert errors(stderr) == [
                f"Error: {url}, item 1 (Afl. 1): item: got no <enclosure url>, expected a "
                "complete item",
                f'Error: {url}: atom:link rel="next": got {nxt!r}, expected a '
                "web address (the pages after it could not be read)",
                "Error: 2 problems found; nothing was written.",
            ]
    assert files(root) == {}


def test_an_item_the_loader_refuses_is_skipped_under_its_feed_item(make_show: ShowMaker) -> None:
    spaced = item(2).replace(f"{GUID_2}<", f"{GUID_2} bis<")
    with Loopback({"/f.rss": page(feed(item(1) + spaced))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        code, out, stderr = run(root, url, "--skip-failed")
    assert code == 0, stderr
    assert f"Skipped: {url}, item 2 (Afl. 2): broken item: guid: got '{GUID_2} bis', " in out
    assert out.splitlines()[-1] == "Imported 1 item: 1 created, 0 updated, 0 unchanged, 1 broken."
    assert list(files(root)) == ["001-afl-1.yaml"]


OWN_FILE = """\
title: "Afl. 1: Al gemaakt met pipeline new"
number: 1
date: 2026-03-01 07:00
guid: {guid}
soundcloud: https://soundcloud.com/fakeshow/afl-1
"""
OWN_GUID = "urn:uuid:11111111-2222-4333-8444-555555555555"
REUPLOAD_GUID = "urn:uuid:22222222-3333-4444-8555-666666666666"


def reupload() -> str:
    """Another item (its own GUID, a later date) for the same SoundCloud track as item 1."""
    return (
        item(4, title="Afl. 1 (herupload)", length="7777")
        .replace("tag:soundcloud,2010:tracks/4", REUPLOAD_GUID)
        .replace("/afl-4<", "/afl-1<")
        .replace("/4.mp3", "/1b.mp3")
    )


def test_an_update_the_loader_refuses_names_the_item_and_the_file(make_show: ShowMaker) -> None:
    """A duration no episode has: the problem is the update of the user's file, so the file
    is named beside the feed item."""
    mine = OWN_FILE.format(guid=OWN_GUID)
    long = f'<itunes:duration xmlns:itunes="{ITUNES_NS}">5000:00:00</itunes:duration></item>'
    with Loopback({"/f.rss": page(feed(item(1).replace("</item>", long)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show(episodes={"001-eigen": mine})
        code, _, stderr = run(root, url)
    assert code == 1
    found = errors(stderr)
    assert found[0].startswith(f"Error: {url}, item 1 (Afl. 1): duration: got 18000000, ")
    assert found[0].endswith(" (updating episodes/001-eigen.yaml)")
    assert found[1:] == ["Error: 1 problem found; nothing was written."]
    assert files(root) == {"001-eigen.yaml": mine}


def test_new_fields_go_before_the_end_of_document_line(make_show: ShowMaker) -> None:
    """After YAML's "..." they would start a second document, which the loader refuses."""
    mine = OWN_FILE.format(guid=OWN_GUID) + "...\n# notities van de maker\n"
    with Loopback({"/f.rss": page(feed(item(1)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show(episodes={"001-eigen": mine})
        code, _, stderr = run(root, url)
    assert code == 0, stderr
    text = files(root)["001-eigen.yaml"]
    assert text == OWN_FILE.format(guid=OWN_GUID) + (
        "length: 1000\nmime_type: audio/mpeg\n...\n# notities van de maker\n"
    )
    assert load_content(root).episodes[0].length == 1000


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_an_update_keeps_the_file_s_line_ends(make_show: ShowMaker, newline: str) -> None:
    """The file was read with its line ends made LF: a Windows user's file, said to gain
    two fields, came back with every line changed (and "..." then went unseen)."""
    mine = (OWN_FILE.format(guid=OWN_GUID) + "...\n").replace("\n", newline)
    with Loopback({"/f.rss": page(feed(item(1)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        path = root / "episodes" / "001-eigen.yaml"
        path.write_bytes(mine.encode())
        code, out, stderr = run(root, url)
        assert code == 0, stderr
        assert out.splitlines()[0] == "Updated: episodes/001-eigen.yaml (length, mime_type)"
        added = f"length: 1000{newline}mime_type: audio/mpeg{newline}"
        written = path.read_bytes()
        assert written == mine.replace(f"...{newline}", added + f"...{newline}").encode()
        assert run(root, url)[0] == 0  # a second run changes nothing
    assert path.read_bytes() == written
    assert load_content(root).episodes[0].length == 1000


def test_an_update_keeps_the_comment_after_a_refreshed_value(make_show: ShowMaker) -> None:
    """A refreshed length or type replaced its whole line: the user's comment after the
    value went with it, while the run said only which fields it updated."""
    mine = OWN_FILE.format(guid=OWN_GUID) + (
        "length: 5  # gemeten door Fenna, 3 maart\n"
        "mime_type: 'audio/x-m4a'\t# 'oud' # van de vorige host\n"
    )
    with Loopback({"/f.rss": page(feed(item(1)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        path = root / "episodes" / "001-eigen.yaml"
        path.write_text(mine)
        code, out, stderr = run(root, url)
        assert code == 0, stderr
        assert out.splitlines()[0] == "Updated: episodes/001-eigen.yaml (length, mime_type)"
        assert path.read_text() == OWN_FILE.format(guid=OWN_GUID) + (
            "length: 1000  # gemeten door Fenna, 3 maart\n"
            "mime_type: audio/mpeg\t# 'oud' # van de vorige host\n"
        )
        written = path.read_bytes()
        assert run(root, url)[0] == 0  # a second run changes nothing
    assert path.read_bytes() == written


def test_fields_in_braces_are_left_for_the_user(make_show: ShowMaker) -> None:
    """A flow mapping takes no appended line: the file is left as it is, with a notice."""
    link = "https://soundcloud.com/fakeshow/afl-1"
    mine = f'{{title: "Afl. 1", number: 1, date: 2026-03-01 07:00, soundcloud: "{link}"}}\n'
    with Loopback({"/f.rss": page(feed(item(1)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show(episodes={"001-eigen": mine})
        code, out, stderr = run(root, url)
    assert code == 0, stderr
    assert "update them by hand" in out + stderr
    assert files(root) == {"001-eigen.yaml": mine}


@pytest.mark.parametrize(
    ("guid", "kept", "refused"),
    [
        # both match by track: the older one updates the file
        (OWN_GUID, 1, 2),
        # the file has the later item's GUID: that item is the file, whatever the date
        (REUPLOAD_GUID, 2, 1),
    ],
    ids=["by-track", "by-guid-first"],
)
def test_two_items_for_one_episode_file_are_a_problem_naming_both(
    make_show: ShowMaker, guid: str, kept: int, refused: int
) -> None:
    """The second item's update used to replace the first's in silence."""
    mine = OWN_FILE.format(guid=guid)
    titles = {1: "Afl. 1", 2: "Afl. 1 (herupload)"}
    with Loopback({"/f.rss": page(feed(item(1) + reupload()))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show(episodes={"001-eigen": mine})
        code, _, stderr = run(root, url)
        assert code == 1
        assert errors(stderr) == [
            f"Error: {url}, item {refused} ({titles[refused]}): link: got "
            "'https://soundcloud.com/fakeshow/afl-1', expected a track of its own "
            f"(episodes/001-eigen.yaml has it, and is updated from {url}, item {kept} "
            f"({titles[kept]}))",
            "Error: 1 problem found; nothing was written.",
        ]
        assert files(root) == {"001-eigen.yaml": mine}

        code, out, stderr = run(root, url, "--skip-failed")
    assert code == 0, stderr
    assert f"Skipped: {url}, item {refused} ({titles[refused]}): broken item: link: " in out
    assert out.splitlines()[-1] == "Imported 1 item: 0 created, 1 updated, 0 unchanged, 1 broken."
    [written] = files(root).values()
    assert written.startswith(mine)
    assert f"length: {1000 if kept == 1 else 7777}" in written  # the kept item's, only
    assert [e.feed_guid for e in load_content(root).episodes] == [guid]


@pytest.mark.parametrize("name", ["002-afl-2.yml", "002-Afl-2.yaml"])
def test_a_new_name_never_meets_an_existing_file(make_show: ShowMaker, name: str) -> None:
    """002-afl-2.yaml beside 002-afl-2.yml (or 002-Afl-2.yaml) is one page: the build
    refused the pair the import wrote."""
    mine = (
        'title: "Afl. 2: Eigen werk"\nnumber: 1\ndate: 2026-02-01 07:00\n'
        "guid: urn:uuid:33333333-4444-4555-8666-777777777777\n"
        "audio: https://feeds.example/eigen.mp3\n"
    )
    with Loopback({"/f.rss": page(feed(item(2)))}) as server:
        root = make_show()
        (root / "episodes" / name).write_text(mine, "utf-8")
        code, out, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    assert "Created: episodes/002-afl-2-2.yaml" in out.splitlines()
    assert (root / "episodes" / name).read_text("utf-8") == mine
    assert sorted(e.source.name for e in load_content(root).episodes) == sorted(
        [name, "002-afl-2-2.yaml"]
    )


def test_feed_text_with_line_breaks_stays_on_one_problem_line(make_show: ShowMaker) -> None:
    """A title with a newline (or U+0085, U+2028) split an Error: line in two."""
    no_audio = item(1, title="Afl. 1\nDeel&#133;twee").replace("<enclosure", "<not-an-enclosure")
    first = item(3, title="Afl. 3&#x2028;eerste")
    again = item(3, title="Afl. 3\ttweede").replace("/3.mp3", "/3b.mp3")
    with Loopback({"/f.rss": page(feed(no_audio + item(2) + first + again))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        code, _, stderr = run(root, url)
        assert code == 1
        assert stderr.splitlines() == [
            f"Error: {url}, item 1 (Afl. 1\\nDeel\\x85twee): item: got no <enclosure url>, "
            "expected a complete item",
            f"Error: {url}, item 4 (Afl. 3\\ttweede): guid: got 'tag:soundcloud,2010:tracks/3', "
            f"expected a GUID no other item has (also used by {url}, item 3: Afl. 3\\u2028eerste)",
            "Error: 2 problems found; nothing was written.",
        ]
        code, out, stderr = run(root, url, "--skip-failed")
    assert code == 0, stderr
    skipped = [line for line in out.splitlines() if line.startswith("Skipped:")]
    assert skipped == [
        f"Skipped: {url}, item 1 (Afl. 1\\nDeel\\x85twee): broken item: no <enclosure url>",
        f"Skipped: {url}, item 4 (Afl. 3\\ttweede): broken item: guid: got "
        f"'tag:soundcloud,2010:tracks/3', expected a GUID no other item has (also used by "
        f"{url}, item 3: Afl. 3\\u2028eerste)",
    ]
    assert len(out.splitlines()) == 5  # two created, two skipped, the count


def test_a_notice_quoting_the_feed_s_guid_stays_one_line(make_show: ShowMaker) -> None:
    """The item's GUID is only quoted (the file keeps its own): a line break in it split
    the Notice: line."""
    mine = OWN_FILE.format(guid=OWN_GUID)
    odd = item(1).replace("tag:soundcloud,2010:tracks/1<", "urn:x\ny<")
    with Loopback({"/f.rss": page(feed(odd))}) as server:
        root = make_show(episodes={"001-eigen": mine})
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 0, stderr
    assert stderr.splitlines() == [
        f"Notice: episodes/001-eigen.yaml: GUID {OWN_GUID} differs from the feed's urn:x\\ny; kept"
    ]


def test_an_impossible_or_unzoned_pubdate(make_show: ShowMaker) -> None:
    """A 20-digit year is an item's problem (it was an OverflowError traceback); "-0000" is
    UTC, as RFC 5322 has it (it was "no readable <pubDate>")."""
    huge = item(1).replace("Mon, 01 Mar 2026", "Mon, 01 Mar 99999999999999999999")
    utc = item(2).replace("06:00:00 +0000", "06:00:00 -0000")
    with Loopback({"/f.rss": page(feed(huge + utc))}) as server:
        root = make_show()
        code, _, stderr = run(root, server.url + "/f.rss")
    assert code == 1
    assert "Traceback" not in stderr
    assert errors(stderr) == [
        f"Error: {server.url}/f.rss, item 1 (Afl. 1): item: got no readable <pubDate> (got "
        "'Mon, 01 Mar 99999999999999999999 06:00:00 +0000'), expected a complete item",
        "Error: 1 problem found; nothing was written.",
    ]


def test_an_update_of_a_linked_episode_file_writes_the_file_it_links(
    make_show: ShowMaker,
) -> None:
    """An episode file linked into episodes/ from elsewhere in the show: the update goes to
    the file it names and the link stays (renamed over, the link became a copy)."""
    with Loopback({"/f.rss": page(feed(item(1)))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        kept = root / "archief" / "001-eigen.yaml"
        kept.parent.mkdir()
        kept.write_text(OWN_FILE.format(guid=OWN_GUID) + "length: 5\n")
        path = root / "episodes" / "001-eigen.yaml"
        path.symlink_to(Path("..") / "archief" / "001-eigen.yaml")
        code, out, stderr = run(root, url)
        assert code == 0, stderr
        assert out.splitlines()[0].startswith("Updated: episodes/001-eigen.yaml")
    assert path.is_symlink()
    assert "length: 1000" in kept.read_text()
