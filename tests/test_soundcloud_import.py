"""`pipeline import soundcloud URL` against the loopback fake: paging, episode files that
build, pairing with posts, idempotent re-runs, updates, and a feed with a broken item."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.fake_soundcloud import FakeSoundCloud

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
