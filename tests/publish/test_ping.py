"""Podping and the statistics prefix around `pipeline publish`, against a real HTTP server
on 127.0.0.1 that checks each request: podping.cloud's request shape, failures that never
fail a publish and are retried by the next run, the live feed compared without prefixes,
and `check --online` following the prefix's redirect to the real file."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.publish.ping import PENDING_FILE
from tests.check.test_check import check
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer
from tests.publish.test_publish import LATER, errors

TOKEN = "proef-token-123"


def podping_config(base: str, extra: str = "") -> str:
    tables = f'\n[podping]\nurl = "{base}/podping/"\n'
    return BASIC_CONFIG.replace("[owner]", extra + "\n[owner]") + tables


def publish(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env or {}).invoke(
        main, ["publish", "--root", str(root), "-q", "--now", LATER, *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def pings(server: Loopback) -> list[tuple[str, dict[str, list[str]], dict[str, str]]]:
    return [
        (method, parse_qs(urlsplit(path).query), headers)
        for method, path, headers in server.log
        if path.startswith("/podping/")
    ]


def test_podping_gets_the_documented_request(make_show: ShowMaker) -> None:
    with Loopback({"/podping/": lambda h: answer(h, 200, b"Success!")}) as server:
        extra = 'medium = "music"\n'
        root = make_show(config=podping_config(server.url, extra), episodes={"001-a": episode(1)})
        code, stdout, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": TOKEN})
        assert code == 0, stderr
        ((method, query, headers),) = pings(server)
    assert method == "GET"
    assert query == {
        "url": ["https://show.example/feed.xml"],
        "reason": ["update"],
        "medium": ["music"],
    }
    assert headers["Authorization"] == TOKEN  # the token itself, as podping.cloud wants it
    assert headers["User-Agent"].startswith("podcast-pipeline/")
    assert stdout.splitlines()[-1] == (
        f"Notified Podping ({server.url}/podping/, reason update, medium music)."
    )
    assert not (root / PENDING_FILE).exists()
    feed = (root / "site" / "feed.xml").read_text("utf-8")
    assert '<podcast:podping usesPodping="true"/>' in feed


def test_a_failed_ping_is_a_warning_and_is_retried_next_run(make_show: ShowMaker) -> None:
    state = {"status": 503}

    def podping(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, state["status"], b"busy")

    def hub(handler: BaseHTTPRequestHandler) -> None:
        handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
        answer(handler, 204)

    with Loopback({"/podping/": podping, "/hub": hub}) as server:
        extra = f'websub_hub = "{server.url}/hub"\n'
        root = make_show(config=podping_config(server.url, extra), episodes={"001-a": episode(1)})
        code, stdout, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": TOKEN})
        assert code == 0  # the site is out: a ping never fails the publish
        assert errors(stderr) == []
        assert (
            f"Warning: Podping {server.url}/podping/ not notified (HTTP 503); remembered in "
            ".cache/ping.json, retried on the next run"
        ) in stderr.splitlines()
        assert f"Notified WebSub hub {server.url}/hub." in stdout
        pending = json.loads((root / PENDING_FILE).read_text("utf-8"))["pending"]
        assert [(p["service"], p["feed"]) for p in pending] == [
            ("podping", "https://show.example/feed.xml")
        ]
        tries = len(pings(server))
        assert tries >= 1  # the session's own retries on 503 included
        # Next hour: nothing new to publish, but the remembered ping goes out.
        state["status"] = 200
        code, stdout, stderr = publish(root, env={"PODPING_TOKEN": TOKEN})
        assert code == 0, stderr
        assert "Nothing new to publish" in stdout
        assert f"Notified Podping ({server.url}/podping/, reason update, medium podcast)." in stdout
        assert len(pings(server)) == tries + 1
        assert server.hits("/hub") == 1  # the hub had its ping: not sent twice
        assert not (root / PENDING_FILE).exists()
        # And once sent, a run with nothing new pings nobody.
        publish(root, env={"PODPING_TOKEN": TOKEN})
        assert len(pings(server)) == tries + 1


def test_no_token_no_request_and_the_ping_waits(make_show: ShowMaker) -> None:
    with Loopback({"/podping/": lambda h: answer(h, 200)}) as server:
        root = make_show(config=podping_config(server.url), episodes={"001-a": episode(1)})
        code, _, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": ""})
        assert code == 0
        assert pings(server) == []
        assert (
            "Warning: Podping not notified: the environment variable PODPING_TOKEN holds no "
            "token (set it in the shell or as a CI secret; never in a file in git); remembered "
            "in .cache/ping.json, retried on the next run"
        ) in stderr.splitlines()
        result = CliRunner(env={"PODPING_TOKEN": TOKEN}).invoke(main, ["ping", "--root", str(root)])
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines() == [
            f"Notified Podping ({server.url}/podping/, reason update, medium podcast)."
        ]
        assert len(pings(server)) == 1
        assert not (root / PENDING_FILE).exists()


def test_an_unreachable_podping_never_fails_the_publish(make_show: ShowMaker) -> None:
    config = podping_config("http://127.0.0.1:9")  # nothing listens on port 9
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": TOKEN})
    assert code == 0
    assert "connection refused" in stderr
    assert (root / "site" / "feed.xml").is_file()
    assert (root / PENDING_FILE).is_file()


def test_pings_owed_are_never_kept_outside_the_show(make_show: ShowMaker, tmp_path: Path) -> None:
    """A .cache or a ping.json linking elsewhere: `pipeline ping` read the pings owed from,
    and wrote them to, the file the link named, outside the show folder. Refused, as
    publish refuses such a lock, and by publish before it writes the site."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = podping_config("http://127.0.0.1:9")  # nothing listens: the ping is owed
    root = make_show(config=config, episodes={"001-a": episode(1)})
    (root / ".cache").symlink_to(elsewhere)
    result = CliRunner(env={"PODPING_TOKEN": TOKEN}).invoke(main, ["ping", "--root", str(root)])
    assert result.exit_code == 1
    assert errors(result.stderr) == [
        "Error: .cache/ping.json: links outside the show folder; remove the link"
    ]
    assert list(elsewhere.iterdir()) == []

    (root / ".cache").unlink()
    (root / ".cache").mkdir()
    (root / PENDING_FILE).symlink_to(elsewhere / "ping.json")
    code, _, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": TOKEN})
    assert code == 1
    assert errors(stderr) == [
        "Error: .cache/ping.json: links outside the show folder; remove the link"
    ]
    assert not (root / "site").exists()
    assert list(elsewhere.iterdir()) == []


