"""`pipeline publish` when things around it go wrong: a damaged or hand-edited state file,
a live feed that is HTML or huge, --allow-change naming nothing, two publishes at once,
--offline, and dates moved after publication. Every refusal writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.write import exclusive_lock
from tests.conftest import BASIC_CONFIG, REPO, ShowMaker, episode
from tests.loopback import Loopback, answer
from tests.publish.test_publish import LATER, errors, publish, snapshot, state


@pytest.fixture
def published(make_show: ShowMaker) -> Path:
    root = make_show(episodes={"001-a": episode(1), "002-b": episode(2)})
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    return root


def edit_state(root: Path, change: object) -> None:
    path = root / "published.json"
    data = json.loads(path.read_text())
    if callable(change):
        change(data)
        path.write_text(json.dumps(data))
    else:
        path.write_text(str(change))


RESTORE = "(restore it from git, or compare with the live feed: --previous live)"
DATE = "a date with its UTC offset, such as 2026-03-01T07:00:00+01:00"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("{not json", ["published.json:1: state: got invalid JSON (Expecting property name "
                       "enclosed in double quotes at column 2), expected the file `pipeline "
                       "publish` writes"]),
        ("", ["published.json:1: state: got invalid JSON (Expecting value at column 1), "
              "expected the file `pipeline publish` writes"]),
        ("[]", ["published.json: state: got a list, expected an object with version, feed "
                "and episodes"]),
        ('{"episodes": 3}', ["published.json: episodes: got 3, expected a list of episodes"]),
        ('{"version": 2, "episodes": []}', ["published.json: version: got 2, expected 1 "
                                            "(written by a newer pipeline?)"]),
        (lambda d: d["episodes"][0].update(date=20260302),
         ["published.json: episodes[1].date: got 20260302, expected text"]),
        (lambda d: (d["episodes"][1].update(date="gisteren"), d["episodes"][0].pop("slug")),
         ["published.json: episodes[1].slug: got nothing, expected text",
          f"published.json: episodes[2].date: got 'gisteren', expected {DATE}"]),
        (lambda d: d["episodes"][0].update(date="2026-03-02T07:00:00"),
         [f"published.json: episodes[1].date: got '2026-03-02T07:00:00', expected {DATE}"]),
        (lambda d: d["episodes"][0].update(guid=None),
         ["published.json: episodes[1].guid: got nothing, expected text"]),
        (lambda d: d["episodes"].append("002-b"),
         ["published.json: episodes[3]: got '002-b', expected an object with slug, guid, "
          "enclosure, date, title"]),
        (lambda d: d["episodes"].append(dict(d["episodes"][0])),
         ["published.json: episodes[3].slug: got '002-b', expected each episode once"]),
    ],
    ids=[
        "not-json", "empty", "list", "episodes-number", "version", "date-number",
        "date-text-and-missing-slug", "date-without-offset", "guid-null", "item-string",
        "duplicate",
    ],
)  # fmt: skip
def test_damaged_state_file_is_an_error_and_nothing_is_written(
    published: Path, change: object, expected: list[str]
) -> None:
    edit_state(published, change)
    before = snapshot(published)
    code, _, stderr = publish(published)
    assert code == 1
    count = len(expected)
    assert errors(stderr) == [f"Error: {line} {RESTORE}" for line in expected] + [
        f"Error: {count} problem{'s' if count > 1 else ''} found; nothing was written."
    ]
    assert snapshot(published) == before


def test_state_file_with_a_note_added_by_hand_is_fine(published: Path) -> None:
    edit_state(published, lambda d: d["episodes"][0].update(notitie="gecontroleerd"))
    code, _, stderr = publish(published)
    assert code == 0, stderr


def test_allow_change_for_an_unknown_episode_is_an_error(published: Path) -> None:
    before = snapshot(published)
    code, _, stderr = publish(
        published, "--allow-change", "009-bestaat-niet", "--allow-change", "01-a"
    )
    assert code == 1
    assert errors(stderr) == [
        "Error: --allow-change: got '009-bestaat-niet', '01-a' (did you mean 001-a?), expected "
        "the file name (without .yaml) or GUID of an episode in the feed or published before"
    ]
    assert snapshot(published) == before


def test_allow_change_accepts_a_removed_episode_and_a_guid(published: Path) -> None:
    (published / "episodes" / "001-a.yaml").unlink()
    code, _, stderr = publish(published, "--allow-change", "001-a")
    assert code == 0, stderr
    path = published / "episodes" / "002-b.yaml"
    path.write_text(path.read_text().replace("03-02 07:00", "03-02 08:00"))
    guid = "urn:uuid:00000000-0000-4000-8000-000000000002"
    code, stdout, stderr = publish(published, "--allow-change", guid)
    assert code == 0, stderr
    assert stdout.startswith("Allowed change: 002-b: date:")


def test_date_moved_after_publication(published: Path) -> None:
    path = published / "episodes" / "002-b.yaml"
    original = path.read_text()
    for new in ("03-01 07:00", "03-02 07:00:01", "2026-09-01 07:00"):  # earlier, later, future
        text = (
            original.replace("03-02 07:00", new)
            if "2026" not in new
            else original.replace("2026-03-02 07:00", new)
        )
        path.write_text(text)
        before = snapshot(published)
        code, _, stderr = publish(published)
        assert code == 1, new
        first = errors(stderr)[0]
        assert first.startswith("Error: episodes/002-b.yaml:3: date: got "), first
        assert "expected 2026-03-02T07:00:00+01:00 as published" in first
        assert snapshot(published) == before


def test_exactly_at_the_due_second(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1), "002-b": episode(2).replace("03-02 07:00", "06-01 12:00")}
    )
    code, stdout, _ = publish(root, "--first-publication", now="2026-06-01T11:59:59+02:00")
    assert [e["slug"] for e in state(root)] == ["001-a"]
    code, stdout, _ = publish(root, now="2026-06-01T12:00:00+02:00")
    assert code == 0
    assert stdout.splitlines()[0].startswith("Published: 002-b")


def live(make_show: ShowMaker, server: Loopback) -> Path:
    return make_show(
        config=BASIC_CONFIG.replace("https://show.example/", server.url + "/"),
        episodes={"001-a": episode(1)},
    )


HTML = b"<html><head><title>Onderhoud</title></head><body><p>Zo terug.</p></body></html>"


@pytest.mark.parametrize(
    ("body", "ctype", "expected"),
    [
        (HTML, "text/html", "got an <html> document, expected an RSS feed"),
        (b"<!DOCTYPE html><html><body>Zo terug<br></body></html>", "text/html", "is not XML"),
        (b"", "application/rss+xml", "is not XML"),
        (b"<rss><item/></rss>", "application/rss+xml", "got an <rss> document without "),
    ],
    ids=["xhtml", "html", "empty", "no-channel"],
)
def test_live_feed_that_is_not_a_feed_refuses(
    make_show: ShowMaker, body: bytes, ctype: str, expected: str
) -> None:
    with Loopback({"/feed.xml": lambda h: answer(h, 200, body, ctype)}) as server:
        root = live(make_show, server)
        code, _, stderr = publish(root, "--previous", "live")
    assert code == 1
    assert expected in errors(stderr)[0], stderr
    assert not (root / "site").exists() and not (root / "published.json").exists()


def test_live_feed_too_large_refuses(make_show: ShowMaker) -> None:
    def huge(h: object) -> None:
        answer(h, 200, b"", "application/rss+xml", Content_Length=str(2 * 1024**3))  # type: ignore[arg-type]

    with Loopback({"/feed.xml": huge}) as server:
        root = live(make_show, server)
        code, _, stderr = publish(root, "--previous", "live")
    assert code == 1
    assert "announced 2,147,483,648 bytes" in errors(stderr)[0]
    assert not (root / "site").exists()


def test_offline_touches_no_network(make_show: ShowMaker) -> None:
    with Loopback() as server:
        config = BASIC_CONFIG.replace("[owner]", f'websub_hub = "{server.url}/hub"\n\n[owner]')
        root = make_show(config=config, episodes={"001-a": episode(1)})
        result = CliRunner().invoke(
            main, ["publish", "--root", str(root), "-q", "--now", LATER, "--offline",
                   "--first-publication"],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        assert (
            f"Notice: --offline: WebSub hub {server.url}/hub not notified; remembered in "
            ".cache/ping.json and sent by the next `pipeline publish` or `pipeline ping`"
        ) in result.stderr
        result = CliRunner().invoke(
            main, ["publish", "--root", str(root), "--now", LATER, "--offline",
                   "--previous", "live", "--feed-url", server.url + "/feed.xml"],
        )  # fmt: skip
        assert result.exit_code == 2
        assert "--previous live reads the feed online; it cannot be used with --offline" in (
            result.stderr
        )
    assert server.log == []


def busy_line(root: Path) -> str:
    return (
        "Error: another `pipeline publish` is running for this show (lock "
        f"{root / '.cache' / 'publish.lock'}); nothing was written"
    )


def test_a_publish_while_another_runs_is_refused_and_writes_nothing(published: Path) -> None:
    (published / "episodes" / "003-c.yaml").write_text(episode(3))
    before = snapshot(published)
    with exclusive_lock(published / ".cache" / "publish.lock", "held by the test"):
        code, _, stderr = publish(published)
    assert code == 1
    assert errors(stderr) == [busy_line(published)]
    assert snapshot(published) == before
    code, stdout, _ = publish(published)  # the lock went with its holder
    assert code == 0
    assert stdout.startswith("Published: 003-c")


@pytest.mark.slow  # several processes, each a whole publish
def test_publishes_racing_in_separate_processes(published: Path) -> None:
    (published / "episodes" / "003-c.yaml").write_text(episode(3))
    command = [sys.executable, "-m", "pipeline", "publish", "--root", str(published), "-q",
               "--no-ping", "--now", LATER]  # fmt: skip
    runs = [
        subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    results = [(run.wait(60), run.stderr.read().decode()) for run in runs if run.stderr]
    assert 0 in [code for code, _ in results]
    for code, stderr in results:
        assert "Traceback" not in stderr
        assert code == 0 or errors(stderr) == [busy_line(published)], stderr
    assert [e["slug"] for e in state(published)] == ["003-c", "002-b", "001-a"]
    assert [p.name for p in published.iterdir() if p.name.startswith(".site")] == []
    assert b"Afl. 3: Onderwerp 3" in (published / "site" / "feed.xml").read_bytes()
