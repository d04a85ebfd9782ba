"""`pipeline publish`: scheduled, idempotent, and refusing to break subscribers."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

LATER = "2026-06-01T12:00+02:00"


def publish(root: Path, *args: str, now: str = LATER) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["publish", "--root", str(root), "-q", "--no-ping", "--now", now, *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error: ")]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every byte and modification time of the site and the state file."""
    paths = [p for p in (root / "site").rglob("*") if p.is_file()] + [root / "published.json"]
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}


def state(root: Path) -> list[dict[str, str]]:
    data: list[dict[str, str]] = json.loads((root / "published.json").read_text())["episodes"]
    return data


@pytest.fixture
def published(make_show: ShowMaker) -> Path:
    """A show with episodes 1 and 2 published, and 3 scheduled for 2026-07-01 09:00."""
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2),
            "003-c": episode(3).replace("date: 2026-03-03 07:00", "date: 2026-07-01 09:00"),
        }
    )
    code, stdout, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    assert stdout.splitlines()[:2] == [
        "Published: 002-b (Afl. 2: Onderwerp 2, 2026-03-02T07:00:00+01:00)",
        "Published: 001-a (Afl. 1: Onderwerp 1, 2026-03-01T07:00:00+01:00)",
    ]
    assert "Scheduled: 003-c (due 2026-07-01T09:00:00+02:00)" in stdout
    assert [e["slug"] for e in state(root)] == ["002-b", "001-a"]
    return root


def test_nothing_due_changes_no_byte(published: Path) -> None:
    before = snapshot(published)
    code, stdout, _ = publish(published, now="2026-06-02T12:00+02:00")
    assert code == 0
    assert "Published" not in stdout
    assert stdout.strip().endswith("unchanged.")
    assert snapshot(published) == before


def test_an_episode_comes_due(published: Path) -> None:
    code, stdout, _ = publish(published, now="2026-07-01T08:59+02:00")
    assert code == 0 and "Published" not in stdout
    code, stdout, _ = publish(published, now="2026-07-01T09:00+02:00")
    assert code == 0
    assert stdout.splitlines()[0] == (
        "Published: 003-c (Afl. 3: Onderwerp 3, 2026-07-01T09:00:00+02:00)"
    )
    assert [e["slug"] for e in state(published)] == ["003-c", "002-b", "001-a"]
    assert b"Afl. 3: Onderwerp 3" in (published / "site" / "feed.xml").read_bytes()


def test_changed_guid_is_refused_and_nothing_written(published: Path) -> None:
    before = snapshot(published)
    path = published / "episodes" / "001-a.yaml"
    path.write_text(path.read_text().replace("000000000001", "00000000000a"))
    code, _, stderr = publish(published)
    assert code == 1
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:4: guid: got 'urn:uuid:00000000-0000-4000-8000-"
        "00000000000a', expected 'urn:uuid:00000000-0000-4000-8000-000000000001' as published "
        "(subscribers would see a broken or duplicate episode; pass --allow-change 001-a if "
        "this is intended)",
        "Error: 1 problem found; nothing was written.",
    ]
    assert snapshot(published) == before


def test_moved_audio_and_new_date_are_refused(published: Path) -> None:
    path = published / "episodes" / "002-b.yaml"
    text = path.read_text().replace("/2.mp3", "/2-nieuw.mp3").replace("03-02 07:00", "03-09 07:00")
    path.write_text(text)
    code, _, stderr = publish(published)
    assert code == 1
    found = errors(stderr)
    assert [line.split(": got")[0] for line in found[:2]] == [
        "Error: episodes/002-b.yaml:3: date",
        "Error: episodes/002-b.yaml:5: enclosure url",
    ]
    assert "got '2026-03-09T07:00:00+01:00', expected '2026-03-02T07:00:00+01:00'" not in found[0]
    assert (
        "got 2026-03-09T07:00:00+01:00, expected 2026-03-02T07:00:00+01:00 as published"
        in (found[0])
    )


def test_removed_episode_is_refused(published: Path) -> None:
    before = snapshot(published)
    (published / "episodes" / "001-a.yaml").unlink()
    code, _, stderr = publish(published)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001-a.yaml: episode: got no episode, expected 'Afl. 1: Onderwerp 1' "
        "(urn:uuid:00000000-0000-4000-8000-000000000001) to stay in the feed as published "
        "(subscribers would see a broken or duplicate episode; pass --allow-change 001-a if "
        "this is intended)"
    )
    assert snapshot(published) == before


def test_renamed_file_with_the_same_guid_is_fine(published: Path) -> None:
    (published / "episodes" / "001-a.yaml").rename(published / "episodes" / "001-eerste.yaml")
    code, _, stderr = publish(published)
    assert code == 0, stderr


def test_override_accepted(published: Path) -> None:
    (published / "episodes" / "001-a.yaml").unlink()
    path = published / "episodes" / "002-b.yaml"
    path.write_text(path.read_text().replace("000000000002", "00000000000b"))
    code, stdout, _ = publish(published, "--allow-change", "001-a", "--allow-change", "002-b")
    assert code == 0
    assert stdout.splitlines()[:2] == [
        "Allowed change: 001-a: episode: no episode (was 'Afl. 1: Onderwerp 1' "
        "(urn:uuid:00000000-0000-4000-8000-000000000001) to stay in the feed)",
        "Allowed change: 002-b: guid: 'urn:uuid:00000000-0000-4000-8000-00000000000b' "
        "(was 'urn:uuid:00000000-0000-4000-8000-000000000002')",
    ]
    assert [e["guid"][-2:] for e in state(published)] == ["0b"]
    # The override is not sticky: the next run compares with what was just published.
    code, _, _ = publish(published)
    assert code == 0


