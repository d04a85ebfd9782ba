"""`--previous live` holds every item of the live feed to an episode, also one it cannot key
by file name or GUID. An item without ``<guid>`` and without a link under /episodes/ is
known by its enclosure URL, as apps know it: refused at the file of the episode that has
that audio, or by its place and title in the feed when no episode has it (it was refused as
``episodes/.yaml: episode: got no episode, expected '' ()``, with nothing to act on). Two
items under one GUID, or under one file name, are no longer read as one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer

NOW = "2026-06-01T12:00+02:00"
GUID = "urn:uuid:00000000-0000-4000-8000-00000000000{n}"


def publish(root: Path, *args: str) -> tuple[int, str, str]:
    command = ["publish", "--root", str(root), "-q", "--no-ping", "--now", NOW, *args]
    result = CliRunner().invoke(main, command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def published(make_show: ShowMaker, host: Loopback) -> tuple[Path, bytes]:
    """A show on ``host`` with episodes 1 and 2 published, and the feed it wrote."""
    root = make_show(
        config=BASIC_CONFIG.replace("https://show.example/", host.url + "/"),
        episodes={"001-a": episode(1), "002-b": episode(2)},
    )
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    return root, (root / "site" / "feed.xml").read_bytes()


def edited(feed: bytes, change: Callable[[etree._Element], None]) -> bytes:
    """The feed with ``change`` made to its channel, parsed and written again (no regexes)."""
    tree = etree.fromstring(feed)
    change(tree.find("channel"))
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def item(channel: etree._Element, n: int) -> etree._Element:
    found: etree._Element = channel.xpath(f"item[guid = '{GUID.format(n=n)}']")[0]
    return found


def without(n: int, *tags: str) -> Callable[[etree._Element], None]:
    """Episode ``n``'s item without these elements (its <guid> and <link>: as another host
    may have served it)."""

    def change(channel: etree._Element) -> None:
        found = item(channel, n)
        for tag in tags:
            found.remove(found.find(tag))

    return change


def live(
    make_show: ShowMaker, host: Loopback, change: Callable[[etree._Element], None]
) -> tuple[Path, bytes]:
    """A show published on ``host``, whose live feed is then served with ``change`` made."""
    root, feed = published(make_show, host)
    served = edited(feed, change)
    host.routes["/feed.xml"] = lambda h: answer(h, 200, served, "application/rss+xml")
    return root, feed


def refused(root: Path, feed: bytes, *args: str) -> str:
    """What a run that is refused and writes nothing says."""
    code, _, stderr = publish(root, "--previous", "live", *args)
    assert code == 1, stderr
    assert (root / "site" / "feed.xml").read_bytes() == feed
    return stderr


def test_an_item_without_guid_is_held_to_the_episode_with_its_audio(
    make_show: ShowMaker,
) -> None:
    """Apps know an item without a GUID by its enclosure URL: the new feed giving it one is
    a changed GUID, refused at the episode file that has that audio."""
    with Loopback() as host:
        root, feed = live(make_show, host, without(2, "guid", "link"))
        assert errors(refused(root, feed))[0] == (
            f"Error: episodes/002-b.yaml:4: guid: got '{GUID.format(n=2)}', expected no GUID "
            "as published (apps know an item without a <guid> by its enclosure URL, and "
            "would see a new episode; pass --allow-change 002-b if this is intended)"
        )
        code, stdout, stderr = publish(root, "--previous", "live", "--allow-change", "002-b")
    assert code == 0, stderr
    assert f"Allowed change: 002-b: guid: '{GUID.format(n=2)}'" in stdout


def test_an_item_without_guid_that_no_episode_has_is_named_by_its_place_and_title(
    make_show: ShowMaker,
) -> None:
    """An item from an earlier host (no GUID, no link of ours, audio no episode has): the
    refusal names it, its audio and how to let it go, never ``episodes/.yaml``."""
    old = "https://old-host.example/media/pilot.mp3"

    def add(channel: etree._Element) -> None:
        extra = etree.SubElement(channel, "item")
        etree.SubElement(extra, "title").text = "De pilot"
        etree.SubElement(extra, "enclosure", url=old, length="1", type="audio/mpeg")

    with Loopback() as host:
        root, feed = live(make_show, host, add)
        stderr = refused(root, feed)
        assert errors(stderr)[0] == (
            f"Error: feed item 3 ('De pilot'): episode: got no episode with its audio {old}, "
            "expected it to stay in the feed (it has no link under /episodes/, and apps know "
            "an item without a <guid> by its enclosure URL; pass --allow-change "
            f"{old} if it may go)"
        )
        assert ".yaml" not in stderr
        assert f"Error: feed item 3 ('De pilot'): episode: got no episode with its audio {old}" in (
            refused(root, feed, "--dry-run")
        )
        code, stdout, stderr = publish(root, "--previous", "live", "--allow-change", old)
    assert code == 0, stderr
    assert f"Allowed change: feed item 3 ('De pilot'): episode: gone (was {old})" in stdout


def test_an_item_without_guid_but_with_its_link_names_its_file(make_show: ShowMaker) -> None:
    """The link under /episodes/ names the file; the refusal of its removal says no "()"
    for the GUID the item does not have."""

    with Loopback() as host:
        root, feed = live(make_show, host, without(2, "guid"))
        (root / "episodes" / "002-b.yaml").unlink()
        stderr = refused(root, feed)
    assert errors(stderr)[0] == (
        "Error: episodes/002-b.yaml: episode: got no episode, expected 'Afl. 2: Onderwerp 2' "
        "to stay in the feed as published (subscribers would see a broken or duplicate "
        "episode; pass --allow-change 002-b if this is intended)"
    )


def repeated(n: int, **changes: str) -> Callable[[etree._Element], None]:
    """A copy of episode ``n``'s item at the end of the feed, under the same GUID, with
    ``changes`` to its elements' text (``enclosure``: its URL)."""

    def change(channel: etree._Element) -> None:
        copy = etree.fromstring(etree.tostring(item(channel, n)))
        for tag, text in changes.items():
            if tag == "enclosure":
                copy.find("enclosure").set("url", text)
            else:
                copy.find(tag).text = text
        channel.append(copy)

    return change


