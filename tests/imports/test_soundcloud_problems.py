"""`pipeline import soundcloud URL` against feeds with several things wrong, served on
127.0.0.1: a second, different item under an earlier item's GUID is reported (never dropped
unsaid), and every problem of a feed comes out in one run, not one round at a time."""

from __future__ import annotations

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
        f"Error: episodes/001-afl-2.yaml:4: guid: got '{GUID_2} bis', expected a permanent id "
        "without spaces",
        "Error: 3 problems found; nothing was written.",
    ]
    assert files(root) == {}


def test_a_next_link_that_is_no_web_address_comes_with_the_items_problems(
    make_show: ShowMaker,
) -> None:
    """The pages after it cannot be read, so even --skip-failed imports nothing; the broken
    items read before it are listed with it, not after it is fixed."""
    no_audio = item(1).replace("<enclosure", "<not-an-enclosure")
    with Loopback({"/f.rss": page(feed(no_audio + item(2), "file:///etc/passwd"))}) as server:
        url = f"{server.url}/f.rss"
        root = make_show()
        for flags in ((), ("--skip-failed",)):
            code, _, stderr = run(root, url, *flags)
            assert code == 1
            assert errors(stderr) == [
                f"Error: {url}, item 1 (Afl. 1): item: got no <enclosure url>, expected a "
                "complete item",
                f"Error: {url}: atom:link rel=\"next\": got 'file:///etc/passwd', expected a "
                "web address (the pages after it could not be read)",
                "Error: 2 problems found; nothing was written.",
            ]
    assert files(root) == {}