def test_live_feed_compared_without_the_statistics_prefix(make_show: ShowMaker) -> None:
    served: dict[str, bytes] = {}

    def feed(handler: BaseHTTPRequestHandler) -> None:
        if "feed" in served:
            answer(handler, 200, served["feed"], "application/rss+xml")
        else:
            answer(handler, 404)

    with Loopback({"/feed.xml": feed}) as server:
        config = BASIC_CONFIG.replace("https://show.example/", server.url + "/")
        root = make_show(config=config, episodes={"001-a": episode(1)})
        code, _, stderr = publish(
            root, "--first-publication", "--no-ping"
        )  # the first publication: no live feed
        assert code == 0, stderr
        served["feed"] = (root / "site" / "feed.xml").read_bytes()
        # The show starts counting downloads with OP3: every enclosure URL changes text,
        # but no episode moved.
        (root / "podcast.toml").write_text(
            config.replace("[owner]", '[analytics]\nprefix = "https://op3.dev/e/"\n\n[owner]')
        )
        code, _, stderr = publish(root, "--no-ping", "--previous", "live")
        assert code == 0, stderr
        live = (root / "site" / "feed.xml").read_text("utf-8")
        assert 'url="https://op3.dev/e/media.show.example/1.mp3"' in live
        state = json.loads((root / "published.json").read_text("utf-8"))
        assert state["episodes"][0]["enclosure"] == "https://media.show.example/1.mp3"
        # Read back from the live feed, the prefixed URL is the same episode too.
        served["feed"] = live.encode()
        (root / "published.json").unlink()
        code, _, stderr = publish(root, "--no-ping", "--previous", "live")
        assert code == 0, stderr
        # A really moved file is still refused.
        path = root / "episodes" / "001-a.yaml"
        path.write_text(
            path.read_text().replace("media.show.example/1.mp3", "elders.example/1.mp3")
        )
        code, _, stderr = publish(root, "--no-ping", "--previous", "live")
        assert code == 1
        assert errors(stderr)[0].startswith(
            "Error: episodes/001-a.yaml:5: enclosure url: got 'https://elders.example/1.mp3', "
            "expected 'https://media.show.example/1.mp3' as published"
        )