def test_a_guid_repeated_by_the_same_item_is_a_warning(make_show: ShowMaker) -> None:
    """Two items under one GUID were silently read as one. The same episode twice loses
    nothing (apps show it once, and the new feed carries it once): said, not refused."""
    with Loopback() as host:
        root, _ = live(make_show, host, repeated(1))
        code, _, stderr = publish(root, "--previous", "live")
    assert code == 0, stderr
    assert (
        "Warning: the live feed has feed item 2 ('Afl. 1: Onderwerp 1') twice, again as "
        f"feed item 3 (GUID '{GUID.format(n=1)}'): apps show it once, and the new feed "
        "carries it once"
    ) in stderr.splitlines()


def test_two_different_items_under_one_guid_are_refused(make_show: ShowMaker) -> None:
    """A second, different item under a GUID an earlier one has (another audio file): apps
    show only one of them, so one of two episodes is lost to subscribers. Refused, naming
    both items; allowed by the GUID."""
    other = "https://media.show.example/1-old.mp3"
    with Loopback() as host:
        change = repeated(1, title="Afl. 1 (oud)", link=host.url + "/oud/", enclosure=other)
        root, feed = live(make_show, host, change)
        assert errors(refused(root, feed))[0] == (
            f"Error: feed item 3 ('Afl. 1 (oud)'): guid: got '{GUID.format(n=1)}', the GUID "
            "of feed item 2 ('Afl. 1: Onderwerp 1') too, expected each item under a GUID of "
            "its own (apps show one of them, and subscribers lose the other; pass "
            f"--allow-change {GUID.format(n=1)} if the feed may carry one)"
        )
        code, stdout, stderr = publish(
            root, "--previous", "live", "--allow-change", GUID.format(n=1)
        )
    assert code == 0, stderr
    assert (
        f"Allowed change: feed item 3 ('Afl. 1 (oud)'): guid: '{GUID.format(n=1)}' of feed "
        "item 2 ('Afl. 1: Onderwerp 1') too (was another episode)"
    ) in stdout


def test_two_items_under_one_file_name_are_both_held(make_show: ShowMaker) -> None:
    """Two items linking to the same /episodes/ page (a link edited by hand) were read as
    one: the other's GUID could then leave the feed unsaid."""

    def same_link(channel: etree._Element) -> None:
        item(channel, 2).find("link").text = item(channel, 1).findtext("link")

    with Loopback() as host:
        root, feed = live(make_show, host, same_link)
        (root / "episodes" / "002-b.yaml").unlink()
        stderr = refused(root, feed)
    # Episode 2 is gone: said as such, never as 001-a's GUID changing to its own (set to
    # episode 2's, as that said, it would lose episode 1 instead).
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:1: episode: got no episode, expected 'Afl. 2: Onderwerp 2' "
        f"({GUID.format(n=2)}) to stay in the feed as published (subscribers would see a "
        "broken or duplicate episode; pass --allow-change 001-a if this is intended)",
        "Error: 1 problem found; nothing was written.",
    ]


def test_the_same_item_twice_at_one_moment_written_at_another_offset_is_a_warning(
    make_show: ShowMaker,
) -> None:
    """The copy's pubDate is the same moment written in UTC (06:00 +0000 is 07:00 +0100):
    the same episode twice, as the guard holds a date everywhere else, not another episode
    refused as lost to subscribers."""

    def in_utc(channel: etree._Element) -> None:
        repeated(1)(channel)
        channel.findall("item")[-1].find("pubDate").text = "Sun, 01 Mar 2026 06:00:00 +0000"

    with Loopback() as host:
        root, _ = live(make_show, host, in_utc)
        code, _, stderr = publish(root, "--previous", "live")
    assert code == 0, stderr
    assert "Warning: the live feed has feed item 2 ('Afl. 1: Onderwerp 1') twice" in stderr


def test_an_empty_allow_change_allows_nothing(make_show: ShowMaker) -> None:
    """``--allow-change "$ALLOW"`` with the variable unset in a scheduled job: the empty
    value named every live item without a <guid> (its GUID ""), and let each gain one."""

    with Loopback() as host:
        root, feed = live(make_show, host, without(2, "guid"))
        code, stdout, stderr = publish(root, "--previous", "live", "--allow-change", "")
    assert code == 1
    assert "Allowed change" not in stdout
    assert "--allow-change: got ''" in stderr
    assert (root / "site" / "feed.xml").read_bytes() == feed