def test_check_errors_block_publishing(published: Path) -> None:
    before = snapshot(published)
    config = (published / "podcast.toml").read_text()
    config = config.replace(
        'description = "Een show om mee te testen."', 'description = "' + "x" * 4001 + '"'
    )
    (published / "podcast.toml").write_text(config)
    code, _, stderr = publish(published)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: podcast.toml:2: description: got 4001 bytes, expected at most 4000 bytes (Apple)"
    )
    assert snapshot(published) == before


@pytest.mark.parametrize(
    ("date", "before", "after"),
    [
        # 25 October 2026: clocks go back 03:00 CEST -> 02:00 CET. 03:00 local is 02:00 UTC.
        ("2026-10-25 03:00", "2026-10-25T01:59:59Z", "2026-10-25T02:00:00Z"),
        # 29 March 2026: clocks go forward 02:00 CET -> 03:00 CEST. 03:00 local is 01:00 UTC.
        ("2026-03-29 03:00", "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z"),
    ],
    ids=["october", "march"],
)
def test_due_time_across_daylight_saving(
    make_show: ShowMaker, date: str, before: str, after: str
) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2).replace("date: 2026-03-02 07:00", f"date: {date}"),
        }
    )
    code, stdout, _ = publish(root, "--first-publication", now=before)
    assert code == 0
    assert [e["slug"] for e in state(root)] == ["001-a"]
    assert stdout.splitlines()[-2].startswith("Scheduled: 002-b")
    code, stdout, _ = publish(root, now=after)
    assert code == 0
    assert stdout.splitlines()[0].startswith("Published: 002-b")


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Serves ``feed`` at /feed.xml (404 when None) and records hub POSTs."""

    feed: bytes | None = None
    posts: list[str] = []  # noqa: RUF012 (shared on purpose: the test reads it)

    def do_GET(self) -> None:
        if self.path != "/feed.xml" or self.feed is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.feed)))
        self.end_headers()
        self.wfile.write(self.feed)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        type(self).posts.append(self.rfile.read(length).decode())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def host() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"feed": None, "posts": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", handler
    finally:
        server.shutdown()
        server.server_close()


def test_compares_with_the_live_feed(
    make_show: ShowMaker, host: tuple[str, type[_Recorder]]
) -> None:
    base, handler = host
    root = make_show(
        config=BASIC_CONFIG.replace("https://show.example/", base),
        episodes={"001-a": episode(1), "002-b": episode(2)},
    )
    # The first publication compares with the (missing) state file; a 404 at the live URL
    # is never taken for "nothing published yet" (tests/publish/test_live_missing.py).
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    handler.feed = (root / "site" / "feed.xml").read_bytes()  # "deployed"
    (root / "published.json").unlink()  # the live feed alone must be enough
    path = root / "episodes" / "002-b.yaml"
    path.write_text(path.read_text().replace("000000000002", "00000000000b"))
    code, _, stderr = publish(root, "--previous", "live")
    assert code == 1
    assert errors(stderr)[0].startswith(
        "Error: episodes/002-b.yaml:4: guid: got 'urn:uuid:00000000-0000-4000-8000-00000000000b'"
    )


def test_live_feed_unreachable_refuses(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    code, _, stderr = publish(root, "--previous", "live", "--feed-url", "http://127.0.0.1:9/x")
    assert code == 1
    assert errors(stderr) == [
        "Error: cannot read the live feed (http://127.0.0.1:9/x: connection refused); "
        "not publishing blind"
    ]
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--feed-url", "https://show.example/feed.xml"], "--feed-url is"),
        (["--live-timeout", "5"], "--live-timeout is"),
        (["--feed-url", "x", "--live-timeout", "5"], "--feed-url and --live-timeout are"),
    ],
)
def test_live_options_without_previous_live_are_refused(
    published: Path, args: list[str], named: str
) -> None:
    """They were ignored in silence: the run compared with published.json while its user
    took it for compared with the feed at the URL given."""
    before = snapshot(published)
    code, _, stderr = publish(published, *args)
    assert code == 2
    assert stderr.splitlines()[-1] == (
        f"Error: {named} read only with --previous live (this run compares with published.json)"
    )
    assert snapshot(published) == before


def test_websub_hub_is_notified_when_the_feed_changes(
    make_show: ShowMaker, host: tuple[str, type[_Recorder]]
) -> None:
    base, handler = host
    config = BASIC_CONFIG.replace("[owner]", f'websub_hub = "{base}hub"\n\n[owner]')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    first = ["publish", "--root", str(root), "-q", "--now", LATER, "--first-publication"]
    result = CliRunner().invoke(main, first)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"Notified WebSub hub {base}hub."
    assert handler.posts == ["hub.mode=publish&hub.url=https%3A%2F%2Fshow.example%2Ffeed.xml"]
    feed = (root / "site" / "feed.xml").read_text()
    assert f'<atom:link href="{base}hub" rel="hub"/>' in feed
    result = CliRunner().invoke(main, ["publish", "--root", str(root), "-q", "--now", LATER])
    assert "Notified" not in result.stdout  # nothing changed: no ping
    assert len(handler.posts) == 1