def test_check_online_follows_the_prefix_to_the_real_file(make_show: ShowMaker) -> None:
    audio = b"ID3" + bytes(1234567 - 3)

    def prefix(handler: BaseHTTPRequestHandler) -> None:
        # An unknown prefix service gets the whole URL after it, and redirects there.
        answer(handler, 302, Location=handler.path.removeprefix("/e/"))

    def mp3(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Range") == "bytes=0-1":
            answer(handler, 206, audio[:2], "audio/mpeg", Content_Range=f"bytes 0-1/{len(audio)}")
        else:
            answer(handler, 200, audio, "audio/mpeg")

    with Loopback({"/1.mp3": mp3}) as server:
        base = server.url
        server.routes[f"/e/{base}/1.mp3"] = prefix
        prefixes = f'[analytics]\nprefix = "{base}/e/"\n\n'
        config = BASIC_CONFIG.replace("[owner]", prefixes + "[owner]")
        text = episode(1).replace("https://media.show.example/1.mp3", f"{base}/1.mp3")
        root = make_show(config=config, episodes={"001-a": text})
        code, _, stderr = check(root, "--online")
        assert code == 0, stderr
        requests = [(m, p) for m, p, _ in server.log]
        assert ("HEAD", f"/e/{base}/1.mp3") in requests
        # the statistics service only ever sees HEAD requests from a check: no play counted
        assert all(m == "HEAD" for m, p in requests if p.startswith("/e/"))
        assert ("GET", "/1.mp3") in requests
        # A prefix that answers without redirecting is an error naming the episode.
        server.routes[f"/e/{base}/1.mp3"] = lambda h: answer(h, 404)
        code, _, stderr = check(root, "--online")
        assert code == 1
        assert "episodes/001-a.yaml:5: enclosure url: got HTTP 404 from" in stderr


def test_a_cache_folder_linked_inside_the_show_is_named_as_such(make_show: ShowMaker) -> None:
    """A .cache linking to a folder inside the show is refused too (never written through),
    and said so: "outside the show folder" sent its user looking for a link out."""
    config = podping_config("http://127.0.0.1:9")
    root = make_show(config=config, episodes={"001-a": episode(1)})
    (root / "elders").mkdir()
    (root / ".cache").symlink_to("elders", target_is_directory=True)
    expected = [
        "Error: .cache/ping.json: .cache is a link, where a build neither reads nor writes;"
        " remove the link"
    ]
    result = CliRunner(env={"PODPING_TOKEN": TOKEN}).invoke(main, ["ping", "--root", str(root)])
    assert result.exit_code == 1 and errors(result.stderr) == expected
    code, _, stderr = publish(root, "--first-publication", env={"PODPING_TOKEN": TOKEN})
    assert code == 1 and ".cache is a link, where a build neither reads nor writes" in stderr
    assert list((root / "elders").iterdir()) == [] and not (root / "site").exists()
